"""django-tables2 tables of the dashboards (HTML); the same screens' file exports are in ``exports``."""

from __future__ import annotations

from decimal import Decimal

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.badges import behind_start_badge, provisional_badge
from indicators.headline import Headline
from indicators.models import STATUS_CODES, Nature
from indicators.warning_text import warning_text

from .charts import STATUS_COLOURS, shown
from .selectors import PlanCounts

TEMPLATE = "indicators/dashboards/_table.html"


HEADLINE_LABELS = {
    "achieved": _("已达成（进展）"),
    "holding": _("保持达标"),
    "on_track": _("进展顺利"),
    "behind": _("滞后"),
}


def coverage_html(headline: Headline) -> str:
    return format_html(
        '<small class="coverage">{} {}/{}</small>', _("可评估"), headline.assessable, headline.total
    )


def headline_html(headline: Headline) -> str:
    """Achieved through progress / holding / on track / behind, each with its share of the
    assessable rows, and the coverage ``可评估 x/y`` beside them; says so when nothing is."""
    if headline.nothing_assessable:
        return format_html(
            '<span class="headline"><span class="muted">{}</span> {}</span>',
            _("无可评估指标") if headline.total else _("无指标"),
            coverage_html(headline),
        )
    parts = format_html_join(
        " ",
        '<span class="status status-{}">{} {}（{}%）</span>',
        (
            (group, HEADLINE_LABELS[group], headline.count(group), round(headline.share(group) * 100))
            for group in HEADLINE_LABELS
        ),
    )
    return format_html('<span class="headline">{} {}</span>', parts, coverage_html(headline))


def progress_share(status: str, baseline, latest, target) -> float | None:
    """How far along the straight path from baseline to target the latest value is (0–1)."""
    if status in ("achieved", "holding"):
        return 1.0
    if baseline is None or latest is None or target is None or target == baseline:
        return None
    share = float((Decimal(latest) - Decimal(baseline)) / (Decimal(target) - Decimal(baseline)))
    return min(max(share, 0.0), 1.0)


def _year(year) -> str:
    """``2023年`` in Chinese, ``2023`` in English."""
    return gettext("%(year)s年") % {"year": year} if year else "?"


def _value_year(value, year, comparator: str = "") -> str:
    if value is None:
        return "—"
    return format_html('{} <small class="muted">{}</small>', shown(comparator, value), _year(year))


def _badge(status: str, label: str) -> str:
    return format_html('<span class="status status-{}">{}</span>', status, label)


def _bar(share: float | None) -> str:
    if share is None:
        return "—"
    percent = round(share * 100)
    return format_html(
        '<span class="progress" title="{}%"><span style="width:{}%"></span></span> {}%',
        percent,
        percent,
        percent,
    )


class OverviewTable(tables.Table):
    """Every plan with its indicators counted by status; counts for the page come in one query."""

    region = tables.Column(verbose_name=_("地区"), accessor="region__name", order_by=("region__name",))
    title = tables.Column(
        verbose_name=_("规划"),
        linkify=lambda record: reverse("dashboard-plan", args=[record.pk]),
        orderable=False,
    )
    period = tables.Column(
        verbose_name=_("规划期"), accessor="period_label", order_by=("period_end", "period_start")
    )
    status = tables.Column(verbose_name=_("状态"))
    breakdown = tables.Column(verbose_name=_("各状态指标数"), empty_values=(), orderable=False)
    share = tables.Column(
        verbose_name=_("已达成 / 保持达标 / 进展顺利 / 滞后（占可评估）"), empty_values=(), orderable=False
    )
    links = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "data-table overview-table"}
        template_name = TEMPLATE
        per_page = 25

    def __init__(self, *args, counts: dict[int, PlanCounts] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.counts = counts or {}

    def _counts(self, record) -> PlanCounts:
        return self.counts.get(record.pk) or PlanCounts(dict.fromkeys(STATUS_CODES, 0))

    def render_status(self, record):
        css = "draft" if record.status == "draft" else "issued"
        label = record.get_status_display()
        if record.draft_marker:
            label = f"{label}（{record.draft_marker}）"
        return format_html('<span class="badge plan-{}">{}</span>', css, label)

    def render_breakdown(self, record):
        counts = self._counts(record)
        if not counts.total:
            return "—"
        parts = format_html_join(
            "",
            '<span class="seg" style="flex:{};background:{}" title="{}：{}"></span>',
            (
                (n, STATUS_COLOURS[code], label, n)
                for code, label in _status_labels()
                if (n := counts.counts[code])
            ),
        )
        legend = format_html_join(
            " ",
            '<span class="status status-{}">{} {}</span>',
            ((code, label, n) for code, label in _status_labels() if (n := counts.counts[code])),
        )
        return format_html('<div class="stack">{}</div><div class="stack-legend">{}</div>', parts, legend)

    def render_share(self, record):
        return headline_html(self._counts(record))

    def render_links(self, record):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("plan-detail", args=[record.pk]),
            _("规划原文"),
            reverse("dashboard-horizons-region", args=[record.region_id]),
            _("2025 与 2030"),
        )


def _status_labels():
    from indicators.models import status_label

    return [(code, status_label(code)) for code in STATUS_CODES]


class PlanDashboardTable(tables.Table):
    """A plan's indicators with their progress. Related facts share a cell (baseline and latest,
    target as written and as read, status and progress bar) so a thirty-row plan renders quickly."""

    domain = tables.Column(verbose_name=_("领域"), accessor="plan_indicator__domain")
    name = tables.Column(verbose_name=_("指标（单位）· 性质"), accessor="plan_indicator__name")
    values = tables.Column(verbose_name=_("基期值 → 最新值（年份）"), empty_values=())
    target = tables.Column(verbose_name=_("目标：原文 / 解读"), accessor="target_raw", empty_values=())
    status = tables.Column(verbose_name=_("进展状态 · 完成进度"))
    expected_value = tables.Column(verbose_name=_("当年应达值"), empty_values=())
    estimate = tables.Column(verbose_name=_("预计进度（规划）"), accessor="plan_indicator__progress_estimate")
    warnings = tables.Column(verbose_name=_("合理性提示"), empty_values=())

    class Meta:
        orderable = False
        attrs = {"class": "data-table plan-dashboard-table"}
        template_name = TEMPLATE
        row_attrs = {"id": lambda record: f"row-{record.pk}"}

    def render_name(self, record):
        row = record.plan_indicator
        unit = row.unit or record.indicator.unit
        css = "binding" if row.nature == Nature.BINDING else "expected"
        nature = (
            format_html('<span class="badge {}">{}</span>', css, row.get_nature_display())
            if row.nature
            else ""
        )
        catalog = ""
        if record.indicator.name != row.name:
            catalog = format_html('<br><small class="muted">{}</small>', record.indicator.name)
        return format_html(
            '<a href="#chart-{}">{}</a>{} {}{}',
            record.pk,
            row.name,
            f"（{unit}）" if unit else "",
            nature,
            catalog,
        )

    def render_values(self, record):
        return format_html(
            "{} → {}",
            _value_year(record.baseline_value, record.baseline_year, record.baseline_comparator),
            _value_year(record.latest_value, record.latest_year, record.latest_comparator),
        )

    def render_target(self, record):
        if record.target_value is not None:
            resolved = shown(record.target_comparator, record.target_value)
        else:
            resolved = format_html('<span class="muted">{}</span>', record.target_note or "—")
        return format_html(
            '{} <small class="muted">{}</small><br>{}',
            record.target_raw or "—",
            _year(record.target_year),
            resolved,
        )

    def render_status(self, record):
        share = progress_share(record.status, record.baseline_value, record.latest_value, record.target_value)
        return format_html(
            "{}{}{}<br>{}",
            _badge(record.status, record.get_status_display()),
            provisional_badge() if record.provisional else "",
            behind_start_badge() if record.target_behind_start else "",
            _bar(share),
        )

    def render_expected_value(self, record):
        if record.expected_value is None:
            return "—"
        return format_html(
            '{} <small class="muted">{}</small>', shown("", record.expected_value), _year(record.as_of)
        )

    def render_warnings(self, record):
        if not record.warnings:
            return ""
        return format_html_join(
            "", '<div class="sanity">⚠ {}</div>', ((warning_text(w),) for w in record.warnings)
        )


class ComparisonTable(tables.Table):
    """One catalog indicator across districts, in one unit (``*_cmp`` are converted values)."""

    region = tables.Column(
        verbose_name=_("地区"),
        accessor="region__name",
        linkify=lambda record: reverse("dashboard-plan", args=[record.plan_indicator.plan_id]),
    )
    unit = tables.Column(verbose_name=_("单位（原文）"), accessor="plan_indicator__unit", orderable=False)
    latest_cmp = tables.Column(verbose_name=_("基期值 → 最新值（年份）"), empty_values=())
    target_cmp = tables.Column(verbose_name=_("目标：原文 / 换算"), empty_values=())
    target_year = tables.Column(verbose_name=_("目标年"))
    gap = tables.Column(verbose_name=_("最新值 − 目标"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("进展状态"))
    expected_cmp = tables.Column(verbose_name=_("当年应达值"), empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "data-table comparison-table"}
        template_name = TEMPLATE
        per_page = 25

    def render_unit(self, record):
        return record.plan_indicator.unit or "—"

    def render_latest_cmp(self, record):
        return format_html(
            "{} → {}",
            _value_year(record.baseline_cmp, record.baseline_year, record.baseline_comparator),
            _value_year(record.latest_cmp, record.latest_year, record.latest_comparator),
        )

    def render_target_cmp(self, record):
        converted = (
            shown(record.target_comparator, record.target_cmp) if record.target_cmp is not None else "—"
        )
        return format_html("{} / {}", record.target_raw or "—", converted)

    def render_gap(self, record):
        if record.latest_cmp is None or record.target_cmp is None:
            return "—"
        return f"{(record.latest_cmp - record.target_cmp).quantize(Decimal('0.01')):+}"

    def render_expected_cmp(self, record):
        return shown("", record.expected_cmp) if record.expected_cmp is not None else "—"

    def render_status(self, record):
        return format_html(
            "{}{}",
            _badge(record.status, record.get_status_display()),
            provisional_badge() if record.provisional else "",
        )


class HorizonTable(tables.Table):
    """One region: the earlier plan's end values beside the later plan's targets (records are dicts)."""

    name = tables.Column(verbose_name=_("指标"))
    unit = tables.Column(verbose_name=_("单位"))
    early_target = tables.Column(verbose_name=_("前期目标（原文）"))
    early_status = tables.Column(verbose_name=_("前期进展"), empty_values=())
    end_value = tables.Column(verbose_name=_("前期期末值"), empty_values=())
    late_target = tables.Column(verbose_name=_("后期目标（原文）"))
    late_value = tables.Column(verbose_name=_("后期目标（解读）"), empty_values=())
    change = tables.Column(verbose_name=_("期末值到后期目标的变化"), empty_values=())
    late_status = tables.Column(verbose_name=_("后期进展"), empty_values=())
    estimate = tables.Column(verbose_name=_("预计进度（规划）"))

    class Meta:
        orderable = False
        attrs = {"class": "data-table horizon-table"}
        template_name = TEMPLATE

    def __init__(self, data, *, early: int, late: int, **kwargs):
        super().__init__(data, **kwargs)
        for key, year in (("early_target", early), ("early_status", early), ("end_value", early)):
            self.columns[key].column.verbose_name = _verbose(key, year)
        for key in ("late_target", "late_value", "late_status"):
            self.columns[key].column.verbose_name = _verbose(key, late)

    def render_early_status(self, record):
        return _badge(record["early_status"], record["early_status_label"]) if record["early_status"] else "—"

    def render_late_status(self, record):
        return _badge(record["late_status"], record["late_status_label"]) if record["late_status"] else "—"

    def render_end_value(self, record):
        if record["end_value"] is None:
            return "—"
        return format_html('{} <small class="muted">{}</small>', record["end_value"], record["end_source"])

    def render_change(self, record):
        return "—" if record["change"] is None else f"{record['change']:+}"


def _verbose(key: str, year: int) -> str:
    labels = {
        "early_target": _("%(year)s年目标（原文）"),
        "early_status": _("%(year)s年目标进展"),
        "end_value": _("%(year)s年期末值"),
        "late_target": _("%(year)s年目标（原文）"),
        "late_value": _("%(year)s年目标（解读）"),
        "late_status": _("%(year)s年目标进展"),
    }
    return labels[key] % {"year": year}
