"""Entry rules without a database: typed text → value, valid ranges, soft-warning thresholds."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from indicators.entry.rules import (
    ParsedValue,
    ValueTextError,
    parse_cell_number,
    parse_value_text,
    range_problem,
    soft_warnings,
    valid_range,
)


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("", ParsedValue(None)),
        ("   ", ParsedValue(None)),
        ("—", ParsedValue(None)),
        ("7.50", ParsedValue(Decimal("7.50"), "", "7.50")),
        (" 80 ", ParsedValue(Decimal("80"), "", "80")),
        ("７．５０", ParsedValue(Decimal("7.50"), "", "7.50")),
        ("＜10.50", ParsedValue(Decimal("10.50"), "<", "<10.50")),
        ("≥95", ParsedValue(Decimal("95"), ">=", "≥95")),
        (">=95", ParsedValue(Decimal("95"), ">=", "≥95")),
        ("1,234.5", ParsedValue(Decimal("1234.5"), "", "1,234.5")),
        ("-2.5", ParsedValue(Decimal("-2.5"), "", "-2.5")),
    ],
)
def test_typed_text_becomes_a_value_keeping_its_precision(typed, parsed):
    assert parse_value_text(typed) == parsed


def test_a_percent_sign_is_accepted_only_for_percentages():
    assert parse_value_text("85%", unit="%").value == Decimal("85")
    with pytest.raises(ValueTextError):
        parse_value_text("85%", unit="岁")


@pytest.mark.parametrize("typed", ["abc", "七十", "1.2.3", "12a", "1e5", "0x10", "1.1234567", "1" * 15])
def test_anything_else_is_refused(typed):
    with pytest.raises(ValueTextError):
        parse_value_text(typed)


def test_spreadsheet_numbers_are_read_without_binary_noise():
    assert parse_cell_number(0.1 + 0.2).raw == "0.3"  # Excel's 15 significant digits
    assert parse_cell_number(71.5).raw == "71.5"
    assert parse_cell_number(71.5, places=2).raw == "71.50"
    assert parse_cell_number(7.456, places=2).raw == "7.456"  # never rounds away what was stored
    assert parse_cell_number(0.855, places=1, percent=True).raw == "85.5"
    assert parse_cell_number(12).raw == "12"


def _indicator(unit="%", name="某率", low=None, high=None):
    return SimpleNamespace(unit=unit, name=name, min_value=low, max_value=high)


def test_percentages_are_bounded_by_0_and_100_even_without_a_catalog_range():
    assert valid_range(_indicator()) == (Decimal(0), Decimal(100))
    assert "不能大于 100%" in range_problem(indicator=_indicator(), value=Decimal("100.1"))
    assert "不能小于 0%" in range_problem(indicator=_indicator(), value=Decimal("-0.1"))
    assert range_problem(indicator=_indicator(), value=Decimal("100")) is None


def test_a_rate_is_never_negative_and_the_catalog_range_wins():
    rate = _indicator(unit="/10万", name="孕产妇死亡率")
    assert valid_range(rate) == (Decimal(0), None)
    beds = _indicator(unit="张", name="床位数", low=Decimal(0), high=Decimal(1000))
    assert "床位数" in range_problem(indicator=beds, value=Decimal(1001))


def test_a_jump_above_50_percent_from_last_year_warns():
    assert soft_warnings(value=Decimal(100), previous=Decimal(66)) != []  # +51.5 %
    assert soft_warnings(value=Decimal(99), previous=Decimal(66)) == []  # +50 %
    assert soft_warnings(value=Decimal(5), previous=Decimal(0)) == []  # no base for a ratio


def test_a_value_far_off_the_path_warns():
    path = {"expected": Decimal(72), "baseline": Decimal(60), "target": Decimal(80)}
    assert soft_warnings(value=Decimal(75), **path) == []
    assert soft_warnings(value=Decimal(95), **path) != []  # 23 off, more than the planned 20 and 20 %
    assert soft_warnings(value=Decimal(51), **path) != []
    life = {"expected": Decimal("79.2"), "baseline": Decimal(78), "target": Decimal(80)}
    assert soft_warnings(value=Decimal("81.3"), **life) == []  # more than the planned 2, but under 20 %
