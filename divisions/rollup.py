"""Reads of the roll-up pages: a prefecture's or province's counties, by indicator and by child.

Every function is a fixed number of queries whatever the size of the subtree (one grouped
query per table); Python only folds the grouped rows. Shares always come with their coverage:
how many counties have a rated row, out of all county-level units below.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Max, Min, Q

from indicators.dashboards.selectors import ON_TRACK, UNRATED, statuses
from indicators.dashboards.units import conversion_factor
from indicators.models import STATUS_CODES, Direction, Indicator, status_label

from .models import Division

BEHIND = ("acceleration_needed", "limited", "moving_away", "binding_breached")
EXACT = Q(latest_value__isnull=False, latest_comparator="")


def _below(division: Division | None) -> Q:
    """Rows of the county-level regions at or below ``division`` (None: the whole country).

    An ``IN (subquery)`` over the divisions' index rather than an OR across joins: the database
    then walks the status table's region index for just these regions.
    """
    counties = divisions_below(division).counties().filter(region__isnull=False)
    return Q(region_id__in=counties.values("region_id"))


def divisions_below(division: Division | None):
    return Division.objects.all() if division is None else Division.objects.below([division.pk])


def children_of(division: Division | None, *, shapes: bool = False):
    children = Division.objects.all() if shapes else Division.objects.defer("geometry", "geometry_coarse")
    if division is None:
        return children.filter(level=Division.Level.PROVINCE)
    return children.filter(parent=division)


def subtree_statuses(division: Division | None, horizon: int):
    """Current catalog rows of every region at or below ``division`` for one target year."""
    return statuses().current().catalog_only().for_horizon(horizon).filter(_below(division))


def horizons_below(division: Division | None) -> list[int]:
    years = statuses().current().catalog_only().filter(_below(division)).exclude(target_year__isnull=True)
    return sorted(set(years.order_by().values_list("target_year", flat=True).distinct()))


@dataclass
class Shares:
    """Status counts of some rows, with the shares that matter and their coverage."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_CODES, 0))
    units: int = 0  # county-level units the shares are about (coverage denominator)

    # Read only once the counts are complete (after the selector returns): cached for the template.
    @cached_property
    def total(self) -> int:
        return sum(self.counts.values())

    @cached_property
    def rated(self) -> int:
        return self.total - sum(self.counts[c] for c in UNRATED)

    def _share(self, codes) -> float | None:
        return sum(self.counts[c] for c in codes) / self.rated if self.rated else None

    @property
    def share_met(self) -> float | None:
        return self._share(("achieved",))

    @property
    def share_on_track(self) -> float | None:
        return self._share(ON_TRACK)

    @property
    def share_behind(self) -> float | None:
        return self._share(BEHIND)

    @property
    def coverage(self) -> float | None:
        return self.rated / self.units if self.units else None


@dataclass
class IndicatorRollup:
    indicator: Indicator
    shares: Shares
    low: Decimal | None = None  # spread of exact latest values, in the catalog unit
    high: Decimal | None = None
    kept_apart: int = 0  # rows in a unit that does not convert


def county_count(division: Division | None) -> int:
    return divisions_below(division).counties().count()


def indicator_rollups(division: Division | None, horizon: int, units: int) -> list[IndicatorRollup]:
    """One line per catalog indicator: shares with coverage and the range of values (one query)."""
    grouped = (
        subtree_statuses(division, horizon)
        .order_by()
        .values_list("indicator_id", "plan_indicator__unit", "status")
        .annotate(
            n=Count("id"), low=Min("latest_value", filter=EXACT), high=Max("latest_value", filter=EXACT)
        )
    )
    rows = list(grouped)
    indicators = Indicator.objects.in_bulk({r[0] for r in rows})
    out: dict[int, IndicatorRollup] = {}
    for indicator_id, unit, status, n, low, high in rows:
        indicator = indicators[indicator_id]
        item = out.setdefault(indicator_id, IndicatorRollup(indicator, Shares(units=units)))
        factor = conversion_factor(unit, indicator.unit)
        if factor is None:
            item.kept_apart += n
            continue
        item.shares.counts[status] += n
        for value, pick, attr in ((low, min, "low"), (high, max, "high")):
            if value is not None:
                value = Decimal(value) * factor
                current = getattr(item, attr)
                setattr(item, attr, value if current is None else pick(current, value))
    return sorted(out.values(), key=lambda r: (r.indicator.domain, r.indicator.code))


@dataclass
class ChildRollup:
    division: Division
    shares: Shares
    counties_with_data: int = 0


def child_rollups(division: Division | None, horizon: int) -> list[ChildRollup]:
    """Each child (prefecture, or county directly below): shares and coverage. Three queries."""
    children = list(children_of(division).order_by("code"))
    counties = (
        divisions_below(division)
        .counties()
        .order_by()
        .values_list("pk", "province_id" if division is None else "parent_id", "region_id")
    )
    child_of: dict[int, int] = {}
    units: dict[int, int] = defaultdict(int)
    region_child: dict[int, int] = {}
    child_ids = {c.pk for c in children}
    for pk, parent_id, region_id in counties:
        child = pk if pk in child_ids else parent_id
        child_of[pk] = child
        units[child] += 1
        if region_id:
            region_child[region_id] = child
    result = {c.pk: ChildRollup(c, Shares(units=units.get(c.pk, 0))) for c in children}
    seen: dict[int, set] = defaultdict(set)
    grouped = (
        subtree_statuses(division, horizon)
        .order_by()
        .values_list("region_id", "status")
        .annotate(n=Count("id"))
    )
    for region_id, status, n in grouped:
        child = region_child.get(region_id)
        if child in result:
            result[child].shares.counts[status] += n
            seen[child].add(region_id)
    for child, regions in seen.items():
        result[child].counties_with_data = len(regions)
    return list(result.values())


@dataclass
class Ranked:
    region_id: int
    name: str
    code: str
    status: str
    value: Decimal | None
    comparator: str
    target: Decimal | None
    target_raw: str
    rank: int | None = None

    @property
    def label(self) -> str:
        return status_label(self.status)


def indicator_ranking(
    division: Division | None, indicator: Indicator, horizon: int
) -> tuple[list[Ranked], int]:
    """Counties ranked on one indicator (best first, by its direction), and rows kept apart. One query."""
    rows = (
        subtree_statuses(division, horizon)
        .filter(indicator=indicator)
        .order_by("region__name")
        .values_list(
            "region_id",
            "region__name",
            "region__division__code",
            "status",
            "latest_value",
            "latest_comparator",
            "target_value",
            "target_raw",
            "plan_indicator__unit",
        )
    )
    ranked, apart = [], 0
    for region_id, name, code, status, value, comparator, target, raw, unit in rows:
        factor = conversion_factor(unit, indicator.unit)
        if factor is None:
            apart += 1
            continue
        ranked.append(
            Ranked(
                region_id,
                name,
                code or "",
                status,
                None if value is None else Decimal(value) * factor,
                comparator,
                None if target is None else Decimal(target) * factor,
                raw,
            )
        )
    sign = -1 if indicator.direction == Direction.LOWER_IS_BETTER else 1
    valued = sorted((r for r in ranked if r.value is not None), key=lambda r: (-sign * r.value, r.name))
    for position, item in enumerate(valued, start=1):
        item.rank = position
    return valued + [r for r in ranked if r.value is None], apart


def spread(values: list[Decimal]) -> dict[str, Decimal] | None:
    """Minimum, quartiles and maximum of the exact values (None with fewer than two)."""
    if len(values) < 2:
        return None
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {"min": min(values), "q1": q1, "median": median, "q3": q3, "max": max(values)}


def status_matrix(region_ids: list[int], horizon: int) -> dict[tuple[int, int], str]:
    """(region, indicator) → status for a page of counties: one query."""
    rows = (
        statuses()
        .current()
        .catalog_only()
        .for_horizon(horizon)
        .filter(region_id__in=region_ids)
        .order_by("region_id", "indicator_id", "-plan_indicator__plan_id")
        .values_list("region_id", "indicator_id", "status")
    )
    matrix: dict[tuple[int, int], str] = {}
    for region_id, indicator_id, status in rows:
        matrix.setdefault((region_id, indicator_id), status)
    return matrix
