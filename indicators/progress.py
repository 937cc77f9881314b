"""Progress status of one indicator towards one target (DOMAIN §7).

The method, in the order the rules are applied (the user-facing method page explains the same):

1. ``achieved`` when the latest value satisfies the target, direction-aware, through progress
   since the plan's start; ``holding`` (保持达标) when the value at the start already satisfied
   it too: a ceiling or floor the district only has to hold, checked again every year and lost
   the year a value crosses it (``start_met`` is True).  A value that is itself a bound
   (``＜10.50``) counts only when every value it stands for satisfies the target.  Nothing else
   can outrank this: a met target is met whatever the trend.
2. ``binding_breached`` for a binding (约束性) numeric target whose latest value is on the wrong
   side of the bound: the red line is checked every year, whatever the trend.  So a binding
   target shows either 已达成 or 未达约束性要求 (the trend is still reported in ``trend_status``).
3. ``insufficient_data`` with fewer than two usable points.  Usable means an exact value: a
   bound, baseline or not, only takes part in the achieved and red-line checks, because the
   growth from ``＜10.50`` is unknown.  The baseline is the start point when it is exact and
   older than the latest exact value; otherwise the oldest exact observation is.
4. Numeric target with a target year: project the latest exact value to the target year at
   the compound annual growth observed since the start (linear when a value is zero or the
   signs differ — no 0.001 substitute), then P = (projected − start)/(target − start), rated
   by ``Thresholds``.  When the target asks for no improvement over the start (target equal
   to the start, or behind it: 期望寿命 83.63 → ≥82) P is undefined; the status is then
   on_track if the projection still satisfies the target, moving_away if the value has moved
   against the indicator's direction since the start, else limited.  Once the target year is
   reached the latest value is its own projection.
5. Direction-only targets, relative targets that could not be turned into a number, and
   numeric targets without a year: rated by the annual growth rate in the desired direction
   (compound between positive values; relative linear change otherwise; a fall from a
   positive start to zero or below counts as −100 % a year, the compound limit, so the
   rating never jumps at zero; from a zero start only the sign of the change counts).
6. Qualitative targets are ``manual``: a person's judgement (``ManualStatus``) is shown as is.
7. No target: ``no_target``.  Both 6 and 7 still report the latest value and the trend by the
   indicator's direction (``trend_status``, ``annual_growth``), to inform the person judging.

Not done: the EUSTAT "within 1 percentage point of a 0 % or 100 % target" tolerance, since
the engine does not know units; such a target must be met exactly.

Every number reported is a finite Decimal or None; arithmetic runs in a Decimal context
without traps and with a huge exponent range, so no finite input can raise or overflow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext

from indicators.resolution import KINDS, Point, ResolvedTarget, satisfies, to_decimal

__all__ = [
    "STATUS_LABELS",
    "STATUS_ORDER",
    "Assessment",
    "ManualStatus",
    "Point",
    "Thresholds",
    "assess",
    "expected_value",
]

STATUS_LABELS: dict[str, str] = {
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
# Worst to best among the statuses the trend can give.
STATUS_ORDER = ("moving_away", "limited", "acceleration_needed", "on_track", "holding", "achieved")

_CONTEXT = Context(prec=28, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])
_REPORT_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs of the trend statuses: the single place they are defined.

    Each field is the lowest value of its status.  ``on_track``…``limited`` apply to P, the
    share of the required change made by the target year (below ``limited``: moving_away).
    ``growth_*`` apply to the annual growth in the desired direction, as a fraction
    (0.02 = 2 % a year) — EUSTAT's 2 % / 0.5 %.  Settings pass overrides through
    ``Thresholds.with_overrides``; malformed overrides raise ``ValueError``.
    """

    on_track: Decimal = Decimal("0.95")
    acceleration_needed: Decimal = Decimal("0.5")
    limited: Decimal = Decimal("0")
    growth_on_track: Decimal = Decimal("0.02")
    growth_acceleration_needed: Decimal = Decimal("0.005")
    growth_limited: Decimal = Decimal("0")

    def __post_init__(self) -> None:
        for f in fields(self):
            number = to_decimal(getattr(self, f.name))
            if number is None:
                raise ValueError(f"threshold {f.name} must be a finite number, not {getattr(self, f.name)!r}")
            object.__setattr__(self, f.name, number)
        if not self.on_track >= self.acceleration_needed >= self.limited:
            raise ValueError("thresholds must satisfy on_track >= acceleration_needed >= limited")
        if not self.growth_on_track >= self.growth_acceleration_needed >= self.growth_limited:
            raise ValueError("growth thresholds must satisfy on_track >= acceleration_needed >= limited")

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, object] | None = None) -> Thresholds:
        unknown = set(overrides or {}) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown progress thresholds: {', '.join(sorted(unknown))}")
        return cls(**dict(overrides or {}))

    def ratio_status(self, ratio: Decimal) -> str:
        return self._rate(ratio, self.on_track, self.acceleration_needed, self.limited)

    def growth_status(self, growth: Decimal) -> str:
        return self._rate(growth, self.growth_on_track, self.growth_acceleration_needed, self.growth_limited)

    @staticmethod
    def _rate(x: Decimal, good: Decimal, fair: Decimal, low: Decimal) -> str:
        if x >= good:
            return "on_track"
        if x >= fair:
            return "acceleration_needed"
        if x >= low:
            return "limited"
        return "moving_away"


@dataclass(frozen=True)
class ManualStatus:
    """A person's judgement of a qualitative target: status code, note, who and when."""

    status: str
    note: str = ""
    by: str = ""
    at: date | datetime | None = None


@dataclass(frozen=True)
class Assessment:
    """The engine's answer; ``notes`` say in Chinese how it was reached.

    ``progress_ratio`` is P; ``annual_growth`` the growth per year in the indicator's own
    terms (a fraction, for direction-only and no-target ratings); ``trend_status`` what the
    trend alone says even when ``status`` is achieved, binding_breached or no_target.
    ``expected`` is the straight-path value for ``as_of`` (or the latest year); ``deviation``
    is latest − path value in the latest value's own year, so an old value is not measured
    against this year's path.
    """

    status: str
    latest: Point | None = None
    start: Point | None = None
    target_year: int | None = None
    projected: Decimal | None = None
    progress_ratio: Decimal | None = None
    annual_growth: Decimal | None = None
    trend_status: str | None = None
    expected: tuple[int, Decimal] | None = None
    deviation: Decimal | None = None
    binding_ok: bool | None = None
    manual: ManualStatus | None = None
    start_met: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class _Trend:
    status: str
    projected: Decimal | None = None
    ratio: Decimal | None = None
    growth: Decimal | None = None
    notes: tuple[str, ...] = ()


# --------------------------------------------------------------------------- entry point


def assess(
    *,
    direction: int,
    baseline: Point | None,
    observations: Iterable[Point],
    target: ResolvedTarget,
    binding: bool = False,
    as_of: int | None = None,
    thresholds: Thresholds | None = None,
    manual: ManualStatus | None = None,
) -> Assessment:
    """Rate one indicator of one region against one resolved target (see the module docstring).

    ``direction``: +1 higher is better, -1 lower is better, 0 unknown (then taken from the
    target's comparator or wording).  ``observations`` are the region's values; later entries
    win over earlier ones for the same year, and values after ``as_of`` are ignored.
    """
    with localcontext(_CONTEXT):
        return _assess(
            direction, baseline, observations, target, binding, as_of, thresholds or Thresholds(), manual
        )


def expected_value(
    *, baseline: Point, target_value: Decimal | float, target_year: int, year: int
) -> Decimal | None:
    """Value on the straight line from baseline to target in ``year`` (clamped to the plan period).

    None when the baseline is a bound or the target year is not after the baseline year.
    """
    start, goal = (None if baseline.is_bound else to_decimal(baseline.value)), to_decimal(target_value)
    if start is None or goal is None or target_year <= baseline.year:
        return None
    with localcontext(_CONTEXT):
        elapsed = min(max(year, baseline.year), target_year) - baseline.year
        return _tidy(start + (goal - start) * elapsed / (target_year - baseline.year))


def _assess(
    direction: int,
    baseline: Point | None,
    observations: Iterable[Point],
    target: ResolvedTarget,
    binding: bool,
    as_of: int | None,
    th: Thresholds,
    manual: ManualStatus | None,
) -> Assessment:
    if target.kind not in KINDS:
        raise ValueError(f"unknown target kind {target.kind!r}")
    notes: list[str] = []
    base, obs = _prepare(baseline, observations, as_of, notes)
    latest = _latest(base, obs)
    if target.kind == "manual":
        notes.append(target.note or "定性目标")
        if manual is None:
            notes.append("待人工评估")
        else:
            label = STATUS_LABELS.get(manual.status, manual.status)
            who = "，".join(
                part for part in (manual.by, manual.at.strftime("%Y-%m-%d") if manual.at else "") if part
            )
            notes.append(
                f"人工评估：{label}"
                + (f"（{manual.note}）" if manual.note else "")
                + (f"——{who}" if who else "")
            )

    goal = to_decimal(target.value) if target.kind == "numeric" else None
    comparator = target.comparator if goal is not None else None
    if target.kind == "numeric" and goal is None:
        notes.append("目标缺少数值，改按年均变化评估")
    elif target.kind in ("direction", "unresolved") and target.note:
        notes.append(target.note)
    sense = _sense(direction, comparator, target.direction_hint if goal is None else None)

    start, end = _trend_points(base, obs, latest, notes)
    trend = _trend(start, end, goal, comparator, target.year, sense, th) if start and end and sense else None
    if trend is not None:
        notes.extend(trend.notes)

    meets = None
    if goal is not None and latest is not None and sense:
        meets = satisfies(
            latest.value, latest.comparator, target_comparator=comparator, target_value=goal, direction=sense
        )
    start_met = bool(
        goal is not None
        and base is not None
        and sense
        and satisfies(
            base.value, base.comparator, target_comparator=comparator, target_value=goal, direction=sense
        )
    )
    if meets and start_met:
        notes.append("基期值已满足目标：保持达标，每年复核，一旦越线即不再达标")
    binding_ok = meets if binding and goal is not None else None
    if binding and binding_ok is None and goal is not None and latest is not None:
        notes.append("最新值为区间，无法判断是否达到约束性要求")
    if binding_ok is False and base is not None and latest is not None and latest.year <= base.year:
        # The red line applies to the plan period: a baseline short of the bound is the
        # reason for the target, not a breach of it.
        binding_ok = None
        notes.append("基期值未达约束性目标，规划期内尚无数据，暂不判定")

    if target.kind in ("none", "manual"):
        status = "no_target" if target.kind == "none" else "manual"
    elif meets:
        status = "holding" if start_met else "achieved"
    elif binding_ok is False:
        status = "binding_breached"
    elif trend is None:
        status = "insufficient_data"
        notes.append("指标方向未定，无法评估" if not sense else "可用的确切数据点少于两个，不作推算")
    else:
        status = trend.status

    expected = deviation = None
    if goal is not None and base is not None and target.year is not None:
        year = as_of if as_of is not None else (latest.year if latest else None)
        if year is not None:
            path = expected_value(baseline=base, target_value=goal, target_year=target.year, year=year)
            expected = (year, path) if path is not None else None
        if latest is not None and not latest.is_bound:
            path = expected_value(baseline=base, target_value=goal, target_year=target.year, year=latest.year)
            deviation = _tidy(latest.value - path) if path is not None else None
    return Assessment(
        status,
        latest=latest,
        start=start,
        target_year=target.year,
        projected=_tidy(trend.projected) if trend else None,
        progress_ratio=_tidy(trend.ratio) if trend else None,
        annual_growth=_tidy(trend.growth) if trend else None,
        trend_status=trend.status if trend else None,
        expected=expected,
        deviation=deviation,
        binding_ok=binding_ok,
        manual=manual if target.kind == "manual" else None,
        start_met=start_met,
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------- inputs


def _clean(point: Point | tuple, notes: list[str]) -> Point | None:
    """A point with a Decimal value and a known comparator, or None (noted) if unusable."""
    year, value, *rest = point
    comparator = rest[0] if rest else None
    number = to_decimal(value)
    if number is None or not isinstance(year, int) or comparator not in (None, "", "<", "<=", ">", ">=", "="):
        notes.append(f"忽略无法使用的数据：{year}年 {value!r}")
        return None
    return Point(year, number, None if comparator in ("", "=") else comparator)


def _prepare(baseline, observations, as_of, notes) -> tuple[Point | None, list[Point]]:
    base = _clean(baseline, notes) if baseline is not None else None
    if base is not None and as_of is not None and base.year > as_of:
        base = None
    by_year: dict[int, Point] = {}
    for raw in observations:
        point = _clean(raw, notes)
        if point is not None and (as_of is None or point.year <= as_of):
            by_year[point.year] = point
    return base, [by_year[y] for y in sorted(by_year)]


def _latest(base: Point | None, obs: list[Point]) -> Point | None:
    """The newest point; an observation wins over the baseline of the same year."""
    if obs and (base is None or obs[-1].year >= base.year):
        return obs[-1]
    return base


def _trend_points(base, obs, latest, notes) -> tuple[Point | None, Point | None]:
    """Start and end of the trend: exact points only (a bound's growth is unknown)."""
    exact = {p.year: p for p in ([base] if base is not None and not base.is_bound else [])}
    exact.update({p.year: p for p in obs if not p.is_bound})
    if base is not None and base.is_bound:
        notes.append(f"基期值为区间（{base.comparator}{base.value:f}），仅用于判断是否达成，不参与趋势计算")
    if len(exact) < 2:
        return None, None
    years = sorted(exact)
    end = exact[years[-1]]
    start = base if base is not None and not base.is_bound and base.year < end.year else exact[years[0]]
    if latest is not None and latest.is_bound and latest.year > end.year:
        notes.append(f"最新值为区间，趋势按{end.year}年的确切值计算")
    return start, end


def _sense(direction: int, comparator: str | None, hint: int | None) -> int | None:
    """The desired direction of change.

    A wording without a number (持续下降) is the plan's own instruction, so it comes first;
    then the indicator's direction; then the comparator of a target whose indicator has none.
    """
    if hint in (1, -1):
        return hint
    if direction in (1, -1):
        return direction
    if comparator in (">", ">="):
        return 1
    if comparator in ("<", "<="):
        return -1
    return None


# --------------------------------------------------------------------------- trend


def _trend(start, end, goal, comparator, target_year, sense, th) -> _Trend:
    if goal is not None and target_year is not None:
        return _ratio_trend(start, end, goal, comparator, target_year, sense, th)
    trend = _growth_trend(start, end, sense, th)
    if goal is not None:
        return _Trend(trend.status, growth=trend.growth, notes=("目标缺少年份，按年均变化评估", *trend.notes))
    return trend


def _project(start: Point, end: Point, target_year: int) -> tuple[Decimal, str]:
    ahead, span = target_year - end.year, end.year - start.year
    if ahead <= 0:
        return end.value, "已到目标年份，以最新值评估"
    if start.value > 0 and end.value > 0:
        projected = end.value * (end.value / start.value) ** (Decimal(ahead) / span)
        return projected, f"按{start.year}—{end.year}年复合增长率推算至{target_year}年"
    projected = end.value + (end.value - start.value) * ahead / span
    return projected, f"数值为0或正负不同，按{start.year}—{end.year}年线性趋势推算至{target_year}年"


def _ratio_trend(start, end, goal, comparator, target_year, sense, th) -> _Trend:
    projected, how = _project(start, end, target_year)
    required = goal - start.value
    if required * sense > 0:
        ratio = (projected - start.value) / required
        return _Trend(th.ratio_status(ratio), projected, ratio, notes=(how,))
    # The target asks for no improvement over the start: judge by where the value is heading.
    why = "目标不要求较起点改善，按推算值是否满足目标评估"
    if satisfies(projected, None, target_comparator=comparator, target_value=goal, direction=sense):
        status = "on_track"
    elif (end.value - start.value) * sense < 0:
        status = "moving_away"
    else:
        status = "limited"
    return _Trend(status, projected, notes=(how, why))


def _growth_trend(start: Point, end: Point, sense: int, th) -> _Trend:
    span = end.year - start.year
    if start.value > 0:
        # A fall to zero or below is the compound rate's limit, -100 % a year.
        rate = (end.value / start.value) ** (Decimal(1) / span) - 1 if end.value > 0 else Decimal(-1)
    elif start.value < 0:
        rate = (end.value - start.value) / abs(start.value) / span
    else:
        moved = ((end.value > 0) - (end.value < 0)) * sense
        status = "on_track" if moved > 0 else "moving_away" if moved < 0 else "limited"
        return _Trend(status, notes=("起点为0，无法计算增长率，按变化方向评估",))
    how = f"按{start.year}—{end.year}年年均变化评估"
    return _Trend(th.growth_status(rate * sense), growth=rate, notes=(how,))


def _tidy(number: Decimal | None) -> Decimal | None:
    """Finite numbers rounded for display (4 decimals, or 12 significant digits if huge)."""
    if number is None or not number.is_finite():
        return None
    if number.adjusted() >= 20:
        return Context(prec=12, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[]).plus(number)
    return number.quantize(_REPORT_PLACES) + 0  # + 0 turns -0.0000 into 0.0000
