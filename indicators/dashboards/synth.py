"""A synthetic national dataset for the dashboards' benchmark: never mixed into real data.

2,850 districts × 30 catalog indicators × 15 years of values, one 14th plan (2021–2025)
per district and a 15th-plan draft (2026–2030) for a share of them, with targets written
the ways real plans write them (≥80, bare numbers, 比基期降低10%, 达到国家平均水平, —) and a
few rows in a different spelling or unit of the catalog's unit. Every region is flagged
``synthetic`` and named ``合成-…``; the generator refuses a database that holds real plans
or values. Rows are written with ``bulk_create``; the status table is computed by the
same engine as everywhere (``plan_rows_assess``), in chunks of districts, and bulk-created.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from indicators.catalog import catalog_load
from indicators.models import (
    Direction,
    Indicator,
    IndicatorStatus,
    IndicatorValue,
    Nature,
    PlanIndicator,
    Target,
    ValueChange,
    ValueSource,
)
from indicators.status import current_year, plan_rows_assess, status_rows_build, statuses_changed
from plans.models import Plan, Region
from plans.parsing.cells import read_cell

SYNTHETIC_PREFIX = "合成-"

# code → (value in the first year, relative change a year in the desired direction, decimals)
PROFILES: dict[str, tuple[float, float, int]] = {
    "HL01": (74.5, 0.004, 2),
    "HL03": (25.0, 0.05, 2),
    "RS01": (4.5, 0.04, 2),
    "IN01": (20.0, 0.08, 1),
    "HL04": (8.0, 0.06, 2),
    "HL05": (11.0, 0.06, 2),
    "HL06": (19.0, 0.02, 2),
    "LS01": (10.0, 0.09, 2),
    "LS02": (27.0, 0.01, 1),
    "LS03": (33.0, 0.02, 1),
    "RS02": (2.0, 0.04, 2),
    "RS03": (0.4, 0.05, 2),
    "RS04": (2.0, 0.06, 2),
    "RS05": (0.3, 0.03, 2),
    "RS06": (1.5, 0.10, 2),
    "RS07": (0.7, 0.03, 2),
    "RS09": (1.0, 0.15, 2),
    "SV02": (60.0, 0.02, 1),
    "SV03": (58.0, 0.02, 1),
    "SV04": (92.0, 0.005, 1),
    "SV05": (55.0, 0.02, 1),
    "SV06": (75.0, 0.02, 1),
    "SV07": (55.0, 0.01, 1),
    "SV08": (88.0, 0.005, 1),
    "SV09": (87.0, 0.005, 1),
    "SV10": (55.0, 0.01, 1),
    "SV11": (93.0, 0.003, 1),
    "SV15": (10.0, 0.02, 1),
    "SC01": (32.0, 0.02, 1),
    "EN01": (80.0, 0.01, 1),
}
# A few rows written in another spelling or unit than the catalog's: (share of districts, unit, factor).
UNIT_VARIANTS: dict[str, list[tuple[float, str, Decimal]]] = {
    "HL03": [(0.30, "1/10万", Decimal(1)), (0.02, "‰", Decimal("0.01"))],
    "IN01": [(0.03, "万元", Decimal(10000))],
    "RS01": [(0.01, "张/千人", Decimal(1))],
}


class SynthRefused(RuntimeError):
    """The database holds real data, or synthetic data already (without ``reset``)."""


@dataclass(frozen=True)
class SynthSpec:
    regions: int = 2850
    indicators: int = 30
    years: int = 15
    last_year: int = 2025
    second_plan_every: int = 3  # every n-th district also has a 15th-plan draft
    seed: int = 2026
    chunk: int = 20  # districts per status computation
    divisions: bool = (
        False  # issue 15: real county names and codes (divisions app) instead of 合成-省NN-区NNNN
    )


@dataclass
class SynthResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def synth_guard(*, reset: bool = False) -> None:
    """Refuse a database with real plans or values; refuse existing synthetic data unless ``reset``."""
    if (
        Plan.objects.filter(region__synthetic=False).exists()
        or IndicatorValue.objects.filter(region__synthetic=False).exists()
    ):
        raise SynthRefused("该数据库含有真实规划或数据：合成数据只能写入单独的数据库（见 bench/README.md）")
    if not reset and Region.objects.filter(synthetic=True).exists():
        raise SynthRefused("该数据库已有合成数据；要重新生成请加 --reset")


def synth_clear() -> None:
    """Delete the synthetic districts and everything hanging off them (never real rows)."""
    regions = Region.objects.filter(synthetic=True)
    IndicatorStatus.objects.filter(region__in=regions).delete()
    ValueChange.objects.filter(value__region__in=regions).delete()
    # A million values: delete in SQL rather than through the collector, which would load them
    # all to check the (now empty) history that protects them.
    values = IndicatorValue.objects.filter(region__in=regions)
    values._raw_delete(values.db)
    PlanIndicator.objects.filter(plan__region__in=regions).delete()
    Plan.objects.filter(region__in=regions).delete()
    regions.delete()


def synth_indicators(count: int) -> list[Indicator]:
    codes = list(PROFILES)[:count]
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=codes, local_to_plan__isnull=True)}
    missing = [c for c in codes if c not in by_code]
    if missing:
        raise SynthRefused(f"指标目录缺少 {', '.join(missing)}")
    return [by_code[c] for c in codes]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _round(value: float, places: int) -> Decimal:
    return Decimal(str(round(value, places)))


def _clip(indicator: Indicator, value: float) -> float:
    low = float(indicator.min_value) if indicator.min_value is not None else 0.0
    high = float(indicator.max_value) if indicator.max_value is not None else float("inf")
    if high == 100:
        high = 99.9
    return min(max(value, low), high)


class _Generator:
    def __init__(self, spec: SynthSpec, indicators: list[Indicator]):
        self.spec = spec
        self.indicators = indicators
        self.rng = random.Random(spec.seed)
        self.first_year = spec.last_year - spec.years + 1

    def unit_for(self, indicator: Indicator) -> tuple[str, Decimal]:
        draw = self.rng.random()
        for share, unit, factor in UNIT_VARIANTS.get(indicator.code, []):
            if draw < share:
                return unit, factor
            draw -= share
        return indicator.unit, Decimal(1)

    def series(self, indicator: Indicator) -> dict[int, float]:
        """One district's yearly values, in the catalog unit: a trend with noise, sometimes with gaps."""
        start, growth, _places = PROFILES[indicator.code]
        sign = 1 if indicator.direction != Direction.LOWER_IS_BETTER else -1
        level = start * self.rng.lognormvariate(0, 0.6 if indicator.code == "IN01" else 0.12)
        rate = sign * growth * self.rng.gauss(1.0, 0.7)
        years = range(self.first_year, self.spec.last_year + 1)
        shape = self.rng.random()
        if shape < 0.03:  # a district that has reported only the last year or two
            years = range(self.spec.last_year - self.rng.randint(0, 1), self.spec.last_year + 1)
        values = {}
        for year in years:
            t = year - self.first_year
            noise = self.rng.gauss(0, 0.01)
            values[year] = _clip(indicator, level * (1 + rate) ** t * (1 + noise))
        if shape > 0.95:  # the last year not reported yet
            values.pop(self.spec.last_year, None)
        return values

    def target_raw(self, indicator: Indicator, base: float | None, years: int, places: int) -> str:
        """A target cell as a plan would print it."""
        draw = self.rng.random()
        if base is None or draw < 0.02:
            return "—"
        if draw < 0.05:
            return "达到国家平均水平"
        lower = indicator.direction == Direction.LOWER_IS_BETTER
        _start, growth, _places = PROFILES[indicator.code]
        change = growth * years * self.rng.uniform(0.4, 1.8)
        if lower and draw < 0.10:
            return f"比基期降低{max(1, round(change * 100))}%"
        target = _clip(indicator, base * (1 - change if lower else 1 + change))
        number = f"{round(target, places):.{places}f}"
        if draw < 0.40:
            return number
        return ("≤" if lower else "≥") + number


def _nature(rng: random.Random) -> str:
    draw = rng.random()
    return Nature.BINDING if draw < 0.3 else Nature.ADVISORY if draw < 0.4 else Nature.EXPECTED


def _target(row: PlanIndicator, year: int, raw: str) -> Target:
    reading = read_cell(raw)
    return Target(
        plan_indicator=row,
        year=year,
        raw=raw,
        kind=reading.kind,
        comparator=reading.comparator or "",
        value=reading.value if reading.kind == "absolute" else None,
        params=dict(reading.params),
    )


def _plans_for(region: Region, number: int, with_second: bool) -> list[Plan]:
    name = region.short_name
    plans = [
        Plan(
            region=region,
            title=f"{name}卫生健康“十四五”规划（合成数据）",
            period_start=2021,
            period_end=2025,
            status=Plan.Status.ISSUED,
            source_name=f"synthetic-{number:04d}-14.txt",
            source_sha256=_sha(f"synthetic {number} 14"),
            source_text="合成数据：性能测试用，非真实规划",
        )
    ]
    if with_second:
        plans.append(
            Plan(
                region=region,
                title=f"{name}卫生健康“十五五”规划（征求意见稿，合成数据）",
                period_start=2026,
                period_end=2030,
                status=Plan.Status.DRAFT,
                draft_marker="征求意见稿",
                source_name=f"synthetic-{number:04d}-15.txt",
                source_sha256=_sha(f"synthetic {number} 15"),
                source_text="合成数据：性能测试用，非真实规划",
            )
        )
    return plans


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write_district_chunk(gen: _Generator, regions: list[Region], first_number: int, counts: dict) -> None:
    """Plans, rows, targets and values of a few districts, in a handful of bulk inserts."""
    spec, rng = gen.spec, gen.rng
    plans: list[Plan] = []
    for offset, region in enumerate(regions):
        number = first_number + offset
        plans += _plans_for(region, number, number % spec.second_plan_every == 0)
    Plan.objects.bulk_create(plans)
    rows: list[PlanIndicator] = []
    targets: list[tuple[PlanIndicator, int, str]] = []
    values: list[IndicatorValue] = []
    by_region: dict[int, list[Plan]] = {}
    for plan in plans:
        by_region.setdefault(plan.region_id, []).append(plan)
    for region in regions:
        for order, indicator in enumerate(gen.indicators):
            unit, factor = gen.unit_for(indicator)
            places = PROFILES[indicator.code][2]
            series = {y: float(Decimal(str(v)) * factor) for y, v in gen.series(indicator).items()}
            for plan in by_region[region.pk]:
                start = plan.period_start - 1  # 2020 for the 14th plan, 2025 for the 15th
                base = series.get(start)
                raw_base = f"{round(base, places):.{places}f}" if base is not None else "—"
                raw_target = gen.target_raw(indicator, base, plan.period_end - start, places)
                row = PlanIndicator(
                    plan=plan,
                    indicator=indicator,
                    order=order,
                    domain=indicator.domain,
                    seq=str(order + 1),
                    name=indicator.name,
                    unit=unit,
                    nature=_nature(rng),
                    progress_estimate=rng.choice(["已完成", "可完成", "可完成", "未完成"])
                    if plan.period_start > 2021
                    else "",
                    cells={str(start): raw_base, str(plan.period_end): raw_target},
                    line=10 + order,
                )
                rows.append(row)
                targets.append((row, plan.period_end, raw_target))
            for year, value in series.items():
                values.append(
                    IndicatorValue(
                        region=region,
                        indicator=indicator,
                        year=year,
                        value=_round(value, places + 1),
                        source=ValueSource.ENTERED,
                    )
                )
    PlanIndicator.objects.bulk_create(rows)
    Target.objects.bulk_create([_target(row, year, raw) for row, year, raw in targets])
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    counts["plans"] += len(plans)
    counts["rows"] += len(rows)
    counts["values"] += len(values)


def _statuses_for(region_ids: list[int], as_of: int) -> int:
    rows = list(
        PlanIndicator.objects.filter(plan__region_id__in=region_ids)
        .select_related("plan", "indicator")
        .prefetch_related("targets", "extra_indicators")
        .order_by("plan_id", "order")
    )
    statuses = status_rows_build(plan_rows_assess(rows, as_of=as_of), as_of)
    IndicatorStatus.objects.bulk_create(statuses, batch_size=2000)
    return len(statuses)


def synth_generate(
    spec: SynthSpec = SynthSpec(),
    *,
    reset: bool = False,
    as_of: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> SynthResult:
    """Write the synthetic dataset; see the module docstring. Refuses databases with real data."""
    say = progress or (lambda _message: None)
    result = SynthResult(counts={"regions": 0, "plans": 0, "rows": 0, "values": 0, "statuses": 0})
    with transaction.atomic():
        synth_guard(reset=reset)
        started = time.perf_counter()
        if reset:
            synth_clear()
        catalog_load_default()
        gen = _Generator(spec, synth_indicators(spec.indicators))
        if spec.divisions:  # issue 15
            from divisions.synth import synthetic_division_regions

            regions = synthetic_division_regions(spec.regions)
        else:
            regions = [
                Region(
                    name=f"{SYNTHETIC_PREFIX}省{n % 31 + 1:02d}-区{n:04d}",
                    short_name=f"合成区{n:04d}",
                    level=Region.Level.DISTRICT if n % 4 else Region.Level.COUNTY,
                    synthetic=True,
                )
                for n in range(1, spec.regions + 1)
            ]
        Region.objects.bulk_create(regions)
        if spec.divisions:
            from divisions.synth import synthetic_division_regions_link

            synthetic_division_regions_link()
        regions = list(Region.objects.filter(synthetic=True).order_by("pk"))
        result.counts["regions"] = len(regions)
        for index, chunk in enumerate(_chunks(regions, 100)):
            _write_district_chunk(gen, chunk, index * 100 + 1, result.counts)
            say(f"地区 {min((index + 1) * 100, len(regions))}/{len(regions)}")
        result.seconds["data"] = time.perf_counter() - started
        started = time.perf_counter()
        as_of = as_of or current_year()
        for index, chunk in enumerate(_chunks([r.pk for r in regions], spec.chunk)):
            result.counts["statuses"] += _statuses_for(chunk, as_of)
            if index % 25 == 24:
                say(f"进展状态 {min((index + 1) * spec.chunk, len(regions))}/{len(regions)}")
        statuses_changed()
        result.seconds["statuses"] = time.perf_counter() - started
    return result


def catalog_load_default() -> None:
    from plans.seed import CATALOG_FILE

    catalog_load(CATALOG_FILE)
