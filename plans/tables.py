import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.badges import behind_start_badge, provisional_badge
from indicators.models import Nature
from indicators.warning_text import warning_text

from .models import Plan


class PlanTable(tables.Table):
    title = tables.Column(
        verbose_name=_("规划"), linkify=lambda record: reverse("plan-detail", args=[record.pk])
    )
    region = tables.Column(verbose_name=_("地区"), accessor="region__name")
    period = tables.Column(verbose_name=_("规划期"), accessor="period_label", order_by=("period_start",))
    status = tables.Column(verbose_name=_("状态"))
    doc_number = tables.Column(verbose_name=_("文号"))
    indicator_count = tables.Column(
        verbose_name=_("指标数（按指标计）"), attrs={"th": {"title": _("一行写两个指标计为 2")}}
    )
    project_count = tables.Column(verbose_name=_("重点项目数"))

    class Meta:
        model = Plan
        fields = ["title", "region", "period", "status", "doc_number", "indicator_count", "project_count"]
        orderable = False
        attrs = {"class": "data-table"}

    def render_status(self, record):
        if record.draft_marker:
            return f"{record.get_status_display()}（{record.draft_marker}）"
        return record.get_status_display()


def _number(value) -> str:
    return "—" if value is None else f"{value.normalize():f}"


class PlanIndicatorTable(tables.Table):
    """The plan's indicator table as written, with each row's computed progress beside it.

    Year columns differ per plan (2015/2020/2025/2030), so they are added per instance.
    Records are dicts: ``row`` (PlanIndicator), ``statuses`` (its IndicatorStatus rows)
    and one ``y<year>`` key per year column.
    """

    domain = tables.Column(verbose_name=_("领域"), accessor="row__domain")
    seq = tables.Column(verbose_name=_("序号"), accessor="row__seq")
    name = tables.Column(verbose_name=_("指标名称"), accessor="row__name")
    unit = tables.Column(verbose_name=_("单位"), accessor="row__unit")
    nature = tables.Column(verbose_name=_("指标性质"), accessor="row__nature")
    progress_estimate = tables.Column(verbose_name=_("预计进度"), accessor="row__progress_estimate")
    resolved = tables.Column(verbose_name=_("目标解读"), empty_values=())
    latest = tables.Column(verbose_name=_("最新值"), empty_values=())
    expected = tables.Column(verbose_name=_("当年应达值"), empty_values=())
    status = tables.Column(verbose_name=_("进展状态"), empty_values=())

    class Meta:
        orderable = False
        attrs = {"class": "data-table indicator-table"}
        row_attrs = {"class": lambda record: "sub-row" if record["row"].parent_id else ""}

    def __init__(self, records: list[dict], years: list[str], **kwargs):
        extra = [
            (f"y{year}", tables.Column(verbose_name=gettext("%(year)s年") % {"year": year}, empty_values=()))
            for year in years
        ]
        sequence = [
            "domain",
            "seq",
            "name",
            "unit",
            "...",
            "nature",
            "progress_estimate",
            "resolved",
            "latest",
            "expected",
            "status",
        ]
        super().__init__(records, extra_columns=extra, sequence=sequence, **kwargs)

    def render_name(self, value, record):
        """The name as written, linked to the catalog indicator's page when it is mapped to one."""
        indicator = record["row"].indicator
        if indicator is None or indicator.local_to_plan_id is not None:
            return value
        return format_html('<a href="{}">{}</a>', reverse("indicator-detail", args=[indicator.code]), value)

    def render_nature(self, value, record):
        css = "binding" if record["row"].nature == Nature.BINDING else "expected"
        return format_html('<span class="badge {}">{}</span>', css, record["row"].get_nature_display())

    def _per_indicator(self, record, render) -> str:
        statuses = record["statuses"]
        if not statuses:
            return "—"
        if len(statuses) == 1:
            return render(statuses[0])
        return format_html_join("", "<div>{}：{}</div>", ((s.indicator.name, render(s)) for s in statuses))

    def render_resolved(self, record):
        def show(s):
            if s.target_kind == "numeric" and s.target_value is not None:
                return format_html(
                    "{}{}",
                    {"<=": "≤", ">=": "≥"}.get(s.target_comparator, s.target_comparator),
                    _number(s.target_value),
                )
            return format_html(
                '<span class="muted" title="{}">{}</span>', s.target_note, s.target_note[:24] or "—"
            )

        return self._per_indicator(record, show)

    def render_latest(self, record):
        def show(s):
            if s.latest_value is None:
                return "—"
            return format_html(
                "{}{}（{}）{}",
                s.latest_comparator,
                _number(s.latest_value),
                s.latest_year,
                provisional_badge() if s.provisional else "",
            )

        return self._per_indicator(record, show)

    def render_expected(self, record):
        return self._per_indicator(record, lambda s: _number(s.expected_value))

    def render_status(self, record):
        def show(s):
            badge = format_html(
                '<span class="status status-{}">{}</span>{}{}',
                s.status,
                s.get_status_display(),
                provisional_badge() if s.provisional else "",
                behind_start_badge() if s.target_behind_start else "",
            )
            if not s.warnings:
                return badge
            return format_html(
                '{} <span class="sanity" title="{}">⚠</span>',
                badge,
                "；".join(warning_text(w) for w in s.warnings),
            )

        return self._per_indicator(record, show)
