from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """A share (0–1) as a whole percentage; no share is "—", never 0 %."""
    return "—" if value is None else f"{value * 100:.0f}%"


@register.filter
def num(value) -> str:
    return "—" if value is None else f"{float(value):.4g}"
