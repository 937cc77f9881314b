"""Reads for the indicator page (/indicators/<code>/): a constant number of queries per page.

Plans and their targets are public (the plan documents are); district values and statuses come
from the status table and are scoped to the reader (an editor sees their own district, an
anonymous visitor none). Superseded plan versions are left out of the district table, as on the
dashboards.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Max, Min, Prefetch, QuerySet
from django.http import Http404

from indicators.dashboards import selectors as dash
from indicators.models import STATUS_CODES, Indicator, IndicatorValue, PlanIndicator, Target, status_label

DISTRICTS_PER_PAGE = 50


def indicator_for_page(code: str) -> Indicator:
    """The catalog entry with this code (plan-local entries have no page): 404 otherwise."""
    indicator = (
        Indicator.objects.filter(code=code, local_to_plan__isnull=True)
        .select_related("ratio_reference")
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def tracking_rows(indicator: Indicator) -> list[PlanIndicator]:
    """Every plan row mapped to this indicator, with its plan, region and targets (two queries)."""
    return list(
        PlanIndicator.objects.filter(indicator=indicator)
        .select_related("plan__region")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year")))
        .order_by("plan__region__name", "plan__period_start", "order")
    )


def district_statuses(indicator: Indicator, user, horizon: int | None) -> QuerySet:
    """The reader's districts' status rows for this indicator and target year, current plans only."""
    rows = dash.statuses().filter(indicator=indicator).current()
    if horizon is not None:
        rows = rows.for_horizon(horizon)
    return dash.scope_to_reader(rows, user).select_related("region", "plan_indicator__plan")


@dataclass
class NationalPicture:
    """What the reader's districts add up to: status counts and the spread of latest values."""

    districts: int
    with_value: int
    counts: list[tuple[str, str, int]]
    minimum: Decimal | None
    maximum: Decimal | None
    average: Decimal | None


def national_picture(rows: QuerySet, indicator: Indicator) -> NationalPicture:
    """Two aggregate queries. Values are summarised only in the catalog unit (rows in another
    unit are counted but not averaged, so 岁 and 月 are never mixed)."""
    counts = dict.fromkeys(STATUS_CODES, 0)
    for code, n in rows.order_by().values_list("status").annotate(n=Count("id")):
        counts[code] = n
    same_unit = rows.filter(latest_value__isnull=False, plan_indicator__unit__in=["", indicator.unit])
    spread = same_unit.aggregate(
        minimum=Min("latest_value"), maximum=Max("latest_value"), average=Avg("latest_value"), n=Count("id")
    )
    average = spread["average"]
    return NationalPicture(
        districts=sum(counts.values()),
        with_value=spread["n"],
        counts=[(code, status_label(code), n) for code, n in counts.items() if n],
        minimum=spread["minimum"],
        maximum=spread["maximum"],
        average=round(Decimal(str(average)), 2) if average is not None else None,
    )


def latest_sources(indicator: Indicator, rows: list) -> dict[tuple[int, int], IndicatorValue]:
    """The value rows behind each status row's latest value (one query), for provenance labels."""
    wanted = {(row.region_id, row.latest_year) for row in rows if row.latest_year}
    if not wanted:
        return {}
    values = IndicatorValue.objects.filter(
        indicator=indicator,
        region_id__in={region for region, _year in wanted},
        year__in={year for _region, year in wanted},
    ).select_related("source_plan")
    return {(v.region_id, v.year): v for v in values if (v.region_id, v.year) in wanted}
