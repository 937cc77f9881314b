"""The dashboards' pages: check access → read (selectors) → table/filter/chart → render.

Every page needs a login; planners, approvers and administrators read every region, an
editor reads their own (a plan or region of another district is a 404). Bad query
parameters never raise: an unknown indicator or region is a 404, a bad year or filter
value is reported on the page and ignored. JSON endpoints and file exports are in ``api``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from divisions.benchmarks import plan_benchmark_rows
from indicators.catalog_names import unit_label
from indicators.headline import Headline
from indicators.models import Indicator, status_label
from plans.access import region_for_reader
from plans.models import Region

from . import selectors as sel
from .charts import (
    DistrictBar,
    comparison_bar_figure,
    comparison_line_figure,
    figures_json,
    plan_figures,
    relative_change_figure,
    status_legend,
)
from .filters import ComparisonFilter, OverviewFilter, PlanStatusFilter
from .heatmap import heatmap_summary
from .horizons import horizon_records
from .tables import ComparisonTable, HorizonTable, OverviewTable, PlanDashboardTable, headline_html

PER_PAGE = 25


def horizon_from(
    request, available: list[int], name: str = "horizon", default: int | None = None
) -> int | None:
    """The target year asked for; the default, with a message, when it is malformed or unknown."""
    default = default if default is not None else sel.horizon_default(available)
    raw = request.GET.get(name, "")
    if not raw:
        return default
    if raw.isdigit() and int(raw) in available:
        return int(raw)
    messages.warning(
        request,
        _("没有以 %(year)s 年为目标年的规划，已显示 %(default)s 年。")
        % {"year": raw[:8], "default": default},
    )
    return default


def _report_filter_errors(request, filterset) -> None:
    if filterset.is_bound and not filterset.is_valid():
        messages.warning(
            request, _("筛选条件有误，已忽略：%(fields)s") % {"fields": "、".join(filterset.errors)}
        )


@login_required
@require_GET
def ping(request):
    """The minimal page of this server, behind the same login: the benchmark's yardstick (F1).

    An empty page in the site's layout; ``?bare=1`` answers a two-byte text instead (F0).
    """
    if request.GET.get("bare"):
        return HttpResponse("ok", content_type="text/plain; charset=utf-8")
    return render(request, "indicators/dashboards/ping.html")


@login_required
@require_GET
def region_list(request):
    """Every readable region in a plain table: the benchmark's reference page for 2,850 rows (F2)."""
    regions = sel.scope_to_reader(Region.objects.all(), request.user, region_field="pk")
    return render(request, "indicators/dashboards/region_list.html", {"regions": regions})


@login_required
@require_GET
def overview(request):
    horizons = sel.horizons_available(request.user)
    plans = sel.scope_to_reader(sel.plans().for_overview(), request.user)
    filterset = OverviewFilter(request.GET or None, plans, horizons=horizons)
    _report_filter_errors(request, filterset)
    table = OverviewTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    table.counts = sel.plan_status_counts([row.record.pk for row in table.page.object_list])
    context = {"section": "overview", "table": table, "filter": filterset, "keep": []}
    return render(request, "indicators/dashboards/overview.html", context)


@login_required
@require_GET
def plan_dashboard(request, plan_id: int):
    plan = sel.plan_for_reader(request.user, plan_id)
    rows = sel.statuses().for_plan_dashboard(plan)
    filterset = PlanStatusFilter(request.GET or None, rows, domains=sel.plan_domains(plan))
    _report_filter_errors(request, filterset)
    rows = list(filterset.qs)
    series = sel.value_series([plan.region_id], {row.indicator_id for row in rows})
    figures = plan_figures(rows, series)
    everything = sel.statuses().for_plan(plan)
    context = {
        "section": "overview",
        "plan": plan,
        "headline": headline_html(everything.headline()),
        "provisional": sum(1 for row in rows if row.provisional),
        "filter": filterset,
        "keep": [],
        "table": PlanDashboardTable(rows),
        "charts": [{"id": f"chart-{row.pk}"} for row, _figure in figures],
        "charts_json": figures_json({f"chart-{row.pk}": figure for row, figure in figures}),
        "query": request.GET.urlencode(),
        "benchmarks": plan_benchmark_rows(plan.region, rows),  # issue 15: higher-level plans
    }
    return render(request, "indicators/dashboards/plan.html", context)


@login_required
@require_GET
def compare_index(request):
    indicators = Indicator.objects.filter(local_to_plan__isnull=True).order_by("domain", "code")
    return render(
        request, "indicators/dashboards/compare_index.html", {"section": "compare", "indicators": indicators}
    )


def comparison_rows(request, indicator: Indicator, horizon: int | None):
    """The rows compared, filtered, in one unit (the catalog's, converting what converts, or one
    kept-apart unit when asked), with the page's counts; and the filter set."""
    base = sel.scope_to_reader(sel.statuses().for_comparison(indicator, horizon), request.user)
    filterset = ComparisonFilter(request.GET or None, base)
    filtered = filterset.qs
    unit = request.GET.get("unit", "")
    grouped = sel.comparison_grouped(filtered)
    stats = sel.comparison_stats(grouped, indicator.unit)
    if unit and unit in {g.unit for g in stats.groups if g.factor is None}:
        stats = sel.comparison_stats(grouped, indicator.unit, unit)
        return sel.unit_filtered(filtered, unit), stats, unit, filterset
    return sel.comparable(filtered, stats.groups), stats, indicator.unit, filterset


def comparison_horizon(request, available: list[int]) -> int | None:
    """The comparison's target year: by default (``None``) each district's current plan target."""
    raw = request.GET.get("horizon", "")
    if not raw or raw == "current":
        return None
    if raw.isdigit() and int(raw) in available:
        return int(raw)
    messages.warning(
        request, _("没有以 %(year)s 年为目标年的规划，已显示各地区当前规划目标。") % {"year": raw[:8]}
    )
    return None


@login_required
@require_GET
def compare(request, code: str):
    indicator = sel.catalog_indicator(code)
    horizons = sel.horizons_available(request.user)
    horizon = comparison_horizon(request, horizons)
    rows, stats, unit, filterset = comparison_rows(request, indicator, horizon)
    _report_filter_errors(request, filterset)
    table = ComparisonTable(rows.order_by("region__name"))
    paginate = {"per_page": PER_PAGE, "paginator_class": CountedPaginator, "count": stats.total}
    RequestConfig(request, paginate=paginate).configure(table)
    page = [row.record for row in table.page.object_list]
    figures = _comparison_figures(indicator, unit, page, stats.groups, stats.average)
    context = {
        "section": "compare",
        "indicator": indicator,
        "unit": unit,
        "horizon": horizon,
        "horizons": horizons,
        "apart": [g for g in stats.groups if g.factor is None],
        "converted": [g for g in stats.groups if g.factor not in (None, 1)],
        "filter": filterset,
        "table": table,
        "total": stats.total,
        "summary": [(code, status_label(code), n) for code, n in stats.counts.items() if n],
        "headline": headline_html(Headline(stats.counts)),
        "missing": sel.regions_without_target(
            request.user, indicator, rows.order_by().values_list("region_id", flat=True)
        ),
        "average": round(stats.average, 2) if stats.average is not None else None,
        "charts": [{"id": key} for key in figures],
        "charts_json": figures_json(figures),
        "query": request.GET.urlencode(),
    }
    return render(request, "indicators/dashboards/compare.html", context)


class CountedPaginator(Paginator):
    """A paginator told the row count (already known from the page's grouped query)."""

    def __init__(self, object_list, per_page, *args, count: int, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.__dict__["count"] = count


def _comparison_figures(indicator, unit: str, page: list, groups, average) -> dict:
    """The bar and line charts of the districts on the page (their values: one query)."""
    series = sel.value_series([r.region_id for r in page], [indicator.pk])
    factors = {g.unit: g.factor for g in groups}
    title = f"{indicator.display_name}（{unit_label(unit)}）" if unit else indicator.display_name
    bars = comparison_bar_figure(
        title=_("%(name)s：本页各地区最新值与目标") % {"name": title},
        unit=unit_label(unit),
        districts=[
            DistrictBar(
                r.region.short_name,
                r.latest_cmp,
                r.latest_year,
                r.target_cmp,
                r.target_raw,
                r.status,
                baseline=r.baseline_cmp,
            )
            for r in page
        ],
        average=average,
    )
    change = relative_change_figure(
        title=_("%(name)s：本页各地区较基期（无基期时较最早一年）的相对变化") % {"name": title},
        districts=[
            DistrictBar(
                r.region.short_name,
                r.latest_cmp,
                r.latest_year,
                None,
                "",
                r.status,
                baseline=r.baseline_cmp
                if r.baseline_cmp is not None
                else _first_value(series, r, indicator, factors),
            )
            for r in page
        ],
    )
    lines = comparison_line_figure(
        title=_("%(name)s：本页各地区历年值") % {"name": title},
        unit=unit_label(unit),
        series=[
            (
                r.region.short_name,
                [
                    (year, value * (factors.get(r.plan_indicator.unit) or 1))
                    for year, value, comparator in series.get((r.region_id, indicator.pk), [])
                    if not comparator or comparator == "="
                ],
            )
            for r in page
        ],
    )
    return {"chart-bars": bars, "chart-change": change, "chart-lines": lines}


def _first_value(series, row, indicator, factors):
    """The district's earliest exact value in the comparison unit: the start of its relative change."""
    for _year, value, comparator in series.get((row.region_id, indicator.pk), []):
        if not comparator or comparator == "=":
            return value * (factors.get(row.plan_indicator.unit) or 1)
    return None


@login_required
@require_GET
def heatmap(request):
    horizons = sel.horizons_available(request.user)
    horizon = horizon_from(request, horizons)
    region_text = request.GET.get("region", "")[:50]
    summary = heatmap_summary(request.user, horizon, region_text=region_text) if horizon else None
    context = {
        "section": "heatmap",
        "horizon": horizon,
        "horizons": horizons,
        "legend": status_legend(),
        "region_text": region_text,
        "headline": headline_html(summary.headline) if summary else "",
        "missing": sel.regions_without_horizon(request.user, horizon, summary.region_ids) if summary else [],
    }
    return render(request, "indicators/dashboards/heatmap.html", context)


@login_required
@require_GET
def behind_start(request):
    """Targets set behind the plan's start (人均期望寿命 83.63 → 82), across all current plans."""
    rows = sel.scope_to_reader(sel.statuses().behind_start(), request.user)
    page = Paginator(rows, PER_PAGE * 4).get_page(request.GET.get("page"))
    return render(request, "indicators/dashboards/behind_start.html", {"section": "behind", "page": page})


def horizon_pair(request, horizons: list[int]) -> tuple[int, int]:
    """The earlier and the later target year (default 2025 and the last after it)."""
    first = 2025 if 2025 in horizons or not horizons else horizons[0]
    early = horizon_from(request, horizons, "early", default=first)
    later = [y for y in horizons if y > early]
    late = horizon_from(request, horizons, "late", default=later[-1] if later else early + 5)
    if late <= early:
        messages.warning(request, _("后期目标年须晚于前期目标年，已改为 %(year)s 年。") % {"year": early + 5})
        late = early + 5
    return early, late


@login_required
@require_GET
def horizons_index(request):
    """Regions with a plan for either target year, those with both first; paginated."""
    horizons = sel.horizons_available(request.user)
    early, late = horizon_pair(request, horizons)
    region_text = request.GET.get("region", "")[:50]
    regions = sel.region_filter(
        sel.regions_with_horizons(request.user, early, late), region_text, field="name"
    )
    page = Paginator(regions, PER_PAGE).get_page(request.GET.get("page"))
    titles = sel.plan_titles([pk for r in page for pk in (r.early_plan_id, r.late_plan_id) if pk])
    entries = [
        {
            "region": r,
            "early": (r.early_plan_id, titles.get(r.early_plan_id)) if r.early_plan_id else None,
            "late": (r.late_plan_id, titles.get(r.late_plan_id)) if r.late_plan_id else None,
        }
        for r in page
    ]
    context = {
        "section": "horizons",
        "any_both": regions.filter(both=0).exists(),
        "page": page,
        "entries": entries,
        "early": early,
        "late": late,
        "horizons": horizons,
        "region_text": region_text,
    }
    return render(request, "indicators/dashboards/horizons_index.html", context)


@login_required
@require_GET
def horizons_region(request, region_id: int):
    region = region_for_reader(request.user, region_id)
    early, late = horizon_pair(request, sel.horizons_available(request.user))
    records = horizon_records(sel.statuses().for_horizons(region, (early, late)), early=early, late=late)
    context = {
        "section": "horizons",
        "region": region,
        "early": early,
        "late": late,
        "horizons": sel.horizons_available(request.user),
        "table": HorizonTable(records, early=early, late=late),
        "records": records,
        "query": request.GET.urlencode(),
    }
    return render(request, "indicators/dashboards/horizons_region.html", context)
