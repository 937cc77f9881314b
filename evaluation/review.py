"""Draft review: a new plan (draft or issued) against the region's earlier plan and the values on record.

For each catalog indicator tracked in either plan: the earlier plan's target, the latest actual value
(the new plan's base year, e.g. 2025), the new plan's baseline and target(s), and the flags the
issue asks for.  Targets are read as the progress engine resolved them (the status table of each
plan), so "met" means exactly what it means on the dashboards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from django.utils.translation import gettext as _

from indicators import progress
from indicators.dashboards.charts import shown
from indicators.models import Indicator, IndicatorStatus, IndicatorValue, Nature, PlanIndicator
from indicators.resolution import resolve_baseline, satisfies
from plans.models import Plan
from plans.parsing.cells import read_cell

FLAG_LABELS = {
    "already_met": "新目标已被最新值达到",
    "weaker_than_earlier": "新目标弱于上一轮规划目标",
    "weaker_than_trend": "新目标弱于按现有趋势可达到的水平",
    "baseline_differs": "新规划基期值与平台记录不一致",
    "nature_changed": "指标性质在约束性与非约束性之间变化",
    "dropped": "上一轮规划有、新规划删除的指标",
    "new": "新规划新增的指标",
}


def earlier_plan(plan: Plan) -> Plan | None:
    """The region's latest current plan that ended by the time this one starts (not a version of it)."""
    return (
        Plan.objects.filter(region=plan.region_id, period_end__lte=plan.period_start)
        .exclude(pk=plan.pk)
        .exclude(revisions__isnull=False)
        .order_by("-period_end", "-pk")
        .first()
    )


@dataclass
class ReviewRow:
    indicator: Indicator
    name: str
    unit: str
    old_row: PlanIndicator | None
    new_row: PlanIndicator | None
    old_status: IndicatorStatus | None
    new_status: IndicatorStatus | None
    latest: IndicatorValue | None
    new_baseline_raw: str
    new_targets: list[str]
    trend_value: Decimal | None = None
    trend_note: str = ""
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def old_target_text(self) -> str:
        s = self.old_status
        return f"{s.target_raw}（{s.target_year}年）" if s is not None and s.target_raw else "—"

    @property
    def latest_text(self) -> str:
        v = self.latest
        return (
            f"{shown(v.comparator, v.value)}（{v.year}年）" if v is not None and v.value is not None else "—"
        )

    @property
    def new_targets_text(self) -> str:
        return "；".join(self.new_targets) or "—"

    @property
    def nature_text(self) -> str:
        old = self.old_row.get_nature_display() if self.old_row and self.old_row.nature else "—"
        new = self.new_row.get_nature_display() if self.new_row and self.new_row.nature else "—"
        return f"{old} → {new}"

    @property
    def flag_labels(self) -> list[str]:
        return [_(FLAG_LABELS[f]) for f in self.flags]


@dataclass
class DraftReview:
    plan: Plan
    earlier: Plan | None
    base_year: int
    rows: list[ReviewRow]
    data_as_of: object

    def count(self, flag: str) -> int:
        return sum(1 for r in self.rows if flag in r.flags)

    @property
    def flag_counts(self) -> list[tuple[str, str, int]]:
        return [(code, _(label), self.count(code)) for code, label in FLAG_LABELS.items()]


def _rows_of(plan: Plan | None) -> dict[int, tuple[PlanIndicator, IndicatorStatus | None, Indicator]]:
    if plan is None:
        return {}
    statuses = {
        (s.plan_indicator_id, s.indicator_id): s
        for s in IndicatorStatus.objects.filter(plan_indicator__plan=plan)
    }
    out: dict[int, tuple[PlanIndicator, IndicatorStatus | None, Indicator]] = {}
    rows = (
        PlanIndicator.objects.filter(plan=plan)
        .select_related("indicator")
        .prefetch_related("targets", "extra_indicators")
        .order_by("order")
    )
    for row in rows:
        for indicator in [row.indicator, *row.extra_indicators.all()]:
            out.setdefault(indicator.pk, (row, statuses.get((row.pk, indicator.pk)), indicator))
    return out


def _weaker(new: IndicatorStatus, old: IndicatorStatus, direction: int) -> bool:
    if new.target_value is None or old.target_value is None or direction not in (1, -1):
        return False
    return (new.target_value - old.target_value) * direction < 0


def _trend(values: dict[int, IndicatorValue], start_year: int, end_year: int, target_year: int):
    start, end = values.get(start_year), values.get(end_year)
    if (
        start is None
        or end is None
        or start.value is None
        or end.value is None
        or start.comparator
        or end.comparator
    ):
        return None, ""
    if end_year <= start_year:
        return None, ""
    with localcontext(progress._CONTEXT):
        projected, note = progress._project(
            progress.Point(start_year, start.value), progress.Point(end_year, end.value), target_year
        )
    return projected, note


def draft_review_build(plan: Plan) -> DraftReview:
    """The review rows of ``plan`` against its region's earlier plan (a constant number of queries)."""
    earlier = earlier_plan(plan)
    base_year = plan.period_start - 1
    new_rows, old_rows = _rows_of(plan), _rows_of(earlier)
    indicator_ids = set(new_rows) | set(old_rows)
    values: dict[int, dict[int, IndicatorValue]] = {}
    for value in IndicatorValue.objects.filter(
        region=plan.region_id, indicator__in=indicator_ids, year__lte=base_year
    ).select_related("indicator"):
        values.setdefault(value.indicator_id, {})[value.year] = value
    stamp = max((v.updated_at for d in values.values() for v in d.values()), default=None)
    order = [*new_rows, *(i for i in old_rows if i not in new_rows)]
    rows = []
    for indicator_id in order:
        new_row, new_status, indicator = new_rows.get(indicator_id, (None, None, None))
        old_row, old_status, old_indicator = old_rows.get(indicator_id, (None, None, None))
        row_any = new_row or old_row
        indicator = indicator or old_indicator
        own = values.get(indicator_id, {})
        latest_year = max((y for y, v in own.items() if v.value is not None), default=None)
        latest = own.get(base_year) or (own.get(latest_year) if latest_year else None)
        row = ReviewRow(
            indicator=indicator,
            name=row_any.name,
            unit=row_any.unit or indicator.unit,
            old_row=old_row,
            new_row=new_row,
            old_status=old_status,
            new_status=new_status,
            latest=latest,
            new_baseline_raw=(new_row.cells or {}).get(str(base_year), "") if new_row else "",
            new_targets=[f"{t.year}：{t.raw}" for t in new_row.targets.all() if t.raw] if new_row else [],
        )
        _flag(row, plan=plan, earlier=earlier, base_year=base_year, values=own)
        rows.append(row)
    return DraftReview(plan=plan, earlier=earlier, base_year=base_year, rows=rows, data_as_of=stamp)


def _flag(row: ReviewRow, *, plan, earlier, base_year: int, values) -> None:
    direction = row.indicator.direction
    new, old = row.new_status, row.old_status
    if earlier is not None:
        if row.new_row is None:
            row.flags.append("dropped")
        elif row.old_row is None:
            row.flags.append("new")
    latest = row.latest
    if new is not None and new.target_value is not None and latest is not None and latest.value is not None:
        met = satisfies(
            latest.value,
            latest.comparator,
            target_comparator=new.target_comparator,
            target_value=new.target_value,
            direction=direction,
        )
        if met:
            row.flags.append("already_met")
            row.notes.append(
                _("%(year)s 年数值 %(value)s 已满足 %(target_year)s 年目标 %(target)s")
                % {
                    "year": latest.year,
                    "value": shown(latest.comparator, latest.value),
                    "target_year": new.target_year,
                    "target": new.target_raw,
                }
            )
    if new is not None and old is not None and _weaker(new, old, direction):
        row.flags.append("weaker_than_earlier")
    if (
        new is not None
        and new.target_value is not None
        and new.target_year
        and "already_met" not in row.flags
    ):
        start_year = earlier.period_start - 1 if earlier is not None else None
        if start_year is not None and latest is not None:
            projected, note = _trend(values, start_year, latest.year, new.target_year)
            if projected is not None:
                row.trend_value = projected
                row.trend_note = note
                if satisfies(
                    projected,
                    None,
                    target_comparator=new.target_comparator,
                    target_value=new.target_value,
                    direction=direction,
                ):
                    row.flags.append("weaker_than_trend")
                    row.notes.append(
                        _("%(note)s约为 %(value)s，已满足新目标")
                        % {"note": note, "value": shown("", progress._tidy(projected))}
                    )
    if row.new_baseline_raw:
        printed = resolve_baseline(read_cell(row.new_baseline_raw), year=base_year)
        recorded = values.get(base_year)
        if printed is not None and recorded is not None and recorded.value is not None:
            same = Decimal(printed.value) == recorded.value and (printed.comparator or "") == (
                recorded.comparator or ""
            )
            if not same:
                row.flags.append("baseline_differs")
                row.notes.append(
                    _("新规划写 %(printed)s，平台记录 %(recorded)s（%(source)s）")
                    % {
                        "printed": row.new_baseline_raw,
                        "recorded": shown(recorded.comparator, recorded.value),
                        "source": recorded.get_source_display(),
                    }
                )
    if row.new_row is not None and row.old_row is not None:
        was, now = row.old_row.nature == Nature.BINDING, row.new_row.nature == Nature.BINDING
        if was != now and row.old_row.nature and row.new_row.nature:
            row.flags.append("nature_changed")
