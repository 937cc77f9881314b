"""The value services behind every write path: versions, locks, ranges and all-or-nothing bulk saves."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import IndicatorStatus, IndicatorValue, ValueChange, YearSubmission
from indicators.services import (
    ValueConflict,
    ValueInput,
    ValueLocked,
    ValuesRefused,
    indicator_value_record,
    indicator_values_record,
)
from indicators.status import status_refresh_plan
from tests.indicators.excel_samples import entry_world


@pytest.fixture
def world(region):
    plan, indicators = entry_world(region)
    status_refresh_plan(plan)
    return plan, indicators


def _record(region, indicator, value, **kwargs):
    kwargs.setdefault("source", "entered")
    return indicator_value_record(
        region=region, indicator=indicator, year=2023, value=Decimal(value), raw=value, **kwargs
    )


def test_the_second_of_two_edits_from_the_same_version_is_refused(region, world, editor_a):
    _plan, (first, _second) = world
    _record(region, first, "70", user=editor_a)
    _record(region, first, "71", expected_version=1, user=editor_a)
    with pytest.raises(ValueConflict) as refused:
        _record(region, first, "72", expected_version=1)
    assert refused.value.current.value == Decimal("71")
    assert "改为 71" in refused.value.message and "editor_a" in refused.value.message
    assert IndicatorValue.objects.get(indicator=first, year=2023).value == Decimal("71")


def test_version_zero_means_there_was_no_value(region, world):
    _plan, (first, _second) = world
    _record(region, first, "70", expected_version=0)
    with pytest.raises(ValueConflict):
        _record(region, first, "71", expected_version=0)


def test_an_approved_year_refuses_entered_uploaded_and_admin_writes(region, world):
    _plan, (first, _second) = world
    _record(region, first, "70")
    YearSubmission.objects.create(region=region, year=2023, state="approved")
    for source in ("entered", "uploaded", "admin"):
        with pytest.raises(ValueLocked):
            _record(region, first, "71", source=source)
    assert IndicatorValue.objects.get(indicator=first, year=2023).value == Decimal("70")
    assert ValueChange.objects.filter(value__year=2023).count() == 1


def test_plan_document_imports_are_not_subject_to_locks(region, world):
    plan, (first, _second) = world
    YearSubmission.objects.create(region=region, year=2023, state="approved")
    result = _record(region, first, "70", source="plan", source_plan=plan)
    assert result.outcome == "created"


def test_the_service_refuses_out_of_range_values_from_people(region, world):
    _plan, (first, _second) = world
    with pytest.raises(ValidationError):
        _record(region, first, "101")


def test_a_blank_where_there_is_no_value_writes_nothing(region, world):
    _plan, (first, _second) = world
    result = indicator_value_record(region=region, indicator=first, year=2023, value=None, source="entered")
    assert (result.value, result.outcome) == (None, "unchanged")
    assert not IndicatorValue.objects.filter(year=2023).exists()


def test_a_bulk_save_is_all_or_nothing(region, world):
    _plan, (first, second) = world
    _record(region, first, "70")
    entries = [
        ValueInput(indicator=second, year=2023, value=Decimal("66"), raw="66", expected_version=0, key="a"),
        ValueInput(indicator=first, year=2023, value=Decimal("75"), raw="75", expected_version=0, key="b"),
    ]
    with pytest.raises(ValuesRefused) as refused:
        indicator_values_record(region=region, entries=entries, source="entered")
    assert [p.key for p in refused.value.problems] == ["b"]
    assert not IndicatorValue.objects.filter(indicator=second, year=2023).exists()
    assert IndicatorValue.objects.get(indicator=first, year=2023).value == Decimal("70")


def test_a_bulk_save_refreshes_the_status_table_in_the_same_transaction(region, world):
    _plan, (first, second) = world
    entries = [
        ValueInput(indicator=first, year=2023, value=Decimal("80"), raw="80"),
        ValueInput(indicator=second, year=2023, value=Decimal("61"), raw="61"),
    ]
    result = indicator_values_record(region=region, entries=entries, source="entered")
    assert result.changed == 2
    statuses = {s.indicator_id: s.status for s in IndicatorStatus.objects.all()}
    assert statuses[first.pk] == "achieved"
    assert statuses[second.pk] != "insufficient_data"
