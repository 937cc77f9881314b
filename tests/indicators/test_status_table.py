"""The precomputed status table: written with the value, equal to a full rebuild, one row per tracked pair."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from indicators.models import Indicator, IndicatorStatus, IndicatorValue, PlanIndicator
from indicators.services import indicator_value_record, manual_status_set
from indicators.status import status_rebuild_all
from plans.models import Region
from plans.seed import seed_load
from tests.conftest import current_version

_NOT_COMPARED = {"id", "computed_at"}


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The five plans loaded once for the module, in a transaction rolled back at its end.

    Django's ``setUpTestData`` pattern: each test still runs in its own savepoint (``db``),
    so what one test writes is gone before the next; loading takes seconds, so load once.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        seed_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    """Overrides ``tests/conftest.py``'s per-test load with the module's single load."""


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("zhang.san", password="x")


def _region(short_name: str) -> Region:
    return Region.objects.get(short_name=short_name)


def _code(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def _status(short_name: str, row_name: str, code: str | None = None) -> IndicatorStatus:
    row = PlanIndicator.objects.get(plan__region__short_name=short_name, name=row_name)
    return IndicatorStatus.objects.get(plan_indicator=row, indicator__code=code or row.indicator.code)


def _record(short_name: str, code: str, year: int, value: str, **extra):
    region, indicator = _region(short_name), _code(code)
    extra.setdefault("expected_version", current_version(region, indicator, year))
    return indicator_value_record(
        region=region,
        indicator=indicator,
        year=year,
        value=Decimal(value),
        raw=value,
        source="entered",
        **extra,
    )


def _table() -> dict[tuple[int, int], dict]:
    """Every status row, keyed by (plan row, indicator), without ids and timestamps."""
    fields = [f.attname for f in IndicatorStatus._meta.concrete_fields if f.attname not in _NOT_COMPARED]
    return {
        (row["plan_indicator_id"], row["indicator_id"]): row
        for row in IndicatorStatus.objects.values(*fields)
    }


# --------------------------------------------------------------------------- shape


def test_there_is_one_status_row_per_plan_row_and_tracked_indicator(seeded):
    expected = set()
    for row in PlanIndicator.objects.prefetch_related("extra_indicators"):
        expected.add((row.pk, row.indicator_id))
        expected.update((row.pk, extra.pk) for extra in row.extra_indicators.all())
    assert len(expected) == 93
    assert set(_table()) == expected
    assert IndicatorStatus.objects.count() == 93


def test_a_seed_status_row_carries_baseline_target_and_status(seeded):
    status = _status("铁门关市", "儿童青少年总体近视率")
    assert (status.baseline_year, status.baseline_value) == (2020, Decimal("52.62"))
    assert (status.target_year, status.target_raw) == (2025, "每年降低0.5个百分点")
    assert (status.target_comparator, status.target_value) == ("<=", Decimal("50.12"))
    assert status.status == "insufficient_data"


# --------------------------------------------------------------------------- same transaction


def test_saving_a_value_updates_its_status_row_before_the_transaction_commits(
    seeded, django_capture_on_commit_callbacks
):
    before = _status("仁和区", "重大慢性病过早死亡率（%）")
    assert (before.latest_year, before.status) == (2020, "insufficient_data")

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        _record("仁和区", "HL06", 2023, "11.2")
        inside = _status("仁和区", "重大慢性病过早死亡率（%）")
        assert (inside.latest_year, inside.latest_value) == (2023, Decimal("11.2"))
        assert inside.status == "moving_away"

    assert callbacks == []  # nothing deferred to after the commit


def test_an_error_after_the_write_rolls_back_the_value_and_its_status_together(seeded):
    region, hl06 = _region("仁和区"), _code("HL06")
    before = _table()

    with pytest.raises(RuntimeError, match="录入中断"), transaction.atomic():
        _record("仁和区", "HL06", 2023, "11.2")
        assert _status("仁和区", "重大慢性病过早死亡率（%）").latest_year == 2023
        raise RuntimeError("录入中断")

    assert not IndicatorValue.objects.filter(region=region, indicator=hl06, year=2023).exists()
    assert _table() == before


def test_a_value_for_one_half_of_the_combined_row_changes_only_that_halfs_status(seeded):
    _record("仁和区", "SV09", 2023, "96.5")

    sv09 = _status("仁和区", "孕产妇系统管理率和3岁以下儿童系统管理率（%）", "SV09")
    sv08 = _status("仁和区", "孕产妇系统管理率和3岁以下儿童系统管理率（%）", "SV08")
    assert (sv09.latest_year, sv09.latest_value, sv09.status) == (2023, Decimal("96.5"), "achieved")
    assert (sv08.latest_year, sv08.latest_value, sv08.status) == (2020, Decimal("94"), "insufficient_data")


def test_correcting_life_expectancy_refreshes_the_healthy_life_expectancy_that_follows_it(seeded):
    _record("仁和区", "HL02", 2020, "70.0")
    healthy = _status("仁和区", "健康预期寿命（岁）")
    # 70.0 × 79.5 / 78.84 = 70.586…, kept at the inputs' 2 places
    assert (healthy.target_kind, healthy.target_comparator) == ("numeric", ">=")
    assert healthy.target_value == Decimal("70.59")  # derived, kept at the inputs' 2 places

    _record("仁和区", "HL01", 2020, "79.0")

    healthy = _status("仁和区", "健康预期寿命（岁）")
    # 70.0 × 79.5 / 79.0 = 70.443…, kept at the inputs' 2 places
    assert healthy.target_value == Decimal("70.44")


# --------------------------------------------------------------------------- rebuild equals incremental


def test_the_rebuilt_table_equals_the_incrementally_maintained_one(seeded, staff):
    writes = [
        ("仁和区", "HL06", 2022, "10.9"),
        ("仁和区", "HL06", 2023, "11.2"),
        ("仁和区", "HL03", 2022, "8"),
        ("仁和区", "HL03", 2023, "16"),
        ("仁和区", "SV08", 2023, "96"),
        ("仁和区", "HL02", 2020, "70.0"),
        ("仁和区", "HL01", 2020, "79.0"),  # corrects a plan value; HL02 follows it
        ("铁门关市", "SV07", 2023, "51.0"),
        ("铁门关市", "HL01", 2022, "79.8"),
        ("铁门关市", "LS02", 2024, "21.9"),
        ("康巴什区", "HL06", 2020, "12.0"),
        ("康巴什区", "HL06", 2023, "11.5"),
        ("康巴什区", "HL01", 2022, "76.0"),
        ("克拉玛依区", "HL01", 2026, "83.8"),
        ("克拉玛依区", "HL03", 2026, "15"),
        ("巴里坤哈萨克自治县", "SC01", 2024, "27.1"),
        ("仁和区", "HL06", 2023, "10.6"),  # a correction of an entered value
    ]
    for short_name, code, year, value in writes:
        _record(short_name, code, year, value, user=staff)
    incremental = _table()
    assert incremental[_key("仁和区", "重大慢性病过早死亡率（%）")]["latest_value"] == Decimal("10.6")

    assert status_rebuild_all() == 93
    rebuilt = _table()

    assert set(rebuilt) == set(incremental)
    differing = {key: (incremental[key], rebuilt[key]) for key in rebuilt if rebuilt[key] != incremental[key]}
    assert differing == {}


def test_the_rebuild_command_recomputes_every_row(seeded):
    before = _table()
    IndicatorStatus.objects.filter(status="achieved").delete()

    out = _call("rebuild_status")

    assert out.strip() == "已重新计算 93 条指标进展"
    assert _table() == before


def _key(short_name: str, row_name: str) -> tuple[int, int]:
    row = PlanIndicator.objects.get(plan__region__short_name=short_name, name=row_name)
    return (row.pk, row.indicator_id)


def _call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# --------------------------------------------------------------------------- manual judgement


@pytest.fixture
def nursery_row(seeded):
    """002 康巴什区 每千人3岁以下婴幼儿托位数: target 达到国家平均水平."""
    return PlanIndicator.objects.get(
        plan__region__short_name="康巴什区", name="每千人3岁以下婴幼儿托位数(个)"
    )


def test_a_qualitative_target_waits_for_a_person(nursery_row):
    status = IndicatorStatus.objects.get(plan_indicator=nursery_row)
    assert (status.status, status.target_kind, status.target_raw) == ("manual", "manual", "达到国家平均水平")
    assert "待人工评估" in status.notes


def test_a_manual_judgement_keeps_the_status_manual_and_shows_the_note(nursery_row, staff):
    manual_status_set(
        row=nursery_row,
        indicator=nursery_row.indicator,
        status="on_track",
        note="2024年每千人托位数2.6个，接近全国平均水平",
        user=staff,
    )

    status = IndicatorStatus.objects.get(plan_indicator=nursery_row)
    assert status.status == "manual"
    assert "待人工评估" not in status.notes
    assert any(
        n.startswith("人工评估：进展顺利（2024年每千人托位数2.6个，接近全国平均水平）") for n in status.notes
    )


def test_a_second_judgement_replaces_the_first(nursery_row, staff):
    for verdict, note in [("on_track", "接近全国平均水平"), ("limited", "复核后仍低于全国平均水平")]:
        manual_status_set(
            row=nursery_row, indicator=nursery_row.indicator, status=verdict, note=note, user=staff
        )

    assert nursery_row.manual_statuses.count() == 1
    notes = IndicatorStatus.objects.get(plan_indicator=nursery_row).notes
    assert any(n.startswith("人工评估：进展缓慢（复核后仍低于全国平均水平）") for n in notes)
    assert not any("接近全国平均水平" in note for note in notes)


def test_the_status_row_names_who_judged_a_qualitative_target(nursery_row, staff):
    manual_status_set(
        row=nursery_row,
        indicator=nursery_row.indicator,
        status="on_track",
        note="接近全国平均水平",
        user=staff,
    )

    notes = IndicatorStatus.objects.get(plan_indicator=nursery_row).notes
    assert any("zhang.san" in note for note in notes)
