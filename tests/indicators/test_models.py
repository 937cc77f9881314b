"""Rules that must always hold are database constraints, surfaced by full_clean()."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import Indicator, IndicatorValue, PlanIndicator, Target
from tests.conftest import make_indicator


def test_a_value_is_unique_per_region_indicator_and_year(region, indicator):
    IndicatorValue.objects.create(
        region=region, indicator=indicator, year=2021, value=Decimal("1"), source="entered"
    )
    duplicate = IndicatorValue(
        region=region, indicator=indicator, year=2021, value=Decimal("2"), source="entered"
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_bound_needs_a_number(region, indicator):
    value = IndicatorValue(
        region=region, indicator=indicator, year=2021, value=None, comparator="<", source="entered"
    )
    with pytest.raises(ValidationError) as excinfo:
        value.full_clean()
    assert "value_bound_needs_number" in str(excinfo.value)


def test_a_plan_sourced_value_names_its_plan(region, indicator):
    value = IndicatorValue(region=region, indicator=indicator, year=2021, value=Decimal("1"), source="plan")
    with pytest.raises(ValidationError) as excinfo:
        value.full_clean()
    assert "value_plan_source_names_plan" in str(excinfo.value)


def test_an_unknown_value_source_is_refused_by_the_database(region, indicator):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            region=region, indicator=indicator, year=2021, value=Decimal("1"), source="x"
        )


def test_an_absolute_target_needs_a_value(plan, indicator):
    row = PlanIndicator.objects.create(plan=plan, indicator=indicator, order=0, name="指标", line=1)
    target = Target(plan_indicator=row, year=2025, raw="≥5", kind="absolute", comparator=">=", value=None)
    with pytest.raises(ValidationError) as excinfo:
        target.full_clean()
    assert "target_absolute_has_value" in str(excinfo.value)


def test_a_none_target_carries_no_number(plan, indicator):
    row = PlanIndicator.objects.create(plan=plan, indicator=indicator, order=0, name="指标", line=1)
    target = Target(plan_indicator=row, year=2025, raw="—", kind="none", value=Decimal("1"))
    with pytest.raises(ValidationError):
        target.full_clean()
    Target(plan_indicator=row, year=2025, raw="—", kind="none").full_clean()


def test_plan_rows_are_unique_by_order(plan, indicator):
    PlanIndicator.objects.create(plan=plan, indicator=indicator, order=0, name="指标", line=1)
    with pytest.raises(ValidationError):
        PlanIndicator(plan=plan, indicator=indicator, order=0, name="指标二", line=2).full_clean()


def test_a_catalog_range_must_be_ordered(db):
    indicator = Indicator(code="X1", name="x", min_value=Decimal("10"), max_value=Decimal("1"))
    with pytest.raises(ValidationError):
        indicator.full_clean()


def test_indicator_codes_are_unique(db):
    make_indicator("A1")
    with pytest.raises(ValidationError):
        Indicator(code="A1", name="重复").full_clean()
