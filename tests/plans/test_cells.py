"""Tests for plans.parsing.cells.read_cell (DOMAIN.md §3 target expressions)."""

import json
import math
import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.parsing.cells import KINDS, MAX_CELL_CHARS, CellReading, read_cell

D = Decimal

# --------------------------------------------------------------------------- the five documents
# Every distinct value cell of the indicator tables in fixtures/sources/000…004
# (baseline and target columns): (raw, kind, comparator, value).

FIXTURE_CELLS = [
    # 000 克拉玛依区 (2025 and 2030 columns)
    ("83.63", "absolute", None, D("83.63")),
    ("82", "absolute", None, D("82")),
    ("0", "absolute", None, D("0")),
    ("12", "absolute", None, D("12")),
    ("1.37", "absolute", None, D("1.37")),
    ("＜5", "absolute", "<", D("5")),
    ("2.74", "absolute", None, D("2.74")),
    ("＜6", "absolute", "<", D("6")),
    ("＜10.50", "absolute", "<", D("10.50")),
    ("34.84", "absolute", None, D("34.84")),
    ("≥38", "absolute", ">=", D("38")),
    ("＜21", "absolute", "<", D("21")),
    (">7", "absolute", ">", D("7")),
    ("＞4.50", "absolute", ">", D("4.50")),
    ("≥0.57", "absolute", ">=", D("0.57")),
    ("＞4", "absolute", ">", D("4")),
    ("＞3", "absolute", ">", D("3")),
    ("≥70", "absolute", ">=", D("70")),
    ("＞90", "absolute", ">", D("90")),
    ("≥95", "absolute", ">=", D("95")),
    # 001 第二师铁门关市 (2020 and 2025 columns)
    ("79.36", "absolute", None, D("79.36")),
    ("80.47", "absolute", None, D("80.47")),
    ("—", "none", None, None),
    ("同比例提高", "relative", None, None),
    ("18", "absolute", None, D("18")),
    ("≤12", "absolute", "<=", D("12")),
    ("1.53", "absolute", None, D("1.53")),
    ("≤5", "absolute", "<=", D("5")),
    ("3.05", "absolute", None, D("3.05")),
    ("≤6", "absolute", "<=", D("6")),
    ("≤15", "absolute", "<=", D("15")),
    ("18.36", "absolute", None, D("18.36")),
    ("25", "absolute", None, D("25")),
    ("22.40", "absolute", None, D("22.40")),
    ("23.30", "absolute", None, D("23.30")),
    ("7.50", "absolute", None, D("7.50")),
    ("3.65", "absolute", None, D("3.65")),
    ("0.16", "absolute", None, D("0.16")),
    ("0.57", "absolute", None, D("0.57")),
    ("4.86", "absolute", None, D("4.86")),
    ("0.35", "absolute", None, D("0.35")),
    ("0.63", "absolute", None, D("0.63")),
    ("1.80", "absolute", None, D("1.80")),
    ("4.00", "absolute", None, D("4.00")),
    ("0.52", "absolute", None, D("0.52")),
    ("0.81", "absolute", None, D("0.81")),
    ("4.50", "absolute", None, D("4.50")),
    ("52.62", "absolute", None, D("52.62")),
    ("每年降低0.5个百分点", "relative", None, None),
    ("78", "absolute", None, D("78")),
    ("80", "absolute", None, D("80")),
    ("26", "absolute", None, D("26")),
    ("27", "absolute", None, D("27")),
    # 002 康巴什区 (2025 column)
    ("77.6", "absolute", None, D("77.6")),
    ("<10", "absolute", "<", D("10")),
    ("<20", "absolute", "<", D("20")),
    ("比基期降低10%", "relative", None, None),
    ("≥23", "absolute", ">=", D("23")),
    ("≤20", "absolute", "<=", D("20")),
    ("≥90", "absolute", ">=", D("90")),
    ("≥75", "absolute", ">=", D("75")),
    ("≥65", "absolute", ">=", D("65")),
    ("<0.17", "absolute", "<", D("0.17")),
    ("≥80", "absolute", ">=", D("80")),
    ("90", "absolute", None, D("90")),
    ("7.5", "absolute", None, D("7.5")),
    ("3.6", "absolute", None, D("3.6")),
    ("4.12", "absolute", None, D("4.12")),
    ("2.6", "absolute", None, D("2.6")),
    ("8.3", "absolute", None, D("8.3")),
    ("达到国家平均水平", "qualitative", None, None),
    ("≤28", "absolute", "<=", D("28")),
    # 003 仁和区 (2020 and 2025 columns)
    ("78.84", "absolute", None, D("78.84")),
    ("79.5", "absolute", None, D("79.5")),
    ("≤14.5", "absolute", "<=", D("14.5")),
    ("3.06", "absolute", None, D("3.06")),
    ("≤4.8", "absolute", "<=", D("4.8")),
    ("4.44", "absolute", None, D("4.44")),
    ("≤6.5", "absolute", "<=", D("6.5")),
    ("10.69", "absolute", None, D("10.69")),
    ("10.57", "absolute", None, D("10.57")),
    ("21.72", "absolute", None, D("21.72")),
    ("≥25", "absolute", ">=", D("25")),
    ("23.24", "absolute", None, D("23.24")),
    ("23", "absolute", None, D("23")),
    ("100", "absolute", None, D("100")),
    ("3.63", "absolute", None, D("3.63")),
    ("3.78", "absolute", None, D("3.78")),
    ("4.1", "absolute", None, D("4.1")),
    ("4.15", "absolute", None, D("4.15")),
    ("0.41", "absolute", None, D("0.41")),
    ("94", "absolute", None, D("94")),
    ("≥95", "absolute", ">=", D("95")),
    (">90", "absolute", ">", D("90")),
    ("95", "absolute", None, D("95")),
    ("3", "absolute", None, D("3")),
    ("43.14", "absolute", None, D("43.14")),
    ("力争每年降低0.5个百分点", "relative", None, None),
    ("53.3", "absolute", None, D("53.3")),
    ("60", "absolute", None, D("60")),
    ("10.7", "absolute", None, D("10.7")),
    ("8", "absolute", None, D("8")),
    ("27.26", "absolute", None, D("27.26")),
    ("<27", "absolute", "<", D("27")),
    # 004 巴里坤 (2015, 2020 and 2030 columns)
    ("74.9", "absolute", None, D("74.9")),
    ("76", "absolute", None, D("76")),
    ("79", "absolute", None, D("79")),
    ("11.04", "absolute", None, D("11.04")),
    ("5.68", "absolute", None, D("5.68")),
    ("5", "absolute", None, D("5")),
    ("12.59", "absolute", None, D("12.59")),
    ("7.57", "absolute", None, D("7.57")),
    ("6", "absolute", None, D("6")),
    ("77.49", "absolute", None, D("77.49")),
    ("20", "absolute", None, D("20")),
    ("10", "absolute", None, D("10")),
    ("30", "absolute", None, D("30")),
    ("14", "absolute", None, D("14")),
    ("40", "absolute", None, D("40")),
    ("1.64", "absolute", None, D("1.64")),
    ("2.49", "absolute", None, D("2.49")),
    ("29.3", "absolute", None, D("29.3")),
    ("28", "absolute", None, D("28")),
    ("86.8", "absolute", None, D("86.8")),
    ("达到自治区约束性指标要求", "qualitative", None, None),
    # an empty cell (001's empty domain cells, 003's 健康服务业总规模 2020 column is "—")
    ("", "none", None, None),
    ("\t", "none", None, None),
]


@pytest.mark.parametrize(("raw", "kind", "comparator", "value"), FIXTURE_CELLS)
def test_fixture_cells(raw, kind, comparator, value):
    reading = read_cell(raw)
    assert reading.raw == raw
    assert (reading.kind, reading.comparator, reading.value) == (kind, comparator, value)
    if value is not None:
        # precision as written: "7.50" stays "7.50"
        assert str(reading.value) == raw.strip().lstrip("<>≤≥＜＞")
    assert reading.params.get("unrecognised") is None


# --------------------------------------------------------------------------- absolute forms

ABSOLUTE = [
    # full-width digits, point, percent, comparators; stray spaces
    ("１２．５", None, D("12.5"), {}),
    ("＜１０．５０", "<", D("10.50"), {}),
    ("９５％", None, D("95"), {"unit": "%"}),
    ("≥95%", ">=", D("95"), {"unit": "%"}),
    ("≥ 95 %", ">=", D("95"), {"unit": "%"}),
    (" ＞ 4.50 ", ">", D("4.50"), {}),
    ("\u3000≤12\u3000", "<=", D("12"), {}),
    ("83.63\u200b", None, D("83.63"), {}),
    # every comparator spelling
    ("<=5", "<=", D("5"), {}),
    ("=<5", "<=", D("5"), {}),
    (">=5", ">=", D("5"), {}),
    ("=>5", ">=", D("5"), {}),
    ("＜＝5", "<=", D("5"), {}),
    ("＞＝5", ">=", D("5"), {}),
    ("≦5", "<=", D("5"), {}),
    ("≧5", ">=", D("5"), {}),
    ("⩽5", "<=", D("5"), {}),
    ("⩾5", ">=", D("5"), {}),
    ("≮5", ">=", D("5"), {}),
    ("≯5", "<=", D("5"), {}),
    ("＝5", "=", D("5"), {}),
    ("=5", "=", D("5"), {}),
    ("不低于95%", ">=", D("95"), {"unit": "%"}),
    ("不少于3人", ">=", D("3"), {"unit": "人"}),
    ("不高于20%", "<=", D("20"), {"unit": "%"}),
    ("不超过28%", "<=", D("28"), {"unit": "%"}),
    ("低于10‰", "<", D("10"), {"unit": "‰"}),
    ("高于90%", ">", D("90"), {"unit": "%"}),
    ("至少2", ">=", D("2"), {}),
    # suffix qualifiers
    ("90%以上", ">=", D("90"), {"unit": "%"}),
    ("65岁及以上", ">=", D("65"), {"unit": "岁"}),
    ("5‰以下", "<=", D("5"), {"unit": "‰"}),
    ("15%以内", "<=", D("15"), {"unit": "%"}),
    ("≥95%以上", ">=", D("95"), {"unit": "%"}),
    ("4人左右", None, D("4"), {"unit": "人", "approx": True}),
    ("约80", None, D("80"), {"approx": True}),
    # verbs in front of the number
    ("控制在20%以内", "<=", D("20"), {"unit": "%"}),
    ("控制在15%", "<=", D("15"), {"unit": "%"}),
    ("降低到20%", "<=", D("20"), {"unit": "%"}),
    ("降至5‰", "<=", D("5"), {"unit": "‰"}),
    ("提高到30%", ">=", D("30"), {"unit": "%"}),
    ("达到95%", None, D("95"), {"unit": "%"}),
    ("保持在90%以上", ">=", D("90"), {"unit": "%"}),
    ("力争≥95%", ">=", D("95"), {"unit": "%"}),
    # units
    ("12/10万", None, D("12"), {"unit": "/10万"}),
    ("10/十万", None, D("10"), {"unit": "/十万"}),
    ("20 /10万", None, D("20"), {"unit": "/10万"}),
    ("80岁", None, D("80"), {"unit": "岁"}),
    ("7.5张", None, D("7.5"), {"unit": "张"}),
    ("2.5平方米", None, D("2.5"), {"unit": "平方米"}),
    ("100亿元", None, D("100"), {"unit": "亿元"}),
    ("4.5张/千人", None, D("4.5"), {"unit": "张/千人"}),
    ("0.5个百分点", None, D("0.5"), {"unit": "个百分点"}),
    ("3‰", None, D("3"), {"unit": "‰"}),
    # signs, separators, precision
    ("-5", None, D("-5"), {}),
    ("－5", None, D("-5"), {}),
    ("−1.5", None, D("-1.5"), {}),
    ("≥-2", ">=", D("-2"), {}),
    ("1,000", None, D("1000"), {}),
    ("0.000", None, D("0.000"), {}),
    ("007", None, D("7"), {}),
    ("123456789012345", None, D("123456789012345"), {}),
    ("0.000000000000001", None, D("0.000000000000001"), {}),
]


@pytest.mark.parametrize(("raw", "comparator", "value", "params"), ABSOLUTE)
def test_absolute(raw, comparator, value, params):
    reading = read_cell(raw)
    assert reading.kind == "absolute", reading
    assert reading.comparator == comparator
    assert reading.value == value
    assert reading.params == params


def test_value_keeps_written_precision():
    assert str(read_cell("7.50").value) == "7.50"
    assert str(read_cell("＞４．５０").value) == "4.50"
    assert read_cell("7.50").to_dict()["value"] == 7.5


# --------------------------------------------------------------------------- relative forms

RELATIVE = [
    ("比基期降低10%", {"mode": "percent_of_base", "change_pct": -10.0, "base_year": None}),
    ("比基期降低10％", {"mode": "percent_of_base", "change_pct": -10.0, "base_year": None}),
    ("比基期 降低 10 %", {"mode": "percent_of_base", "change_pct": -10.0, "base_year": None}),
    ("较2015年降低20%", {"mode": "percent_of_base", "change_pct": -20.0, "base_year": 2015}),
    ("较２０１５年降低２０％", {"mode": "percent_of_base", "change_pct": -20.0, "base_year": 2015}),
    ("比2020年下降15%", {"mode": "percent_of_base", "change_pct": -15.0, "base_year": 2020}),
    ("较2020年水平提高5%", {"mode": "percent_of_base", "change_pct": 5.0, "base_year": 2020}),
    ("与2015年相比减少30%", {"mode": "percent_of_base", "change_pct": -30.0, "base_year": 2015}),
    ("比基线增加12.5%", {"mode": "percent_of_base", "change_pct": 12.5, "base_year": None}),
    ("降低15%", {"mode": "percent_of_base", "change_pct": -15.0, "base_year": None}),
    ("提高10%", {"mode": "percent_of_base", "change_pct": 10.0, "base_year": None}),
    ("力争比基期降低10%", {"mode": "percent_of_base", "change_pct": -10.0, "base_year": None}),
    ("比2015年提高5个百分点", {"mode": "points_from_base", "change_points": 5.0, "base_year": 2015}),
    ("下降2个百分点", {"mode": "points_from_base", "change_points": -2.0, "base_year": None}),
    ("每年降低0.5个百分点", {"mode": "annual_points", "change_per_year": -0.5}),
    ("力争每年降低0.5个百分点", {"mode": "annual_points", "change_per_year": -0.5}),
    ("每年提高1个百分点", {"mode": "annual_points", "change_per_year": 1.0}),
    ("年均下降0.5个百分点", {"mode": "annual_points", "change_per_year": -0.5}),
    ("平均每年增长1.5个百分点", {"mode": "annual_points", "change_per_year": 1.5}),
    ("每年降低０．５个百分点", {"mode": "annual_points", "change_per_year": -0.5}),
    ("年均下降2%", {"mode": "annual_percent", "change_pct_per_year": -2.0}),
    ("每年增长3%", {"mode": "annual_percent", "change_pct_per_year": 3.0}),
    (
        "比基期降低10%以上",
        {"mode": "percent_of_base", "change_pct": -10.0, "base_year": None, "at_least": True},
    ),
    ("下降10%左右", {"mode": "percent_of_base", "change_pct": -10.0, "base_year": None, "approx": True}),
    ("每年降低0.5个百分点以上", {"mode": "annual_points", "change_per_year": -0.5, "at_least": True}),
    ("同比例提高", {"mode": "same_ratio", "direction": "up"}),
    ("同比例增长", {"mode": "same_ratio", "direction": "up"}),
    ("同步提高", {"mode": "same_ratio", "direction": "up"}),
    ("同比例下降", {"mode": "same_ratio", "direction": "down"}),
    ("与人均预期寿命同比例提高", {"mode": "same_ratio", "direction": "up"}),
    ("持续下降", {"mode": "direction", "direction": "down"}),
    ("持续提高", {"mode": "direction", "direction": "up"}),
    ("稳步提升", {"mode": "direction", "direction": "up"}),
    ("逐年下降", {"mode": "direction", "direction": "down"}),
    ("逐步降低", {"mode": "direction", "direction": "down"}),
    ("不断提高", {"mode": "direction", "direction": "up"}),
    ("有所下降", {"mode": "direction", "direction": "down"}),
    ("下降", {"mode": "direction", "direction": "down"}),
    ("提高", {"mode": "direction", "direction": "up"}),
    ("稳中有降", {"mode": "direction", "direction": "down"}),
    ("稳中有升", {"mode": "direction", "direction": "up"}),
]


@pytest.mark.parametrize(("raw", "params"), RELATIVE)
def test_relative(raw, params):
    reading = read_cell(raw)
    assert reading.kind == "relative", reading
    assert reading.comparator is None
    assert reading.value is None
    assert reading.params == params
    json.dumps(reading.to_dict(), allow_nan=False)


# --------------------------------------------------------------------------- qualitative forms

QUALITATIVE = [
    ("达到国家平均水平", None),
    ("达到自治区约束性指标要求", None),
    ("达到全国平均水平", None),
    ("持续改善", None),
    ("明显改善", None),
    ("进一步完善", None),
    ("保持稳定", None),
    ("基本实现", None),
    ("全覆盖", None),
    ("高于全国平均水平", ">"),
    ("不低于国家标准", ">="),
    ("低于全省平均水平", "<"),
]


@pytest.mark.parametrize(("raw", "comparator"), QUALITATIVE)
def test_qualitative_recognised(raw, comparator):
    reading = read_cell(raw)
    assert reading.kind == "qualitative", reading
    assert reading.comparator == comparator
    assert reading.value is None
    assert reading.params == {}


GARBAGE = [
    "hello",
    "预期性",
    "5e10",
    "1E5",
    "12 15",
    "20 1/10万",  # digits on both sides of a space are not joined: 20 or 201?
    "12.5.3",
    "1.",
    ".5",
    "—5",
    "/10万",
    "80-85",
    "10abc",
    "<10以上",
    "=5以上",
    "≥",
    "%",
    "降低到",
    "比基期降低",
    "1" * 16,
    "0." + "1" * 16,
    "9" * 400,
    "x" * (MAX_CELL_CHARS + 1),
    "nan",
    "inf",
    "Infinity",
    "-inf",
    "NaN%",
    "1e309",
    "\x00",
]


@pytest.mark.parametrize("raw", GARBAGE)
def test_garbage_is_unrecognised_qualitative(raw):
    reading = read_cell(raw)
    assert reading.kind == "qualitative", reading
    assert reading.value is None
    assert reading.params == {"unrecognised": True}
    json.dumps(reading.to_dict(), allow_nan=False)


# --------------------------------------------------------------------------- none

NONE = [
    "",
    "   ",
    "\t\n",
    "\u3000",
    "—",
    "——",
    "－",
    "-",
    "--",
    "–",
    "/",
    "／",
    "无",
    "暂无",
    "N/A",
    "n/a",
    "NA",
    " — ",
]


@pytest.mark.parametrize("raw", NONE)
def test_none(raw):
    reading = read_cell(raw)
    assert reading == CellReading(raw=raw, kind="none", comparator=None, value=None, params={})


def test_none_input():
    reading = read_cell(None)
    assert reading.kind == "none"
    assert reading.raw == ""


def test_non_string_input_is_read_as_text():
    assert read_cell(12).value == D("12")  # type: ignore[arg-type]
    assert read_cell(D("7.50")).value == D("7.50")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- CellReading


def test_to_dict_shape():
    assert read_cell("≥95%").to_dict() == {
        "raw": "≥95%",
        "kind": "absolute",
        "comparator": ">=",
        "value": 95.0,
        "params": {"unit": "%"},
    }
    assert read_cell("—").to_dict() == {
        "raw": "—",
        "kind": "none",
        "comparator": None,
        "value": None,
        "params": {},
    }


def test_to_dict_params_is_a_copy():
    reading = read_cell("比基期降低10%")
    reading.to_dict()["params"]["mode"] = "changed"
    assert reading.params["mode"] == "percent_of_base"


def test_reading_is_frozen_and_hashable():
    reading = read_cell("12")
    with pytest.raises(AttributeError):
        reading.kind = "none"  # type: ignore[misc]
    assert hash(reading) == hash(read_cell("12"))
    assert read_cell("12") == read_cell("12")


# --------------------------------------------------------------------------- properties

CELL_ALPHABET = st.sampled_from(
    [
        *"0123456789０１２３４５６７８９.．,-－−+%％‰<>=＜＞＝≤≥≦≧ \u3000\t—/",
        *["比", "较", "基期", "年", "降低", "提高", "每年", "个百分点", "同比例", "持续", "以上", "以下"],
        *["左右", "约", "达到", "水平", "改善", "岁", "万", "e", "E", "nan", "inf", "无", "N/A"],
    ]
)
CELLISH = st.lists(CELL_ALPHABET, max_size=12).map("".join)


def _check_invariants(raw: str) -> CellReading:
    reading = read_cell(raw)
    assert reading.raw == raw
    assert reading.kind in KINDS
    assert reading.comparator in (None, "<", "<=", ">", ">=", "=")
    data = reading.to_dict()
    json.dumps(data, allow_nan=False)
    if reading.value is not None:
        assert reading.kind == "absolute"
        assert reading.value.is_finite()
        assert math.isfinite(data["value"])
    else:
        assert data["value"] is None
    if reading.kind == "absolute":
        assert reading.value is not None
    if reading.kind == "none":
        assert reading.params == {} and reading.comparator is None
    return reading


@settings(max_examples=500)
@given(st.text())
def test_any_text_never_raises(raw):
    _check_invariants(raw)


@settings(max_examples=1000)
@given(CELLISH)
def test_cell_like_text_never_raises(raw):
    _check_invariants(raw)


@settings(max_examples=200)
@given(st.text(min_size=MAX_CELL_CHARS - 5, max_size=MAX_CELL_CHARS + 5))
def test_text_near_the_length_cap(raw):
    _check_invariants(raw)


COMPARATORS = [
    ("", None),
    ("<", "<"),
    ("＜", "<"),
    (">", ">"),
    ("＞", ">"),
    ("≤", "<="),
    ("≦", "<="),
    ("<=", "<="),
    ("＜＝", "<="),
    ("≥", ">="),
    ("≧", ">="),
    (">=", ">="),
    ("＞＝", ">="),
    ("=", "="),
    ("＝", "="),
]
_FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


@st.composite
def written_numbers(draw):
    """A finite Decimal with at most 15 significant digits, as written in fixed notation."""
    digits = draw(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
    places = draw(st.integers(min_value=0, max_value=8))
    value = Decimal(digits).scaleb(-places)
    return value, format(value, "f")


@settings(max_examples=500)
@given(
    written_numbers(),
    st.sampled_from(COMPARATORS),
    st.booleans(),
    st.sampled_from(["", "%", "％", "‰", "岁", "/10万", "人"]),
    st.sampled_from(["", " ", "\u3000"]),
)
def test_numbers_round_trip(number, comparator, full_width, unit, space):
    value, text = number
    symbol, expected = comparator
    if full_width:
        text = text.translate(_FULL_WIDTH)
    raw = symbol + space + text + space + unit
    reading = read_cell(raw)
    assert reading.kind == "absolute", reading
    assert reading.comparator == expected
    assert reading.value == value
    assert format(reading.value, "f") == format(value, "f")  # trailing zeros kept
    assert reading.to_dict()["value"] == float(value)
    assert reading.params == ({"unit": unit.replace("％", "%")} if unit else {})


WHITESPACE = st.text(alphabet=" \t\r\n\u3000\xa0\u2003\u200b\ufeff", max_size=8)


@settings(max_examples=500)
@given(st.one_of(CELLISH, st.text(max_size=30)), WHITESPACE, WHITESPACE)
def test_whitespace_padding_does_not_change_the_reading(raw, left, right):
    plain = read_cell(raw)
    padded = read_cell(left + raw + right)
    assert padded.raw == left + raw + right
    assert (padded.kind, padded.comparator, padded.value, padded.params) == (
        plain.kind,
        plain.comparator,
        plain.value,
        plain.params,
    )


MEGABYTE = 1_000_000
HUGE_LINES = [
    "1" * MEGABYTE,
    "≥" + "9" * MEGABYTE,
    "1." + "0" * MEGABYTE,
    "比基期降低" + "1" * MEGABYTE + "%",
    "每年降低" + "0" * MEGABYTE + "个百分点",
    "达到" + "国" * MEGABYTE + "水平",
    "与" + "人" * MEGABYTE + "同比例提高",
    " " * MEGABYTE + "12" + " " * MEGABYTE,
    "1 " * (MEGABYTE // 2),
    "﷽" * MEGABYTE,
    "—" * MEGABYTE,
    ("≥95%以上" * MEGABYTE)[:MEGABYTE],
]


# A hang guard, not a speed target: these take milliseconds; catastrophic backtracking would take hours.
HANG_GUARD_SECONDS = 20.0


@pytest.mark.parametrize("raw", HUGE_LINES, ids=range(len(HUGE_LINES)))
def test_megabyte_line_is_bounded(raw):
    start = time.perf_counter()
    reading = _check_invariants(raw)
    assert time.perf_counter() - start < HANG_GUARD_SECONDS
    assert reading.raw is raw


def test_megabyte_of_padding_around_a_value_still_reads():
    reading = read_cell(" " * MEGABYTE + "≥12" + " " * MEGABYTE)
    assert (reading.kind, reading.comparator, reading.value) == ("absolute", ">=", D("12"))


@pytest.mark.parametrize(
    "raw",
    [
        "达到" + "a" * (MAX_CELL_CHARS - 2),
        "与" + "人" * (MAX_CELL_CHARS - 6) + "同比例提高",
        "﷽" * MAX_CELL_CHARS,
        "1 " * (MAX_CELL_CHARS // 2),
        "比基期" * (MAX_CELL_CHARS // 3),
    ],
)
def test_adversarial_text_under_the_cap_is_fast(raw):
    start = time.perf_counter()
    for _ in range(100):
        _check_invariants(raw)
    assert time.perf_counter() - start < HANG_GUARD_SECONDS
