"""The status heatmap: districts × catalog indicators, sent to the browser as compact JSON.

At national scale that is 2,850 × 30 cells. The database concatenates each district's
cells into one string (``indicator_id:status;…``), so Python handles one row per district
rather than one object per cell, and the browser unpacks the strings and draws the
heatmap. Numbers behind a cell (latest value, target) come from ``region_cells`` when the
user clicks it: hovering says where and what status, clicking says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, F, Func, StringAgg, TextField, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.catalog_names import unit_label
from indicators.headline import Headline
from indicators.models import STATUS_CODES, Indicator, PlanIndicator
from plans.models import Region, superseded_plan_ids

from .charts import shown, status_legend
from .selectors import scope_to_reader, statuses


class _Joined(Func):
    """``a || ':' || b`` — plain SQL string concatenation (SQLite and PostgreSQL)."""

    template = "%(expressions)s"
    arg_joiner = " || "
    output_field = TextField()


def _superseded_rows():
    return PlanIndicator.objects.filter(plan_id__in=superseded_plan_ids()).values("pk")


def _heatmap_queryset(user, horizon: int, region_text: str):
    queryset = statuses().filter(target_year=horizon).exclude(plan_indicator_id__in=_superseded_rows())
    queryset = scope_to_reader(queryset, user)
    if region_text:
        queryset = queryset.filter(
            region_id__in=Region.objects.filter(name__icontains=region_text).values("pk")
        )
    return queryset


@dataclass(frozen=True)
class HeatmapSummary:
    headline: Headline
    region_ids: list[int]


def heatmap_summary(user, horizon: int, *, region_text: str = "") -> HeatmapSummary:
    """The legend's headline (with coverage) and the districts drawn: one grouped query."""
    counts: dict[str, int] = dict.fromkeys(STATUS_CODES, 0)
    region_ids: set[int] = set()
    rows = (
        _heatmap_queryset(user, horizon, region_text)
        .order_by()
        .values_list("region_id", "status")
        .annotate(n=Count("id"))
    )
    for region_id, status, n in rows:
        counts[status] += n
        region_ids.add(region_id)
    return HeatmapSummary(Headline(counts), sorted(region_ids))


def heatmap_rows(user, horizon: int, *, region_text: str = "") -> dict[int, str]:
    """``{region_id: "indicator_id:n;…"}`` (n: the status's index in ``STATUS_CODES``) for the current plans' rows with this target year.

    Filters are written so the database can answer from the status table alone (no join per
    cell): the target year and the region, and a usually empty "superseded rows" subquery.
    """
    queryset = _heatmap_queryset(user, horizon, region_text)
    code = Case(*[When(status=status, then=Value(str(n))) for n, status in enumerate(STATUS_CODES)])
    cell = _Joined(F("indicator_id"), Value(":"), code)
    rows = (
        queryset.order_by()
        .values("region_id")
        .annotate(cells=StringAgg(cell, Value(";")))
        .values_list("region_id", "cells")
    )
    return dict(rows)


def heatmap_payload(
    *,
    horizon: int,
    rows: dict[int, str],
    regions: list[tuple[int, str]],
    indicators: list[tuple[int, str, str, str]],
) -> dict:
    """The JSON the browser draws: regions (in order), indicators, the status legend, the packed rows.

    ``regions`` are (id, name) in display order, ``indicators`` (id, code, name, unit); only
    regions with at least one cell are kept. The browser drops indicator columns without cells
    and ignores cells naming an indicator not listed (a plan-local entry).
    """
    kept = [(pk, name) for pk, name in regions if pk in rows]
    return {
        "horizon": horizon,
        "regions": [name for _pk, name in kept],
        "region_ids": [pk for pk, _name in kept],
        "indicators": [
            {"id": pk, "code": code, "name": name, "unit": unit} for pk, code, name, unit in indicators
        ],
        "statuses": status_legend(),
        "rows": [rows[pk] for pk, _name in kept],
    }


def heatmap_data(user, horizon: int, *, region_text: str = "") -> dict:
    """Three queries whatever the number of districts: packed rows, region names, the catalog."""
    rows = heatmap_rows(user, horizon, region_text=region_text)
    regions = [
        (pk, name) for pk, name in Region.objects.order_by("name").values_list("pk", "name") if pk in rows
    ]
    english = (get_language() or "").startswith("en")
    indicators = [
        (pk, code, (name_en if english and name_en else name), unit_label(unit))
        for pk, code, name, name_en, unit in Indicator.objects.filter(local_to_plan__isnull=True)
        .order_by("code")
        .values_list("pk", "code", "name", "name_en", "unit")
    ]
    return heatmap_payload(horizon=horizon, rows=rows, regions=regions, indicators=indicators)


def region_cells(user, region_id: int, horizon: int) -> list[dict]:
    """One district's cells with the numbers behind them (the click-through of the heatmap)."""
    queryset = scope_to_reader(statuses(), user).filter(region_id=region_id, target_year=horizon)
    queryset = queryset.current().catalog_only().select_related("plan_indicator__plan", "indicator")
    return [
        {
            "indicator": s.indicator.code,
            "name": s.indicator.display_name,
            "unit": unit_label(s.plan_indicator.unit or s.indicator.unit),
            "status": s.status,
            "status_label": f"{s.get_status_display()}（{_('暂定')}）"
            if s.provisional
            else s.get_status_display(),
            "provisional": s.provisional,
            "latest": _text(s.latest_comparator, s.latest_value),
            "latest_year": s.latest_year,
            "target": s.target_raw,
            "plan_id": s.plan_indicator.plan_id,
        }
        for s in queryset.order_by("indicator__code")
    ]


def _text(comparator: str, value) -> str | None:
    return shown(comparator, value) if value is not None else None
