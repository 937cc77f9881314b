"""``{{ chapter.text|paragraphs }}``: the chapter's paragraphs rejoined (plans.reflow), escaped."""

from django import template
from django.utils.html import format_html_join

from plans.reflow import rejoin_paragraphs

register = template.Library()


@register.filter
def paragraphs(text: str) -> str:
    return format_html_join("\n", "<p>{}</p>", ((p,) for p in rejoin_paragraphs(text)))
