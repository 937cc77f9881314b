"""The precomputed status table: one ``IndicatorStatus`` row per plan row and tracked indicator.

This is the glue between the database and the pure engine (``resolution``,
``progress``). :func:`row_assess` is the one computation; the status table,
the ``progress`` command and the pages all use it, so they cannot disagree.
Refreshes run inside the caller's transaction, so the table never lags, and renew the table's
data version there (:func:`statuses_changed`): caches of what is derived from it key on that.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from operations.versions import data_version, data_version_bump

from .models import Indicator, IndicatorStatus, IndicatorValue, ManualStatus, Nature, PlanIndicator
from .progress import Assessment, Thresholds, assess
from .progress import ManualStatus as ManualJudgement
from .resolution import Point, ResolvedTarget, resolve_target, target_sanity_checks


def progress_thresholds() -> Thresholds:
    return Thresholds.with_overrides(settings.PROGRESS_THRESHOLDS)


def current_year() -> int:
    return timezone.localdate().year


@dataclass(frozen=True)
class RowAssessment:
    row: PlanIndicator
    indicator: Indicator
    target_year: int | None
    target_raw: str
    baseline: Point | None
    baseline_raw: str
    target: ResolvedTarget
    assessment: Assessment
    warnings: list[tuple[str, str]]
    provisional: bool = False  # a value used is saved but not yet approved

    @property
    def target_behind_start(self) -> bool:
        """The plan sets a target worse than its start in the indicator's direction (83.63 → 82)."""
        return any(code == "wrong_direction" for code, _message in self.warnings)


def tracked_indicators(row: PlanIndicator) -> list[Indicator]:
    return [row.indicator, *row.extra_indicators.all()]


def _baseline_year(row: PlanIndicator, target_year: int | None) -> int | None:
    """The plan's base year: its last year column before the target, else the year before the period.

    A table with only a target column (002 prints just 2025) still has a base year: 2020 for a
    2021–2025 plan, whose value staff may enter later.
    """
    years = sorted(int(y) for y in (row.cells or {}) if target_year is None or int(y) < target_year)
    if years:
        return years[-1]
    return row.plan.period_start - 1


def as_written(number: Decimal | None) -> Decimal | None:
    """Drop the storage padding (83.630000 → 83.63) so notes quote numbers as the plan wrote them."""
    if number is None:
        return None
    number = Decimal(number)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _point(value: IndicatorValue | None) -> Point | None:
    if value is None or value.value is None:
        return None
    return Point(value.year, as_written(value.value), value.comparator or None)


@dataclass(frozen=True)
class _Reading:
    """A stored target seen by the resolver with its number as written."""

    raw: str
    kind: str
    comparator: str | None
    value: Decimal | None
    params: dict

    @classmethod
    def of(cls, target) -> _Reading:
        return cls(
            target.raw, target.kind, target.comparator or None, as_written(target.value), target.params or {}
        )


class ValueBook:
    """The region's values for the indicators being assessed, fetched in one query.

    Each value carries ``published`` (``indicators.publication``); ``published_only`` keeps
    the published ones alone — what anonymous visitors and other districts' editors see.
    """

    def __init__(self, pairs: set[tuple[int, int]], *, published_only: bool = False):
        self._by_key: dict[tuple[int, int], dict[int, IndicatorValue]] = defaultdict(dict)
        self.published_only = published_only
        if not pairs:
            return
        condition = Q()
        for region_id, indicator_id in pairs:
            condition |= Q(region_id=region_id, indicator_id=indicator_id)
        values = IndicatorValue.objects.filter(condition).with_publication()
        if published_only:
            values = values.filter(published=True)
        for value in values:
            self._by_key[(value.region_id, value.indicator_id)][value.year] = value

    def values(self, region_id: int, indicator_id: int) -> dict[int, IndicatorValue]:
        return self._by_key.get((region_id, indicator_id), {})


def _linked(
    row: PlanIndicator, indicator: Indicator, siblings: list[PlanIndicator], book: ValueBook, as_of: int
):
    """Baseline and resolved target of the indicator a 同比例 target follows, in the same plan."""
    reference_id = indicator.ratio_reference_id
    if reference_id is None:
        return None, None
    for sibling in siblings:
        if sibling.pk != row.pk and reference_id in {i.pk for i in tracked_indicators(sibling)}:
            reference = next(i for i in tracked_indicators(sibling) if i.pk == reference_id)
            linked = row_assess(sibling, reference, book=book, as_of=as_of, siblings=[])
            return linked.baseline, linked.target
    return None, None


def row_assess(
    row: PlanIndicator,
    indicator: Indicator,
    *,
    book: ValueBook,
    as_of: int,
    siblings: list[PlanIndicator] | None = None,
    manual: ManualStatus | None = None,
) -> RowAssessment:
    """Resolve the row's target for this indicator and rate the region's values against it."""
    region_id = row.plan.region_id
    targets = list(row.targets.all())
    target = targets[-1] if targets else None
    target_year = target.year if target else None
    values = book.values(region_id, indicator.pk)
    baseline_year = _baseline_year(row, target_year)
    baseline = _point(values.get(baseline_year)) if baseline_year else None
    linked_baseline, linked_target = _linked(row, indicator, siblings or [], book, as_of)
    if target is None:
        resolved = ResolvedTarget("none", note="无目标")
    else:
        resolved = resolve_target(
            _Reading.of(target),
            direction=indicator.direction,
            target_year=target_year,
            baseline=baseline,
            known_values={
                y: as_written(v.value) for y, v in values.items() if v.value is not None and not v.comparator
            },
            linked_baseline=linked_baseline,
            linked_target=linked_target,
        )
    observations = sorted(
        (p for p in (_point(v) for v in values.values()) if p is not None and p.year != baseline_year),
        key=lambda p: p.year,
    )
    judgement = None
    if manual is not None:
        judgement = ManualJudgement(
            status=manual.status, note=manual.note, by=manual.set_by.get_username(), at=manual.set_at
        )
    assessment = assess(
        direction=indicator.direction,
        baseline=baseline,
        observations=observations,
        target=resolved,
        binding=row.nature == Nature.BINDING,
        as_of=as_of,
        thresholds=progress_thresholds(),
        manual=judgement,
    )
    warnings = target_sanity_checks(
        direction=indicator.direction,
        baseline=baseline,
        target=resolved,
        target_unit=row.unit or None,
        catalog_unit=None if indicator.local_to_plan_id else (indicator.unit or None),
    )
    provisional = any(
        not getattr(v, "published", True) and v.value is not None and v.year <= as_of for v in values.values()
    )
    return RowAssessment(
        row=row,
        indicator=indicator,
        target_year=target_year,
        target_raw=target.raw if target else "",
        baseline=baseline,
        baseline_raw=_baseline_raw(row, baseline_year, values),
        target=resolved,
        assessment=assessment,
        warnings=warnings,
        provisional=provisional,
    )


def _baseline_raw(row: PlanIndicator, year: int | None, values: dict[int, IndicatorValue]) -> str:
    if year is None:
        return ""
    printed = (row.cells or {}).get(str(year))
    if printed:
        return printed
    value = values.get(year)
    return value.raw if value is not None else ""


def plan_rows_assess(
    rows: list[PlanIndicator], *, as_of: int, published_only: bool = False
) -> list[RowAssessment]:
    """Assess many rows with a constant number of queries.

    ``published_only``: from published values alone (what the public sees, see
    ``indicators.publication``); by default from every value, provisional ones flagged.
    """
    rows = list(rows)
    pairs = set()
    for row in rows:
        for indicator in tracked_indicators(row):
            pairs.add((row.plan.region_id, indicator.pk))
    book = ValueBook(pairs, published_only=published_only)
    manual = {
        (m.plan_indicator_id, m.indicator_id): m
        for m in ManualStatus.objects.filter(plan_indicator__in=rows).select_related("set_by")
    }
    by_plan: dict[int, list[PlanIndicator]] = defaultdict(list)
    for row in rows:
        by_plan[row.plan_id].append(row)
    return [
        row_assess(
            row,
            indicator,
            book=book,
            as_of=as_of,
            siblings=by_plan[row.plan_id],
            manual=manual.get((row.pk, indicator.pk)),
        )
        for row in rows
        for indicator in tracked_indicators(row)
    ]


def _rows_query():
    return PlanIndicator.objects.select_related("plan", "indicator").prefetch_related(
        "targets", "extra_indicators"
    )


def _status_fields(result: RowAssessment, as_of: int) -> dict:
    a = result.assessment
    latest = a.latest
    target = result.target
    return {
        "region_id": result.row.plan.region_id,
        "as_of": as_of,
        "baseline_year": result.baseline.year if result.baseline else None,
        "baseline_value": _dec(result.baseline.value) if result.baseline else None,
        "baseline_comparator": (result.baseline.comparator or "") if result.baseline else "",
        "latest_year": latest.year if latest else None,
        "latest_value": _dec(latest.value) if latest else None,
        "latest_comparator": (latest.comparator or "") if latest else "",
        "target_year": result.target_year,
        "target_raw": result.target_raw,
        "target_kind": target.kind,
        "target_comparator": target.comparator or "",
        "target_value": target.value,
        "target_note": target.note[:300],
        "status": a.status,
        "trend_status": a.trend_status or "",
        "progress_ratio": a.progress_ratio,
        "projected_value": a.projected,
        "expected_value": a.expected[1] if a.expected else None,
        "deviation": a.deviation,
        "binding_breached": a.status == "binding_breached",
        "target_behind_start": result.target_behind_start,
        "provisional": result.provisional,
        "warnings": [{"code": code, "message": message} for code, message in result.warnings],
        "notes": list(a.notes),
    }


_FIELD_LIMIT = Decimal("1e14")


def _dec(value) -> Decimal | None:
    """Fit a number into the status table's columns (20 digits, 6 places); huge values are dropped."""
    if value is None:
        return None
    number = Decimal(str(value))
    if not number.is_finite() or abs(number) >= _FIELD_LIMIT:
        return None
    return number.quantize(Decimal("0.000001"))


def status_fields(result: RowAssessment, as_of: int) -> dict:
    """The status-table columns of one assessment, every number fitted to its column."""
    fields = _status_fields(result, as_of)
    for key in ("target_value", "progress_ratio", "projected_value", "expected_value", "deviation"):
        fields[key] = _dec(fields[key])
    return fields


def status_rows_build(results: list[RowAssessment], as_of: int) -> list[IndicatorStatus]:
    """Unsaved status rows, for bulk creation (rebuilds, the synthetic national dataset)."""
    return [
        IndicatorStatus(plan_indicator=r.row, indicator=r.indicator, **status_fields(r, as_of))
        for r in results
    ]


STATUS_DATA = "statuses"


def statuses_version() -> str:
    """The status table's version stamp: read it before reading the rows a cached answer holds."""
    return data_version(STATUS_DATA)


def statuses_changed() -> None:
    """Renew the version, in the writer's transaction: every write of status rows ends here, and so
    does any change of what the rows are read with (which division a region is, its boundary)."""
    data_version_bump(STATUS_DATA)


def _store(results: list[RowAssessment], as_of: int) -> None:
    for result in results:
        IndicatorStatus.objects.update_or_create(
            plan_indicator=result.row, indicator=result.indicator, defaults=status_fields(result, as_of)
        )


@transaction.atomic
def status_refresh_rows(rows, *, as_of: int | None = None) -> int:
    """Recompute the status rows of these plan rows (and drop rows for indicators no longer tracked)."""
    rows = list(_rows_query().filter(pk__in=[r.pk for r in rows]))
    as_of = as_of or current_year()
    results = plan_rows_assess(_with_siblings(rows), as_of=as_of)
    wanted = {r.pk for r in rows}
    results = [r for r in results if r.row.pk in wanted]
    for row in rows:
        IndicatorStatus.objects.filter(plan_indicator=row).exclude(
            indicator__in=[i.pk for i in tracked_indicators(row)]
        ).delete()
    _store(results, as_of)
    statuses_changed()
    return len(results)


def _with_siblings(rows: list[PlanIndicator]) -> list[PlanIndicator]:
    """Add the rows a 同比例 target may follow, from the same plans."""
    plan_ids = {r.plan_id for r in rows}
    if not any(i.ratio_reference_id for r in rows for i in tracked_indicators(r)):
        return rows
    extra = _rows_query().filter(plan_id__in=plan_ids).exclude(pk__in=[r.pk for r in rows])
    return rows + list(extra)


@transaction.atomic
def status_refresh_for_indicators(*, region, indicators) -> int:
    """After value changes: every row of the region's plans that tracks (or follows) these indicators."""
    ids = {i.pk for i in indicators}
    rows = PlanIndicator.objects.filter(plan__region=region).filter(
        Q(indicator__in=ids)
        | Q(extra_indicators__in=ids)
        | Q(indicator__ratio_reference__in=ids)
        | Q(extra_indicators__ratio_reference__in=ids)
    )
    return status_refresh_rows(list(rows.distinct()))


def status_refresh_for_value(*, region, indicator: Indicator) -> int:
    """After one value change."""
    return status_refresh_for_indicators(region=region, indicators=[indicator])


@transaction.atomic
def status_refresh_region(region) -> int:
    """After a year is approved or reopened: the provisional marks of the region's rows change."""
    return status_refresh_rows(list(PlanIndicator.objects.filter(plan__region=region)))


def published_statuses(rows: list[PlanIndicator], *, as_of: int | None = None) -> list[IndicatorStatus]:
    """Unsaved status rows computed from published values only, for viewers who may not see
    provisional ones (anonymous visitors, other districts' editors).  Constant queries."""
    rows = list(_rows_query().filter(pk__in=[r.pk for r in rows]).order_by("order"))
    as_of = as_of or current_year()
    results = plan_rows_assess(_with_siblings(rows), as_of=as_of, published_only=True)
    wanted = {r.pk for r in rows}
    return status_rows_build([r for r in results if r.row.pk in wanted], as_of)


@transaction.atomic
def status_refresh_plan(plan) -> int:
    return status_refresh_rows(list(PlanIndicator.objects.filter(plan=plan)))


@transaction.atomic
def status_rebuild_all(*, as_of: int | None = None) -> int:
    """Throw the table away and compute it again from the values (``rebuild_status`` command)."""
    IndicatorStatus.objects.all().delete()
    rows = list(_rows_query().order_by("plan_id", "order"))
    as_of = as_of or current_year()
    results = plan_rows_assess(rows, as_of=as_of)
    IndicatorStatus.objects.bulk_create(status_rows_build(results, as_of), batch_size=2000)
    statuses_changed()
    return len(results)
