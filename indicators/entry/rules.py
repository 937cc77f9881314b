"""Entry rules shared by the form, the Excel upload and the admin.

How typed text becomes a value, the valid range of an indicator, and when a value is so far
from the previous year or from the plan's path that it needs a comment (a soft warning, as in
DHIS2).  The thresholds are set here, in one place; the entry page shows them to users.

Pure: no database access (an ``Indicator`` is only read for its name, unit and range).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# --------------------------------------------------------------------------- thresholds

# A value whose relative change from the previous year's value exceeds this needs a comment.
JUMP_FROM_PREVIOUS = Decimal("0.5")  # 50 %
# A value off the straight path (baseline → target) by more than this share of the whole
# planned change |target − baseline| …
PATH_DEVIATION_OF_PLANNED_CHANGE = Decimal("1")
# … and by more than this share of the path value itself needs a comment.
PATH_DEVIATION_RELATIVE = Decimal("0.2")  # 20 %

# What the value columns hold (DecimalField(max_digits=20, decimal_places=6)).
MAX_DECIMAL_PLACES = 6
MAX_INTEGER_DIGITS = 14
MAX_TEXT_CHARS = 60

_COMPARATOR_PREFIXES = (
    ("<=", "<="),
    (">=", ">="),
    ("≤", "<="),
    ("≦", "<="),
    ("≥", ">="),
    ("≧", ">="),
    ("<", "<"),
    (">", ">"),
    ("=", ""),
)
COMPARATOR_SHOWN = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "": ""}
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_NO_VALUE = frozenset({"—", "——", "-", "--", "–", "―"})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ParsedValue:
    """A value as the service stores it: number, comparator for bounds, and the text as typed."""

    value: Decimal | None
    comparator: str = ""
    raw: str = ""

    @property
    def blank(self) -> bool:
        return self.value is None


BLANK = ParsedValue(None)
# In an uploaded sheet a blank (or —, -, 无) means "no change"; clearing a stored value is this
# explicit marker, documented in the template and shown as "将清除" in the preview.
CLEAR_MARKER = "清除"
CLEAR = ParsedValue(None, raw=CLEAR_MARKER)
UPLOAD_NO_CHANGE = frozenset({"无"})


class ValueTextError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalise_text(text: str) -> str:
    """Full-width digits and symbols to half-width, all whitespace removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def _unit_key(unit: str) -> str:
    return normalise_text(unit or "")


def parse_value_text(text: str | None, *, unit: str = "") -> ParsedValue:
    """Read what a person typed: blank (no value), a number, or a bound like ``＜10.50``.

    The number keeps its precision (``7.50`` stays ``7.50`` in ``raw``); full-width digits are
    normalised.  A trailing ``%``/``‰`` is accepted when it is the indicator's unit.  A dash
    (``—``) means "no value", as in the plans.  Anything else raises :class:`ValueTextError`.
    """
    if text is None:
        return BLANK
    shown = str(text).strip()
    if len(shown) > MAX_TEXT_CHARS:
        raise ValueTextError(_("“%(text)s…” 不是数字") % {"text": shown[:20]})
    normal = normalise_text(shown)
    if not normal or normal in _NO_VALUE:
        return BLANK
    rest, comparator = normal, ""
    for prefix, code in _COMPARATOR_PREFIXES:
        if rest.startswith(prefix):
            rest, comparator = rest[len(prefix) :], code
            break
    unit_key = _unit_key(unit)
    if unit_key in ("%", "‰") and rest.endswith(unit_key):
        rest = rest[: -len(unit_key)]
    if not _NUMBER.fullmatch(rest):
        raise ValueTextError(
            _("“%(text)s” 不是数字，请只填写数字（可带 < ≤ > ≥ 表示界限）") % {"text": shown}
        )
    number = _checked_decimal(rest.replace(",", ""), shown)
    raw = (COMPARATOR_SHOWN.get(comparator, "") if comparator else "") + rest
    return ParsedValue(number, comparator, raw)


def _checked_decimal(digits: str, shown: str) -> Decimal:
    try:
        number = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid literals
        raise ValueTextError(_("“%(text)s” 不是数字") % {"text": shown}) from exc
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places > MAX_DECIMAL_PLACES:
        raise ValueTextError(
            _("“%(text)s” 的小数位数超过 %(places)s 位") % {"text": shown, "places": MAX_DECIMAL_PLACES}
        )
    if abs(number) >= Decimal(10) ** MAX_INTEGER_DIGITS:
        raise ValueTextError(_("“%(text)s” 数值过大") % {"text": shown})
    return number


def parse_cell_number(number: int | float | Decimal, *, places: int | None = None, percent: bool = False):
    """A numeric spreadsheet cell as a value.

    Floats are read at Excel's precision, 15 significant digits (no binary noise such as
    0.30000000000000004); a fixed number format
    such as ``0.00`` restores the decimals the person saw (``7.5`` shown as ``7.50``), and a
    percent format (``0.0%``) turns 0.855 into 85.5, the number the person saw.
    """
    value = Decimal(format(number, ".15g")) if isinstance(number, float) else Decimal(number)
    if not value.is_finite():
        raise ValueTextError(_("不是有效数字"))
    if percent:
        value = value.scaleb(2)
    if places is not None:
        exponent = value.as_tuple().exponent
        shown_places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if shown_places < places <= MAX_DECIMAL_PLACES:
            value = value.quantize(Decimal(1).scaleb(-places))
    text = format(value, "f")
    if "." in text and places is None:
        text = text.rstrip("0").rstrip(".")
    number_checked = _checked_decimal(text, text)
    return ParsedValue(number_checked, "", text)


def format_number(number: Decimal | None) -> str:
    """Plain notation without binary or storage noise (``7.500000`` → ``7.5``, ``1E+2`` → ``100``)."""
    if number is None:
        return ""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


# --------------------------------------------------------------------------- range


def valid_range(indicator) -> tuple[Decimal | None, Decimal | None]:
    """The catalog's range, with safe defaults where the catalog is silent.

    A percentage is at most 100 and a per-mille rate at most 1000; percentages, per-mille values
    and rates (名称含“率”) are never negative.
    """
    low, high = indicator.min_value, indicator.max_value
    unit = _unit_key(indicator.unit)
    if unit == "%":
        low = Decimal(0) if low is None else low
        high = Decimal(100) if high is None else high
    elif unit == "‰":
        low = Decimal(0) if low is None else low
        high = Decimal(1000) if high is None else high
    if low is None and "率" in (indicator.name or ""):
        low = Decimal(0)
    return low, high


def range_problem(*, indicator, value: Decimal | None) -> str | None:
    """Why ``value`` is outside the indicator's valid range (naming the indicator), or None."""
    if value is None:
        return None
    low, high = valid_range(indicator)
    unit = indicator.unit or ""
    if low is not None and value < low:
        return _("“%(name)s”的数值 %(value)s 不能小于 %(low)s%(unit)s") % {
            "name": indicator.name,
            "value": format_number(value),
            "low": format_number(low),
            "unit": unit,
        }
    if high is not None and value > high:
        return _("“%(name)s”的数值 %(value)s 不能大于 %(high)s%(unit)s") % {
            "name": indicator.name,
            "value": format_number(value),
            "high": format_number(high),
            "unit": unit,
        }
    return None


# --------------------------------------------------------------------------- soft warnings


def soft_warnings(
    *,
    value: Decimal | None,
    previous: Decimal | None = None,
    expected: Decimal | None = None,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
) -> list[str]:
    """Why this value deserves a comment: a big jump from last year, or far off the plan's path.

    - previous year: |value − previous| / |previous| > ``JUMP_FROM_PREVIOUS`` (skipped when the
      previous value is 0: there is no relative change to speak of);
    - path: |value − expected| > ``PATH_DEVIATION_OF_PLANNED_CHANGE`` × |target − baseline| and
      > ``PATH_DEVIATION_RELATIVE`` × |expected| (both, so small districts' noise and
      large-valued indicators with small planned changes do not trip it).
    """
    if value is None:
        return []
    warnings: list[str] = []
    if previous is not None and previous != 0:
        change = abs(value - previous) / abs(previous)
        if change > JUMP_FROM_PREVIOUS:
            warnings.append(
                _("较上年数值 %(previous)s 变化 %(pct)s%%，超过 %(limit)s%%")
                % {
                    "previous": format_number(previous),
                    "pct": format_number(round(change * 100, 1)),
                    "limit": format_number(JUMP_FROM_PREVIOUS * 100),
                }
            )
    if expected is not None and baseline is not None and target is not None:
        deviation = abs(value - expected)
        planned = abs(target - baseline)
        relative_ok = expected == 0 or deviation / abs(expected) > PATH_DEVIATION_RELATIVE
        if deviation > planned * PATH_DEVIATION_OF_PLANNED_CHANGE and deviation > 0 and relative_ok:
            warnings.append(
                _(
                    "偏离规划路径应达值 %(expected)s 较多（相差 %(deviation)s，基期到目标的全部变化量为 %(planned)s）"
                )
                % {
                    "expected": format_number(round(expected, 4)),
                    "deviation": format_number(round(deviation, 4)),
                    "planned": format_number(round(planned, 4)),
                }
            )
    return warnings


def thresholds_for_display() -> dict[str, str]:
    return {
        "jump": format_number(JUMP_FROM_PREVIOUS * 100),
        "path_share": format_number(PATH_DEVIATION_OF_PLANNED_CHANGE),
        "path_relative": format_number(PATH_DEVIATION_RELATIVE * 100),
    }
