"""Roll-up pages: a province's or prefecture's counties by indicator, drill-down, ranking and maps.

Access → read (``rollup``/``maps`` selectors, constant queries, through ``RollupCache``: the
reads are cached under the status table's version) → render. The nation is the page without a
code, for readers of the whole country; everyone else starts at the division they are attached
to. Bad parameters never raise: an unknown indicator is ignored with a notice.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from indicators.dashboards.charts import STATUS_COLOURS
from indicators.dashboards.selectors import horizon_default
from indicators.models import Indicator, status_label

from . import maps, rollup
from .access import division_for_reader, home_divisions, nation_for_reader
from .cache import RollupCache
from .models import Division

MATRIX_PER_PAGE = 40


def _horizon(request, available: list[int]) -> int | None:
    text = request.GET.get("horizon", "")
    if text.isdigit() and int(text) in available:
        return int(text)
    return horizon_default(available)


def _indicator(request) -> Indicator | None:
    code = request.GET.get("indicator", "").strip()[:40]
    if not code:
        return None
    return Indicator.objects.filter(code=code, local_to_plan__isnull=True).first()


def _breadcrumbs(division: Division | None) -> list[Division]:
    if division is None:
        return []
    chain = [d for d in (division.province, division.prefecture) if d is not None and d.pk != division.pk]
    if division.parent is not None and division.parent not in chain:
        chain.append(division.parent)
    return chain


def _matrix(request, cached: RollupCache, division: Division, horizon: int, indicators: list[Indicator]):
    """Counties × indicators, one page of counties at a time (a province has up to ≈180)."""
    counties = cached.get(
        "counties",
        compute=lambda: list(
            rollup.divisions_below(division)
            .counties()
            .filter(region__isnull=False)
            .order_by("code")
            .values("code", "full_name", "region_id")
        ),
    )
    page = Paginator(counties, MATRIX_PER_PAGE).get_page(request.GET.get("page"))
    cells = cached.get(
        "matrix",
        horizon,
        page.number,
        compute=lambda: rollup.status_matrix([c["region_id"] for c in page.object_list], horizon),
    )
    labels = {code: status_label(code) for code in set(cells.values())}
    rows = [
        {
            "county": county,
            "cells": [
                (code, labels.get(code, ""))
                for code in (cells.get((county["region_id"], i.pk)) for i in indicators)
            ],
        }
        for county in page.object_list
    ]
    return page, rows


def _horizons(cached: RollupCache, division: Division | None) -> list[int]:
    return cached.get("horizons", compute=lambda: rollup.horizons_below(division))


def _page(request, division: Division | None):
    cached = RollupCache(division)
    available = _horizons(cached, division)
    horizon = _horizon(request, available)
    indicator = _indicator(request)
    units = cached.get("units", compute=lambda: rollup.county_count(division))
    context = {
        "division": division,
        "breadcrumbs": _breadcrumbs(division),
        "horizons": available,
        "horizon": horizon,
        "units": units,
        "indicator": indicator,
        "unknown_indicator": bool(request.GET.get("indicator")) and indicator is None,
        "status_colours": STATUS_COLOURS,
        "section": "divisions",
        # URL prefixes reversed once: the tables below link hundreds of rows.
        "region_url": reverse("dashboard-horizons-region", args=[0])[:-2],
        "division_url": reverse("division-rollup", args=["0"])[:-2],
    }
    if horizon is not None:
        indicator_rows = cached.get(
            "indicators", horizon, compute=lambda: rollup.indicator_rollups(division, horizon, units)
        )
        context["indicator_rows"] = indicator_rows
        context["children"] = _children(cached, division, horizon)
        if division is not None:
            context["matrix_indicators"] = [r.indicator for r in indicator_rows]
            context["matrix_page"], context["matrix_rows"] = _matrix(
                request, cached, division, horizon, context["matrix_indicators"]
            )
        if indicator is not None:
            ranking, apart = cached.get(
                "ranking",
                horizon,
                indicator.code,
                compute=lambda: rollup.indicator_ranking(division, indicator, horizon),
            )
            context["ranking"], context["ranking_apart"] = ranking, apart
            context["spread"] = rollup.spread(
                [r.value for r in ranking if r.value is not None and not r.comparator]
            )
        base = reverse("division-map", args=[division.code]) if division else reverse("nation-map")
        query = f"?horizon={horizon}" + (f"&indicator={indicator.code}" if indicator else "")
        context["map_config"] = {
            "county": base + query + "&level=county&by=" + ("status" if indicator else "value"),
            "child": base + query + "&level=child",
        }
    return render(request, "divisions/rollup.html", context)


@login_required
@require_GET
def rollup_nation(request):
    """The whole country for its readers; others go to the division they are attached to."""
    homes = home_divisions(request.user)
    if len(homes) == 1:
        return redirect("division-rollup", homes[0].code)
    if homes:
        return render(request, "divisions/home.html", {"homes": homes, "section": "divisions"})
    nation_for_reader(request.user)
    return _page(request, None)


@login_required
@require_GET
def rollup_division(request, code: str):
    division = division_for_reader(request.user, code)
    if division.level == Division.Level.COUNTY:
        if division.region_id is None:
            raise Http404
        return redirect("dashboard-horizons-region", division.region_id)
    return _page(request, division)


def _children(cached: RollupCache, division: Division | None, horizon: int) -> list[rollup.ChildRollup]:
    """The drill-down table's rows, shared with the child map."""
    return cached.get("children", horizon, compute=lambda: rollup.child_rollups(division, horizon))


def _map_json(request, division: Division | None):
    cached = RollupCache(division)
    horizon = _horizon(request, _horizons(cached, division))
    if horizon is None:
        return JsonResponse({"areas": [], "legend": [], "no_data": {}})
    if request.GET.get("level") == "child":
        text = cached.get(
            "map-child",
            horizon,
            compute=lambda: maps.map_json(
                maps.child_map(division, horizon, _children(cached, division, horizon))
            ),
        )
    else:
        indicator = _indicator(request)
        # Without an indicator the county map shows the share on track, whatever ``by`` says.
        by = "status" if indicator is not None and request.GET.get("by") == "status" else "value"
        text = cached.get(
            "map-county",
            horizon,
            indicator.code if indicator is not None else "",
            by,
            compute=lambda: maps.map_json(maps.county_map(division, horizon, indicator, by)),
        )
    return HttpResponse(text, content_type="application/json")


@gzip_page
@login_required
@require_GET
def nation_map(request):
    nation_for_reader(request.user)
    return _map_json(request, None)


@gzip_page
@login_required
@require_GET
def division_map(request, code: str):
    return _map_json(request, division_for_reader(request.user, code))
