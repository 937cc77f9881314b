"""2025 vs 2030: one region's earlier plan (ending at ``early``) beside its later plan (ending at ``late``).

The earlier plan's end values are the values in its end year: the later plan prints them as
its baseline column (克拉玛依区's "2025年" column), or staff enter them, in which case the
earlier plan's status row has them as its latest value. Both come from the status table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import status_label

from .charts import shown
from .units import conversion_factor, convert


@dataclass(frozen=True)
class EndValue:
    value: Decimal | None
    comparator: str
    source: str
    unit: str


def end_value(early_row, late_row, early: int) -> EndValue | None:
    if late_row is not None and late_row.baseline_year == early and late_row.baseline_value is not None:
        return EndValue(
            late_row.baseline_value, late_row.baseline_comparator, _("后期规划基期列"), _unit(late_row)
        )
    if early_row is not None and early_row.latest_value is not None:
        if early_row.latest_year == early:
            source = _("填报值")
        else:
            source = _("%(year)s年最新值（期末值未报）") % {"year": early_row.latest_year}
        return EndValue(early_row.latest_value, early_row.latest_comparator, source, _unit(early_row))
    return None


def _unit(row) -> str:
    return row.plan_indicator.unit or row.indicator.unit


def horizon_records(status_rows, *, early: int, late: int) -> list[dict]:
    """One record per catalog indicator tracked by either plan, in catalog order."""
    by_code: dict[str, dict] = {}
    for row in status_rows:
        entry = by_code.setdefault(
            row.indicator.code, {"indicator": row.indicator, "early": None, "late": None}
        )
        slot = "early" if row.target_year == early else "late" if row.target_year == late else None
        if slot and entry[slot] is None:
            entry[slot] = row
    return [_record(entry, early) for entry in by_code.values()]


def _record(entry: dict, early: int) -> dict:
    indicator, early_row, late_row = entry["indicator"], entry["early"], entry["late"]
    end = end_value(early_row, late_row, early)
    change = None
    if end is not None and late_row is not None and late_row.target_value is not None and not end.comparator:
        factor = conversion_factor(end.unit, _unit(late_row))
        converted = convert(end.value, factor)
        if converted is not None:
            change = (late_row.target_value - converted).normalize()
    unit = _unit(late_row or early_row)
    return {
        "code": indicator.code,
        "name": indicator.display_name,
        "unit": unit,
        "early_target": early_row.target_raw if early_row else "—",
        "early_status": early_row.status if early_row else "",
        "early_status_label": status_label(early_row.status) if early_row else "",
        "end_value": shown(end.comparator, end.value) if end else None,
        "end_number": end.value if end and not end.comparator else None,
        # a number in the file when exact, the bound as written (＜10.50) otherwise
        "end_export": (end.value if not end.comparator else shown(end.comparator, end.value))
        if end
        else None,
        "end_source": end.source if end else "",
        "late_target": late_row.target_raw if late_row else "—",
        "late_value": shown(late_row.target_comparator, late_row.target_value)
        if late_row and late_row.target_value is not None
        else "—",
        "late_number": late_row.target_value if late_row else None,
        "change": change,
        "late_status": late_row.status if late_row else "",
        "late_status_label": status_label(late_row.status) if late_row else "",
        "estimate": late_row.plan_indicator.progress_estimate if late_row else "",
        "early_plan_id": early_row.plan_indicator.plan_id if early_row else None,
        "late_plan_id": late_row.plan_indicator.plan_id if late_row else None,
    }
