"""Choropleth data for the roll-up pages: areas, their colour class and hover text (pure + one read each).

The map is drawn with the dashboards' own plotly bundle as filled polygons in longitude/latitude
(no geo module, which would fetch a world map from a CDN; no tiles). Areas without data get
their own class, drawn as such, never as zero.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.dashboards.charts import STATUS_COLOURS
from indicators.dashboards.units import conversion_factor
from indicators.models import STATUS_CODES, Direction, Indicator, status_label

from .models import Division
from .rollup import ChildRollup, children_of, divisions_below, subtree_statuses

NO_DATA_COLOUR = "#f2f4f7"
# Sequential blues (light → dark) for values; reversed for lower-is-better so dark is always "better".
VALUE_COLOURS = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]


_COORDINATES = '"coordinates":'


def _geometry(division: Division, coarse: bool) -> str | None:
    """The stored MultiPolygon/Polygon's coordinates as JSON text, spliced into the response unparsed."""
    text = division.geometry_coarse if coarse else division.geometry
    if not text:
        return None
    coordinates = text[text.index(_COORDINATES) + len(_COORDINATES) : -1]
    return coordinates if '"MultiPolygon"' in text[: text.index(_COORDINATES)] else f"[{coordinates}]"


def map_json(data: dict) -> str:
    """The map data as JSON; each area's geometry (already JSON) is inserted as it is stored."""
    areas = data["areas"]
    head = json.dumps(
        {k: v for k, v in data.items() if k != "areas"}, ensure_ascii=False, separators=(",", ":")
    )
    parts = []
    for a in areas:
        code, text = json.dumps(a["c"]), json.dumps(a["t"], ensure_ascii=False)
        parts.append(f'{{"c":{code},"k":{a["k"]},"t":{text},"g":{a["g"] or "null"}}}')
    return head[:-1] + ',"areas":[' + ",".join(parts) + "]}"


def _quantile_edges(values: list[Decimal], classes: int = len(VALUE_COLOURS)) -> list[Decimal]:
    ordered = sorted(values)
    return [ordered[min(len(ordered) - 1, (len(ordered) * k) // classes)] for k in range(1, classes)]


def _value_class(value: Decimal, edges: list[Decimal]) -> int:
    return sum(1 for edge in edges if value >= edge)


def _fmt(value) -> str:
    return "—" if value is None else f"{float(value):.4g}"


def _classes_for_values(values: dict[str, Decimal], reverse: bool, unit: str) -> tuple[dict, list]:
    if not values:
        return {}, []
    edges = _quantile_edges(list(values.values()))
    colours = VALUE_COLOURS[::-1] if reverse else VALUE_COLOURS
    bounds = [min(values.values()), *edges, max(values.values())]
    legend = [
        {"label": f"{_fmt(bounds[k])}–{_fmt(bounds[k + 1])}{unit}", "colour": colours[k]}
        for k in range(len(VALUE_COLOURS))
    ]
    return {code: _value_class(v, edges) for code, v in values.items()}, legend


def county_map(division: Division | None, horizon: int, indicator: Indicator | None, by: str) -> dict:
    """Every county-level unit below ``division``: its status or value for ``indicator``. Two queries."""
    coarse = division is None
    counties = list(
        divisions_below(division)
        .counties()
        .exclude(geometry="")
        .only("code", "name", "full_name", "region_id", "geometry", "geometry_coarse")
    )
    rows = subtree_statuses(division, horizon)
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    data = rows.order_by("region_id", "-plan_indicator__plan_id").values_list(
        "region__division__code", "status", "latest_value", "latest_comparator", "plan_indicator__unit"
    )
    status_of: dict[str, str] = {}
    value_of: dict[str, Decimal] = {}
    rated: dict[str, list[int]] = {}
    for code, status, value, comparator, unit in data:
        if indicator is not None:
            status_of.setdefault(code, status)
            factor = conversion_factor(unit, indicator.unit)
            if value is not None and not comparator and factor is not None and code not in value_of:
                value_of[code] = Decimal(value) * factor
        elif status not in ("insufficient_data", "no_target", "manual"):
            hit = rated.setdefault(code, [0, 0])
            hit[0] += status in ("achieved", "on_track")
            hit[1] += 1
    if indicator is None:  # share of rated rows on track, all indicators
        value_of = {code: Decimal(on) / n * 100 for code, (on, n) in rated.items() if n}
        by = "value"
    if by == "status":
        codes = [c for c in STATUS_CODES if c in set(status_of.values())]
        classes = {code: codes.index(s) for code, s in status_of.items()}
        legend = [{"label": status_label(c), "colour": STATUS_COLOURS[c]} for c in codes]
    else:
        unit = "%" if indicator is None else indicator.unit
        reverse = indicator is not None and indicator.direction == Direction.LOWER_IS_BETTER
        classes, legend = _classes_for_values(value_of, reverse, unit)
    areas = []
    for county in counties:
        shown = status_label(status_of[county.code]) if county.code in status_of else ""
        value = _fmt(value_of.get(county.code)) if county.code in value_of else ""
        text = " · ".join(t for t in (county.full_name, shown, value) if t) or county.full_name
        if county.code not in classes:
            text = f"{county.full_name} · {_('无数据')}"
        areas.append(
            {"c": county.code, "k": classes.get(county.code, -1), "t": text, "g": _geometry(county, coarse)}
        )
    return {"areas": areas, "legend": legend, "no_data": {"label": _("无数据"), "colour": NO_DATA_COLOUR}}


def child_map(division: Division | None, horizon: int, children: list[ChildRollup]) -> dict:
    """The division's children (provinces, prefectures) with their roll-ups (``rollup.child_rollups``,
    as on the page): share of rated rows on track. One query, for the shapes."""
    coarse = division is None
    shapes = {d.pk: d for d in children_of(division, shapes=True).exclude(geometry="")}
    rollups = {r.division.pk: r for r in children}
    values = {
        shapes[pk].code: Decimal(str(r.shares.share_on_track * 100))
        for pk, r in rollups.items()
        if pk in shapes and r.shares.share_on_track is not None
    }
    classes, legend = _classes_for_values(values, False, "%")
    areas = []
    for pk, child in shapes.items():
        r = rollups.get(pk)
        if child.code in classes:
            text = _("%(name)s · 进展顺利或已达成 %(share)s%% · 覆盖 %(n)s/%(units)s 个区县") % {
                "name": child.name,
                "share": _fmt(values[child.code]),
                "n": r.counties_with_data,
                "units": r.shares.units,
            }
        else:
            text = f"{child.name} · {_('无数据')}"
        areas.append(
            {"c": child.code, "k": classes.get(child.code, -1), "t": text, "g": _geometry(child, coarse)}
        )
    return {"areas": areas, "legend": legend, "no_data": {"label": _("无数据"), "colour": NO_DATA_COLOUR}}
