"""CSV and XLSX files: formulas escaped, numbers kept as numbers, Chinese headers with units."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.dashboards.exports import Sheet, header, safe_text, write_csv, write_xlsx
from indicators.dashboards.synth import SynthSpec, synth_generate
from plans.models import Plan, Region

PAYLOADS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")']


def _sheet():
    rows = [[payload, Decimal("-3.5"), 7, None] for payload in PAYLOADS]
    return Sheet("测试", ["地区", header("最新值", "/10万"), header("数量", "个"), "空"], rows)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_that_a_spreadsheet_would_run_is_escaped(payload):
    assert safe_text(payload) == "'" + payload


def test_ordinary_text_and_bounds_are_left_alone():
    assert safe_text("克拉玛依区") == "克拉玛依区"
    assert safe_text("≤14.5") == "≤14.5" and safe_text("<10") == "<10"


def test_xlsx_payload_cells_are_text_and_numbers_are_numbers():
    sheet = load_workbook(io.BytesIO(write_xlsx([_sheet()]))).active
    rows = list(sheet.iter_rows(values_only=False))
    assert [c.value for c in rows[0]] == ["地区", "最新值（/10万）", "数量（个）", "空"]
    for row, payload in zip(rows[1:], PAYLOADS, strict=True):
        assert row[0].data_type == "s" and row[0].value == "'" + payload
        assert row[1].data_type == "n" and row[1].value == -3.5
        assert row[2].data_type == "n" and row[2].value == 7
        assert row[3].value is None


def test_csv_is_utf8_with_a_bom_and_escapes_payloads():
    content = write_csv(_sheet())
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["地区", "最新值（/10万）", "数量（个）", "空"]
    assert [r[0] for r in rows[1:]] == ["'" + p for p in PAYLOADS]
    assert rows[1][1:] == ["-3.5", "7", ""]


@pytest.fixture
def dataset(db, planner):
    synth_generate(SynthSpec(regions=3, indicators=3, years=4, second_plan_every=1))
    region = Region.objects.order_by("pk").first()
    region.name = '=HYPERLINK("http://evil","点我")'
    region.save()
    return region


def _xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_every_dashboard_export_escapes_a_hostile_region_name(client, planner, dataset):
    client.force_login(planner)
    plan = Plan.objects.filter(region=dataset, period_end=2025).get()
    urls = [
        reverse("dashboard-overview-export", args=["xlsx"]),
        reverse("dashboard-compare-export", args=["HL01", "xlsx"]) + "?horizon=2025",
        reverse("dashboard-heatmap-export", args=["xlsx"]) + "?horizon=2025",
    ]
    for url in urls:
        values = [c for row in _xlsx(client.get(url)).worksheets[0].iter_rows() for c in row]
        hostile = [c for c in values if isinstance(c.value, str) and "HYPERLINK" in c.value]
        assert hostile and all(c.value.startswith("'=") and c.data_type == "s" for c in hostile), url
    assert _xlsx(client.get(reverse("dashboard-plan-export", args=[plan.pk, "xlsx"]))).worksheets


def test_the_comparison_export_has_units_in_its_headers_and_numbers_as_numbers(client, planner, dataset):
    client.force_login(planner)
    sheet = _xlsx(
        client.get(reverse("dashboard-compare-export", args=["HL01", "xlsx"]) + "?horizon=2025")
    ).active
    rows = list(sheet.iter_rows())
    headers = [c.value for c in rows[0]]
    assert "最新值（岁）" in headers and "目标值（岁）" in headers and "地区" in headers
    latest = headers.index("最新值（岁）")
    assert len(rows) == 4
    assert all(row[latest].data_type == "n" for row in rows[1:])


def test_the_heatmap_export_has_a_status_sheet_and_a_value_sheet(client, planner, dataset):
    client.force_login(planner)
    book = _xlsx(client.get(reverse("dashboard-heatmap-export", args=["xlsx"]) + "?horizon=2025"))
    statuses, values = book.worksheets[:2]
    sheets = {sheet.title: sheet for sheet in book.worksheets}
    bounds, summary = sheets["最新值界限"], sheets["汇总"]
    assert bounds.max_row == 4
    assert statuses.max_row == 4 and values.max_row == 4
    assert summary.title == "汇总" and summary.cell(3, 1).value == "可评估"
    assert statuses.cell(1, 2).value == "人均预期寿命（岁）"
    assert statuses.cell(2, 2).value in {
        "已达成",
        "进展顺利",
        "需加快",
        "进展缓慢",
        "倒退",
        "未达约束性要求",
        "数据不足",
        "人工评估",
        "无目标",
    }
    assert values.cell(2, 2).data_type == "n"


def test_a_csv_export_downloads_with_a_chinese_file_name(client, planner, dataset):
    client.force_login(planner)
    response = client.get(reverse("dashboard-overview-export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").splitlines()[0].startswith("地区,规划,起始年")


def test_an_unknown_export_format_is_not_found(client, planner, dataset):
    client.force_login(planner)
    assert client.get("/dashboards/export.pdf").status_code == 404
