"""``{% project_status_table plan %}``: each key project's latest implementation status (three queries)."""

from django import template

from ..selectors import plan_project_status

register = template.Library()


@register.inclusion_tag("projects/_status_table.html")
def project_status_table(plan):
    return {"plan": plan, "latest": plan_project_status(plan)}
