"""Writes to yearly values and to manual progress judgements.

Every value change goes through :func:`indicator_value_record` so that the
history row is written in the same transaction as the value, whoever calls it
(plan import, entry form, Excel upload, admin).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from .models import Indicator, IndicatorValue, ManualStatus, PlanIndicator, ValueChange, ValueSource
from .status import status_refresh_for_value, status_refresh_rows


@dataclass(frozen=True)
class ValueRecordResult:
    value: IndicatorValue
    outcome: str  # "created" | "updated" | "unchanged" | "kept"


def _same(existing: IndicatorValue, value: Decimal | None, comparator: str) -> bool:
    return existing.value == value and (existing.comparator or "") == (comparator or "")


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
) -> ValueRecordResult:
    """Create or change one yearly value and append its history.

    Values printed in a plan never overwrite what staff entered or uploaded:
    a plan-sourced write onto a non-plan value is ``kept`` unchanged.
    Saving the same number again writes nothing. The status table is refreshed
    in the same transaction unless the caller (a bulk import) refreshes once at the end.
    """
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(region=region, indicator=indicator, year=year)
        .first()
    )
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
    created.full_clean()
    created.save()
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
