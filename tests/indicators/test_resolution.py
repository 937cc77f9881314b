"""Target and baseline resolution (DOMAIN §3–§4): pure, no database."""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from indicators.resolution import (
    Point,
    ResolvedTarget,
    resolve_baseline,
    resolve_target,
    satisfies,
    target_sanity_checks,
)

UP, DOWN = 1, -1


@dataclass(frozen=True)
class Cell:
    """Stand-in for plans.parsing.cells.CellReading, so these tests do not depend on the parser."""

    kind: str
    comparator: str | None = None
    value: Decimal | None = None
    params: dict = field(default_factory=dict)
    raw: str = ""


def number(text, comparator=None):
    return Cell("absolute", comparator, Decimal(text), raw=text)


def relative(**params):
    return Cell("relative", params=params)


# --------------------------------------------------------------------------- absolute targets


def test_a_bare_number_is_a_ceiling_for_a_lower_is_better_indicator():
    target = resolve_target(number("12"), direction=DOWN, target_year=2030)  # 孕产妇死亡率
    assert (target.kind, target.comparator, target.value, target.year) == (
        "numeric",
        "<=",
        Decimal("12"),
        2030,
    )
    assert target.mode == "bare"
    assert "上限" in target.note


def test_a_bare_number_is_a_floor_for_a_higher_is_better_indicator():
    target = resolve_target(number("82"), direction=UP, target_year=2030)  # 人均期望寿命
    assert (target.kind, target.comparator, target.value) == ("numeric", ">=", Decimal("82"))
    assert "下限" in target.note


def test_an_explicit_comparator_is_kept_whatever_the_direction():
    target = resolve_target(number("5", "<"), direction=DOWN, target_year=2030)
    assert (target.comparator, target.value, target.mode) == ("<", Decimal("5"), "explicit")
    assert resolve_target(number("38", ">="), direction=0).comparator == ">="


def test_a_bare_number_without_a_direction_is_unresolved_not_guessed():
    target = resolve_target(number("12"), direction=0, target_year=2030)
    assert target.kind == "unresolved"
    assert target.value is None
    assert "方向未定" in target.note


def test_a_stored_target_with_a_blank_comparator_reads_as_bare():
    target = resolve_target(Cell("absolute", "", Decimal("7.50")), direction=UP)
    assert (target.comparator, target.value) == (">=", Decimal("7.50"))


# --------------------------------------------------------------------------- relative targets


def test_percent_of_base_scales_the_baseline():
    target = resolve_target(
        relative(mode="percent_of_base", change_pct=-10.0, base_year=None),
        direction=DOWN,
        target_year=2025,
        baseline=Point(2020, Decimal("18")),
    )
    assert (target.kind, target.comparator, target.value) == ("numeric", "<=", Decimal("16.20"))
    assert target.direction_hint == DOWN
    assert target.note == "基期值18降低10%，目标为16.20"


def test_percent_of_base_uses_the_value_of_the_named_year():
    target = resolve_target(
        relative(mode="percent_of_base", change_pct=-20.0, base_year=2015),
        direction=DOWN,
        target_year=2030,
        baseline=Point(2020, Decimal("30")),
        known_values={2015: Decimal("25.0")},
    )
    assert target.value == Decimal("20.00")
    assert "2015年值25.0降低20%" in target.note


def test_percent_of_base_without_the_named_year_is_unresolved_with_a_reason():
    target = resolve_target(
        relative(mode="percent_of_base", change_pct=-20.0, base_year=2015),
        direction=DOWN,
        target_year=2030,
        baseline=Point(2020, Decimal("30")),
    )
    assert target.kind == "unresolved"
    assert target.direction_hint == DOWN
    assert "缺少2015年值" in target.note


def test_annual_points_worked_example_001_myopia():
    target = resolve_target(
        relative(mode="annual_points", change_per_year=-0.5),
        direction=DOWN,
        target_year=2025,
        baseline=Point(2020, Decimal("52.62")),
    )
    assert (target.kind, target.comparator, target.value, target.year) == (
        "numeric",
        "<=",
        Decimal("50.12"),
        2025,
    )
    assert target.note == "基期值52.62每年降低0.5个百分点，5年后为50.12"


def test_annual_points_needs_an_exact_baseline():
    target = resolve_target(
        relative(mode="annual_points", change_per_year=-0.5),
        direction=DOWN,
        target_year=2030,
        baseline=Point(2025, Decimal("10.50"), "<"),
    )
    assert target.kind == "unresolved"
    assert "区间" in target.note


def test_annual_points_needs_a_target_year_after_the_baseline():
    cell = relative(mode="annual_points", change_per_year=-0.5)
    assert resolve_target(cell, direction=DOWN, baseline=Point(2020, Decimal("52.62"))).kind == "unresolved"
    no_time = resolve_target(cell, direction=DOWN, target_year=2020, baseline=Point(2020, Decimal("52.62")))
    assert no_time.kind == "unresolved"


def test_points_from_base_and_annual_percent_are_resolved_too():
    base = Point(2020, Decimal("26"))
    points = resolve_target(
        relative(mode="points_from_base", change_points=-2.0, base_year=None), direction=DOWN, baseline=base
    )
    assert points.value == Decimal("24.00")
    compound = resolve_target(
        relative(mode="annual_percent", change_pct_per_year=-10.0),
        direction=DOWN,
        target_year=2022,
        baseline=base,
    )
    assert compound.value == Decimal("21.06")  # 26 × 0.9²
    assert "2年后为21.06" in compound.note


def test_same_ratio_follows_the_linked_indicator():
    life_target = resolve_target(number("80.47"), direction=UP, target_year=2025)
    target = resolve_target(
        relative(mode="same_ratio", direction="up"),
        direction=UP,
        target_year=2025,
        baseline=Point(2020, Decimal("70")),
        linked_baseline=Point(2020, Decimal("79.36")),
        linked_target=life_target,
    )
    assert (target.kind, target.comparator, target.value) == ("numeric", ">=", Decimal("70.98"))
    assert "同比例" in target.note


@pytest.mark.parametrize(
    ("baseline", "linked_baseline", "linked_target", "reason"),
    [
        (
            None,
            Point(2020, Decimal("79.36")),
            ResolvedTarget("numeric", ">=", Decimal("80.47")),
            "本指标基期值",
        ),
        (
            Point(2020, Decimal("70")),
            None,
            ResolvedTarget("numeric", ">=", Decimal("80.47")),
            "关联指标基期值",
        ),
        (
            Point(2020, Decimal("70")),
            Point(2020, Decimal("0")),
            ResolvedTarget("numeric", ">=", Decimal("1")),
            "关联指标基期值",
        ),
        (Point(2020, Decimal("70")), Point(2020, Decimal("79.36")), ResolvedTarget("manual"), "数值目标"),
    ],
)
def test_same_ratio_without_its_inputs_is_unresolved_with_a_reason(
    baseline, linked_baseline, linked_target, reason
):
    target = resolve_target(
        relative(mode="same_ratio", direction="up"),
        direction=UP,
        target_year=2025,
        baseline=baseline,
        linked_baseline=linked_baseline,
        linked_target=linked_target,
    )
    assert target.kind == "unresolved"
    assert target.direction_hint == UP
    assert reason in target.note


def test_a_direction_only_target_carries_the_direction_and_no_number():
    target = resolve_target(relative(mode="direction", direction="down"), direction=DOWN, target_year=2030)
    assert (target.kind, target.value, target.direction_hint) == ("direction", None, DOWN)


def test_an_unknown_relative_mode_is_unresolved():
    assert resolve_target(relative(mode="something_new"), direction=UP).kind == "unresolved"


def test_relative_targets_take_the_comparator_from_the_change_when_the_direction_is_unknown():
    target = resolve_target(
        relative(mode="annual_points", change_per_year=-0.5),
        direction=0,
        target_year=2025,
        baseline=Point(2020, Decimal("52.62")),
    )
    assert (target.comparator, target.value) == ("<=", Decimal("50.12"))


# --------------------------------------------------------------------------- other kinds


def test_qualitative_targets_need_a_person():
    target = resolve_target(Cell("qualitative", raw="达到国家平均水平"), direction=UP, target_year=2030)
    assert (target.kind, target.value) == ("manual", None)
    assert "达到国家平均水平" in target.note
    odd = resolve_target(Cell("qualitative", params={"unrecognised": True}, raw="见附表"), direction=UP)
    assert odd.kind == "manual"
    assert "未能识别" in odd.note


def test_an_empty_cell_is_no_target():
    assert resolve_target(Cell("none", raw="—"), direction=UP, target_year=2025).kind == "none"


def test_an_absolute_cell_without_a_number_is_unresolved():
    assert resolve_target(Cell("absolute"), direction=UP).kind == "unresolved"


# --------------------------------------------------------------------------- baselines


def test_a_bound_baseline_stays_a_bound_and_an_exact_one_has_no_comparator():
    assert resolve_baseline(number("10.50", "<"), year=2025) == Point(2025, Decimal("10.50"), "<")
    exact = resolve_baseline(number("83.63"), year=2025)
    assert exact == Point(2025, Decimal("83.63"), None)
    assert not exact.is_bound
    assert resolve_baseline(number("7", "="), year=2025).comparator is None
    assert resolve_baseline(Cell("none"), year=2025) is None
    assert resolve_baseline(Cell("relative", params={"mode": "direction"}), year=2025) is None


# --------------------------------------------------------------------------- satisfies


@pytest.mark.parametrize(
    ("value", "comparator", "target_comparator", "target_value", "direction", "expected"),
    [
        ("83.63", None, ">=", "82", UP, True),
        ("81", None, ">=", "82", UP, False),
        ("82", None, ">", "82", UP, False),
        ("0", None, "<=", "12", DOWN, True),
        ("5", None, "<", "5", DOWN, False),
        ("10.50", "<", "<", "10.50", DOWN, True),  # ＜10.50 meets ＜10.50
        ("10.50", "<", "<=", "12", DOWN, True),
        ("15", "<", "<=", "12", DOWN, None),  # straddles: unknown
        ("15", ">", "<=", "12", DOWN, False),
        ("7", ">", ">", "7", UP, True),
        ("7", ">=", ">", "7", UP, None),
        ("80", None, "=", "80", UP, True),  # "=80" means reach 80
        ("81", None, "=", "80", UP, True),
        ("81", None, "=", "80", 0, False),  # no direction: exactly
        ("80", "<", "=", "80", 0, False),
    ],
)
def test_satisfies_honours_comparators_and_bounds(
    value, comparator, target_comparator, target_value, direction, expected
):
    result = satisfies(
        Decimal(value),
        comparator,
        target_comparator=target_comparator,
        target_value=Decimal(target_value),
        direction=direction,
    )
    assert result is expected


# --------------------------------------------------------------------------- sanity checks


def codes(found):
    return [code for code, _message in found]


def test_000_life_expectancy_target_is_already_met_and_below_the_baseline():
    target = resolve_target(number("82"), direction=UP, target_year=2030)
    found = target_sanity_checks(direction=UP, baseline=Point(2025, Decimal("83.63")), target=target)
    assert codes(found) == ["already_met", "wrong_direction"]
    assert "83.63" in found[0][1]


def test_001_smoking_rate_target_moves_the_wrong_way():
    target = resolve_target(number("23.30"), direction=DOWN, target_year=2025)
    found = target_sanity_checks(direction=DOWN, baseline=Point(2020, Decimal("22.40")), target=target)
    assert "wrong_direction" in codes(found)
    assert "越低越好" in dict(found)["wrong_direction"]


def test_an_explicit_loose_bound_is_only_already_met():
    target = resolve_target(number("5", "<"), direction=DOWN, target_year=2030)  # 000 婴儿死亡率 1.37 → ＜5
    found = target_sanity_checks(direction=DOWN, baseline=Point(2025, Decimal("1.37")), target=target)
    assert codes(found) == ["already_met"]


def test_a_bound_baseline_inside_the_same_bound_is_already_met():
    target = resolve_target(number("10.50", "<"), direction=DOWN, target_year=2030)
    found = target_sanity_checks(direction=DOWN, baseline=Point(2025, Decimal("10.50"), "<"), target=target)
    assert codes(found) == ["already_met"]


def test_an_ordinary_target_raises_no_warning():
    target = resolve_target(number("25"), direction=UP, target_year=2025)
    assert target_sanity_checks(direction=UP, baseline=Point(2020, Decimal("18.36")), target=target) == []


def test_a_relative_wording_against_the_direction_is_flagged():
    target = resolve_target(relative(mode="direction", direction="up"), direction=DOWN)
    assert codes(target_sanity_checks(direction=DOWN, baseline=None, target=target)) == ["wrong_direction"]


def test_units_are_compared_after_normalising_their_spelling():
    target = resolve_target(number("12"), direction=DOWN)
    same = target_sanity_checks(
        direction=DOWN, baseline=None, target=target, target_unit="1/10万", catalog_unit="/10万"
    )
    assert same == []
    assert (
        target_sanity_checks(direction=DOWN, baseline=None, target=target, target_unit="％", catalog_unit="%")
        == []
    )
    found = target_sanity_checks(
        direction=DOWN, baseline=None, target=target, target_unit="‰", catalog_unit="%"
    )
    assert codes(found) == ["unit_mismatch"]
    assert "‰" in found[0][1]


# --------------------------------------------------------------------------- with the real cell reader


def test_real_cells_from_the_seed_tables_resolve():
    cells = pytest.importorskip("plans.parsing.cells")
    myopia = resolve_target(
        cells.read_cell("每年降低0.5个百分点"),
        direction=DOWN,
        target_year=2025,
        baseline=resolve_baseline(cells.read_cell("52.62"), year=2020),
    )
    assert (myopia.comparator, myopia.value) == ("<=", Decimal("50.12"))
    assert resolve_target(cells.read_cell("＜5"), direction=DOWN).comparator == "<"
    assert resolve_target(cells.read_cell("12"), direction=DOWN).comparator == "<="
    assert resolve_baseline(cells.read_cell("＜10.50"), year=2025) == Point(2025, Decimal("10.50"), "<")
    assert resolve_target(cells.read_cell("同比例提高"), direction=UP).kind == "unresolved"
    assert resolve_target(cells.read_cell("达到国家平均水平"), direction=UP).kind == "manual"
    assert resolve_target(cells.read_cell("—"), direction=UP).kind == "none"
