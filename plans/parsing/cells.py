"""Read one indicator-table cell (a baseline or target value) into a structured form.

A cell is kept verbatim in ``CellReading.raw`` and understood as one of four kinds
(see DOMAIN.md §3):

- ``absolute``: an optional comparator and a number, with an optional unit
  (``83.63``, ``＜10.50``, ``>7``, ``≥95%``, ``12/10万``, ``80岁``, ``90%以上``,
  ``不低于95%``, ``控制在20%以内``).  ``value`` is the Decimal as written, so
  ``7.50`` keeps its two decimals.  ``comparator`` is None for a bare number, whose
  sense (floor or ceiling) depends on the indicator's direction.
- ``relative``: a change from the baseline (``比基期降低10%``, ``较2015年降低20%``,
  ``每年降低0.5个百分点``, ``同比例提高``, ``持续下降``); the details are in ``params``.
- ``qualitative``: judged by a person (``达到国家平均水平``, ``持续改善``); any other
  non-empty text nobody recognised is also qualitative, with
  ``params == {"unrecognised": True}``.
- ``none``: no value (empty, ``—``, ``-``, ``/``, ``无``, ``N/A``).

``params`` (always JSON-safe):

- absolute: ``{}``, plus ``"unit": "%"`` / ``"/10万"`` / ``"岁"`` … when a unit is attached
  and ``"approx": True`` for ``约``/``左右``.
- relative, by ``mode``:
  ``percent_of_base`` {change_pct, base_year}, ``points_from_base`` {change_points, base_year},
  ``annual_points`` {change_per_year}, ``annual_percent`` {change_pct_per_year},
  ``same_ratio`` {direction}, ``direction`` {direction: "up" | "down"};
  changes are negative for 降低/下降/减少; ``"at_least": True`` (…以上) or ``"approx": True``
  (…左右) may be added.
- qualitative: ``{}`` when recognised, ``{"unrecognised": True}`` otherwise.
- none: ``{}``.

``read_cell`` never raises and runs in bounded time on any input: the text is
length-capped before it is normalised, and every pattern is anchored and free of
nested quantifiers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

__all__ = ["KINDS", "CellReading", "read_cell"]

KINDS = ("absolute", "relative", "qualitative", "none")

# A real cell is a few dozen characters; anything much longer is not a value.
MAX_CELL_CHARS = 200
# At most this many significant digits, so float(value) is always finite and exact enough.
MAX_SIGNIFICANT_DIGITS = 15
MAX_NUMBER_CHARS = 40


@dataclass(frozen=True)
class CellReading:
    raw: str
    kind: str
    comparator: str | None = None
    value: Decimal | None = None
    params: dict = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict:
        value = None
        if self.value is not None:
            as_float = float(self.value)
            value = as_float if math.isfinite(as_float) else None
        return {
            "raw": self.raw,
            "kind": self.kind,
            "comparator": self.comparator,
            "value": value,
            "params": dict(self.params),
        }


# --------------------------------------------------------------------------- normalisation

# Characters removed everywhere: zero-width spaces/joiners, BOM, soft hyphen, word joiner.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# Applied after NFKC (which already folds full-width digits, ．, ％, ＜＞＝, full-width
# space and －): symbols NFKC leaves alone.
_SYMBOLS = str.maketrans(
    {
        "≦": "≤",
        "⩽": "≤",
        "≧": "≥",
        "⩾": "≥",
        "≮": "≥",  # "not less than"
        "≯": "≤",  # "not greater than"
        "−": "-",  # U+2212 MINUS SIGN
        "﹣": "-",
        "〜": "~",
        "～": "~",
        "（": "(",
        "）": ")",
        "﹪": "%",
    }
)

_WS_RUN = re.compile(r"\s+")


def _drop_spaces(match: re.Match) -> str:
    """Whitespace between two digits is kept (``12 15`` is not 1215); any other goes."""
    text = match.string
    start, end = match.span()
    if start > 0 and end < len(text) and text[start - 1].isdigit() and text[end].isdigit():
        return " "
    return ""


def _normalise(stripped: str) -> str:
    text = unicodedata.normalize("NFKC", stripped).translate(_SYMBOLS)
    return _WS_RUN.sub(_drop_spaces, text).strip()


# --------------------------------------------------------------------------- none

_NONE_DASHES = re.compile(r"[-—–―‐‑‒─━_/\\~.·…]+")
_NONE_WORDS = frozenset(
    {"无", "暂无", "空", "不适用", "未设定", "未设置", "n/a", "na", "none", "null", "nil", "x", "×"}
)


def _is_none(text: str) -> bool:
    return not text or _NONE_DASHES.fullmatch(text) is not None or text.lower() in _NONE_WORDS


# --------------------------------------------------------------------------- numbers

_NUM = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_AT_START = re.compile(_NUM)


def _to_decimal(digits: str) -> Decimal | None:
    """Decimal of a number matched by ``_NUM``, or None if it is too long to be a value."""
    digits = digits.replace(",", "")
    if len(digits) > MAX_NUMBER_CHARS:
        return None
    significant = digits.lstrip("-").replace(".", "").lstrip("0")
    if len(significant) > MAX_SIGNIFICANT_DIGITS:
        return None
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern only admits valid literals
        return None
    return value if value.is_finite() else None


# --------------------------------------------------------------------------- relative

_DOWN = ("降低", "下降", "减少", "减低", "递减", "缩小", "降")
_UP = ("提高", "提升", "增加", "上升", "增长", "递增", "增", "升")
_DIR = "(?P<dir>" + "|".join(_DOWN + _UP) + ")"

# Effort words that do not change what the cell means.
_EFFORT_PREFIX = re.compile(r"(?:力争|争取|确保|努力|力求|预计|计划)")

_PERCENT_OF_BASE = re.compile(
    r"(?:(?:比|较|相比|相较|与)(?:基期|基线|基准年|基准|基年|(?P<year>\d{4})年)(?:水平|基础上)?(?:相比)?)?"
    + _DIR
    + r"了?(?P<num>\d+(?:\.\d+)?)(?P<unit>%|个百分点)(?P<qual>以上|左右)?"
)
_ANNUAL = re.compile(
    r"(?:每年|年均|平均每年|每年度|年平均)"
    + _DIR
    + r"(?P<num>\d+(?:\.\d+)?)(?P<unit>个百分点|%)(?P<qual>以上|左右)?"
)
_SAME_RATIO = re.compile(r"(?:与.{1,12}?)?同(?:比例|步|幅度)" + _DIR)
_DIRECTION = re.compile(
    r"(?:持续|稳步|逐年|逐步|不断|进一步|明显|显著|有所|继续|稳定|大幅|较大幅度)?"
    + _DIR
    + r"|稳中有(?P<steady>降|升)"
)


def _direction(word: str) -> str:
    return "down" if word in _DOWN else "up"


def _signed(word: str, number: Decimal) -> float:
    magnitude = float(number)
    return -magnitude if word in _DOWN else magnitude


def _qualified(params: dict, qualifier: str | None) -> dict:
    """``降低10%以上`` is at least that change; ``降低10%左右`` about that change."""
    if qualifier == "以上":
        params["at_least"] = True
    elif qualifier == "左右":
        params["approx"] = True
    return params


def _read_relative(text: str) -> dict | None:
    m = _PERCENT_OF_BASE.fullmatch(text)
    if m:
        number = _to_decimal(m["num"])
        if number is None:
            return None
        base_year = int(m["year"]) if m["year"] else None
        if m["unit"] == "%":
            params = {
                "mode": "percent_of_base",
                "change_pct": _signed(m["dir"], number),
                "base_year": base_year,
            }
        else:
            params = {
                "mode": "points_from_base",
                "change_points": _signed(m["dir"], number),
                "base_year": base_year,
            }
        return _qualified(params, m["qual"])
    m = _ANNUAL.fullmatch(text)
    if m:
        number = _to_decimal(m["num"])
        if number is None:
            return None
        if m["unit"] == "个百分点":
            params = {"mode": "annual_points", "change_per_year": _signed(m["dir"], number)}
        else:
            params = {"mode": "annual_percent", "change_pct_per_year": _signed(m["dir"], number)}
        return _qualified(params, m["qual"])
    m = _SAME_RATIO.fullmatch(text)
    if m:
        return {"mode": "same_ratio", "direction": _direction(m["dir"])}
    m = _DIRECTION.fullmatch(text)
    if m:
        if m["steady"]:
            return {"mode": "direction", "direction": "down" if m["steady"] == "降" else "up"}
        return {"mode": "direction", "direction": _direction(m["dir"])}
    return None


# --------------------------------------------------------------------------- absolute

# Longest first: a prefix is tried in this order and at most one symbol/word comparator is read.
_PREFIX_COMPARATORS = (
    ("<=", "<="),
    ("=<", "<="),
    (">=", ">="),
    ("=>", ">="),
    ("≤", "<="),
    ("≥", ">="),
    ("<", "<"),
    (">", ">"),
    ("=", "="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("不高于", "<="),
    ("不超过", "<="),
    ("不大于", "<="),
    ("不多于", "<="),
    ("至少", ">="),
    ("至多", "<="),
    ("最多", "<="),
    ("最少", ">="),
    ("低于", "<"),
    ("小于", "<"),
    ("少于", "<"),
    ("高于", ">"),
    ("大于", ">"),
    ("超过", ">"),
    ("多于", ">"),
)

# Verbs in front of a number: (word, implied comparator when none is written, approximate).
_VERB_PREFIXES = (
    ("控制在", "<=", False),
    ("降低到", "<=", False),
    ("降低至", "<=", False),
    ("下降到", "<=", False),
    ("下降至", "<=", False),
    ("降到", "<=", False),
    ("降至", "<=", False),
    ("减少到", "<=", False),
    ("减少至", "<=", False),
    ("提高到", ">=", False),
    ("提高至", ">=", False),
    ("提升到", ">=", False),
    ("提升至", ">=", False),
    ("增加到", ">=", False),
    ("增加至", ">=", False),
    ("增长到", ">=", False),
    ("增长至", ">=", False),
    ("上升到", ">=", False),
    ("上升至", ">=", False),
    ("保持在", None, False),
    ("维持在", None, False),
    ("稳定在", None, False),
    ("达到", None, False),
    ("约为", None, True),
    ("约", None, True),
    ("~", None, True),
    ("为", None, False),
    ("达", None, False),
)

# Words after the number (and unit): (word, comparator, approximate).  以上/以下 include the
# number in Chinese usage (65岁及以上 includes 65), so they read as >= / <=.
_SUFFIXES = (
    ("及以上", ">=", False),
    ("及以下", "<=", False),
    ("以上", ">=", False),
    ("以下", "<=", False),
    ("以内", "<=", False),
    ("之内", "<=", False),
    ("左右", None, True),
)

_SYMBOL_UNIT = re.compile(r"%|‰|‱|个百分点")
# "/10万", "1/10万", "/十万人", "每千人"
_PER_UNIT = re.compile(r"(?:1?/|每)(?:\d{1,6}|[十百千万]{1,2})?[十百千万]?[\u4e00-\u9fff]{0,4}")
# A CJK word unit (岁, 张, 人, 天, 亿元, 平方米, 张/千人) that is not a verb or qualifier.
_WORD_UNIT = re.compile(r"[\u4e00-\u9fff]{1,5}(?:/[\u4e00-\u9fff\d]{1,6})?")
_NOT_IN_WORD_UNIT = frozenset("降提增减升下上内左右低高于少多超达到比较约及或至每同持稳逐步改善以为在不")


def _is_unit(text: str) -> bool:
    if _SYMBOL_UNIT.fullmatch(text) or _PER_UNIT.fullmatch(text):
        return True
    if _WORD_UNIT.fullmatch(text):
        word = text.split("/", 1)[0]
        return not any(char in _NOT_IN_WORD_UNIT for char in word)
    return False


def _direction_of(comparator: str | None) -> str | None:
    if comparator in ("<", "<="):
        return "down"
    if comparator in (">", ">="):
        return "up"
    return None


def _read_absolute(text: str) -> tuple[str | None, Decimal, dict] | None:
    rest = text
    params: dict = {}
    implied: str | None = None
    for word, comparator, approx in _VERB_PREFIXES:
        if rest.startswith(word):
            rest = rest[len(word) :]
            implied = comparator
            if approx:
                params["approx"] = True
            break
    written: str | None = None
    for word, comparator in _PREFIX_COMPARATORS:
        if rest.startswith(word):
            rest = rest[len(word) :]
            written = comparator
            break

    m = _NUMBER_AT_START.match(rest)
    if not m:
        return None
    value = _to_decimal(m.group())
    if value is None:
        return None
    rest = rest[m.end() :]

    suffix_comparator: str | None = None
    for word, comparator, approx in _SUFFIXES:
        if rest.endswith(word):
            rest = rest[: -len(word)]
            suffix_comparator = comparator
            if approx:
                params["approx"] = True
            break
    if rest:
        if not _is_unit(rest):
            return None
        params["unit"] = rest

    comparator = written
    if suffix_comparator is not None:
        if comparator is None:
            comparator = suffix_comparator
        elif _direction_of(comparator) != _direction_of(suffix_comparator):
            return None  # "<10以上": contradictory, let a person read it
    if comparator is None:
        comparator = implied
    return comparator, value, params


# --------------------------------------------------------------------------- qualitative

_QUALITATIVE = re.compile(
    r"(?:达到|达|符合|满足|优于|接近|不低于|不高于|高于|低于|好于)?.{0,30}?(?:水平|要求|标准|目标|平均值|均值)"
    r"|(?:持续|进一步|明显|显著|逐步|不断|稳步|有所|全面)?(?:改善|好转|优化|完善|加强|提升质量)"
    r"|(?:保持|维持)(?:稳定|平稳|现有水平|现状|不变)?|稳定|基本稳定|全覆盖|实现全覆盖|基本实现|实现|达标|已完成|完成"
)
_QUALITATIVE_COMPARATOR = (
    ("不低于", ">="),
    ("不高于", "<="),
    ("不超过", "<="),
    ("高于", ">"),
    ("优于", ">"),
    ("好于", ">"),
    ("低于", "<"),
)


def _read_qualitative(text: str) -> tuple[str | None, dict]:
    if _QUALITATIVE.fullmatch(text):
        for word, comparator in _QUALITATIVE_COMPARATOR:
            if text.startswith(word):
                return comparator, {}
        return None, {}
    return None, {"unrecognised": True}


# --------------------------------------------------------------------------- entry point


def read_cell(raw: str | None) -> CellReading:
    """Read a table cell; never raises.  ``None`` reads as an empty cell."""
    if raw is None:
        return CellReading(raw="", kind="none")
    if not isinstance(raw, str):
        try:
            raw = str(raw)
        except Exception:
            return CellReading(raw="", kind="qualitative", params={"unrecognised": True})
    try:
        return _read(raw)
    except Exception:  # defensive: a reading must never break an import
        return CellReading(raw=raw, kind="qualitative", params={"unrecognised": True})


def _read(raw: str) -> CellReading:
    stripped = raw.translate(_INVISIBLE).strip()
    if len(stripped) > MAX_CELL_CHARS:
        return CellReading(raw=raw, kind="qualitative", params={"unrecognised": True})
    text = _normalise(stripped)
    if _is_none(text):
        return CellReading(raw=raw, kind="none")

    core = text
    m = _EFFORT_PREFIX.match(core)
    if m and m.end() < len(core):
        core = core[m.end() :]

    relative = _read_relative(core)
    if relative is not None:
        return CellReading(raw=raw, kind="relative", params=relative)

    absolute = _read_absolute(core)
    if absolute is not None:
        comparator, value, params = absolute
        return CellReading(raw=raw, kind="absolute", comparator=comparator, value=value, params=params)

    comparator, params = _read_qualitative(core)
    return CellReading(raw=raw, kind="qualitative", comparator=comparator, params=params)
