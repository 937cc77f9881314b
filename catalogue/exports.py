"""The indicator page's download: every readable district's status rows (all target years),
and the plans' targets. Numbers are numbers; bound signs, the text as written and where each
value came from are columns of their own."""

from __future__ import annotations

from indicators.dashboards.exports import Sheet, header
from indicators.models import Indicator

from . import selectors as sel


def indicator_sheets(indicator: Indicator, user) -> list[Sheet]:
    rows = list(
        sel.district_statuses(indicator, user, None).order_by(
            "region__name", "target_year", "plan_indicator__order"
        )
    )
    sources = sel.latest_sources(indicator, rows)
    unit = indicator.unit
    district_headers = [
        "地区", "规划", "目标年", "单位（原文）", "基期年", "基期界限", header("基期值", unit), "最新年份",
        "最新值界限", header("最新值", unit), "最新值原文", "最新值来源", "目标（原文）", "目标比较符",
        header("目标值", unit), "进展状态", "评估年",
    ]  # fmt: skip

    def districts():
        for s in rows:
            value = sources.get((s.region_id, s.latest_year))
            yield [
                s.region.name, s.plan_indicator.plan.title, s.target_year, s.plan_indicator.unit,
                s.baseline_year, s.baseline_comparator, s.baseline_value, s.latest_year,
                s.latest_comparator, s.latest_value, value.raw if value else "",
                value.get_source_display() if value else "", s.target_raw, s.target_comparator,
                s.target_value, s.get_status_display(), s.as_of,
            ]  # fmt: skip

    target_headers = [
        "地区",
        "规划",
        "规划期",
        "指标（原文）",
        "单位（原文）",
        "目标年",
        "目标（原文）",
        "目标比较符",
        "目标值（解读）",
        "来源",
    ]

    def targets():
        for row in sel.tracking_rows(indicator):
            for target in row.targets.all():
                yield [
                    row.plan.region.name, row.plan.title, row.plan.period_label, row.name, row.unit,
                    target.year, target.raw, target.comparator, target.value, "规划文本",
                ]  # fmt: skip

    return [Sheet("各地区", district_headers, districts()), Sheet("规划目标", target_headers, targets())]
