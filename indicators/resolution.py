"""Turn a parsed target or baseline cell into a number with a comparator.

A plan writes ``12``, ``≤12``, ``比基期降低10%`` or ``每年降低0.5个百分点``; the progress
engine needs "≤ 12 by 2025".  This module does that translation (DOMAIN §3, §4) and the
sanity checks an administrator sees after an import.  It is pure: no Django, no database.
The caller supplies what it knows (the indicator's direction, the baseline, the region's
other values, a linked indicator) and gets back a frozen ``ResolvedTarget`` whose ``note``
explains the derivation in Chinese, so nobody has to trust an unexplained number.

Readings are duck-typed: anything with ``kind``, ``comparator``, ``value`` and ``params``
works, i.e. ``plans.parsing.cells.CellReading`` or a stored ``indicators.models.Target``
(whose blank comparator ``""`` reads as None).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, NamedTuple, Protocol

__all__ = [
    "COMPARATORS",
    "KINDS",
    "CellLike",
    "Point",
    "ResolvedTarget",
    "resolve_baseline",
    "resolve_target",
    "satisfies",
    "target_sanity_checks",
    "to_decimal",
]

COMPARATORS = ("<", "<=", ">", ">=", "=")
KINDS = ("numeric", "direction", "manual", "none", "unresolved")

_SHOWN = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "=": "="}
_MIN_PLACES, _MAX_PLACES = 2, 4


class CellLike(Protocol):
    """What resolution reads from a cell (``CellReading`` or a stored ``Target``)."""

    @property
    def kind(self) -> str: ...
    @property
    def comparator(self) -> str | None: ...
    @property
    def value(self) -> Decimal | None: ...
    @property
    def params(self) -> Mapping[str, Any]: ...


class Point(NamedTuple):
    """One value of an indicator in one year; ``comparator`` set means a bound (``＜10.50``)."""

    year: int
    value: Decimal | float | int
    comparator: str | None = None

    @property
    def is_bound(self) -> bool:
        return self.comparator not in (None, "", "=")


@dataclass(frozen=True)
class ResolvedTarget:
    """A target the engine can rate.

    ``kind``: ``numeric`` (comparator + value), ``direction`` (only "up"/"down": rate by
    annual change), ``manual`` (a person judges), ``none`` (no target), ``unresolved``
    (a number was meant but could not be derived; ``note`` says why).  ``direction_hint`` is
    the change the plan asks for (+1 up, -1 down) when the cell says so; the engine uses it
    to rate direction-only and unresolved relative targets.  ``mode`` records how the value
    was obtained (``bare``, ``explicit``, or the relative mode such as ``annual_points``).
    """

    kind: str
    comparator: str | None = None
    value: Decimal | None = None
    year: int | None = None
    direction_hint: int | None = None
    note: str = ""
    mode: str | None = None


# --------------------------------------------------------------------------- small helpers


def to_decimal(value: Any) -> Decimal | None:
    """Decimal of a number, or None when it is missing or not finite (floats via ``repr``)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(repr(value) if isinstance(value, float) else value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def _comparator(raw: str | None) -> str | None:
    return raw if raw in COMPARATORS else None


def _fmt(number: Decimal) -> str:
    """Plain notation, as written (``7.50`` stays ``7.50``)."""
    return format(number, "f")


def _fmt_change(number: Decimal) -> str:
    """A change magnitude without trailing zeros (``10.0`` → ``10``)."""
    return format(abs(number).normalize(), "f")


def _places(*numbers: Decimal) -> int:
    written = max(
        (-n.as_tuple().exponent for n in numbers if isinstance(n.as_tuple().exponent, int)), default=0
    )
    return min(_MAX_PLACES, max(_MIN_PLACES, written))


def _quantize(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _verb(change: Decimal) -> str:
    return "降低" if change < 0 else "提高"


def _bound_for(direction: int, hint: int | None) -> str | None:
    """Floor for higher-is-better, ceiling for lower-is-better; the change's sign if unknown."""
    sense = direction if direction in (1, -1) else hint
    return {1: ">=", -1: "<="}.get(sense)


def _shown(comparator: str | None, value: Decimal) -> str:
    return f"{_SHOWN.get(comparator or '', '')}{_fmt(value)}"


# --------------------------------------------------------------------------- bounds


def _interval(comparator: str | None, value: Decimal) -> tuple[Decimal | None, bool, Decimal | None, bool]:
    """The values a point stands for: (low, low included, high, high included); None = open end."""
    if comparator == "<":
        return None, False, value, False
    if comparator == "<=":
        return None, False, value, True
    if comparator == ">":
        return value, False, None, False
    if comparator == ">=":
        return value, True, None, False
    return value, True, value, True


def satisfies(
    value: Decimal | float | int,
    comparator: str | None,
    *,
    target_comparator: str | None,
    target_value: Decimal | float | int,
    direction: int,
) -> bool | None:
    """Does a value (or a bound such as ``＜10.50``) meet the target?

    True when every value the point stands for meets it, False when none does, None when a
    bound straddles the target (``<15`` against ``≤12``): unknown, never guessed.  A target
    written ``=`` or without comparator means "reach this value" and reads as a floor or a
    ceiling by the indicator's direction; with no direction it must be met exactly.
    """
    point, target = to_decimal(value), to_decimal(target_value)
    if point is None or target is None:
        return None
    bound = _comparator(target_comparator)
    if bound in (None, "="):
        bound = _bound_for(direction, None) or "="
    low, low_in, high, high_in = _interval(_comparator(comparator), point)
    if bound == "=":
        if low == high == target:
            return True
        inside = (low is None or low < target or (low == target and low_in)) and (
            high is None or high > target or (high == target and high_in)
        )
        return None if inside else False
    if bound in ("<", "<="):  # a ceiling is a floor seen in a mirror
        bound, target = bound.replace("<", ">"), -target
        low, low_in, high, high_in = (
            (None if high is None else -high),
            high_in,
            (None if low is None else -low),
            low_in,
        )
    strict = bound == ">"
    if low is not None and (low > target or (low == target and not (strict and low_in))):
        return True
    if high is not None and (high < target or (high == target and (strict or not high_in))):
        return False
    return None


# --------------------------------------------------------------------------- baselines


def resolve_baseline(reading: CellLike, *, year: int) -> Point | None:
    """A baseline cell as a point: exact (comparator None) or a bound that stays a bound."""
    value = to_decimal(getattr(reading, "value", None))
    if getattr(reading, "kind", None) != "absolute" or value is None:
        return None
    comparator = _comparator(getattr(reading, "comparator", None))
    return Point(year, value, None if comparator == "=" else comparator)


def _exact(point: Point | None) -> Decimal | None:
    if point is None or point.is_bound:
        return None
    return to_decimal(point.value)


# --------------------------------------------------------------------------- targets


def resolve_target(
    reading: CellLike,
    *,
    direction: int,
    target_year: int | None = None,
    baseline: Point | None = None,
    known_values: Mapping[int, Decimal | float | int] | None = None,
    linked_baseline: Point | None = None,
    linked_target: ResolvedTarget | None = None,
) -> ResolvedTarget:
    """Resolve a target cell for an indicator whose direction is +1, -1 or 0 (unknown).

    ``baseline`` is the plan's base-year point; ``known_values`` the region's exact values by
    year (for ``较2015年降低20%``); ``linked_*`` the other indicator of a ``同比例提高`` target.
    Never raises on a reading it does not understand: that becomes ``unresolved``.
    """
    kind = getattr(reading, "kind", None)
    params = getattr(reading, "params", None) or {}
    if kind == "none":
        return ResolvedTarget("none", year=target_year, note="无目标")
    if kind == "qualitative":
        raw = getattr(reading, "raw", "") or ""
        what = "未能识别的目标表述" if params.get("unrecognised") else "定性目标"
        return ResolvedTarget("manual", year=target_year, note=f"{what}「{raw}」，需人工评估")
    if kind == "absolute":
        return _resolve_absolute(reading, direction, target_year)
    if kind == "relative":
        return _resolve_relative(
            params, direction, target_year, baseline, known_values or {}, linked_baseline, linked_target
        )
    return ResolvedTarget("unresolved", year=target_year, note=f"未知的目标类型：{kind}")


def _resolve_absolute(reading: CellLike, direction: int, target_year: int | None) -> ResolvedTarget:
    value = to_decimal(getattr(reading, "value", None))
    if value is None:
        return ResolvedTarget("unresolved", year=target_year, note="目标缺少数值")
    written = _comparator(getattr(reading, "comparator", None))
    if written is not None:
        return ResolvedTarget(
            "numeric", written, value, target_year, note=f"目标{_shown(written, value)}", mode="explicit"
        )
    comparator = _bound_for(direction, None)
    if comparator is None:
        return ResolvedTarget(
            "unresolved",
            year=target_year,
            note=f"单独数值{_fmt(value)}：指标方向未定，无法判断是上限还是下限",
        )
    sense = "越低越好，视为上限" if direction == -1 else "越高越好，视为下限"
    note = f"单独数值{_fmt(value)}：该指标{sense}（{_shown(comparator, value)}）"
    return ResolvedTarget("numeric", comparator, value, target_year, note=note, mode="bare")


def _hint(params: Mapping[str, Any], key: str) -> int | None:
    if key == "direction":
        return {"up": 1, "down": -1}.get(params.get("direction"))
    change = to_decimal(params.get(key))
    return None if not change else (1 if change > 0 else -1)


_CHANGE_KEYS = {
    "percent_of_base": "change_pct",
    "points_from_base": "change_points",
    "annual_points": "change_per_year",
    "annual_percent": "change_pct_per_year",
    "same_ratio": "direction",
    "direction": "direction",
}


def _resolve_relative(
    params: Mapping[str, Any],
    direction: int,
    target_year: int | None,
    baseline: Point | None,
    known_values: Mapping[int, Decimal | float | int],
    linked_baseline: Point | None,
    linked_target: ResolvedTarget | None,
) -> ResolvedTarget:
    mode = params.get("mode")
    key = _CHANGE_KEYS.get(mode)
    if key is None:
        return ResolvedTarget("unresolved", year=target_year, note=f"未知的相对目标形式：{mode}", mode=mode)
    hint = _hint(params, key)

    def unresolved(why: str) -> ResolvedTarget:
        return ResolvedTarget(
            "unresolved", year=target_year, direction_hint=hint, note=f"{why}，改按年均变化评估", mode=mode
        )

    if mode == "direction":
        if hint is None:
            return unresolved("相对目标缺少方向")
        word = "提高" if hint == 1 else "降低"
        return ResolvedTarget(
            "direction",
            year=target_year,
            direction_hint=hint,
            note=f"仅要求{word}，按年均变化评估",
            mode=mode,
        )
    comparator = _bound_for(direction, hint)
    if comparator is None:
        return unresolved("指标方向未定")
    if mode == "same_ratio":
        return _same_ratio(
            comparator, target_year, hint, baseline, linked_baseline, linked_target, unresolved
        )

    change = to_decimal(params.get(key))
    if change is None:
        return unresolved("相对目标缺少变化幅度")
    base_year = params.get("base_year") if mode in ("percent_of_base", "points_from_base") else None
    if base_year is not None and (baseline is None or baseline.year != base_year):
        base_value = to_decimal(known_values.get(base_year))
        base_label = f"{base_year}年值"
    else:
        base_value = _exact(baseline)
        base_year = baseline.year if baseline is not None else None
        base_label = "基期值"
    if base_value is None:
        if baseline is not None and baseline.is_bound and base_label == "基期值":
            return unresolved(
                f"基期值为区间（{_shown(baseline.comparator, to_decimal(baseline.value))}），无法推算目标值"
            )
        return unresolved(f"缺少{base_label}")

    annual = mode.startswith("annual")
    years = (target_year - base_year) if annual and target_year and base_year else 0
    if annual and years <= 0:
        return unresolved("缺少基期年份或目标年份")
    exact = {
        "percent_of_base": lambda: base_value * (1 + change / 100),
        "points_from_base": lambda: base_value + change,
        "annual_points": lambda: base_value + change * years,
        "annual_percent": lambda: base_value * (1 + change / 100) ** years,  # compound
    }[mode]()
    points = "points" in mode
    value = _quantize(exact, _places(base_value, change) if points else _places(base_value))
    how = f"{'每年' if annual else ''}{_verb(change)}{_fmt_change(change)}{'个百分点' if points else '%'}"
    then = f"{years}年后为" if annual else "目标为"
    note = f"{base_label}{_fmt(base_value)}{how}，{then}{_fmt(value)}"
    return ResolvedTarget("numeric", comparator, value, target_year, hint, note, mode)


def _same_ratio(
    comparator: str,
    target_year: int | None,
    hint: int | None,
    baseline: Point | None,
    linked_baseline: Point | None,
    linked_target: ResolvedTarget | None,
    unresolved: Callable[[str], ResolvedTarget],
) -> ResolvedTarget:
    """Own baseline × (linked target / linked baseline): 健康预期寿命 follows 人均预期寿命."""
    own = _exact(baseline)
    if own is None:
        return unresolved("同比例目标缺少本指标基期值")
    linked_base = _exact(linked_baseline)
    if linked_base is None or linked_base == 0:
        return unresolved("同比例目标缺少关联指标基期值")
    if linked_target is None or linked_target.kind != "numeric" or linked_target.value is None:
        return unresolved("同比例目标缺少关联指标的数值目标")
    linked_value = to_decimal(linked_target.value)
    value = _quantize(own * linked_value / linked_base, _places(own))
    note = (
        f"与关联指标同比例：基期值{_fmt(own)}×（关联目标{_fmt(linked_value)}÷关联基期值{_fmt(linked_base)}）"
        f"＝{_fmt(value)}"
    )
    return ResolvedTarget("numeric", comparator, value, target_year, hint, note, "same_ratio")


# --------------------------------------------------------------------------- sanity checks

_LEADING_ONE = re.compile(r"^1(?=/)")


def _unit_key(unit: str) -> str:
    """``1/10万`` and ``/10万``, ``％`` and ``%``, spaces: the same unit written differently."""
    text = "".join(unicodedata.normalize("NFKC", unit).split()).lower()
    return _LEADING_ONE.sub("", text)


def target_sanity_checks(
    *,
    direction: int,
    baseline: Point | None,
    target: ResolvedTarget,
    target_unit: str | None = None,
    catalog_unit: str | None = None,
) -> list[tuple[str, str]]:
    """Warnings for an administrator reviewing an import: ``(code, message_zh)``.

    ``already_met``: the baseline already satisfies the target, so the indicator shows 保持达标
    from the first day.  ``wrong_direction``: the plan asks for a change against the
    indicator's direction — a bare or derived target worse than the baseline (吸烟率
    22.40 → 23.30), or a relative wording that goes the wrong way.  An explicit bound looser
    than the baseline (婴儿死亡率 1.37 → ＜5) is only ``already_met``: "stay under 5" is a
    normal way to write a target.  ``unit_mismatch``: the row's unit differs from the catalog's.
    """
    found: list[tuple[str, str]] = []
    value = to_decimal(target.value)
    if target.kind == "numeric" and value is not None and baseline is not None:
        base = to_decimal(baseline.value)
        shown_target = _shown(target.comparator, value)
        if base is not None:
            shown_base = _shown(_comparator(baseline.comparator), base)
            met = satisfies(
                base,
                baseline.comparator,
                target_comparator=target.comparator,
                target_value=value,
                direction=direction,
            )
            if met:
                found.append(
                    (
                        "already_met",
                        f"基期值{shown_base}已满足目标{shown_target}，该指标从规划初期即为保持达标（须每年保持）",
                    )
                )
            if (
                direction in (1, -1)
                and target.mode != "explicit"
                and not baseline.is_bound
                and (value - base) * direction < 0
            ):
                better = "越高越好" if direction == 1 else "越低越好"
                message = f"目标值{_fmt(value)}比基期值{_fmt(base)}更差（该指标{better}），请核对"
                found.append(("wrong_direction", message))
    if (
        target.kind != "numeric"
        and target.direction_hint is not None
        and direction in (1, -1)
        and target.direction_hint != direction
    ):
        word = "提高" if target.direction_hint == 1 else "降低"
        found.append(("wrong_direction", f"目标要求{word}，与该指标的方向相反，请核对"))
    if target_unit and catalog_unit and _unit_key(target_unit) != _unit_key(catalog_unit):
        message = f"规划中的单位「{target_unit}」与指标目录的单位「{catalog_unit}」不一致，不能直接比较"
        found.append(("unit_mismatch", message))
    return found
