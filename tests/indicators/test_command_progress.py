"""``manage.py progress PLAN --as-of YEAR --format json`` against hand-computed expectations.

The five plans are loaded, staff "enter" yearly values, and the command's JSON is compared
with numbers worked out by hand from the documents (DOMAIN.md §3, §7):
compound projection P = latest × (latest / start)^((target year − latest year) / span),
progress ratio = (P − start) / (target − start); on track ≥ 0.95, needs acceleration ≥ 0.5,
limited ≥ 0, moving away below.
"""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from indicators.models import Indicator
from indicators.services import indicator_value_record
from plans.models import Plan, Region
from plans.seed import seed_load
from tests.conftest import current_version


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


def enter(short_name: str, code: str, year: int, value: str) -> None:
    """A yearly value typed in by district staff."""
    region, indicator = Region.objects.get(short_name=short_name), Indicator.objects.get(code=code)
    indicator_value_record(
        region=region,
        indicator=indicator,
        year=year,
        value=Decimal(value),
        raw=value,
        source="entered",
        expected_version=current_version(region, indicator, year),
    )


def progress(plan: str, as_of: int) -> dict:
    out = StringIO()
    call_command("progress", plan, "--as-of", str(as_of), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def entry(report: dict, name: str, code: str | None = None) -> dict:
    (found,) = [e for e in report["indicators"] if e["name"] == name and (code is None or e["code"] == code)]
    return found


def warning_codes(e: dict) -> list[str]:
    return [w["code"] for w in e["warnings"]]


# --------------------------------------------------------------------------- output shape


def test_each_entry_has_every_field_the_issue_lists(seeded):
    report = progress("克拉玛依区", 2026)

    assert report["as_of"] == 2026
    assert len(report["indicators"]) == 16
    e = entry(report, "人均期望寿命")
    assert {
        "name",
        "code",
        "unit",
        "direction",
        "baseline",
        "latest",
        "target",
        "status",
        "projected",
        "expected",
        "warnings",
    } <= set(e)
    assert (e["name"], e["code"], e["unit"], e["direction"]) == (
        "人均期望寿命",
        "HL01",
        "岁",
        "higher_is_better",
    )
    assert {k: e["baseline"][k] for k in ("year", "value", "raw")} == {
        "year": 2025,
        "value": 83.63,
        "raw": "83.63",
    }
    assert (e["latest"]["year"], e["latest"]["value"]) == (2025, 83.63)
    assert {k: e["target"][k] for k in ("year", "raw", "comparator", "value")} == {
        "year": 2030,
        "raw": "82",
        "comparator": ">=",
        "value": 82.0,
    }
    assert e["status"] == "holding"  # the 2025 value already meets the floor: 保持达标, not 已达成
    assert (e["start_met"], e["target_behind_start"], e["provisional"]) == (True, True, False)
    assert e["expected"]["year"] == 2026
    assert all(set(w) == {"code", "message"} for w in e["warnings"])


def test_every_row_of_a_plan_with_a_combined_row_is_reported_once_per_indicator(seeded):
    report = progress("仁和区", 2026)
    assert len(report["indicators"]) == 23
    combined = [e for e in report["indicators"] if e["name"].startswith("孕产妇系统管理率和")]
    assert [(e["code"], e["target"]["raw"], e["baseline"]["value"]) for e in combined] == [
        ("SV08", "≥95", 94.0),
        ("SV09", "≥95", 94.0),
    ]


# --------------------------------------------------------------------------- bare numbers and direction


def test_a_bare_maternal_mortality_target_is_a_ceiling(seeded):
    e = entry(progress("克拉玛依区", 2026), "孕产妇死亡率")
    assert e["direction"] == "lower_is_better"
    assert (e["target"]["raw"], e["target"]["comparator"], e["target"]["value"]) == ("12", "<=", 12.0)
    assert (e["baseline"]["value"], e["status"]) == (0.0, "holding")


def test_a_maternal_mortality_above_the_ceiling_after_a_zero_baseline_is_projected_linearly(seeded):
    enter("克拉玛依区", "HL03", 2026, "15")

    e = entry(progress("克拉玛依区", 2026), "孕产妇死亡率")

    # 0 (2025) → 15 (2026): linear, 15 + 15 × 4 = 75 in 2030; the ceiling 12 is not met
    assert e["latest"] == {"year": 2026, "value": 15.0, "comparator": None}
    assert e["projected"] == 75.0
    assert e["status"] == "moving_away"
    assert e["expected"] == {"year": 2026, "value": 2.4}  # 0 + (12 − 0) × 1/5


def test_a_bare_life_expectancy_target_below_the_current_level_is_a_floor_already_met(seeded):
    enter("克拉玛依区", "HL01", 2026, "83.8")

    e = entry(progress("克拉玛依区", 2026), "人均期望寿命")

    assert (e["target"]["comparator"], e["target"]["value"]) == (">=", 82.0)
    assert e["latest"] == {"year": 2026, "value": 83.8, "comparator": None}
    assert e["status"] == "holding"
    assert e["provisional"] is True  # 2026 is entered, not approved
    assert "already_met" in warning_codes(e)


def test_a_smoking_rate_target_above_its_baseline_is_flagged_as_the_wrong_direction(seeded):
    e = entry(progress("铁门关市", 2026), "15岁以上人群吸烟率")
    assert e["direction"] == "lower_is_better"
    assert (e["baseline"]["value"], e["target"]["comparator"], e["target"]["value"]) == (22.4, "<=", 23.3)
    assert "wrong_direction" in warning_codes(e)


def test_an_explicit_bound_looser_than_the_baseline_is_only_already_met(seeded):
    e = entry(progress("克拉玛依区", 2026), "婴儿死亡率")
    assert (e["target"]["comparator"], e["target"]["value"]) == ("<", 5.0)
    assert warning_codes(e) == ["already_met"]


# --------------------------------------------------------------------------- relative targets


def test_an_annual_points_target_resolves_from_the_baseline(seeded):
    e = entry(progress("铁门关市", 2024), "儿童青少年总体近视率")
    # 52.62 − 0.5 × 5 = 50.12
    assert e["target"]["raw"] == "每年降低0.5个百分点"
    assert (e["target"]["comparator"], e["target"]["value"]) == ("<=", 50.12)
    assert e["expected"] == {"year": 2024, "value": 50.62}  # 52.62 − 2.5 × 4/5


def test_the_city_myopia_rate_with_力争_resolves_the_same_way(seeded):
    e = entry(progress("仁和区", 2024), "市儿童青少年总体近视率（%）")
    # 43.14 − 0.5 × 5 = 40.64
    assert (e["code"], e["target"]["comparator"], e["target"]["value"]) == ("SV07", "<=", 40.64)


def test_a_percent_of_baseline_target_without_any_baseline_stays_unresolved(seeded):
    e = entry(progress("康巴什区", 2024), "重大慢性疾病过早死亡率(%)")
    assert e["target"]["raw"] == "比基期降低10%"
    assert (e["target"]["kind"], e["target"]["value"]) == ("unresolved", None)
    assert e["status"] == "insufficient_data"


def test_a_percent_of_baseline_target_is_computed_once_the_base_year_value_is_entered(seeded):
    enter("康巴什区", "HL06", 2020, "12.0")
    enter("康巴什区", "HL06", 2023, "11.5")

    e = entry(progress("康巴什区", 2024), "重大慢性疾病过早死亡率(%)")

    # 12.0 × (1 − 10 %) = 10.8
    assert (e["target"]["kind"], e["target"]["comparator"], e["target"]["value"]) == ("numeric", "<=", 10.8)
    assert e["baseline"]["year"] == 2020


def test_a_same_ratio_target_follows_life_expectancy_once_its_baseline_is_known(seeded):
    enter("铁门关市", "HL02", 2020, "68.0")

    e = entry(progress("铁门关市", 2024), "健康预期寿命")

    # 68.0 × 80.47 / 79.36 = 68.9511
    assert (e["target"]["kind"], e["target"]["comparator"]) == ("numeric", ">=")
    assert e["target"]["value"] == pytest.approx(68.95, abs=1e-9)  # derived, kept at the inputs' 2 places


# --------------------------------------------------------------------------- 004: 2015 and 2020 columns, 2030 targets


@pytest.fixture
def baliqun(seeded):
    return progress("巴里坤哈萨克自治县", 2026)


def test_baliqun_life_expectancy_needs_acceleration(baliqun):
    e = entry(baliqun, "人均预期寿命（岁）")
    # 76 × (76 / 74.9)^(10/5) = 78.2487; P = (78.2487 − 74.9) / (79 − 74.9) = 0.8168
    assert e["baseline"] == {"year": 2020, "value": 76.0, "comparator": None, "raw": "76"}
    assert (e["target"]["year"], e["target"]["comparator"], e["target"]["value"]) == (2030, ">=", 79.0)
    assert round(e["projected"], 2) == 78.25
    assert round(e["progress_ratio"], 4) == 0.8168
    assert e["status"] == "acceleration_needed"
    assert e["expected"] == {"year": 2026, "value": 77.8}  # 76 + 3 × 6/10


def test_baliqun_maternal_mortality_in_1_per_100k_is_on_track(baliqun):
    e = entry(baliqun, "孕产妇死亡率（1/10万）")
    # 20 × (20 / 77.49)^2 = 1.3323; P = (1.3323 − 77.49) / (10 − 77.49) = 1.1284
    assert (e["code"], e["unit"]) == ("HL03", "1/10万")
    assert (e["target"]["comparator"], e["target"]["value"]) == ("<=", 10.0)
    assert round(e["projected"], 2) == 1.33
    assert e["status"] == "on_track"
    assert "unit_mismatch" not in warning_codes(e)


def test_baliqun_out_of_pocket_share_is_limited(baliqun):
    e = entry(baliqun, "个人卫生支出占卫生总费用的比重（%）")
    # 28 × (28 / 29.3)^2 = 25.5705; P = (25.5705 − 29.3) / (20 − 29.3) = 0.4010
    assert round(e["projected"], 2) == 25.57
    assert round(e["progress_ratio"], 3) == 0.401
    assert e["status"] == "limited"


def test_baliqun_qualitative_air_quality_target_is_manual(baliqun):
    e = entry(baliqun, "地级及以上城市空气质量优良天数比率（%）")
    assert (e["target"]["raw"], e["target"]["kind"], e["status"]) == (
        "达到自治区约束性指标要求",
        "manual",
        "manual",
    )
    assert e["latest"] == {"year": 2020, "value": 86.8, "comparator": None}


# --------------------------------------------------------------------------- trend statuses


def test_life_expectancy_close_to_its_path_is_on_track(seeded):
    enter("铁门关市", "HL01", 2022, "79.8")

    e = entry(progress("铁门关市", 2024), "人均预期寿命")

    # 79.8 × (79.8 / 79.36)^(3/2) = 80.4646; P = (80.4646 − 79.36) / (80.47 − 79.36) = 0.9951
    assert round(e["projected"], 2) == 80.46
    assert round(e["progress_ratio"], 4) == 0.9951
    assert e["status"] == "on_track"
    assert e["expected"] == {"year": 2024, "value": 80.248}  # 79.36 + 1.11 × 4/5


def test_a_lower_is_better_indicator_moving_the_wrong_way_is_moving_away(seeded):
    enter("仁和区", "HL06", 2023, "11.2")

    e = entry(progress("仁和区", 2024), "重大慢性病过早死亡率（%）")

    # 11.2 × (11.2 / 10.69)^(2/3) = 11.5534; P = (11.5534 − 10.69) / (10.57 − 10.69) = −7.1954
    assert (e["target"]["comparator"], e["target"]["value"]) == ("<=", 10.57)
    assert round(e["projected"], 2) == 11.55
    assert round(e["progress_ratio"], 2) == -7.20
    assert e["status"] == "moving_away"
    assert e["expected"] == {"year": 2024, "value": 10.594}  # 10.69 − 0.12 × 4/5


def test_a_binding_target_breached_in_a_plan_year_is_flagged_whatever_the_trend(seeded):
    enter("铁门关市", "SV07", 2023, "51.0")

    e = entry(progress("铁门关市", 2024), "儿童青少年总体近视率")

    # 51.0 × (51.0 / 52.62)^(2/3) = 49.9478: on track by 2025, yet above 50.12 now
    assert e["nature"] == "binding"
    assert round(e["projected"], 2) == 49.95
    assert e["trend_status"] == "on_track"
    assert e["status"] == "binding_breached"


def test_a_binding_out_of_pocket_ceiling_breached_in_2022(seeded):
    before = entry(progress("仁和区", 2024), "个人卫生支出占卫生总费用的比重（%）")
    assert before["status"] == "insufficient_data"  # 27.26 in 2020 is why the plan sets <27

    enter("仁和区", "SC01", 2022, "27.5")

    e = entry(progress("仁和区", 2024), "个人卫生支出占卫生总费用的比重（%）")
    assert (e["target"]["comparator"], e["target"]["value"]) == ("<", 27.0)
    assert e["status"] == "binding_breached"


def test_a_single_data_point_is_insufficient_data(seeded):
    enter("康巴什区", "HL01", 2022, "76.0")

    e = entry(progress("康巴什区", 2024), "人均预期寿命(岁)")

    assert e["baseline"] is None
    assert e["latest"] == {"year": 2022, "value": 76.0, "comparator": None}
    assert (e["status"], e["projected"]) == ("insufficient_data", None)


def test_a_zero_baseline_uses_a_linear_projection(seeded):
    enter("仁和区", "HL03", 2022, "8")
    enter("仁和区", "HL03", 2023, "16")

    e = entry(progress("仁和区", 2024), "孕产妇死亡率（/10万）")

    # 0 (2020) → 16 (2023): 16 + 16 × 2/3 = 26.67 in 2025, above the ceiling 14.5
    assert e["baseline"]["value"] == 0.0
    assert round(e["projected"], 2) == 26.67
    assert e["status"] == "moving_away"


def test_as_of_decides_which_values_count(seeded):
    enter("仁和区", "HL03", 2022, "8")
    enter("仁和区", "HL03", 2023, "16")

    then = entry(progress("仁和区", 2022), "孕产妇死亡率（/10万）")
    now = entry(progress("仁和区", 2024), "孕产妇死亡率（/10万）")

    assert (then["latest"]["year"], then["latest"]["value"], then["status"]) == (2022, 8.0, "holding")
    assert then["expected"] == {"year": 2022, "value": 5.8}  # 0 + 14.5 × 2/5
    assert (now["latest"]["year"], now["latest"]["value"], now["status"]) == (2023, 16.0, "moving_away")


# --------------------------------------------------------------------------- choosing the plan


def test_a_plan_can_be_named_by_id_or_by_region_short_or_full_name(seeded):
    renhe = Plan.objects.get(region__short_name="仁和区")
    by_id = progress(str(renhe.pk), 2024)
    assert by_id["plan"]["id"] == renhe.pk
    assert by_id == progress("仁和区", 2024) == progress("攀枝花市仁和区", 2024)
    assert by_id["plan"]["title"] == "攀枝花市仁和区“十四五”卫生健康发展规划"


@pytest.mark.parametrize("unknown", ["不存在区", "999999"])
def test_an_unknown_plan_exits_2_with_one_line_on_stderr(seeded, unknown):
    out, err = StringIO(), StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("progress", unknown, "--format", "json", stdout=out, stderr=err)

    assert exit_info.value.code == 2
    assert out.getvalue() == ""
    assert err.getvalue().strip().splitlines() == [f"找不到规划：{unknown}"]


# --------------------------------------------------------------------------- wording


def test_notes_and_warnings_quote_numbers_as_the_plan_wrote_them(seeded):
    e = entry(progress("克拉玛依区", 2026), "人均期望寿命")
    texts = [e["target"]["note"], *(w["message"] for w in e["warnings"])]
    assert not any("000000" in text for text in texts), texts
