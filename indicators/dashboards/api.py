"""JSON endpoints (the heatmap) and the CSV/XLSX exports of every dashboard table.

Exports hold every row the page's filters select (not just the page shown), with the same
access rules as the pages.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from indicators.entry.rules import COMPARATOR_SHOWN
from indicators.headline import Headline
from indicators.models import STATUS_CODES, Indicator, status_label
from plans.access import region_for_reader
from plans.models import Region

from . import selectors as sel
from .exports import Sheet, export_response, header
from .filters import OverviewFilter, PlanStatusFilter
from .heatmap import heatmap_data, heatmap_rows, heatmap_summary, region_cells
from .horizons import horizon_records
from .provenance import value_provenance
from .tables import progress_share
from .units import conversion_factor, convert
from .views import comparison_rows, horizon_pair

_JSON = {"ensure_ascii": False, "separators": (",", ":")}


def _strict_horizon(request, user) -> int | None:
    """For JSON and files: a malformed or unknown year is a 404, not a silent fallback."""
    horizons = sel.horizons_available(user)
    raw = request.GET.get("horizon", "")
    if not raw:
        return sel.horizon_default(horizons)
    if raw.isdigit() and int(raw) in horizons:
        return int(raw)
    raise Http404


def _comparison_horizon(request, user) -> int | None:
    """As on the comparison page: absent means each district's current plan target (None)."""
    raw = request.GET.get("horizon", "")
    if not raw or raw == "current":
        return None
    if raw.isdigit() and int(raw) in sel.horizons_available(user):
        return int(raw)
    raise Http404


@login_required
@require_GET
def heatmap_json(request):
    horizon = _strict_horizon(request, request.user)
    if horizon is None:
        return JsonResponse({"horizon": None, "regions": [], "region_ids": [], "indicators": [], "rows": []})
    data = heatmap_data(request.user, horizon, region_text=request.GET.get("region", "")[:50])
    return JsonResponse(data, json_dumps_params=_JSON)


@login_required
@require_GET
def heatmap_region_json(request, region_id: int):
    region = region_for_reader(request.user, region_id)
    horizon = _strict_horizon(request, request.user)
    cells = region_cells(request.user, region.pk, horizon) if horizon else []
    return JsonResponse({"region": region.name, "horizon": horizon, "cells": cells}, json_dumps_params=_JSON)


# --------------------------------------------------------------------------- exports


_HEADLINE_EXPORT = {
    "achieved": "已达成（进展）",
    "holding": "保持达标",
    "on_track": "进展顺利",
    "behind": "滞后",
}


def _percent(share: float | None) -> float | None:
    """A share as a percentage; empty (not 0 %) when nothing is assessable."""
    return round(share * 100, 1) if share is not None else None


def headline_sheet(headline: Headline) -> Sheet:
    """The exports' summary: coverage and the four headline groups over assessable rows."""
    rows = [
        ["指标总数（按指标计，一行两个指标计为 2）", headline.total, None],
        ["可评估", headline.assessable, f"{headline.assessable}/{headline.total}"],
    ]
    for group, label in _HEADLINE_EXPORT.items():
        rows.append([label, headline.count(group), _percent(headline.share(group))])
    if headline.nothing_assessable:
        rows.append(["无可评估指标，不计算占比", None, None])
    return Sheet("汇总", ["项目", header("数量", "个"), header("占可评估", "%")], rows)


def _status_headers() -> list[str]:
    return [header(status_label(code), "个") for code in STATUS_CODES]


@login_required
@require_GET
def overview_export(request, fmt: str):
    horizons = sel.horizons_available(request.user)
    plans = sel.scope_to_reader(sel.plans().for_overview(), request.user)
    plans = OverviewFilter(request.GET or None, plans, horizons=horizons).qs
    plans = list(plans)
    counts = sel.plan_status_counts([p.pk for p in plans])
    headers = ["地区", "规划", "起始年", "终止年", "状态", "稿次", header("指标数", "个"), *_status_headers()]
    headers += [
        header("可评估指标数", "个"), "可评估",
        *[header(f"{label}占比（占可评估）", "%") for label in _HEADLINE_EXPORT.values()],
    ]  # fmt: skip

    def rows():
        for plan in plans:
            c = counts[plan.pk]
            shares = [_percent(c.share(group)) for group in _HEADLINE_EXPORT]
            yield [
                plan.region.name, plan.title, plan.period_start, plan.period_end,
                plan.get_status_display(), plan.draft_marker, c.total,
                *[c.counts.get(code, 0) for code in STATUS_CODES], c.assessable,
                f"{c.assessable}/{c.total}", *shares,
            ]  # fmt: skip

    return export_response([Sheet("规划进展总览", headers, rows())], fmt, "规划进展总览")


@login_required
@require_GET
def plan_export(request, plan_id: int, fmt: str):
    plan = sel.plan_for_reader(request.user, plan_id)
    rows = PlanStatusFilter(
        request.GET or None, sel.statuses().for_plan_dashboard(plan), domains=sel.plan_domains(plan)
    ).qs
    headers = [
        "领域", "指标（原文）", "目录指标编码", "目录指标", "单位", "指标性质", "基期年", "基期界限", "基期值",
        "最新年份", "最新值界限", "最新值", "目标年", "目标（原文）", "目标比较符", "目标值（解读）", "目标解读说明",
        "进展状态", header("完成进度", "%"), "评估年", "当年应达值", "预计进度（规划）", "合理性提示",
        "暂定（含未审核数值）", "目标落后于基期",
        "最新值原文", "最新值来源",
    ]  # fmt: skip
    rows = list(rows)
    sources = value_provenance((s.region_id, s.indicator_id, s.latest_year) for s in rows)

    def records():
        for s in rows:
            raw, source = sources.get((s.region_id, s.indicator_id, s.latest_year), ("", ""))
            share = progress_share(s.status, s.baseline_value, s.latest_value, s.target_value)
            yield [
                s.plan_indicator.domain, s.plan_indicator.name, s.indicator.code, s.indicator.name,
                s.plan_indicator.unit or s.indicator.unit, s.plan_indicator.get_nature_display(),
                s.baseline_year, s.baseline_comparator, s.baseline_value,
                s.latest_year, s.latest_comparator, s.latest_value,
                s.target_year, s.target_raw, s.target_comparator, s.target_value, s.target_note,
                s.get_status_display(), round(share * 100, 1) if share is not None else None,
                s.as_of, s.expected_value, s.plan_indicator.progress_estimate,
                "；".join(w["message"] for w in s.warnings),
                "暂定" if s.provisional else "", "是" if s.target_behind_start else "",
                raw, source,
            ]  # fmt: skip

    name = f"{plan.region.short_name}-{plan.period_start}-{plan.period_end}-指标进展"
    summary = headline_sheet(sel.statuses().for_plan(plan).headline())
    return export_response([Sheet("指标进展", headers, records()), summary], fmt, name)


@login_required
@require_GET
def compare_export(request, code: str, fmt: str):
    indicator = sel.catalog_indicator(code)
    horizon = _comparison_horizon(request, request.user)
    rows, stats, unit, _filterset = comparison_rows(request, indicator, horizon)
    rows = rows.select_related("plan_indicator__plan").order_by("region__name")
    headers = [
        "地区", "规划", "规划期", "单位（原文）", "基期年", "基期界限", header("基期值", unit), "最新年份",
        "最新值界限", header("最新值", unit), "目标年", "目标（原文）", "目标比较符", header("目标值", unit),
        header("最新值与目标之差", unit), "进展状态", "评估年", header("当年应达值", unit),
        "暂定（含未审核数值）",
        "最新值原文", "最新值来源",
    ]  # fmt: skip
    rows = list(rows)
    sources = value_provenance((s.region_id, s.indicator_id, s.latest_year) for s in rows)

    def records():
        for s in rows:
            raw, source = sources.get((s.region_id, s.indicator_id, s.latest_year), ("", ""))
            gap = (
                s.latest_cmp - s.target_cmp if s.latest_cmp is not None and s.target_cmp is not None else None
            )
            yield [
                s.region.name, s.plan_indicator.plan.title, s.plan_indicator.plan.period_label,
                s.plan_indicator.unit, s.baseline_year, s.baseline_comparator, s.baseline_cmp,
                s.latest_year, s.latest_comparator, s.latest_cmp, s.target_year, s.target_raw,
                s.target_comparator, s.target_cmp, gap, s.get_status_display(), s.as_of, s.expected_cmp,
                "暂定" if s.provisional else "",
                raw, source,
            ]  # fmt: skip

    return export_response(
        [Sheet(indicator.name, headers, records()), headline_sheet(Headline(stats.counts))],
        fmt,
        f"{indicator.code}-{horizon or '当前规划'}-跨地区对比",
    )


def heatmap_sheets(user, horizon: int, *, region_text: str = "") -> list[Sheet]:
    """Districts × catalog indicators: status labels, and latest values in the catalog unit."""
    packed = heatmap_rows(user, horizon, region_text=region_text)
    regions = [
        (pk, name) for pk, name in Region.objects.order_by("name").values_list("pk", "name") if pk in packed
    ]
    catalog = list(Indicator.objects.filter(local_to_plan__isnull=True).order_by("code"))
    status_matrix: dict[int, dict[int, str]] = defaultdict(dict)
    for region_id, text in packed.items():
        for cell in text.split(";"):
            indicator_id, index = cell.split(":")
            status_matrix[region_id][int(indicator_id)] = status_label(STATUS_CODES[int(index)])
    present = {i for cells in status_matrix.values() for i in cells}
    catalog = [i for i in catalog if i.pk in present]
    values, bounds = _latest_values(
        user, horizon, {pk for pk, _n in regions}, {i.pk: i.unit for i in catalog}
    )
    headers = ["地区", *[header(i.name, i.unit) for i in catalog]]
    statuses = ([name, *[status_matrix[pk].get(i.pk) for i in catalog]] for pk, name in regions)
    numbers = ([name, *[values.get((pk, i.pk)) for i in catalog]] for pk, name in regions)
    signs = ([name, *[bounds.get((pk, i.pk), "") for i in catalog]] for pk, name in regions)
    return [
        Sheet(f"{horizon}年目标进展状态", headers, statuses),
        Sheet("最新值", headers, numbers),
        Sheet("最新值界限", headers, signs),
    ]


def _latest_values(user, horizon: int, region_ids: set[int], units: dict[int, str]) -> tuple[dict, dict]:
    queryset = sel.scope_to_reader(sel.statuses().for_horizon(horizon).current(), user)
    rows = queryset.order_by().values_list(
        "region_id", "indicator_id", "latest_value", "plan_indicator__unit", "latest_comparator"
    )
    values, bounds, factors = {}, {}, {}
    for region_id, indicator_id, value, unit, comparator in rows:
        if region_id in region_ids and indicator_id in units and value is not None:
            key = (unit, units[indicator_id])
            if key not in factors:
                factors[key] = conversion_factor(*key)
            values[(region_id, indicator_id)] = convert(value, factors[key])
            if comparator and comparator != "=":
                bounds[(region_id, indicator_id)] = COMPARATOR_SHOWN.get(comparator, comparator)
    return values, bounds


@login_required
@require_GET
def heatmap_export(request, fmt: str):
    horizon = _strict_horizon(request, request.user)
    if horizon is None:
        raise Http404
    region_text = request.GET.get("region", "")[:50]
    sheets = heatmap_sheets(request.user, horizon, region_text=region_text)
    sheets.append(headline_sheet(heatmap_summary(request.user, horizon, region_text=region_text).headline))
    return export_response(sheets, fmt, f"{horizon}年目标进展热力图")


_HORIZON_KEYS = [
    "code", "name", "unit", "early_target", "early_status_label", "end_export", "end_source",
    "late_target", "late_number", "change", "late_status_label", "estimate",
]  # fmt: skip


@login_required
@require_GET
def horizons_export(request, region_id: int, fmt: str):
    region = region_for_reader(request.user, region_id)
    early, late = horizon_pair(request, sel.horizons_available(request.user))
    records = horizon_records(sel.statuses().for_horizons(region, (early, late)), early=early, late=late)
    headers = [
        "目录指标编码", "指标", "单位", f"{early}年目标（原文）", f"{early}年目标进展", f"{early}年期末值",
        "期末值来源", f"{late}年目标（原文）", f"{late}年目标值（解读）", "期末值到后期目标的变化",
        f"{late}年目标进展", "预计进度（规划）",
    ]  # fmt: skip
    rows = ([r[key] for key in _HORIZON_KEYS] for r in records)
    return export_response(
        [Sheet(f"{early}与{late}", headers, rows)], fmt, f"{region.short_name}-{early}与{late}"
    )
