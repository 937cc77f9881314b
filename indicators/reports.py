"""Read-side reports built from the progress assessment (JSON-ready dicts)."""

from __future__ import annotations

from decimal import Decimal

from .models import Direction, PlanIndicator
from .progress import STATUS_LABELS
from .status import current_year, plan_rows_assess


def _num(value) -> float | None:
    if value is None:
        return None
    number = Decimal(str(value))
    return float(number) if number.is_finite() else None


def _point(point) -> dict | None:
    if point is None:
        return None
    return {"year": point.year, "value": _num(point.value), "comparator": point.comparator or None}


def plan_progress_report(plan, *, as_of: int | None = None) -> dict:
    """One entry per plan row and tracked indicator: what the ``progress`` command prints."""
    as_of = as_of or current_year()
    rows = list(
        PlanIndicator.objects.filter(plan=plan)
        .select_related("plan", "indicator")
        .prefetch_related("targets", "extra_indicators")
        .order_by("order")
    )
    entries = []
    for result in plan_rows_assess(rows, as_of=as_of):
        a = result.assessment
        indicator = result.indicator
        target = result.target
        entries.append(
            {
                "row": result.row.order,
                "name": result.row.name,
                "code": indicator.code,
                "catalog_name": indicator.name,
                "unit": result.row.unit or indicator.unit,
                "direction": {1: "higher_is_better", -1: "lower_is_better"}.get(
                    indicator.direction, "unknown"
                ),
                "direction_label": str(Direction(indicator.direction).label),
                "nature": result.row.nature or None,
                "progress_estimate": result.row.progress_estimate or None,
                "baseline": (
                    {**_point(result.baseline), "raw": result.baseline_raw} if result.baseline else None
                ),
                "latest": _point(a.latest),
                "target": {
                    "year": result.target_year,
                    "raw": result.target_raw,
                    "kind": target.kind,
                    "comparator": target.comparator,
                    "value": _num(target.value),
                    "note": target.note,
                },
                "status": a.status,
                "status_label": STATUS_LABELS[a.status],
                "trend_status": a.trend_status,
                "start_met": a.start_met,
                "target_behind_start": result.target_behind_start,
                "provisional": result.provisional,
                "progress_ratio": _num(a.progress_ratio),
                "projected": _num(a.projected),
                "expected": {"year": a.expected[0], "value": _num(a.expected[1])} if a.expected else None,
                "deviation": _num(a.deviation),
                "warnings": [{"code": code, "message": message} for code, message in result.warnings],
                "notes": list(a.notes),
            }
        )
    return {
        "plan": {"id": plan.pk, "title": plan.title, "region": plan.region.name, "period": plan.period_label},
        "as_of": as_of,
        "indicators": entries,
    }
