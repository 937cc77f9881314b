"""Every change to a value keeps who, when, old and new — and only real changes are recorded."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from indicators.catalog import normalize_indicator_name
from indicators.models import IndicatorValue, ValueChange
from indicators.services import indicator_value_record
from tests.conftest import make_plan


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("staff", password="x")


def test_a_new_value_writes_one_history_row(region, indicator, staff):
    result = indicator_value_record(
        region=region,
        indicator=indicator,
        year=2022,
        value=Decimal("80.5"),
        raw="80.5",
        source="entered",
        user=staff,
    )
    assert result.outcome == "created"
    change = ValueChange.objects.get()
    assert (change.old_value, change.new_value, change.changed_by, change.source) == (
        None,
        Decimal("80.5"),
        staff,
        "entered",
    )


def test_a_change_keeps_old_and_new(region, indicator, staff):
    indicator_value_record(
        region=region, indicator=indicator, year=2022, value=Decimal("80.5"), source="entered"
    )
    result = indicator_value_record(
        region=region,
        indicator=indicator,
        year=2022,
        value=Decimal("81.25"),
        source="entered",
        user=staff,
        comment="复核",
        expected_version=1,
    )
    assert result.outcome == "updated"
    assert result.value.version == 2
    last = ValueChange.objects.order_by("id").last()
    assert (last.old_value, last.new_value, last.comment, last.changed_by) == (
        Decimal("80.5"),
        Decimal("81.25"),
        "复核",
        staff,
    )


def test_saving_the_same_value_again_records_nothing(region, indicator):
    indicator_value_record(
        region=region, indicator=indicator, year=2022, value=Decimal("7.50"), source="entered"
    )
    result = indicator_value_record(
        region=region,
        indicator=indicator,
        year=2022,
        value=Decimal("7.5"),
        source="entered",
        expected_version=1,
    )
    assert result.outcome == "unchanged"
    assert ValueChange.objects.count() == 1


def test_a_plan_document_never_overwrites_an_entered_value(region, indicator):
    plan = make_plan(region)
    indicator_value_record(
        region=region, indicator=indicator, year=2020, value=Decimal("5"), source="entered"
    )
    result = indicator_value_record(
        region=region, indicator=indicator, year=2020, value=Decimal("9"), source="plan", source_plan=plan
    )
    assert result.outcome == "kept"
    assert IndicatorValue.objects.get().value == Decimal("5")
    assert ValueChange.objects.count() == 1


def test_a_bound_is_kept_as_a_bound(region, indicator):
    plan = make_plan(region)
    result = indicator_value_record(
        region=region,
        indicator=indicator,
        year=2025,
        value=Decimal("10.50"),
        comparator="<",
        raw="＜10.50",
        source="plan",
        source_plan=plan,
    )
    assert (result.value.comparator, result.value.value, result.value.display) == (
        "<",
        Decimal("10.5"),
        "＜10.50",
    )


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("人均预期寿命(岁)", "人均预期寿命"),
        ("人均预期寿命（岁）", "人均预期寿命"),
        ("其中：每千人口中医类别执业（助理）医师数", "每千人口中医类别执业(助理)医师数"),
        ("每千人口执业（助理） 医师数", "每千人口执业(助理)医师数"),
        ("适龄儿童免疫规划疫苗接种率（%）", "适龄儿童免疫规划疫苗接种率"),
    ],
)
def test_row_names_are_normalized_for_matching(written, normalized):
    assert normalize_indicator_name(written) == normalized
