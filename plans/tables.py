import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indicators.models import Nature

from .models import Plan


class PlanTable(tables.Table):
    title = tables.Column(
        verbose_name=_("规划"), linkify=lambda record: reverse("plan-detail", args=[record.pk])
    )
    region = tables.Column(verbose_name=_("地区"), accessor="region__name")
    period = tables.Column(verbose_name=_("规划期"), accessor="period_label", order_by=("period_start",))
    status = tables.Column(verbose_name=_("状态"))
    doc_number = tables.Column(verbose_name=_("文号"))
    indicator_count = tables.Column(verbose_name=_("指标数"))
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


class PlanIndicatorTable(tables.Table):
    """The plan's indicator table as written; year columns are added per plan."""

    domain = tables.Column(verbose_name=_("领域"))
    seq = tables.Column(verbose_name=_("序号"))
    name = tables.Column(verbose_name=_("指标名称"))
    unit = tables.Column(verbose_name=_("单位"))
    nature = tables.Column(verbose_name=_("指标性质"))
    progress_estimate = tables.Column(verbose_name=_("预计进度"))
    target = tables.Column(verbose_name=_("目标解读"), empty_values=())
    catalog = tables.Column(verbose_name=_("目录指标"), empty_values=())

    class Meta:
        orderable = False
        attrs = {"class": "data-table indicator-table"}
        row_attrs = {"class": lambda record: "sub-row" if record["row"].parent_id else ""}

    def __init__(self, rows, years: list[str], **kwargs):
        data = [
            {"row": row, **{f"y{year}": (row.cells or {}).get(year, "") for year in years}} for row in rows
        ]
        data = [
            dict(
                d,
                domain=d["row"].domain,
                seq=d["row"].seq,
                name=d["row"].name,
                unit=d["row"].unit,
                nature=d["row"].get_nature_display() if d["row"].nature else "",
                progress_estimate=d["row"].progress_estimate,
            )
            for d in data
        ]
        extra = [(f"y{year}", tables.Column(verbose_name=f"{year}年")) for year in years]
        super().__init__(
            data,
            extra_columns=extra,
            sequence=[
                "domain",
                "seq",
                "name",
                "unit",
                "...",
                "nature",
                "progress_estimate",
                "target",
                "catalog",
            ],
            **kwargs,
        )

    def render_nature(self, value, record):
        css = "binding" if record["row"].nature == Nature.BINDING else "expected"
        return format_html('<span class="badge {}">{}</span>', css, value)

    def render_target(self, record):
        targets = list(record["row"].targets.all())
        if not targets:
            return "—"
        target = targets[-1]
        return f"{target.year}年：{target.get_kind_display()}"

    def render_catalog(self, record):
        indicator = record["row"].indicator
        if indicator.local_to_plan_id:
            return format_html('<span class="muted">{}</span>', _("待映射"))
        return indicator.code
