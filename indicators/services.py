"""Writes to the catalog and to yearly values.

Every value change goes through :func:`indicator_value_record` so that the
history row is written in the same transaction as the value, whoever calls it
(plan import, entry form, Excel upload, admin).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from .models import Indicator, IndicatorAlias, IndicatorValue, ValueChange, ValueSource

_UNIT_PAREN = re.compile(r"[（(][^（）()]{1,12}[）)]$")


def normalize_indicator_name(name: str) -> str:
    """Reduce a row name to what two plans writing the same indicator share.

    Full-width forms are folded, whitespace removed, the ``其中：`` prefix and a
    trailing unit parenthesis dropped. Catalog aliases are stored in this form.
    """
    text = unicodedata.normalize("NFKC", name or "")
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^其中[:：]", "", text)
    text = _UNIT_PAREN.sub("", text)
    return text


def indicator_for_row(*, name: str, unit: str, plan) -> Indicator:
    """The catalog entry a plan row refers to; a plan-local entry when none matches yet."""
    normalized = normalize_indicator_name(name)
    alias = IndicatorAlias.objects.select_related("indicator").filter(normalized=normalized).first()
    if alias is not None:
        return alias.indicator
    existing = Indicator.objects.filter(local_to_plan=plan, name=normalized, unit=unit or "").first()
    if existing is not None:
        return existing
    indicator = Indicator(
        code=f"LOCAL-{plan.pk}-{Indicator.objects.filter(local_to_plan=plan).count() + 1}",
        name=normalized or name,
        unit=unit or "",
        local_to_plan=plan,
    )
    indicator.full_clean()
    indicator.save()
    return indicator


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
) -> ValueRecordResult:
    """Create or change one yearly value and append its history.

    Values printed in a plan never overwrite what staff entered or uploaded:
    a plan-sourced write onto a non-plan value is ``kept`` unchanged.
    Saving the same number again writes nothing.
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
    return ValueRecordResult(created, "created")
