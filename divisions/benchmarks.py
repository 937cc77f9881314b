"""Higher-level plans as references: the targets a district's prefecture, province and the nation
set for the same catalog indicator and target year, and the flags they raise.

A district target is *weaker* than a parent's when, in the indicator's direction, it asks for
less (higher-is-better: a lower number; lower-is-better: a higher one). A district value is
*behind* a parent's target when it does not meet it. Numbers are compared in the catalog unit;
rows in units that do not convert, and indicators without a direction, are never flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from indicators.dashboards.selectors import statuses
from indicators.dashboards.units import conversion_factor
from indicators.models import Direction, Indicator
from plans.models import Region

from .models import Division
from .names import NATIONAL_NAMES

LEVELS = {"prefecture": _("地级"), "province": _("省级"), "national": _("国家")}


def weaker(district: Decimal, parent: Decimal, direction: int) -> bool:
    """Whether the district's target asks for less than the parent's, in the indicator's direction."""
    if direction == Direction.HIGHER_IS_BETTER:
        return district < parent
    if direction == Direction.LOWER_IS_BETTER:
        return district > parent
    return False


def behind(value: Decimal, parent_target: Decimal, direction: int) -> bool:
    """Whether a value falls short of the parent's target (the same test as a weaker target)."""
    return weaker(value, parent_target, direction)


@dataclass(frozen=True)
class Reference:
    level: str
    region: str
    raw: str
    value: Decimal | None  # in the catalog unit

    @property
    def level_label(self) -> str:
        return str(LEVELS[self.level])


@dataclass
class Benchmark:
    references: list[Reference] = field(default_factory=list)
    weaker_than: list[Reference] = field(default_factory=list)
    behind: list[Reference] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.weaker_than or self.behind)


def reference_regions(division: Division | None) -> list[tuple[str, int]]:
    """(level, region id) of the plans above ``division``, nearest first. One query."""
    wanted: list[tuple[str, int | None]] = []
    if division is not None:
        if division.prefecture_id and division.prefecture_id != division.pk:
            wanted.append(("prefecture", division.prefecture_id))
        if division.province_id and division.province_id != division.pk:
            wanted.append(("province", division.province_id))
    ids = [pk for _level, pk in wanted]
    found = dict(Division.objects.filter(pk__in=ids, region__isnull=False).values_list("pk", "region"))
    national = Region.objects.filter(name__in=NATIONAL_NAMES).values_list("pk", flat=True)
    out = [(level, found[pk]) for level, pk in wanted if pk in found]
    return out + [("national", pk) for pk in national]


def references(
    levels: list[tuple[str, int]], keys: set[tuple[int, int]]
) -> dict[tuple[int, int], list[Reference]]:
    """(indicator id, target year) → the parents' targets for it, nearest level first. One query."""
    if not levels or not keys:
        return {}
    level_of = {region_id: level for level, region_id in levels}
    order = {level: n for n, (level, _region) in enumerate(levels)}
    indicator_ids = {i for i, _year in keys}
    years = {y for _i, y in keys}
    rows = (
        statuses()
        .current()
        .filter(region_id__in=level_of, indicator_id__in=indicator_ids, target_year__in=years)
        .exclude(target_raw="")
        .values_list(
            "region_id",
            "region__name",
            "indicator_id",
            "indicator__unit",
            "target_year",
            "target_raw",
            "target_value",
            "plan_indicator__unit",
        )
    )
    out: dict[tuple[int, int], list[Reference]] = {}
    for region_id, name, indicator_id, catalog_unit, year, raw, value, unit in rows:
        factor = conversion_factor(unit, catalog_unit)
        converted = None if value is None or factor is None else Decimal(value) * factor
        out.setdefault((indicator_id, year), []).append(Reference(level_of[region_id], name, raw, converted))
    for items in out.values():
        items.sort(key=lambda r: order[r.level])
    return out


def benchmark(
    refs: list[Reference], direction: int, target: Decimal | None, latest: Decimal | None
) -> Benchmark:
    """Flags for one district row: ``target`` and ``latest`` already in the catalog unit."""
    result = Benchmark(references=refs)
    for ref in refs:
        if ref.value is None:
            continue
        if target is not None and weaker(target, ref.value, direction):
            result.weaker_than.append(ref)
        if latest is not None and behind(latest, ref.value, direction):
            result.behind.append(ref)
    return result


def _scaled(value, factor: Decimal | None) -> Decimal | None:
    return None if value is None or factor is None else Decimal(value) * factor


def _division_of_region(region: Region) -> Division | None:
    return Division.objects.filter(region=region).first()


def plan_benchmarks(region: Region, rows) -> dict[int, Benchmark]:
    """Status row id → its benchmark, for the rows of one district plan (IndicatorStatus). Three queries."""
    rows = [r for r in rows if r.indicator_id and r.target_year]
    if not rows:
        return {}
    levels = reference_regions(_division_of_region(region))
    refs = references(levels, {(r.indicator_id, r.target_year) for r in rows})
    if not refs:
        return {}
    indicators = Indicator.objects.in_bulk({r.indicator_id for r in rows})
    out = {}
    for row in rows:
        found = refs.get((row.indicator_id, row.target_year))
        if not found:
            continue
        indicator = indicators[row.indicator_id]
        factor = conversion_factor(row.plan_indicator.unit, indicator.unit)
        latest = _scaled(row.latest_value, factor) if not row.latest_comparator else None
        out[row.pk] = benchmark(found, indicator.direction, _scaled(row.target_value, factor), latest)
    return out


def draft_benchmarks(region_name: str, review_rows) -> dict[int, Benchmark]:
    """Review row index → benchmark for a draft not yet saved (``plans.imports.review`` rows)."""
    from .selectors import division_resolve

    region = Region.objects.filter(name=region_name).first()
    division = _division_of_region(region) if region else None
    if division is None:
        candidates = division_resolve(region_name or "")
        division = candidates[0] if len(candidates) == 1 else None
    wanted = {}
    for row in review_rows:
        target = row.resolved
        if not row.matched or target is None or target.kind != "numeric" or not target.year:
            continue
        wanted[row.index] = (row, row.matched[0], target)
    if not wanted:
        return {}
    refs = references(reference_regions(division), {(i.pk, t.year) for _r, i, t in wanted.values()})
    out = {}
    for index, (row, indicator, target) in wanted.items():
        found = refs.get((indicator.pk, target.year))
        if not found:
            continue
        factor = conversion_factor(row.row.get("unit"), indicator.unit)
        value = None if target.value is None or factor is None else target.value * factor
        out[index] = benchmark(found, indicator.direction, value, None)
    return out


def plan_benchmark_rows(region: Region, rows) -> list[tuple[object, Benchmark]]:
    """(status row, benchmark) for the rows that have a reference above: the plan dashboard's section."""
    found = plan_benchmarks(region, rows)
    return [(row, found[row.pk]) for row in rows if row.pk in found]


def draft_benchmark_rows(region_name: str, review_rows) -> list[tuple[object, Benchmark]]:
    """(review row, benchmark) for the draft review's section."""
    found = draft_benchmarks(region_name, review_rows)
    return [(row, found[row.index]) for row in review_rows if row.index in found]
