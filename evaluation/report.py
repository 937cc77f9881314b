"""The evaluation report's content, read from the database once (a constant number of queries).

Everything the Word file, the print page and the charts show comes from :func:`report_build`:
statuses from the progress engine as of the chosen year (``indicators.status.plan_rows_assess``;
for the current year these are exactly the status table the dashboards read), yearly values,
key-project records, and the approval state of each year (values of years not yet approved are
reported as provisional).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from indicators.dashboards.charts import shown
from indicators.headline import UNASSESSABLE
from indicators.models import (
    STATUS_CHOICES,
    IndicatorStatus,
    IndicatorValue,
    Nature,
    PlanIndicator,
    YearSubmission,
    status_label,
)
from indicators.publication import value_is_published
from indicators.status import plan_rows_assess, status_rows_build
from projects.models import KeyProject, ProjectRecord, ProjectStatus

KINDS = {"midterm": _lazy("中期评估"), "final": _lazy("终期评估")}
SECTIONS = {
    "summary": _lazy("规划概况"),
    "finding": _lazy("总体评估结论"),
    "table": _lazy("主要指标完成情况"),
    "charts": _lazy("各指标历年走势"),
    "projects": _lazy("重点项目实施情况"),
    "gaps": _lazy("数据缺口与待审核数值"),
    "method": _lazy("评估方法"),
}
# Statuses that say nothing about progress: rows with them are not "assessed" (the coverage base),
# as on every headline (indicators.headline).
UNASSESSED = frozenset(UNASSESSABLE)


def is_assessed(status: IndicatorStatus) -> bool:
    return status.status not in UNASSESSED


def is_provisional(value: IndicatorValue, approved_years: set[int]) -> bool:
    """A value people entered for a year not yet approved (``indicators.publication``)."""
    return not value_is_published(value, {(value.region_id, year) for year in approved_years})


def default_as_of(plan, kind: str, *, today: int | None = None) -> int:
    today = today or timezone.localdate().year
    year = (
        plan.period_end if kind == "final" else plan.period_start + (plan.period_end - plan.period_start) // 2
    )
    return min(year, today)


@dataclass
class IndicatorLine:
    key: str
    row: PlanIndicator
    status: IndicatorStatus
    years: list[int]
    values: dict[int, IndicatorValue]
    provisional: list[int]
    gaps: list[int]

    @property
    def name(self) -> str:
        return self.row.name

    @property
    def unit(self) -> str:
        return self.row.unit or self.status.indicator.unit

    @property
    def nature_label(self) -> str:
        return str(self.row.get_nature_display()) if self.row.nature else ""

    @property
    def binding(self) -> bool:
        return self.row.nature == Nature.BINDING

    @property
    def status_label(self) -> str:
        return status_label(self.status.status)

    @property
    def baseline_text(self) -> str:
        s = self.status
        if s.baseline_value is None:
            return "—"
        return f"{shown(s.baseline_comparator, s.baseline_value)}（{s.baseline_year}年）"

    @property
    def target_text(self) -> str:
        s = self.status
        if not s.target_raw:
            return "—"
        return f"{s.target_raw}（{s.target_year}年）"

    @property
    def latest_text(self) -> str:
        s = self.status
        if s.latest_value is None:
            return "—"
        return f"{shown(s.latest_comparator, s.latest_value)}（{s.latest_year}年）"

    @property
    def expected_text(self) -> str:
        return shown("", self.status.expected_value)

    @property
    def deviation_text(self) -> str:
        d = self.status.deviation
        if d is None:
            return "—"
        text = shown("", d)
        return text if d <= 0 else f"+{text}"

    def year_text(self, year: int) -> str:
        value = self.values.get(year)
        if value is None or value.value is None:
            return "—"
        mark = "*" if year in self.provisional else ""
        return shown(value.comparator, value.value) + mark

    @property
    def year_texts(self) -> list[str]:
        return [self.year_text(y) for y in self.years]


@dataclass
class ProjectLine:
    project: KeyProject
    record: ProjectRecord | None
    items_total: int
    items_by_status: dict[str, int]


@dataclass
class EvaluationReport:
    plan: object
    kind: str
    as_of: int
    sections: list[str]
    data_as_of: datetime | None
    years: list[int]
    lines: list[IndicatorLine]
    projects: list[ProjectLine]
    approved_years: list[int]
    thresholds: dict[str, str]
    status_choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def title(self) -> str:
        return _("%(title)s%(kind)s报告") % {"title": self.plan.title, "kind": self.kind_label}

    def section_label(self, key: str) -> str:
        return str(SECTIONS[key])

    @property
    def data_as_of_text(self) -> str:
        if self.data_as_of is None:
            return _("尚无录入数据")
        return timezone.localtime(self.data_as_of).strftime("%Y-%m-%d %H:%M")

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(code, label, count) for every status that occurs, in the order of STATUS_CHOICES."""
        tally: dict[str, int] = {}
        for line in self.lines:
            tally[line.status.status] = tally.get(line.status.status, 0) + 1
        return [(code, str(label), tally[code]) for code, label in self.status_choices if code in tally]

    @property
    def assessed(self) -> int:
        return sum(1 for line in self.lines if is_assessed(line.status))

    @property
    def provisional_lines(self) -> list[IndicatorLine]:
        return [line for line in self.lines if line.provisional]

    @property
    def gap_lines(self) -> list[IndicatorLine]:
        return [line for line in self.lines if line.gaps]


def _lines(plan, as_of: int) -> tuple[list[IndicatorLine], list[int], datetime | None, list[int]]:
    rows = list(
        PlanIndicator.objects.filter(plan=plan)
        .select_related("plan", "indicator")
        .prefetch_related("targets", "extra_indicators")
        .order_by("order")
    )
    statuses = status_rows_build(plan_rows_assess(rows, as_of=as_of), as_of)
    indicator_ids = {s.indicator_id for s in statuses}
    values: dict[int, dict[int, IndicatorValue]] = {}
    for value in IndicatorValue.objects.filter(
        region=plan.region_id, indicator__in=indicator_ids, year__lte=as_of
    ).order_by("year"):
        values.setdefault(value.indicator_id, {})[value.year] = value
    approved = sorted(
        YearSubmission.objects.filter(region=plan.region_id, state=YearSubmission.State.APPROVED).values_list(
            "year", flat=True
        )
    )
    years = list(range(plan.period_start, min(plan.period_end, as_of) + 1))
    lines = []
    for status in statuses:
        own = values.get(status.indicator_id, {})
        lines.append(
            IndicatorLine(
                key=f"{status.plan_indicator.pk}-{status.indicator_id}",
                row=status.plan_indicator,
                status=status,
                years=years,
                values=own,
                provisional=sorted(
                    y for y, v in own.items() if v.value is not None and is_provisional(v, set(approved))
                ),
                gaps=[y for y in years if own.get(y) is None or own[y].value is None],
            )
        )
    stamp = IndicatorValue.objects.filter(region=plan.region_id, indicator__in=indicator_ids).aggregate(
        at=Max("updated_at")
    )["at"]
    return lines, years, stamp, approved


def _projects(plan, as_of: int) -> tuple[list[ProjectLine], datetime | None]:
    projects = list(KeyProject.objects.filter(plan=plan).prefetch_related("items").order_by("order"))
    latest: dict[tuple[int, int | None], ProjectRecord] = {}
    stamp = None
    for record in ProjectRecord.objects.filter(project__plan=plan, year__lte=as_of).order_by("year", "pk"):
        latest[(record.project_id, record.item_id)] = record
        stamp = max(stamp, record.updated_at) if stamp else record.updated_at
    out = []
    for project in projects:
        items = list(project.items.all())
        counts: dict[str, int] = {}
        for item in items:
            record = latest.get((project.pk, item.pk))
            if record is not None:
                counts[record.status] = counts.get(record.status, 0) + 1
        out.append(ProjectLine(project, latest.get((project.pk, None)), len(items), counts))
    return out, stamp


def report_build(plan, *, kind: str, as_of: int, sections: list[str] | None = None) -> EvaluationReport:
    from django.conf import settings

    lines, years, values_at, approved = _lines(plan, as_of)
    projects, records_at = _projects(plan, as_of)
    stamps = [s for s in (values_at, records_at) if s is not None]
    return EvaluationReport(
        plan=plan,
        kind=kind,
        as_of=as_of,
        sections=[s for s in SECTIONS if sections is None or s in sections],
        data_as_of=max(stamps) if stamps else None,
        years=years,
        lines=lines,
        projects=projects,
        approved_years=approved,
        thresholds=dict(settings.PROGRESS_THRESHOLDS),
        status_choices=list(STATUS_CHOICES),
    )


def project_status_label(code: str) -> str:
    return str(ProjectStatus(code).label)


def money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}"
