"""Chart data as plain dicts in plotly's figure format: built without HTTP, drawn by plotly.js.

Nothing here touches the database: callers pass numbers already read (and already converted
into one unit). Plotly's Python figure classes are not used on the request path (they
validate every property and are slow); the tests validate these dicts against them instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import STATUS_CODES, status_label

# The same colours as the status badges in site.css.
STATUS_COLOURS: dict[str, str] = {
    "achieved": "#067647",
    "holding": "#75e0a7",
    "on_track": "#2e90fa",
    "acceleration_needed": "#f79009",
    "limited": "#e04f16",
    "moving_away": "#b42318",
    "binding_breached": "#7a271a",
    "insufficient_data": "#d0d5dd",
    "manual": "#9e77ed",
    "no_target": "#98a2b3",
}
_SHOWN = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "=": "=", "": ""}
_BOUND_SYMBOLS = {"<": "triangle-down-open", "<=": "triangle-down-open", ">": "triangle-up-open"}
_BOUND_SYMBOLS[">="] = "triangle-up-open"


def num(value) -> float | None:
    """A JSON-ready number (None stays None)."""
    if value is None:
        return None
    number = float(value)
    return number if number == number and abs(number) != float("inf") else None


def shown(comparator: str | None, value) -> str:
    """``≤14.5``: a number as the plan would print it."""
    if value is None:
        return "—"
    text = f"{Decimal(str(value)).normalize():f}"
    return f"{_SHOWN.get(comparator or '', comparator or '')}{text}"


def unit_label(unit: str) -> dict:
    """The unit written above the value axis, horizontally (a rotated axis title turns CJK sideways)."""
    return {
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 1,
        "xanchor": "right",
        "yanchor": "bottom",
        "text": unit or _("（无单位）"),
        "showarrow": False,
        "font": {"size": 12, "color": "#475467"},
    }


def _layout(title: str, unit: str, **extra) -> dict:
    layout = {
        "title": {"text": title, "font": {"size": 14}},
        "xaxis": {"title": {"text": _("年份")}, "tickformat": "d", "dtick": 1},
        "yaxis": {"title": {"text": ""}, "zeroline": False, "automargin": True},
        "annotations": [unit_label(unit)],
        "legend": {"orientation": "h", "y": -0.25},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 60},
        "height": 320,
        "hovermode": "closest",
    }
    layout.update(extra)
    return layout


# Units of quantities that are levels, never counted up from zero (life expectancy, height…).
LEVEL_UNITS = {"岁", "年", "cm", "厘米"}


def is_level(values: Iterable[float | None], unit: str = "") -> bool:
    """A level indicator (life expectancy 78–80 岁): a level unit, or every value positive and the
    smallest at least 80 % of the largest, so bars from zero would hide the differences; drawn as
    dots on an axis that does not start at zero."""
    numbers = [v for v in values if v is not None]
    if not numbers:
        return False
    if unit in LEVEL_UNITS:
        return True
    return min(numbers) > 0 and min(numbers) >= 0.8 * max(numbers)


@dataclass(frozen=True)
class TargetLine:
    year: int
    value: Decimal | float
    comparator: str = ""
    raw: str = ""


def indicator_figure(
    *,
    title: str,
    unit: str,
    points: Sequence[tuple[int, Decimal | float, str]],
    baseline: tuple[int, Decimal | float] | None = None,
    target: TargetLine | None = None,
    expected: tuple[int, Decimal | float] | None = None,
) -> dict:
    """One indicator of one plan: values over time, the target as a line, the straight path to it.

    ``points`` are (year, value, comparator); a value with a comparator (``＜10.50``) is a
    bound, drawn as an open triangle rather than joined into the line.
    """
    exact = [(y, v) for y, v, c in points if not c or c == "="]
    bounds = [(y, v, c) for y, v, c in points if c and c != "="]
    data: list[dict] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("实际值"),
            "x": [y for y, _v in exact],
            "y": [num(v) for _y, v in exact],
            "hovertemplate": "%{x}年：%{y} " + unit + "<extra></extra>",
            "line": {"color": "#1d5fa8"},
        }
    ]
    if bounds:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("界限值"),
                "x": [y for y, _v, _c in bounds],
                "y": [num(v) for _y, v, _c in bounds],
                "text": [shown(c, v) for _y, v, c in bounds],
                "hovertemplate": "%{x}年：%{text} " + unit + "<extra></extra>",
                "marker": {
                    "symbol": [_BOUND_SYMBOLS.get(c, "circle-open") for _y, _v, c in bounds],
                    "size": 10,
                },
            }
        )
    if target is not None and target.value is not None:
        years = [y for y, _v, _c in points] + ([baseline[0]] if baseline else [])
        start = min([*years, target.year]) if years else target.year - 5
        label = shown(target.comparator, target.value)
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("目标 %(target)s（%(year)s年）") % {"target": label, "year": target.year},
                "x": [start, target.year],
                "y": [num(target.value), num(target.value)],
                "hovertemplate": _("目标") + f" {label} {unit}<extra></extra>",
                "line": {"color": "#b42318", "dash": "dash"},
            }
        )
        if baseline is not None and baseline[0] < target.year:
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": _("规划路径（基期→目标）"),
                    "x": [baseline[0], target.year],
                    "y": [num(baseline[1]), num(target.value)],
                    "hovertemplate": "%{x}年：%{y} " + unit + "<extra></extra>",
                    "line": {"color": "#98a2b3", "dash": "dot"},
                }
            )
    if expected is not None and expected[1] is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("当年应达值"),
                "x": [expected[0]],
                "y": [num(expected[1])],
                "hovertemplate": _("%(year)s年应达") % {"year": expected[0]}
                + " %{y} "
                + unit
                + "<extra></extra>",
                "marker": {"symbol": "diamond-open", "size": 11, "color": "#6941c6"},
            }
        )
    return {"data": data, "layout": _layout(title, unit)}


@dataclass(frozen=True)
class DistrictBar:
    name: str
    latest: Decimal | float | None
    latest_year: int | None
    target: Decimal | float | None
    target_label: str
    status: str
    baseline: Decimal | float | None = None


def comparison_bar_figure(*, title: str, unit: str, districts: Iterable[DistrictBar], average=None) -> dict:
    """Each district's latest value against its own target, one row per district (names readable).

    Bars from zero for counts and rates; dots on an axis that does not start at zero for level
    indicators (``is_level``). A district without a value says "无数据" on its row instead of
    showing an empty bar that reads as zero. Colours are statuses, with a legend entry for each.
    """
    districts = list(districts)
    names = [d.name for d in districts]
    latest = [num(d.latest) for d in districts]
    level = is_level([*latest, *(num(d.target) for d in districts)], unit)
    colours = [STATUS_COLOURS.get(d.status, "#98a2b3") for d in districts]
    values = {
        "name": _("最新值"),
        "y": names,
        "x": latest,
        "orientation": "h",
        "text": [f"{d.latest_year or '—'}年 · {status_label(d.status)}" for d in districts],
        "hovertemplate": "%{y}：%{x} " + unit + "（%{text}）<extra></extra>",
        "showlegend": False,
    }
    if level:
        values |= {"type": "scatter", "mode": "markers", "marker": {"color": colours, "size": 13}}
    else:
        values |= {"type": "bar", "textposition": "none", "marker": {"color": colours}}
    data = [
        values,
        {
            "type": "scatter",
            "mode": "markers",
            "name": _("本地区目标"),
            "y": names,
            "x": [num(d.target) for d in districts],
            "text": [d.target_label for d in districts],
            "hovertemplate": "%{y} " + _("目标") + "：%{text}<extra></extra>",
            "marker": {"symbol": "line-ns-open", "size": 18, "line": {"width": 3, "color": "#b42318"}},
        },
    ]
    for code in dict.fromkeys(d.status for d in districts):
        marker = {"color": STATUS_COLOURS.get(code, "#98a2b3")}
        data.append(
            {
                "type": "scatter" if level else "bar",
                "mode": "markers",
                "name": status_label(code),
                "x": [None],
                "y": [None],
                "marker": marker | ({"size": 11} if level else {}),
                "hoverinfo": "skip",
                "legendgroup": "status",
            }
        )
    if not level:
        for trace in data[2:]:
            trace.pop("mode")
    shapes, annotations = [], [unit_label(unit)]
    if average is not None:
        shapes.append(
            {
                "type": "line",
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "x0": num(average),
                "x1": num(average),
                "line": {"color": "#475467", "dash": "dot", "width": 1},
            }
        )
        annotations.append(
            {
                "yref": "paper",
                "y": 1,
                "x": num(average),
                "text": _("平均 %(value)s") % {"value": shown("", round(Decimal(str(average)), 2))},
                "showarrow": False,
                "yanchor": "bottom",
                "font": {"size": 11, "color": "#475467"},
            }
        )
    for name, value in zip(names, latest, strict=True):
        if value is None:
            annotations.append(
                {
                    "xref": "paper",
                    "x": 0,
                    "y": name,
                    "xanchor": "left",
                    "text": _("无数据"),
                    "showarrow": False,
                    "font": {"size": 11, "color": "#667085"},
                    "bgcolor": "#f2f4f7",
                }
            )
    layout = _layout(
        title,
        unit,
        shapes=shapes,
        annotations=annotations,
        barmode="overlay",
        height=max(320, 30 * len(names) + 150),
    )
    layout["yaxis"] = {"type": "category", "autorange": "reversed", "automargin": True}
    layout["xaxis"] = {
        "zeroline": not level,
        "rangemode": "normal" if level else "tozero",
        "automargin": True,
    }
    layout["margin"] = {"l": 20, "r": 20, "t": 60, "b": 40}
    return {"data": data, "layout": layout}


def relative_change_figure(*, title: str, districts: Iterable[DistrictBar]) -> dict:
    """Change from each district's baseline to its latest value, in per cent of the baseline:
    districts of different sizes compared on one scale (Our World in Data's "relative change")."""
    districts = [d for d in districts if num(d.baseline) and num(d.latest) is not None]
    changes = [round((num(d.latest) - num(d.baseline)) / abs(num(d.baseline)) * 100, 2) for d in districts]
    names = [d.name for d in districts]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": _("较基期变化"),
            "y": names,
            "x": changes,
            "text": [f"{shown('', d.baseline)} → {shown('', d.latest)}" for d in districts],
            "hovertemplate": "%{y}：%{x:+.2f}%（%{text}）<extra></extra>",
            "textposition": "none",
            "marker": {"color": [STATUS_COLOURS.get(d.status, "#98a2b3") for d in districts]},
            "showlegend": False,
        }
    ]
    layout = _layout(title, "%", height=max(260, 30 * len(names) + 150))
    layout["yaxis"] = {"type": "category", "autorange": "reversed", "automargin": True}
    layout["xaxis"] = {"zeroline": True, "ticksuffix": "%", "automargin": True}
    layout["margin"] = {"l": 20, "r": 20, "t": 60, "b": 40}
    if not names:
        layout["annotations"].append(
            {
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "text": _("本页没有同时有基期值和最新值的地区"),
                "showarrow": False,
            }
        )
    return {"data": data, "layout": layout}


def comparison_line_figure(
    *, title: str, unit: str, series: Iterable[tuple[str, Sequence[tuple[int, Decimal | float]]]]
) -> dict:
    """Values over time, one line per district (in the reference unit)."""
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": name,
            "x": [y for y, _v in points],
            "y": [num(v) for _y, v in points],
            "hovertemplate": name + " %{x}年：%{y} " + unit + "<extra></extra>",
        }
        for name, points in series
    ]
    return {"data": data, "layout": _layout(title, unit, height=380)}


def figures_json(figures: dict[str, dict]) -> str:
    """The figures as JSON safe inside a ``<script type="application/json">`` element.

    Same escaping as Django's ``json_script`` (``<``, ``>``, ``&`` as ``\\u`` escapes), done with
    ``str.replace``: ``json_script``'s per-character ``translate`` costs milliseconds on a
    plan's thirty figures.
    """
    text = json.dumps(figures, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")


def status_legend() -> list[dict]:
    """The statuses in ``STATUS_CODES`` order: the heatmap's cells carry their index in this list."""
    return [
        {"code": code, "label": status_label(code), "colour": STATUS_COLOURS[code]} for code in STATUS_CODES
    ]


def plan_figures(rows, series) -> list[tuple[object, dict]]:
    """One figure per status row of a plan (duck-typed ``IndicatorStatus``), from its region's values.

    ``series`` maps (region_id, indicator_id) to [(year, value, comparator)], as read by
    ``selectors.value_series``.
    """
    figures = []
    for row in rows:
        unit = row.plan_indicator.unit or row.indicator.unit
        target = None
        if row.target_value is not None and row.target_year:
            target = TargetLine(row.target_year, row.target_value, row.target_comparator, row.target_raw)
        baseline = (row.baseline_year, row.baseline_value) if row.baseline_value is not None else None
        expected = (row.as_of, row.expected_value) if row.expected_value is not None else None
        title = f"{row.plan_indicator.name}（{unit}）" if unit else row.plan_indicator.name
        if getattr(row, "provisional", False):
            title = f"{title} · {_('含暂定值')}"
        figure = indicator_figure(
            title=title,
            unit=unit,
            points=series.get((row.region_id, row.indicator_id), []),
            baseline=baseline,
            target=target,
            expected=expected,
        )
        figures.append((row, figure))
    return figures
