"""Indicator pages and the header search: check access → read (selectors) → render.

The catalog and the plans' targets are public like the plan pages; district numbers follow
the reader's scope (plans/access.py via the dashboards' ``scope_to_reader``): planners,
approvers and administrators see every district, an editor their own, a visitor none.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from indicators.dashboards import selectors as dash
from indicators.dashboards.exports import export_response
from indicators.models import Indicator

from . import selectors as sel
from .exports import indicator_sheets
from .search import site_search


def _horizon(request, available: list[int]) -> int | None:
    raw = request.GET.get("horizon", "")
    if raw.isdigit() and int(raw) in available:
        return int(raw)
    return dash.horizon_default(available)


@require_GET
def indicator_list(request):
    indicators = Indicator.objects.filter(local_to_plan__isnull=True).order_by("domain", "code")
    return render(request, "catalogue/indicator_list.html", {"indicators": indicators})


@require_GET
def indicator_detail(request, code: str):
    indicator = sel.indicator_for_page(code)
    horizons = dash.horizons_available(request.user) if request.user.is_authenticated else []
    horizon = _horizon(request, horizons)
    context = {"indicator": indicator, "tracking": sel.tracking_rows(indicator), "horizons": horizons}
    if horizon is not None:
        rows = sel.district_statuses(indicator, request.user, horizon)
        page = Paginator(rows.order_by("region__name", "plan_indicator__order"), sel.DISTRICTS_PER_PAGE)
        page = page.get_page(request.GET.get("page"))
        sources = sel.latest_sources(indicator, list(page.object_list))
        context |= {
            "horizon": horizon,
            "page": page,
            "districts": [(row, sources.get((row.region_id, row.latest_year))) for row in page.object_list],
            "picture": sel.national_picture(rows, indicator),
        }
    return render(request, "catalogue/indicator_detail.html", context)


@login_required
@require_GET
def indicator_export(request, code: str, fmt: str):
    indicator = sel.indicator_for_page(code)
    return export_response(
        indicator_sheets(indicator, request.user), fmt, f"{indicator.code}-{indicator.name}"
    )


@require_GET
def search(request):
    results = site_search(user=request.user, text=request.GET.get("q", ""))
    return render(request, "catalogue/search.html", {"results": results})
