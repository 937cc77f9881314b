"""The completeness and timeliness matrix (regions × years), and the same cells for one region.

Queries: plans (with their regions), submissions, owed indicators, values, submit events, deadlines,
extensions — seven whatever the number of regions, years or values.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Subquery
from django.utils import timezone

from indicators.models import IndicatorValue, PlanIndicator, SubmissionEvent, YearSubmission
from indicators.status import current_year
from plans.models import Plan, Region

from ..expected import PlanSpan, expected_indicators, plan_span, reporting_years
from ..models import DeadlineExtension, ReportingDeadline

State = YearSubmission.State
# A year counts as reported (DHIS2's "complete") once the region has submitted it.
COMPLETE_STATES = frozenset({State.SUBMITTED, State.APPROVED})


class Timeliness:
    ON_TIME = "on_time"  # submitted on or before the deadline in force
    LATE = "late"  # submitted after it
    OVERDUE = "overdue"  # not submitted and the deadline has passed
    PENDING = "pending"  # not submitted, deadline still ahead
    NO_DEADLINE = "none"  # no deadline set for the year


@dataclass
class Cell:
    region: object
    year: int
    expected: set[int]
    filled: set[int]
    submission: YearSubmission | None
    submitted_at: datetime.datetime | None
    due: datetime.date | None
    extended: bool
    timeliness: str
    last_return: SubmissionEvent | None = None  # filled in by the inbox for 已退回 years

    @property
    def state(self) -> str:
        return self.submission.state if self.submission else State.OPEN

    @property
    def state_label(self) -> str:
        return self.submission.get_state_display() if self.submission else State.OPEN.label

    @property
    def complete(self) -> bool:
        return self.state in COMPLETE_STATES

    @property
    def on_time(self) -> bool:
        return self.timeliness == Timeliness.ON_TIME

    @property
    def expected_count(self) -> int:
        return len(self.expected)

    @property
    def filled_count(self) -> int:
        return len(self.filled)

    @property
    def blanks(self) -> set[int]:
        return self.expected - self.filled


@dataclass
class YearSummary:
    """One column: DHIS2's reporting rate (complete ÷ expected regions) and its on-time share."""

    year: int
    due: datetime.date | None
    regions: int = 0
    complete: int = 0
    on_time: int = 0
    values_expected: int = 0
    values_filled: int = 0

    @staticmethod
    def _share(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def complete_share(self) -> int | None:
        return self._share(self.complete, self.regions)

    @property
    def on_time_share(self) -> int | None:
        return self._share(self.on_time, self.regions)


@dataclass
class Matrix:
    years: list[int]
    rows: list[tuple[object, list[Cell | None]]]
    summaries: list[YearSummary] = field(default_factory=list)


def timeliness(*, complete: bool, submitted_at, due, today: datetime.date) -> str:
    if due is None:
        return Timeliness.NO_DEADLINE
    if complete and submitted_at is not None:
        return Timeliness.ON_TIME if timezone.localdate(submitted_at) <= due else Timeliness.LATE
    return Timeliness.OVERDUE if today > due else Timeliness.PENDING


def in_force(
    deadline: datetime.date | None, extension: datetime.date | None
) -> tuple[datetime.date | None, bool]:
    """(the date in force, whether it is an extension): an extension only ever gives more time, so a
    year's deadline moved later than an old extension wins over it."""
    if extension is not None and (deadline is None or extension > deadline):
        return extension, True
    return deadline, False


def deadlines_in_force(regions) -> tuple[dict[int, datetime.date], dict[tuple[int, int], datetime.date]]:
    """(year → deadline, (region, year) → the newest extension's date): two queries."""
    deadlines = dict(ReportingDeadline.objects.values_list("year", "due"))
    extensions: dict[tuple[int, int], datetime.date] = {}
    for region_id, year, due in (
        DeadlineExtension.objects.filter(region__in=regions)
        .order_by("granted_at", "id")
        .values_list("region_id", "year", "due")
    ):
        extensions[(region_id, year)] = due  # the newest wins
    return deadlines, extensions


def _spans(regions) -> tuple[list, dict[int, list[PlanSpan]]]:
    """(regions that have a current plan, by name; region id → plan spans): one query.

    A region without a current plan reports no year, so it has no cells.
    """
    spans: dict[int, list[PlanSpan]] = defaultdict(list)
    found = {}
    plans = (
        Plan.objects.filter(region__in=regions)
        .exclude(revisions__isnull=False)
        .select_related("region")
        .order_by("period_start", "id")
    )
    for plan in plans:
        spans[plan.region_id].append(plan_span(plan))
        found[plan.region_id] = plan.region
    return sorted(found.values(), key=lambda r: r.name), spans


def owed_indicators(plan_ids) -> dict[int, set[int]]:
    """Plan id → ids of the indicators its rows with a target track (one query)."""
    owed: dict[int, set[int]] = defaultdict(set)
    rows = PlanIndicator.objects.filter(plan__in=plan_ids, targets__isnull=False)
    extra = PlanIndicator.extra_indicators.through.objects.filter(planindicator__in=rows.values("pk"))
    pairs = (
        rows.order_by()
        .values_list("plan_id", "indicator_id")
        .union(extra.order_by().values_list("planindicator__plan_id", "indicator_id"))
        .order_by()
    )
    for plan_id, indicator_id in pairs:
        owed[plan_id].add(indicator_id)
    return owed


def last_submitted(submissions) -> dict[int, datetime.datetime]:
    """Submission id → when it was last submitted (one query)."""
    return dict(
        SubmissionEvent.objects.filter(submission__in=submissions, action=SubmissionEvent.Action.SUBMIT)
        .values("submission_id")
        .annotate(last=Max("at"))
        .values_list("submission_id", "last")
    )


def region_cells(regions, *, light: bool = False, today: datetime.date | None = None) -> list[Cell]:
    """Every (region, reporting year) cell of these regions (a queryset), by region name then year.

    ``light`` (the navigation badge) skips what only the pages show — expected and filled values and
    submission times — and then takes four queries; the full cells take seven.
    """
    today = today or timezone.localdate()
    scope = regions
    regions, spans = _spans(scope)
    owed: dict[int, set[int]] = {}
    filled: dict[tuple[int, int], set[int]] = defaultdict(set)
    submitted: dict[int, datetime.datetime] = {}
    submissions = {(s.region_id, s.year): s for s in YearSubmission.objects.filter(region__in=scope)}
    if not light:
        owed = owed_indicators([span.plan_id for group in spans.values() for span in group])
        values = IndicatorValue.objects.filter(region__in=scope, value__isnull=False)
        for region_id, indicator_id, year in values.values_list("region_id", "indicator_id", "year"):
            filled[(region_id, year)].add(indicator_id)
        submitted = last_submitted(YearSubmission.objects.filter(region__in=scope))
    deadlines, extensions = deadlines_in_force(scope)
    until = current_year()
    cells = []
    for region in regions:
        region_spans = spans[region.pk]
        for year in reporting_years(region_spans, until=until):
            expected = expected_indicators(region_spans, owed, year)
            submission = submissions.get((region.pk, year))
            submitted_at = submitted.get(submission.pk) if submission else None
            due, extended = in_force(deadlines.get(year), extensions.get((region.pk, year)))
            complete = submission is not None and submission.state in COMPLETE_STATES
            cells.append(
                Cell(
                    region=region,
                    year=year,
                    expected=expected,
                    filled=filled.get((region.pk, year), set()) & expected,
                    submission=submission,
                    submitted_at=submitted_at,
                    due=due,
                    extended=extended,
                    timeliness=timeliness(complete=complete, submitted_at=submitted_at, due=due, today=today),
                )
            )
    return cells


def completeness_matrix(regions, *, today: datetime.date | None = None) -> Matrix:
    """Regions × years with a summary per year; a region owes a year only if it expects values in it."""
    cells = region_cells(regions, today=today)
    regions = list(regions.order_by("name"))
    years = sorted({c.year for c in cells})
    by_key = {(c.region.pk, c.year): c for c in cells}
    deadlines = dict(ReportingDeadline.objects.values_list("year", "due"))
    summaries = {year: YearSummary(year=year, due=deadlines.get(year)) for year in years}
    for cell in cells:
        if not cell.expected:
            continue
        summary = summaries[cell.year]
        summary.regions += 1
        summary.complete += cell.complete
        summary.on_time += cell.on_time
        summary.values_expected += cell.expected_count
        summary.values_filled += cell.filled_count
    rows = [(region, [by_key.get((region.pk, year)) for year in years]) for region in regions]
    return Matrix(years=years, rows=rows, summaries=[summaries[y] for y in years])


def region_year_cell(region, year: int) -> Cell | None:
    """One region's cell for one year (the submit check)."""
    return next((c for c in region_cells(Region.objects.filter(pk=region.pk)) if c.year == year), None)


def entry_page_cell(page) -> Cell:
    """The entry form's cell, from what the page already holds (its plans, rows and submission):
        two queries — owed indicators, deadline with extension.

        Every owed indicator is among the page's rows (the page lists every indicator of the current
        plans), and each row carries the year's value, so "filled" needs no query.  An extension
    exists only for a year that has a deadline, so both come in one query.
    """
    spans = [plan_span(plan) for plan in page.plans]
    expected = expected_indicators(spans, owed_indicators([s.plan_id for s in spans]), page.year)
    filled = {row.indicator.pk for row in page.rows if row.value is not None and row.value.value is not None}
    newest = DeadlineExtension.objects.filter(region=page.region, year=page.year).order_by(
        "-granted_at", "-id"
    )
    deadline, extension = (
        ReportingDeadline.objects.filter(year=page.year)
        .annotate(extension=Subquery(newest.values("due")[:1]))
        .values_list("due", "extension")
        .first()
    ) or (None, None)
    due, extended = in_force(deadline, extension)
    submission = page.submission
    complete = submission is not None and submission.state in COMPLETE_STATES
    return Cell(
        region=page.region,
        year=page.year,
        expected=expected,
        filled=filled & expected,
        submission=submission,
        submitted_at=None,
        due=due,
        extended=extended,
        timeliness=Timeliness.NO_DEADLINE  # the form does not show timeliness
        if complete
        else timeliness(complete=False, submitted_at=None, due=due, today=timezone.localdate()),
    )
