"""The Excel template: pre-filled for a region and year(s), and accepted back as it was downloaded."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import IndicatorValue, UploadBatch, ValueChange
from indicators.services import indicator_value_record
from indicators.status import status_refresh_plan
from tests.indicators.excel_samples import entry_world

YEAR = 2023


@pytest.fixture
def world(region):
    plan, indicators = entry_world(region)
    indicator_value_record(
        region=region,
        indicator=indicators[0],
        year=YEAR,
        value=Decimal("70.50"),
        raw="70.50",
        source="entered",
    )
    status_refresh_plan(plan)
    return plan, indicators


def _download(client, region, *years):
    url = reverse("entry-template", args=[region.pk])
    response = client.get(url, {"year": list(years)} if years else {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def _rows(data):
    sheet = load_workbook(io.BytesIO(data)).active
    return sheet, [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]


def test_the_template_is_prefilled_for_the_region_and_year(client, editor_a, region, world):
    _plan, (first, second) = world
    client.force_login(editor_a)
    sheet, rows = _rows(_download(client, region, YEAR))
    assert (sheet["A1"].value, sheet["B1"].value) == ("填报地区", region.name)
    assert [c.value for c in sheet[4]][:6] == ["地区", "指标编码", "指标名称", "单位", "年份", "数值"]
    assert len(rows) == 2
    by_code = {row[1]: row for row in rows}
    assert by_code[first.code][:7] == [region.name, first.code, first.name, "%", YEAR, "70.50", None]
    assert by_code[first.code][8:12] == ["2020：60", "2025：80", "72", 1]
    assert by_code[second.code][5] is None and by_code[second.code][11] == 0
    assert sheet.protection.sheet and not sheet["F5"].protection.locked and sheet["B5"].protection.locked


def test_without_a_year_the_template_covers_every_plan_year(client, editor_a, region, world):
    client.force_login(editor_a)
    _sheet, rows = _rows(_download(client, region))
    assert sorted({row[4] for row in rows}) == [2020, 2021, 2022, 2023, 2024, 2025]


def test_a_year_outside_the_plan_is_refused_with_a_message(client, editor_a, region, world):
    client.force_login(editor_a)
    response = client.get(reverse("entry-template", args=[region.pk]), {"year": "2030"}, follow=True)
    assert "请选择本地区规划期内的年份" in response.content.decode()


def test_an_untouched_template_uploads_as_all_unchanged(client, editor_a, region, world):
    client.force_login(editor_a)
    data = _download(client, region, YEAR)
    response = client.post(
        reverse("entry-upload", args=[region.pk]), {"file": SimpleUploadedFile("t.xlsx", data)}
    )
    assert response.status_code == 302
    batch = UploadBatch.objects.get()
    assert {row["outcome"] for row in batch.rows} == {"unchanged"}


def test_a_filled_template_round_trips_with_its_precision(client, editor_a, region, world):
    _plan, (first, second) = world
    client.force_login(editor_a)
    workbook = load_workbook(io.BytesIO(_download(client, region, YEAR)))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=5):
        if row[1].value == second.code:
            row[5].value = "72.50"
            row[6].value = "年报数据"
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.post(
        reverse("entry-upload", args=[region.pk]), {"file": SimpleUploadedFile("t.xlsx", buffer.getvalue())}
    )
    batch = UploadBatch.objects.get()
    assert batch.state == "preview"
    client.post(reverse("entry-upload-confirm", args=[batch.pk]))
    value = IndicatorValue.objects.get(indicator=second, year=YEAR)
    assert (value.raw, value.source, value.comment) == ("72.50", "uploaded", "年报数据")
    assert ValueChange.objects.get(value=value).changed_by == editor_a
    assert IndicatorValue.objects.get(indicator=first, year=YEAR).version == 1


def test_a_planner_may_download_but_not_upload(client, planner, region, world):
    client.force_login(planner)
    assert _download(client, region, YEAR)
    assert client.get(reverse("entry-upload", args=[region.pk])).status_code == 403
