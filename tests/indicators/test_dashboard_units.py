"""Only values in the same unit are compared: spellings fold, units of one kind convert, others stay apart."""

from decimal import Decimal

from indicators.dashboards.units import conversion_factor, convert, unit_key


def test_one_per_hundred_thousand_is_the_same_unit_however_it_is_written():
    assert unit_key("1/10万") == unit_key("/10万") == unit_key("/10 万")
    assert conversion_factor("1/10万", "/10万") == 1


def test_full_width_percent_is_percent():
    assert conversion_factor("％", "%") == 1


def test_rates_convert_by_their_scale():
    assert conversion_factor("‰", "/10万") == 100
    assert conversion_factor("%", "‰") == 10
    assert convert(Decimal("0.25"), conversion_factor("‰", "/10万")) == Decimal("25.00")


def test_money_converts_between_wan_and_yi_yuan():
    assert conversion_factor("万元", "亿元") == Decimal("0.0001")


def test_a_blank_row_unit_is_the_catalog_unit():
    assert conversion_factor("", "岁") == 1


def test_units_of_different_kinds_or_unknown_units_do_not_convert():
    assert conversion_factor("张/千人", "张") is None
    assert conversion_factor("%", "亿元") is None
    assert convert(Decimal(1), None) is None
