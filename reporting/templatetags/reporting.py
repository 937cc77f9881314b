"""The entry form's "已填 x/y" line and submit panel (a reason for each blank), as one inclusion tag."""

from django import template

from indicators.models import Indicator

from ..models import BlankReason
from ..selectors.completeness import entry_page_cell

register = template.Library()


@register.inclusion_tag("reporting/_submit_panel.html")
def submit_panel(page, can_submit: bool):
    cell = entry_page_cell(page)
    blanks = []
    if cell.blanks:
        names = {row.indicator.pk: row.indicator for row in page.rows}
        missing = cell.blanks - set(names)
        if missing:
            names.update(Indicator.objects.in_bulk(list(missing)))
        given = dict(
            BlankReason.objects.filter(region=page.region, year=page.year).values_list(
                "indicator_id", "reason"
            )
        )
        blanks = [(names[pk], given.get(pk, "")) for pk in sorted(cell.blanks, key=lambda pk: names[pk].code)]
    return {"page": page, "cell": cell, "blanks": blanks, "can_submit": can_submit}
