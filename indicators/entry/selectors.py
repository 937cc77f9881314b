"""Reads for the entry screens, each with a constant number of queries whatever the indicator count.

A region's indicators are the distinct catalog indicators its current plans track (a plan row's
``indicator`` plus its ``extra_indicators``); superseded plan versions are left out.  When several
plans track an indicator, the plan whose period covers the year gives the baseline, target and
path (then the nearest plan, newer first).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from plans.models import Plan, Region

from ..models import (
    Indicator,
    IndicatorStatus,
    IndicatorValue,
    ManualStatus,
    PlanIndicator,
    SubmissionEvent,
    ValueChange,
    YearSubmission,
)
from ..progress import Point
from ..status import ValueBook, current_year, row_assess, tracked_indicators
from .rules import COMPARATOR_SHOWN, ValueTextError, format_number, parse_value_text


def region_plans(region) -> list[Plan]:
    """The region's current plan versions (a revised draft replaces the version it revises)."""
    return list(Plan.objects.filter(region=region).current().order_by("period_start", "id"))


def plan_years(plans, *, until: int | None = None) -> list[int]:
    """Years a region enters: each plan's base year (the year before the period) to its end year,
    and never later than the current year."""
    until = until or current_year()
    years: set[int] = set()
    for plan in plans:
        years.update(range(plan.period_start - 1, min(plan.period_end, until) + 1))
    return sorted(years)


def _plan_rank(plan: Plan, year: int) -> tuple:
    covers = plan.period_start - 1 <= year <= plan.period_end
    distance = 0 if covers else min(abs(year - plan.period_start + 1), abs(year - plan.period_end))
    return (0 if covers else 1, distance, -plan.period_start, -plan.pk)


def value_text(value: IndicatorValue | None, unit: str = "") -> str:
    """What the form and the template show for a stored value: the text as typed when it reads back
    as the same value (``7.50``, ``＜10.50``), else the number with its bound (a plan's ``80岁``
    becomes ``80``), so an untouched box or cell always reads back unchanged."""
    if value is None or value.value is None:
        return ""
    if value.raw:
        try:
            parsed = parse_value_text(value.raw, unit=unit)
        except ValueTextError:
            parsed = None
        if (
            parsed is not None
            and parsed.value == value.value
            and parsed.comparator == (value.comparator or "")
        ):
            return value.raw
    return COMPARATOR_SHOWN.get(value.comparator, "") + format_number(value.value)


def _exact(value: IndicatorValue | None) -> Decimal | None:
    if value is None or value.value is None:
        return None
    return value.value


@dataclass(frozen=True)
class HistoryLine:
    """One ``ValueChange`` as the page shows it."""

    change: ValueChange
    old: str
    new: str


def change_text(value: Decimal | None, comparator: str, raw: str) -> str:
    if value is None:
        return ""
    return raw or COMPARATOR_SHOWN.get(comparator, "") + format_number(value)


def history_line(change: ValueChange) -> HistoryLine:
    return HistoryLine(
        change=change,
        old=change_text(change.old_value, change.old_comparator, change.old_raw),
        new=change_text(change.new_value, change.new_comparator, change.new_raw),
    )


@dataclass
class EntryRow:
    """One indicator of the entry page for one year."""

    indicator: Indicator
    row: PlanIndicator
    value: IndicatorValue | None
    previous: IndicatorValue | None
    baseline: Point | None = None
    baseline_raw: str = ""
    target_year: int | None = None
    target_raw: str = ""
    target_value: Decimal | None = None
    expected: Decimal | None = None
    status: IndicatorStatus | None = None
    history: list[HistoryLine] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"i{self.indicator.pk}"

    @property
    def unit(self) -> str:
        return self.indicator.unit or self.row.unit

    @property
    def version(self) -> int:
        return self.value.version if self.value is not None else 0

    @property
    def text(self) -> str:
        return value_text(self.value, self.unit)

    @property
    def previous_text(self) -> str:
        return value_text(self.previous, self.unit)

    @property
    def previous_number(self) -> Decimal | None:
        return _exact(self.previous)

    @property
    def baseline_number(self) -> Decimal | None:
        if self.baseline is None or self.baseline.is_bound:
            return None
        return Decimal(self.baseline.value)

    @property
    def expected_text(self) -> str:
        return format_number(round(self.expected, 4)) if self.expected is not None else ""


@dataclass
class EntryPage:
    region: Region
    year: int
    plans: list[Plan]
    years: list[int]
    rows: list[EntryRow]
    submission: YearSubmission | None
    events: list[SubmissionEvent]

    @property
    def state(self) -> str:
        return self.submission.state if self.submission else YearSubmission.State.OPEN

    @property
    def state_label(self) -> str:
        return self.submission.get_state_display() if self.submission else YearSubmission.State.OPEN.label

    @property
    def locked(self) -> bool:
        return bool(self.submission and self.submission.locked)


def _rows_query():
    return PlanIndicator.objects.select_related("plan", "indicator").prefetch_related(
        "targets", "extra_indicators"
    )


def chosen_rows(plans: list[Plan], year: int) -> list[tuple[PlanIndicator, Indicator]]:
    """(plan row, indicator) for each distinct tracked indicator, preferred plan first."""
    ranked = sorted(plans, key=lambda p: _plan_rank(p, year))
    rank = {plan.pk: i for i, plan in enumerate(ranked)}
    rows = sorted(_rows_query().filter(plan__in=ranked), key=lambda r: (rank[r.plan_id], r.order))
    seen: set[int] = set()
    chosen = []
    for row in rows:
        for indicator in tracked_indicators(row):
            if indicator.pk not in seen:
                seen.add(indicator.pk)
                chosen.append((row, indicator))
    return chosen


def entry_rows(region, year: int, plans: list[Plan], *, with_history: bool = True) -> list[EntryRow]:
    pairs = chosen_rows(plans, year)
    if not pairs:
        return []
    book = ValueBook({(region.pk, indicator.pk) for _row, indicator in pairs})
    rows_by_plan: dict[int, list[PlanIndicator]] = defaultdict(list)
    for row, _indicator in pairs:
        if row not in rows_by_plan[row.plan_id]:
            rows_by_plan[row.plan_id].append(row)
    row_ids = [row.pk for row, _indicator in pairs]
    manual = {
        (m.plan_indicator_id, m.indicator_id): m
        for m in ManualStatus.objects.filter(plan_indicator__in=row_ids).select_related("set_by")
    }
    statuses = {
        (s.plan_indicator_id, s.indicator_id): s
        for s in IndicatorStatus.objects.filter(plan_indicator__in=row_ids)
    }
    history: dict[int, list[HistoryLine]] = defaultdict(list)
    if with_history:
        changes = (
            ValueChange.objects.filter(value__region=region, value__year=year)
            .select_related("value", "changed_by", "source_plan")
            .order_by("-changed_at", "-id")
        )
        for change in changes:
            history[change.value.indicator_id].append(history_line(change))
    result = []
    for row, indicator in pairs:
        values = book.values(region.pk, indicator.pk)
        assessed = row_assess(
            row,
            indicator,
            book=book,
            as_of=year,
            siblings=rows_by_plan[row.plan_id],
            manual=manual.get((row.pk, indicator.pk)),
        )
        expected = assessed.assessment.expected
        target = assessed.target
        result.append(
            EntryRow(
                indicator=indicator,
                row=row,
                value=values.get(year),
                previous=values.get(year - 1),
                baseline=assessed.baseline,
                baseline_raw=assessed.baseline_raw,
                target_year=assessed.target_year,
                target_raw=assessed.target_raw,
                target_value=Decimal(target.value)
                if target.kind == "numeric" and target.value is not None
                else None,
                expected=Decimal(expected[1]) if expected and expected[0] == year else None,
                status=statuses.get((row.pk, indicator.pk)),
                history=history.get(indicator.pk, []),
            )
        )
    return result


def entry_page(region, year: int, *, plans: list[Plan] | None = None) -> EntryPage:
    plans = region_plans(region) if plans is None else plans
    submission = (
        YearSubmission.objects.filter(region=region, year=year)
        .prefetch_related(Prefetch("events", queryset=SubmissionEvent.objects.select_related("user")))
        .first()
    )
    return EntryPage(
        region=region,
        year=year,
        plans=plans,
        years=plan_years(plans),
        rows=entry_rows(region, year, plans),
        submission=submission,
        events=list(submission.events.all()) if submission else [],
    )


@dataclass
class RegionYears:
    region: Region
    plans: list[Plan]
    years: list[tuple[int, YearSubmission | None]]


def regions_with_years(regions) -> list[RegionYears]:
    """The entry index: each region's plan years and their review state, in three queries."""
    regions = list(regions.order_by("name"))
    plans_by_region: dict[int, list[Plan]] = defaultdict(list)
    for plan in (
        Plan.objects.filter(region__in=regions)
        .exclude(revisions__isnull=False)
        .order_by("period_start", "id")
    ):
        plans_by_region[plan.region_id].append(plan)
    submissions = {(s.region_id, s.year): s for s in YearSubmission.objects.filter(region__in=regions)}
    result = []
    for region in regions:
        plans = plans_by_region[region.pk]
        years = [(year, submissions.get((region.pk, year))) for year in reversed(plan_years(plans))]
        result.append(RegionYears(region=region, plans=plans, years=years))
    return result
