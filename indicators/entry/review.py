"""The approver's review list: what to look at first before approving a (region, year).

Order: values the soft checks flag (a big jump from last year) with the editor's comment; values
that differ from the last approved year; blanks; values far from the plan's path; then the rest.
Pure over an ``EntryPage`` plus one query for the last approved year's values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..models import IndicatorValue, YearSubmission
from .rules import soft_warnings
from .selectors import EntryPage, EntryRow, value_text

CATEGORIES = {
    "flagged": _("合理性提示（附录入员说明）"),
    "changed": _("与上一审核年度不同"),
    "blank": _("未填写"),
    "off_path": _("偏离规划路径较多"),
    "other": _("其他"),
}


@dataclass
class ReviewItem:
    row: EntryRow
    category: str
    text: str
    comment: str
    reference: str = ""  # the last approved year's value, for "changed"
    warnings: list[str] = field(default_factory=list)

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]


def _last_approved_values(page: EntryPage) -> tuple[int | None, dict[int, IndicatorValue]]:
    year = (
        YearSubmission.objects.filter(
            region=page.region, year__lt=page.year, state=YearSubmission.State.APPROVED
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if year is None:
        return None, {}
    values = IndicatorValue.objects.filter(region=page.region, year=year)
    return year, {v.indicator_id: v for v in values}


def _number(value: IndicatorValue | None):
    return value.value if value is not None and value.value is not None and not value.comparator else None


def review_items(page: EntryPage) -> list[ReviewItem]:
    """Every row of the page, in review order (see the module docstring)."""
    approved_year, approved = _last_approved_values(page)
    items = []
    for row in page.rows:
        number = _number(row.value)
        jumps = soft_warnings(value=number, previous=row.previous_number)
        path = soft_warnings(
            value=number, expected=row.expected, baseline=row.baseline_number, target=row.target_value
        )
        before = approved.get(row.indicator.pk)
        changed = (
            approved_year is not None
            and row.value is not None
            and before is not None
            and (before.value, before.comparator) != (row.value.value, row.value.comparator)
        )
        if jumps:
            category = "flagged"
        elif changed:
            category = "changed"
        elif row.value is None or row.value.value is None:
            category = "blank"
        elif path:
            category = "off_path"
        else:
            category = "other"
        items.append(
            ReviewItem(
                row=row,
                category=category,
                text=row.text,
                comment=row.value.comment if row.value is not None else "",
                reference=f"{approved_year}：{value_text(before, row.unit)}" if changed else "",
                warnings=[*jumps, *path],
            )
        )
    order = list(CATEGORIES)
    return sorted(items, key=lambda item: order.index(item.category))
