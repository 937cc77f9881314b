"""The progress engine (DOMAIN §7): statuses, edge cases and properties."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.progress import (
    STATUS_LABELS,
    STATUS_ORDER,
    Assessment,
    ManualStatus,
    Point,
    Thresholds,
    assess,
    expected_value,
)
from indicators.resolution import ResolvedTarget

UP, DOWN = 1, -1
D = Decimal


def numeric(comparator, value, year=2025):
    return ResolvedTarget("numeric", comparator, D(str(value)), year)


def run(direction, base, points, target, **kwargs) -> Assessment:
    baseline = Point(*base) if base is not None else None
    return assess(
        direction=direction,
        baseline=baseline,
        observations=[Point(*p) for p in points],
        target=target,
        **kwargs,
    )


def test_every_status_has_a_chinese_label():
    assert STATUS_LABELS == {
        "achieved": "已达成",
        "holding": "保持达标",
        "on_track": "进展顺利",
        "acceleration_needed": "需加快",
        "limited": "进展缓慢",
        "moving_away": "倒退",
        "binding_breached": "未达约束性要求",
        "insufficient_data": "数据不足",
        "manual": "人工评估",
        "no_target": "无目标",
    }
    assert set(STATUS_ORDER) <= set(STATUS_LABELS)


# --------------------------------------------------------------------------- achieved


def test_000_life_expectancy_floor_is_already_met():
    result = run(UP, (2025, D("83.63")), [], numeric(">=", 82, 2030))
    assert result.status == "holding"  # met at the start: a floor to hold, not progress
    assert result.label == "保持达标"
    assert result.start_met
    assert result.latest == Point(2025, D("83.63"))


def test_000_maternal_mortality_ceiling_of_12_is_met_by_0():
    result = run(DOWN, (2025, D("0")), [(2026, D("3"))], numeric("<=", 12, 2030))
    assert result.status == "holding"


def test_a_bound_latest_value_counts_as_achieved_only_when_the_whole_bound_meets_the_target():
    assert run(DOWN, None, [(2025, D("10.50"), "<")], numeric("<=", 12)).status == "achieved"
    straddling = run(DOWN, None, [(2025, D("15"), "<")], numeric("<=", 12))
    assert straddling.status == "insufficient_data"


def test_a_strict_bound_must_be_passed_not_touched():
    assert run(UP, (2020, 3), [(2023, 4)], numeric(">", 4)).status != "achieved"
    assert run(UP, (2020, 3), [(2023, D("4.01"))], numeric(">", 4)).status == "achieved"


# --------------------------------------------------------------------------- trend statuses, both directions


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (D("19.6"), "on_track"),  # projected 20.04, P ≈ 1.02
        (D("19.0"), "acceleration_needed"),  # P ≈ 0.65
        (D("18.3"), "limited"),  # P ≈ 0.19
        (D("17.9"), "moving_away"),  # P < 0
    ],
)
def test_higher_is_better_statuses_follow_the_share_of_the_required_change(latest, status):
    # 18 → target 20 by 2025; compound projection from 2020–2024, one year ahead.
    result = run(UP, (2020, D("18")), [(2024, latest)], numeric(">=", 20))
    assert result.status == status
    assert result.trend_status == status


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (D("20.4"), "on_track"),
        (D("21.2"), "acceleration_needed"),
        (D("22.0"), "limited"),
        (D("22.5"), "moving_away"),
    ],
)
def test_lower_is_better_statuses_follow_the_share_of_the_required_change(latest, status):
    # 001 吸烟率 style: 22.40 → ≤20 by 2025.
    result = run(DOWN, (2020, D("22.40")), [(2024, latest)], numeric("<=", 20))
    assert result.status == status


def test_a_lower_is_better_indicator_moving_the_wrong_way_is_moving_away():
    result = run(DOWN, (2020, D("22.40")), [(2022, D("23.30"))], numeric("<=", 20))
    assert result.status == "moving_away"
    assert result.progress_ratio < 0
    assert result.projected > D("23.30")


def test_compound_growth_projection_and_ratio():
    result = run(UP, (2020, 100), [(2022, 110)], numeric(">=", 130))
    # 110 × 1.1^(3/2) = 126.9059; P = 26.9059 / 30 = 0.8969
    assert result.projected == D("126.9059")
    assert result.progress_ratio == D("0.8969")
    assert result.status == "acceleration_needed"
    assert any("复合增长率" in note for note in result.notes)


def test_a_zero_baseline_falls_back_to_a_linear_projection():
    result = run(UP, (2020, 0), [(2022, 2)], numeric(">=", 10))
    assert result.projected == D("5.0000")  # 2 + 1 a year × 3 years, never a 0.001 substitute
    assert result.progress_ratio == D("0.5000")
    assert result.status == "acceleration_needed"
    assert any("线性" in note for note in result.notes)


def test_values_of_different_signs_use_the_linear_projection():
    result = run(UP, (2020, -2), [(2022, 1)], numeric(">=", 10))
    assert result.projected == D("5.5000")
    assert result.status == "acceleration_needed"  # 7.5 / 12


def test_the_latest_value_is_its_own_projection_once_the_target_year_has_come():
    result = run(UP, (2020, 18), [(2024, 19), (2026, 19)], numeric(">=", 20))
    assert result.projected == D("19.0000")
    assert result.status == "acceleration_needed"  # P = 0.5


def test_a_target_equal_to_the_baseline_not_met_is_moving_away():
    # 001 床位数 7.50 → 7.50: falling below the floor is moving away.
    result = run(UP, (2020, D("7.50")), [(2022, D("7.20"))], numeric(">=", D("7.50")))
    assert result.status == "moving_away"
    assert result.progress_ratio is None
    assert run(UP, (2020, D("7.50")), [(2022, D("7.50"))], numeric(">=", D("7.50"))).status == "holding"


def test_a_strict_target_equal_to_a_flat_baseline_is_limited():
    assert run(UP, (2020, 7), [(2022, 7)], numeric(">", 7)).status == "limited"


def test_a_target_behind_the_baseline_is_judged_by_the_projection():
    # 000: 83.63 with floor 82; a fall below the floor is moving away, not "on track".
    falling = run(UP, (2025, D("83.63")), [(2027, D("81.5"))], numeric(">=", 82, 2030))
    assert falling.status == "moving_away"
    assert falling.progress_ratio is None
    recovering = run(UP, (2025, D("83.63")), [(2026, D("70")), (2027, D("81.9"))], numeric(">=", 82, 2030))
    assert recovering.start == Point(2025, D("83.63"))
    assert recovering.status == "moving_away"


# --------------------------------------------------------------------------- binding targets


def test_a_binding_target_on_the_wrong_side_is_breached_whatever_the_trend():
    result = run(UP, (2020, D("1.80")), [(2024, D("3.90"))], numeric(">=", D("4.00")), binding=True)
    assert result.status == "binding_breached"
    assert result.binding_ok is False
    assert result.trend_status == "on_track"  # the trend is still reported


def test_a_binding_target_met_is_achieved():
    result = run(DOWN, (2020, 18), [(2023, 9)], numeric("<=", 12), binding=True)
    assert (result.status, result.binding_ok) == ("achieved", True)


def test_a_binding_breach_needs_no_trend():
    result = run(DOWN, None, [(2023, 14)], numeric("<=", 12), binding=True)
    assert result.status == "binding_breached"


def test_a_bound_latest_value_cannot_breach_a_binding_target_unless_wholly_outside():
    unknown = run(DOWN, (2020, 18), [(2022, 15), (2023, 15, "<")], numeric("<=", 12), binding=True)
    assert unknown.binding_ok is None
    assert unknown.status == "on_track"  # trend from the exact 2020 and 2022 values
    outside = run(DOWN, (2020, 18), [(2023, 15, ">")], numeric("<=", 12), binding=True)
    assert outside.status == "binding_breached"


def test_001_myopia_binding_with_an_annual_points_target():
    target = numeric("<=", D("50.12"))
    result = run(DOWN, (2020, D("52.62")), [(2022, D("51.50"))], target, binding=True, as_of=2022)
    assert result.status == "binding_breached"
    assert result.expected == (2022, D("51.6200"))
    assert result.deviation == D("-0.1200")  # ahead of the straight path, lower being better


# --------------------------------------------------------------------------- insufficient data


def test_one_data_point_is_insufficient_data():
    result = run(UP, None, [(2023, 19)], numeric(">=", 20))
    assert result.status == "insufficient_data"
    assert result.progress_ratio is None
    assert result.projected is None


def test_a_baseline_alone_is_insufficient_data():
    assert run(UP, (2020, 18), [], numeric(">=", 20)).status == "insufficient_data"


def test_a_bound_baseline_is_not_a_point_for_growth():
    result = run(DOWN, (2025, D("10.50"), "<"), [(2026, D("11"))], numeric("<=", 10, 2030))
    assert result.status == "insufficient_data"
    assert any("区间" in note for note in result.notes)


def test_a_value_of_the_baseline_year_replaces_it_as_a_point():
    assert run(UP, (2020, 18), [(2020, 19)], numeric(">=", 20)).status == "insufficient_data"


def test_without_a_baseline_the_oldest_observation_starts_the_trend():
    result = run(UP, None, [(2021, 18), (2022, 17), (2024, D("19.6"))], numeric(">=", 20))
    assert result.start == Point(2021, D("18"))
    assert result.status == "on_track"


# --------------------------------------------------------------------------- direction-only and unresolved


@pytest.mark.parametrize(
    ("direction", "latest", "status"),
    [
        (UP, D("106.2"), "on_track"),  # just over 2 % a year for 3 years
        (UP, D("103"), "acceleration_needed"),  # ≈ 0.99 %
        (UP, D("101"), "limited"),
        (UP, D("99"), "moving_away"),
        (DOWN, D("94"), "on_track"),
        (DOWN, D("98"), "acceleration_needed"),
        (DOWN, D("99.5"), "limited"),
        (DOWN, D("100"), "limited"),
        (DOWN, D("101"), "moving_away"),
    ],
)
def test_direction_only_targets_are_rated_by_annual_growth(direction, latest, status):
    word = "up" if direction == UP else "down"
    target = ResolvedTarget("direction", direction_hint=direction, year=2025, note=f"仅要求{word}")
    result = run(direction, (2020, 100), [(2023, latest)], target)
    assert result.status == status
    assert result.annual_growth is not None


def test_a_direction_only_target_from_zero_is_rated_by_the_sign_of_the_change():
    target = ResolvedTarget("direction", direction_hint=UP)
    assert run(UP, (2020, 0), [(2022, 3)], target).status == "on_track"
    assert run(UP, (2020, 0), [(2022, 0)], target).status == "limited"
    assert run(UP, (2020, 0), [(2022, -1)], target).status == "moving_away"


def test_a_fall_to_zero_from_a_positive_start_is_minus_100_percent_a_year():
    result = run(DOWN, (2020, 5), [(2022, 0)], ResolvedTarget("direction", direction_hint=DOWN))
    assert result.annual_growth == D("-1.0000")
    assert result.status == "on_track"


def test_an_unresolved_relative_target_is_rated_by_its_wording():
    target = ResolvedTarget("unresolved", direction_hint=DOWN, note="缺少基期值，改按年均变化评估")
    result = run(0, (2020, 10), [(2023, 9)], target)
    assert result.status == "on_track"
    assert "缺少基期值，改按年均变化评估" in result.notes


def test_a_numeric_target_without_a_year_is_rated_by_growth():
    result = run(UP, (2020, 100), [(2023, 110)], ResolvedTarget("numeric", ">=", D("120")))
    assert result.status == "on_track"
    assert any("缺少年份" in note for note in result.notes)


def test_an_unknown_direction_takes_the_sense_from_the_comparator():
    assert run(0, (2020, 22), [(2023, 21)], numeric("<=", 20)).status == "acceleration_needed"
    unknown = run(0, (2020, 22), [(2023, 21)], ResolvedTarget("unresolved"))
    assert unknown.status == "insufficient_data"
    assert any("方向未定" in note for note in unknown.notes)


# --------------------------------------------------------------------------- manual and no target


def test_a_qualitative_target_without_a_judgement_waits_for_a_person():
    result = run(UP, (2020, 1), [(2023, 2)], ResolvedTarget("manual", note="定性目标「达到国家平均水平」"))
    assert result.status == "manual"
    assert "待人工评估" in result.notes
    assert result.latest == Point(2023, D("2"))
    assert result.trend_status == "on_track"  # shown to the person who judges


def test_a_qualitative_target_carries_the_persons_judgement():
    judgement = ManualStatus("on_track", note="已达到自治区平均水平", by="张三", at=date(2024, 3, 1))
    result = run(UP, None, [], ResolvedTarget("manual"), manual=judgement)
    assert (result.status, result.label, result.manual) == ("manual", "人工评估", judgement)
    assert any("进展顺利" in note and "自治区" in note for note in result.notes)


def test_no_target_still_reports_the_latest_value_and_the_trend():
    result = run(DOWN, (2020, 10), [(2022, 9), (2023, 8)], ResolvedTarget("none"))
    assert result.status == "no_target"
    assert result.latest == Point(2023, D("8"))
    assert result.trend_status == "on_track"
    assert result.annual_growth < 0


def test_an_unknown_target_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        run(UP, None, [], ResolvedTarget("percent"))


# --------------------------------------------------------------------------- straight path


def test_expected_value_on_the_straight_path():
    base = Point(2020, D("52.62"))
    assert expected_value(baseline=base, target_value=D("50.12"), target_year=2025, year=2023) == D("51.1200")
    assert expected_value(baseline=base, target_value=D("50.12"), target_year=2025, year=2030) == D("50.1200")
    assert expected_value(baseline=base, target_value=D("50.12"), target_year=2025, year=2010) == D("52.6200")
    assert expected_value(baseline=Point(2020, 5, "<"), target_value=4, target_year=2025, year=2022) is None
    assert expected_value(baseline=base, target_value=50, target_year=2020, year=2020) is None


def test_the_expected_value_is_for_as_of_and_the_deviation_for_the_latest_year():
    result = run(UP, (2020, 10), [(2022, 13)], numeric(">=", 20), as_of=2024)
    assert result.expected == (2024, D("18.0000"))
    assert result.deviation == D("-1.0000")  # 13 against 14 on the path in 2022


def test_values_after_as_of_are_ignored():
    result = run(UP, (2020, 10), [(2022, 13), (2024, 25)], numeric(">=", 20), as_of=2023)
    assert result.latest == Point(2022, D("13"))
    assert result.status != "achieved"


def test_a_later_entry_for_the_same_year_wins():
    result = run(UP, (2020, 10), [(2022, 25), (2022, 13)], numeric(">=", 20))
    assert result.latest == Point(2022, D("13"))


def test_floats_and_unusable_points_are_accepted():
    result = run(UP, (2020, 18.0), [(2022, float("nan")), (2024, 19.6)], numeric(">=", 20))
    assert result.status == "on_track"
    assert any("忽略" in note for note in result.notes)


# --------------------------------------------------------------------------- thresholds


def test_thresholds_can_be_overridden_from_settings():
    strict = Thresholds.with_overrides({"on_track": "1.0", "acceleration_needed": 0.8})
    assert strict.on_track == D("1.0")
    assert strict.acceleration_needed == D("0.8")
    assert run(UP, (2020, 18), [(2024, D("18.8"))], numeric(">=", 20), thresholds=strict).status == "limited"
    assert Thresholds.with_overrides(None) == Thresholds()


@pytest.mark.parametrize(
    "overrides",
    [
        {"on_trak": 1},
        {"on_track": "high"},
        {"on_track": 0.3},
        {"growth_limited": 0.05},
        {"limited": float("inf")},
    ],
)
def test_malformed_thresholds_fail_loudly(overrides):
    with pytest.raises(ValueError):
        Thresholds.with_overrides(overrides)


# --------------------------------------------------------------------------- properties

years = st.integers(min_value=1949, max_value=2100)
finite = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**30), max_value=10**30),
)
comparators = st.sampled_from([None, "<", "<=", ">", ">=", "="])
points = st.tuples(years, finite, comparators)
targets = st.one_of(
    st.builds(ResolvedTarget, st.just("numeric"), comparators, finite, st.none() | years),
    st.builds(
        ResolvedTarget,
        st.sampled_from(["direction", "unresolved"]),
        direction_hint=st.sampled_from([None, 1, -1]),
    ),
    st.builds(ResolvedTarget, st.sampled_from(["none", "manual"])),
)


def _all_finite(result: Assessment) -> bool:
    numbers = [result.projected, result.progress_ratio, result.annual_growth, result.deviation]
    if result.expected:
        numbers.append(result.expected[1])
    if result.latest:
        numbers.append(result.latest.value)
    return all(n is None or (isinstance(n, Decimal) and n.is_finite()) for n in numbers)


@settings(max_examples=400, deadline=None)
@given(
    direction=st.sampled_from([1, -1, 0]),
    baseline=st.none() | points,
    observations=st.lists(points, max_size=5),
    target=targets,
    binding=st.booleans(),
    as_of=st.none() | years,
)
def test_the_engine_never_raises_and_never_returns_nan_or_infinity(
    direction, baseline, observations, target, binding, as_of
):
    result = assess(
        direction=direction,
        baseline=Point(*baseline) if baseline else None,
        observations=[Point(*p) for p in observations],
        target=target,
        binding=binding,
        as_of=as_of,
    )
    assert result.status in STATUS_LABELS
    assert _all_finite(result)


RANK = {"insufficient_data": -1, "binding_breached": -1, **{s: i for i, s in enumerate(STATUS_ORDER)}}
exact_values = st.one_of(
    st.decimals(min_value=-1000, max_value=1000, places=2),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(lambda f: Decimal(repr(f))),
)


@settings(max_examples=600, deadline=None)
@given(
    direction=st.sampled_from([1, -1]),
    strict=st.booleans(),
    base=st.none() | st.tuples(st.integers(2000, 2030), exact_values),
    history=st.lists(st.tuples(st.integers(2000, 2030), exact_values), max_size=3),
    latest=st.tuples(st.integers(2031, 2040), exact_values),
    goal=exact_values,
    goal_year=st.none() | st.integers(2000, 2050),
    kind=st.sampled_from(["numeric", "direction", "none"]),
    binding=st.booleans(),
    gain=st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2),
)
def test_improving_the_latest_value_never_worsens_the_status(
    direction, strict, base, history, latest, goal, goal_year, kind, binding, gain
):
    comparator = {(1, False): ">=", (1, True): ">", (-1, False): "<=", (-1, True): "<"}[(direction, strict)]
    if kind == "numeric":
        target = ResolvedTarget("numeric", comparator, goal, goal_year)
    else:
        target = ResolvedTarget(kind, direction_hint=direction if kind == "direction" else None)

    def status(value):
        return assess(
            direction=direction,
            baseline=Point(*base) if base else None,
            observations=[*(Point(*p) for p in history), Point(latest[0], value)],
            target=target,
            binding=binding,
        )

    before, after = status(latest[1]), status(latest[1] + gain * direction)
    if kind == "none":
        assert before.status == after.status == "no_target"
        before, after = before.trend_status, after.trend_status
        if before is None:
            return
    else:
        before, after = before.status, after.status
    assert RANK[after] >= RANK[before], (before, after)
    if binding and kind == "numeric":
        assert after in ("achieved", "holding", "binding_breached")


# --------------------------------------------------------------------------- met at the start


def test_a_target_reached_through_progress_is_achieved_not_holding():
    result = run(UP, (2020, D("30")), [(2023, D("40"))], numeric(">=", 38, 2025))
    assert (result.status, result.start_met) == ("achieved", False)


def test_a_ceiling_held_since_the_start_is_holding_and_lost_the_year_it_is_crossed():
    held = run(DOWN, (2025, D("1.37")), [(2026, D("2.1"))], numeric("<", 5, 2030))
    assert (held.status, held.start_met) == ("holding", True)
    crossed = run(DOWN, (2025, D("1.37")), [(2026, D("5.4"))], numeric("<", 5, 2030))
    assert crossed.status not in ("holding", "achieved")
    assert crossed.start_met  # still a target met at the start, now lost


def test_a_bound_baseline_inside_the_target_is_holding():
    result = run(DOWN, (2025, D("10.50"), "<"), [], numeric("<", D("10.50"), 2030))
    assert result.status == "holding"
