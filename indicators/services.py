"""Writes to yearly values and to manual progress judgements.

Every value change goes through :func:`indicator_value_record` so that the
history row is written in the same transaction as the value, whoever calls it
(plan import, entry form, Excel upload, admin).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .entry.rules import range_problem
from .models import (
    Indicator,
    IndicatorValue,
    ManualStatus,
    PlanIndicator,
    ValueChange,
    ValueSource,
    YearSubmission,
)
from .status import status_refresh_for_indicators, status_refresh_for_value, status_refresh_rows

# Writes by people (form, upload, admin) respect approval locks; plan-document baselines do not.
LOCKED_SOURCES = frozenset({ValueSource.ENTERED, ValueSource.UPLOADED, ValueSource.ADMIN})


@dataclass(frozen=True)
class ValueRecordResult:
    value: IndicatorValue | None  # None only when a blank was "saved" where no value exists
    outcome: str  # "created" | "updated" | "unchanged" | "kept"


class ValueWriteRefused(Exception):
    """A write the service will not make; ``message`` is Chinese and shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValueLocked(ValueWriteRefused):
    """The (region, year) is approved: no form, upload or admin write until an approver unlocks it."""

    def __init__(self, *, region, year: int, indicator: Indicator | None = None):
        self.region, self.year, self.indicator = region, year, indicator
        super().__init__(
            _("%(region)s %(year)s 年的数据已审核锁定，不能修改；如需更正，请审核员先解锁。")
            % {"region": region, "year": year}
        )


class ValueConflict(ValueWriteRefused):
    """Someone saved the value after this user loaded it: the second edit is refused, never merged."""

    def __init__(self, *, indicator: Indicator, year: int, current: IndicatorValue | None, expected_version):
        self.indicator, self.year, self.current, self.expected_version = (
            indicator,
            year,
            current,
            expected_version,
        )
        if current is None:
            message = _("“%(indicator)s” %(year)s 年的数值已不存在，您的修改未保存，请刷新后重新填写。") % {
                "indicator": indicator.name,
                "year": year,
            }
        else:
            who = current.updated_by.get_username() if current.updated_by_id else _("系统")
            when = formats.date_format(timezone.localtime(current.updated_at), "Y-m-d H:i")
            message = _(
                "“%(indicator)s” %(year)s 年的数值已被 %(who)s 于 %(when)s 改为 %(value)s（版本 %(version)s），"
                "您的修改未保存。请核对新值后重新填写。"
            ) % {
                "indicator": indicator.name,
                "year": year,
                "who": who,
                "when": when,
                "value": current.display,
                "version": current.version,
            }
        super().__init__(message)


def _same(existing: IndicatorValue, value: Decimal | None, comparator: str) -> bool:
    return existing.value == value and (existing.comparator or "") == (comparator or "")


class ValueFrozen(ValueWriteRefused):
    """The (region, year) is submitted and under review: no writes until it is returned."""

    def __init__(self, *, region, year: int):
        self.region, self.year = region, year
        super().__init__(
            _("%(region)s %(year)s 年的数据已提交待审核，不能修改；如需修改，请审核员先退回。")
            % {"region": region, "year": year}
        )


class ValueVersionMissing(ValueWriteRefused):
    """A write over a stored value that does not say which version it replaces: never an overwrite."""

    def __init__(self, *, indicator: Indicator, year: int):
        super().__init__(
            _("“%(indicator)s” %(year)s 年已有数值，但请求未说明修改的是哪个版本，未保存。请刷新后重新填写。")
            % {"indicator": indicator.name, "year": year}
        )


def year_state(*, region, year: int, for_update: bool = False) -> str:
    """The review state of the region's year; ``for_update`` serialises with a review step in progress."""
    submissions = YearSubmission.objects.filter(region=region, year=year)
    if for_update:
        submissions = submissions.select_for_update()
    return submissions.values_list("state", flat=True).first() or YearSubmission.State.OPEN


def year_is_locked(*, region, year: int, for_update: bool = False) -> bool:
    """Whether the region's year is approved; ``for_update`` serialises with an approval in progress."""
    return year_state(region=region, year=year, for_update=for_update) == YearSubmission.State.APPROVED


def year_is_frozen(*, region, year: int, for_update: bool = False) -> bool:
    """Approved or submitted: people may not write the year's values (see ``entry.submissions``)."""
    state = year_state(region=region, year=year, for_update=for_update)
    return state in (YearSubmission.State.APPROVED, YearSubmission.State.SUBMITTED)


def _check_version(existing: IndicatorValue | None, *, indicator, year, expected_version) -> None:
    if expected_version is None:
        if existing is not None:
            raise ValueVersionMissing(indicator=indicator, year=year)
        return
    current_version = existing.version if existing is not None else 0
    if current_version != expected_version:
        raise ValueConflict(
            indicator=indicator, year=year, current=existing, expected_version=expected_version
        )


@transaction.atomic
def indicator_value_record(
    *,
    region,
    indicator: Indicator,
    year: int,
    value: Decimal | None,
    comparator: str = "",
    raw: str = "",
    source: str,
    user=None,
    source_plan=None,
    comment: str = "",
    refresh_status: bool = True,
    expected_version: int | None = None,
) -> ValueRecordResult:
    """Create or change one yearly value and append its history.

    Values printed in a plan never overwrite what staff entered or uploaded:
    a plan-sourced write onto a non-plan value is ``kept`` unchanged.
    Saving the same number again writes nothing; saving a blank where no value
    exists writes nothing either (blank is "no value", never zero). The status
    table is refreshed in the same transaction unless the caller (a bulk save)
    refreshes once at the end.

    Writes by people (entered / uploaded / admin) are refused with
    :class:`ValueLocked` when the (region, year) is approved, and with
    :class:`ValueConflict` when ``expected_version`` (the version the person
    saw; 0 = "there was no value") is not the stored one — so the second of
    two concurrent edits is refused instead of silently overwriting the first.
    Out-of-range numbers from people raise ``ValidationError``.
    """
    if source in LOCKED_SOURCES:
        state = year_state(region=region, year=year, for_update=True)
        if state == YearSubmission.State.APPROVED:
            raise ValueLocked(region=region, year=year, indicator=indicator)
        if state == YearSubmission.State.SUBMITTED:
            raise ValueFrozen(region=region, year=year)
        problem = range_problem(indicator=indicator, value=value)
        if problem:
            raise ValidationError({"value": problem})
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(region=region, indicator=indicator, year=year)
        .first()
    )
    if source in LOCKED_SOURCES or expected_version is not None:
        # People's writes must name the version they replace (a missing version over a stored
        # value is refused); plan imports never overwrite people's values anyway (``kept``).
        _check_version(existing, indicator=indicator, year=year, expected_version=expected_version)
    if existing is not None:
        if source == ValueSource.PLAN and existing.source != ValueSource.PLAN:
            return ValueRecordResult(existing, "kept")
        if _same(existing, value, comparator):
            return ValueRecordResult(existing, "unchanged")
        change = ValueChange(
            value=existing,
            old_value=existing.value,
            old_comparator=existing.comparator,
            old_raw=existing.raw,
            new_value=value,
            new_comparator=comparator,
            new_raw=raw,
            source=source,
            source_plan=source_plan,
            changed_by=user,
            comment=comment,
        )
        existing.value = value
        existing.comparator = comparator
        existing.raw = raw
        existing.source = source
        existing.source_plan = source_plan
        existing.updated_by = user
        existing.comment = comment
        existing.version += 1
        existing.full_clean()
        existing.save()
        change.full_clean()
        change.save()
        if refresh_status:
            status_refresh_for_value(region=region, indicator=indicator)
        return ValueRecordResult(existing, "updated")

    if value is None:
        return ValueRecordResult(None, "unchanged")
    created = IndicatorValue(
        region=region,
        indicator=indicator,
        year=year,
        value=value,
        comparator=comparator,
        raw=raw,
        source=source,
        source_plan=source_plan,
        updated_by=user,
        comment=comment,
    )
    try:
        with transaction.atomic():
            created.full_clean()
            created.save()
    except (IntegrityError, ValidationError):
        # Someone created the same (region, indicator, year) since we looked: a concurrent edit.
        current = (
            IndicatorValue.objects.select_related("updated_by")
            .filter(region=region, indicator=indicator, year=year)
            .first()
        )
        if current is None:
            raise
        raise ValueConflict(
            indicator=indicator, year=year, current=current, expected_version=expected_version
        ) from None
    change = ValueChange(
        value=created,
        new_value=value,
        new_comparator=comparator,
        new_raw=raw,
        source=source,
        source_plan=source_plan,
        changed_by=user,
        comment=comment,
    )
    change.full_clean()
    change.save()
    if refresh_status:
        status_refresh_for_value(region=region, indicator=indicator)
    return ValueRecordResult(created, "created")


@dataclass(frozen=True)
class ValueInput:
    """One value of a bulk save (a form post or a confirmed upload)."""

    indicator: Indicator
    year: int
    value: Decimal | None
    comparator: str = ""
    raw: str = ""
    comment: str = ""
    expected_version: int | None = None
    key: str = ""  # the caller's handle for problems: a form field name, a sheet cell


@dataclass(frozen=True)
class ValueProblem:
    key: str
    indicator: Indicator
    year: int
    message: str
    current: IndicatorValue | None = None


class ValuesRefused(Exception):
    """Nothing of a bulk save was written; ``problems`` says why, entry by entry."""

    def __init__(self, problems: list[ValueProblem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class BulkResult:
    results: list[ValueRecordResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def changed(self) -> int:
        return self.count("created") + self.count("updated")


@transaction.atomic
def indicator_values_record(*, region, entries: Sequence[ValueInput], source: str, user=None) -> BulkResult:
    """Save many values of one region in ONE transaction: all of them or none.

    Each entry goes through :func:`indicator_value_record` (history, locks, versions,
    ranges); every refusal is collected so the person sees all problems at once, and
    then the whole save is rolled back. The status table is refreshed once, at the end,
    inside the same transaction.
    """
    problems: list[ValueProblem] = []
    bulk = BulkResult()
    for entry in entries:
        try:
            result = indicator_value_record(
                region=region,
                indicator=entry.indicator,
                year=entry.year,
                value=entry.value,
                comparator=entry.comparator,
                raw=entry.raw,
                source=source,
                user=user,
                comment=entry.comment,
                refresh_status=False,
                expected_version=entry.expected_version,
            )
        except ValueConflict as exc:
            problems.append(ValueProblem(entry.key, entry.indicator, entry.year, exc.message, exc.current))
        except ValueWriteRefused as exc:
            problems.append(ValueProblem(entry.key, entry.indicator, entry.year, exc.message))
        except ValidationError as exc:
            message = "；".join(exc.messages)
            problems.append(ValueProblem(entry.key, entry.indicator, entry.year, message))
        else:
            bulk.results.append(result)
    if problems:
        raise ValuesRefused(problems)
    changed = [r.value.indicator for r in bulk.results if r.outcome in ("created", "updated")]
    if changed:
        status_refresh_for_indicators(region=region, indicators=changed)
    return bulk


@transaction.atomic
def manual_status_set(
    *, row: PlanIndicator, indicator: Indicator, status: str, note: str, user
) -> ManualStatus:
    """Record a person's judgement of a qualitative target and refresh its status row."""
    judgement = ManualStatus.objects.filter(plan_indicator=row, indicator=indicator).first() or ManualStatus(
        plan_indicator=row, indicator=indicator
    )
    judgement.status = status
    judgement.note = note
    judgement.set_by = user
    judgement.full_clean()
    judgement.save()
    status_refresh_rows([row])
    return judgement
