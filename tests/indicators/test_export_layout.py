"""Every XLSX opens readable: column widths, a frozen filtered header, numbers as numbers."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.dashboards.exports import Sheet, column_widths, text_width, write_xlsx
from indicators.dashboards.synth import SynthSpec, synth_generate
from plans.models import Plan, Region


def test_widths_count_chinese_double_and_are_capped():
    assert text_width("克拉玛依区") == 10 and text_width("abc") == 3 and text_width(7.5) == 3
    assert column_widths(["地区", "值"], [["克拉玛依市克拉玛依区", 1.25], ["x" * 200, None]]) == [60, 6]


def test_a_sheet_has_widths_a_frozen_header_and_a_filter():
    rows = [["克拉玛依市克拉玛依区", Decimal("79.50"), "<", "<10.5"], ["仁和区", None, "", ""]]
    book = load_workbook(
        io.BytesIO(write_xlsx([Sheet("测试", ["地区", "最新值（岁）", "界限", "原文"], rows)]))
    )
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    assert sheet.column_dimensions["A"].width == 22
    assert sheet.cell(1, 1).font.bold
    assert sheet.cell(2, 2).data_type == "n" and sheet.cell(2, 2).value == 79.5
    assert sheet.cell(2, 3).value == "<" and sheet.cell(2, 4).value == "<10.5"


@pytest.fixture
def dataset(db, planner):
    synth_generate(SynthSpec(regions=3, indicators=3, years=4, second_plan_every=1))
    return Region.objects.filter(synthetic=True).order_by("pk").first()


def _urls(region):
    plan = Plan.objects.filter(region=region, period_end=2025).get()
    return [
        reverse("dashboard-overview-export", args=["xlsx"]),
        reverse("dashboard-plan-export", args=[plan.pk, "xlsx"]),
        reverse("dashboard-compare-export", args=["HL01", "xlsx"]) + "?horizon=2025",
        reverse("dashboard-heatmap-export", args=["xlsx"]) + "?horizon=2025",
        reverse("dashboard-horizons-export", args=[region.pk, "xlsx"]),
        reverse("indicator-export", args=["HL01", "xlsx"]),
        reverse("entry-template", args=[region.pk]) + "?year=2024",
        reverse("plan-export-xlsx", args=[plan.pk]),
    ]


def test_every_xlsx_download_has_widths_a_frozen_header_and_a_filter(client, admin_user, dataset):
    client.force_login(admin_user)
    for url in _urls(dataset):
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        for sheet in load_workbook(io.BytesIO(content)).worksheets:
            if sheet.title == "规划信息":  # the plan's metadata: label/value pairs, no table
                continue
            assert sheet.freeze_panes, (url, sheet.title)
            assert sheet.auto_filter.ref, (url, sheet.title)
            assert sheet.column_dimensions["A"].width and sheet.column_dimensions["A"].width >= 6, url


def test_plan_and_comparison_exports_say_where_each_value_came_from(client, planner, dataset):
    client.force_login(planner)
    plan = Plan.objects.filter(region=dataset, period_end=2025).get()
    for url in (
        reverse("dashboard-plan-export", args=[plan.pk, "xlsx"]),
        reverse("dashboard-compare-export", args=["HL01", "xlsx"]) + "?horizon=2025",
    ):
        sheet = load_workbook(io.BytesIO(client.get(url).content)).active
        headers = [c.value for c in sheet[1]]
        assert "最新值原文" in headers and "最新值来源" in headers and "最新值界限" in headers
        source = headers.index("最新值来源")
        labels = {row[source].value for row in sheet.iter_rows(min_row=2)} - {None}
        assert labels and labels <= {"网页录入", "Excel 上传", "规划文本", "后台修改"}, labels


def test_the_plan_export_has_the_target_as_a_number_and_says_where_it_came_from(client, admin_user, dataset):
    client.force_login(admin_user)
    plan = Plan.objects.filter(region=dataset, period_end=2025).get()
    sheet = load_workbook(io.BytesIO(client.get(reverse("plan-export-xlsx", args=[plan.pk])).content)).active
    headers = [c.value for c in sheet[1]]
    value, raw, source = headers.index("目标值（数值）"), headers.index("目标原文"), headers.index("来源")
    rows = list(sheet.iter_rows(min_row=2))
    from indicators.models import PlanIndicator, Target

    row_obj = PlanIndicator.objects.filter(plan=plan).order_by("order").first()
    Target.objects.filter(plan_indicator=row_obj).delete()
    Target.objects.create(
        plan_indicator=row_obj, year=2025, raw="≥79.5", kind="absolute", comparator=">=", value=79.5
    )
    sheet = load_workbook(io.BytesIO(client.get(reverse("plan-export-xlsx", args=[plan.pk])).content)).active
    rows = list(sheet.iter_rows(min_row=2))
    first = rows[row_obj.order]
    assert first[value].data_type == "n" and first[value].value == 79.5
    assert first[raw].value == "≥79.5" and first[headers.index("目标比较符")].value == ">="
    assert all(row[raw].data_type == "s" for row in rows if row[raw].value)
    assert {row[source].value for row in rows} == {"规划文本"}
