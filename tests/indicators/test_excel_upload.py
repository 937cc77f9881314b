"""Excel upload → preview → confirm: malformed and hostile workbooks are refused by cell, nothing is saved."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from indicators.models import IndicatorStatus, IndicatorValue, UploadBatch, ValueChange
from indicators.services import indicator_value_record
from indicators.status import status_refresh_plan
from tests.indicators.excel_samples import (
    billion_laughs_xlsx,
    entry_world,
    lying_zip_bomb_xlsx,
    rewrite_parts,
    workbook_bytes,
    zip_bomb_xlsx,
)

YEAR = 2023


@pytest.fixture
def world(region):
    plan, indicators = entry_world(region)
    status_refresh_plan(plan)
    return plan, indicators


def _upload(client, region, data: bytes, name: str = "填报.xlsx"):
    return client.post(reverse("entry-upload", args=[region.pk]), {"file": SimpleUploadedFile(name, data)})


def _row(region, indicator, value, *, year=YEAR, comment="", version=None, region_name=None):
    return [region_name or region.name, indicator.code, indicator.name, "%", year, value, comment, version]


def _snapshot():
    return (
        list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "raw", "version")),
        ValueChange.objects.count(),
    )


def _refused(client, editor_a, region, data, *expected, name="填报.xlsx"):
    """Upload, and check the answer names the place and the database holds no new value or history."""
    client.force_login(editor_a)
    before = _snapshot()
    response = _upload(client, region, data, name=name)
    assert response.status_code == 200
    html = response.content.decode()
    for text in expected:
        assert text in html, (text, html[html.find("problems") :][:2000])
    assert "未保存任何数据" in html
    assert _snapshot() == before
    assert not UploadBatch.objects.filter(state__in=["preview", "confirmed"]).exists()
    return html


# ------------------------------------------------------------------ problems named by sheet and cell


def test_text_in_a_number_cell_is_refused_by_cell(client, editor_a, region, world):
    _plan, (first, _second) = world
    data = workbook_bytes([_row(region, first, "七十")])
    _refused(client, editor_a, region, data, "Sheet1!F2", "不是数字")


def test_a_date_in_a_number_cell_is_refused(client, editor_a, region, world):
    _plan, (first, _second) = world
    data = workbook_bytes([_row(region, first, datetime.date(2023, 5, 1))])
    _refused(client, editor_a, region, data, "Sheet1!F2", "不是数字")


def test_formulas_are_never_evaluated_and_are_refused(client, editor_a, region, world):
    _plan, (first, second) = world
    data = workbook_bytes([_row(region, first, "=60+10"), _row(region, second, "70")])

    def formula_in_name(sheet):
        sheet["C3"] = "=B3"

    data = workbook_bytes([_row(region, first, "=60+10"), _row(region, second, "70")], edit=formula_in_name)
    _refused(client, editor_a, region, data, "Sheet1!F2", "Sheet1!C3", "公式")


def test_merged_cells_are_refused(client, editor_a, region, world):
    _plan, (first, second) = world
    data = workbook_bytes(
        [_row(region, first, "70"), _row(region, second, "71")], edit=lambda s: s.merge_cells("A2:A3")
    )
    _refused(client, editor_a, region, data, "Sheet1!A2:A3", "合并单元格")


def test_duplicate_indicator_year_rows_are_refused(client, editor_a, region, world):
    _plan, (first, _second) = world
    data = workbook_bytes([_row(region, first, "70"), _row(region, first, "71")])
    _refused(client, editor_a, region, data, "Sheet1!B3", "重复", "Sheet1!B2")


def test_a_row_of_another_district_is_refused_and_named(client, editor_a, region, other_region, world):
    _plan, (first, second) = world
    data = workbook_bytes(
        [_row(region, first, "70"), _row(region, second, "71", region_name=other_region.name)]
    )
    _refused(client, editor_a, region, data, "Sheet1!A3", other_region.name)
    refused = UploadBatch.objects.get()
    assert (refused.state, refused.uploaded_by, refused.file_name) == ("rejected", editor_a, "填报.xlsx")
    assert refused.authorisation_failure is True


def test_another_districts_rows_are_logged_as_an_authorisation_failure(
    client, editor_a, region, other_region, world, caplog
):
    _plan, (first, _second) = world
    data = workbook_bytes([_row(region, first, "70", region_name=other_region.name)])
    with caplog.at_level("WARNING", logger="indicators.security"):
        _refused(client, editor_a, region, data, other_region.name)
    assert any(
        "authorisation failure" in r.getMessage() and "editor_a" in r.getMessage() for r in caplog.records
    )


def test_a_refused_upload_of_the_wrong_type_is_recorded(client, editor_a, region, world):
    client.force_login(editor_a)
    _upload(client, region, b"not a workbook", name="notes.txt")
    refused = UploadBatch.objects.get()
    assert (refused.state, refused.file_name, refused.authorisation_failure) == (
        "rejected",
        "notes.txt",
        False,
    )
    assert refused.problems


def test_a_sheet_marked_for_another_district_is_refused(client, editor_a, region, other_region, world):
    _plan, (first, _second) = world
    data = workbook_bytes([_row(region, first, "70")], region_mark=other_region.name)
    _refused(client, editor_a, region, data, "Sheet1!B1", other_region.name)


def test_an_empty_sheet_is_refused(client, editor_a, region, world):
    workbook = Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    _refused(client, editor_a, region, buffer.getvalue(), "Sheet", "工作表是空的")


def test_a_header_only_sheet_is_refused(client, editor_a, region, world):
    _refused(client, editor_a, region, workbook_bytes([]), "Sheet1", "只有表头")


def test_a_sheet_without_the_needed_columns_is_refused(client, editor_a, region, world):
    data = workbook_bytes([["HL01", 2023, 70]], header=["指标编码", "年份", "数量"])
    _refused(client, editor_a, region, data, "Sheet1!A1", "表头缺少列：数值")


def test_a_sheet_without_any_header_is_refused(client, editor_a, region, world):
    data = workbook_bytes([["随便写的内容", 1]], header=None)
    _refused(client, editor_a, region, data, "Sheet1", "未找到表头行")


def test_years_outside_the_plan_are_refused(client, editor_a, region, world):
    _plan, (first, second) = world
    data = workbook_bytes([_row(region, first, "70", year=2030), _row(region, second, "70", year=2019)])
    _refused(client, editor_a, region, data, "Sheet1!E2", "Sheet1!E3", "不在本地区规划期内")


def test_a_malformed_year_is_refused(client, editor_a, region, world):
    _plan, (first, _second) = world
    data = workbook_bytes([_row(region, first, "70", year="二〇二三")])
    _refused(client, editor_a, region, data, "Sheet1!E2", "年份")


def test_out_of_range_values_are_refused(client, editor_a, region, world):
    _plan, (first, second) = world
    data = workbook_bytes([_row(region, first, 120), _row(region, second, "-1")])
    _refused(client, editor_a, region, data, "Sheet1!F2", "不能大于 100%", "Sheet1!F3", "不能小于 0%")


def test_unknown_indicator_codes_are_refused(client, editor_a, region, world):
    _plan, (_first, _second) = world
    data = workbook_bytes([[region.name, "ZZ999", "不存在", "%", YEAR, "70", "", None]])
    _refused(client, editor_a, region, data, "Sheet1!B2", "未知的指标编码", "ZZ999")


def test_an_indicator_the_region_does_not_track_is_refused(client, editor_a, region, other_region, world):
    _plan, (foreign, _x) = entry_world(other_region, code_prefix="B")
    data = workbook_bytes([_row(region, foreign, "70")])
    _refused(client, editor_a, region, data, "Sheet1!B2", "未跟踪")


def test_an_error_cell_is_refused(client, editor_a, region, world):
    _plan, (first, _second) = world
    data = workbook_bytes([_row(region, first, "#DIV/0!")])
    _refused(client, editor_a, region, data, "Sheet1!F2", "错误值")


# ------------------------------------------------------------------ hostile and wrong files


def test_a_billion_laughs_workbook_is_refused(client, editor_a, region, world):
    _plan, (first, _second) = world
    data = billion_laughs_xlsx(workbook_bytes([_row(region, first, "70")]))
    _refused(client, editor_a, region, data, "xl/worksheets/sheet1.xml", "DOCTYPE")


def test_an_entity_declaration_in_utf16_is_refused(client, editor_a, region, world):
    _plan, (first, _second) = world
    bomb = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'.encode("utf-16")
    data = rewrite_parts(workbook_bytes([_row(region, first, "70")]), {"xl/workbook.xml": bomb})
    _refused(client, editor_a, region, data, "xl/workbook.xml", "DOCTYPE")


def test_a_zip_bomb_is_refused_before_it_is_inflated(client, editor_a, region, world):
    _plan, (first, _second) = world
    data = zip_bomb_xlsx(workbook_bytes([_row(region, first, "70")]))
    assert len(data) < 200_000
    _refused(client, editor_a, region, data, "压缩炸弹")


def test_a_part_with_an_absurd_compression_ratio_is_refused(client, editor_a, region, world):
    _plan, (first, _second) = world
    data = zip_bomb_xlsx(workbook_bytes([_row(region, first, "70")]), size=3 * 1024 * 1024)
    _refused(client, editor_a, region, data, "压缩炸弹", "xl/media/bomb.xml")


def test_a_zip_bomb_that_lies_about_its_size_is_never_inflated_past_the_lie(client, editor_a, region, world):
    _plan, (first, _second) = world
    data = lying_zip_bomb_xlsx(workbook_bytes([_row(region, first, "70")]))
    _refused(client, editor_a, region, data, "已损坏")


def test_an_oversized_file_is_refused(client, editor_a, region, world, settings):
    _plan, (first, _second) = world
    settings.UPLOAD_MAX_BYTES = 4096
    data = workbook_bytes([_row(region, first, "70")] * 1) + b"\0" * 5000
    html = _refused(client, editor_a, region, data, "文件过大")
    refused = UploadBatch.objects.get()  # recorded: who, when, file name, why — the file itself is not kept
    assert (refused.state, refused.uploaded_by, refused.file_name) == ("rejected", editor_a, "填报.xlsx")
    assert "文件过大" in refused.problems[0]["message"]
    assert "上限" in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("指标编码,年份,数值\nE1000,2023,70\n".encode(), "不是 .xlsx 工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Excel"),
        (b"PK\x03\x04" + b"garbage" * 50, "已损坏"),
        (b"", "空"),
    ],
    ids=["csv-renamed", "xls-renamed", "broken-zip", "empty-file"],
)
def test_a_file_that_is_not_an_xlsx_is_refused(client, editor_a, region, world, content, message):
    _refused(client, editor_a, region, content, message)


def test_a_word_document_renamed_to_xlsx_is_refused(client, editor_a, region, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    _refused(client, editor_a, region, buffer.getvalue(), "不是 .xlsx 工作簿")


def test_a_workbook_with_macros_is_refused(client, editor_a, region, world):
    _plan, (first, _second) = world
    data = rewrite_parts(
        workbook_bytes([_row(region, first, "70")]), {}, add={"xl/vbaProject.bin": b"x" * 100}
    )
    _refused(client, editor_a, region, data, "宏")


def test_a_rejected_upload_writes_no_history_and_keeps_its_problems(client, editor_a, region, world):
    _plan, (first, second) = world
    data = workbook_bytes([_row(region, first, "70"), _row(region, second, "abc")])
    _refused(client, editor_a, region, data, "Sheet1!F3")
    batch = UploadBatch.objects.get()
    assert batch.state == "rejected" and batch.rows == []
    assert batch.problems[0]["place"] == "Sheet1!F3"
    assert not ValueChange.objects.filter(value__year=YEAR).exists()


# ------------------------------------------------------------------ preview and confirm


def test_the_preview_lists_new_changed_and_unchanged_values_and_confirm_saves_them(
    client, editor_a, region, world
):
    _plan, (first, second) = world
    indicator_value_record(
        region=region, indicator=first, year=YEAR, value=Decimal(70), raw="70", source="entered"
    )
    indicator_value_record(
        region=region, indicator=second, year=YEAR, value=Decimal(71), raw="71", source="entered"
    )
    rows = [
        _row(region, first, "72", version=1),  # changed
        _row(region, second, "71", version=1),  # unchanged
        _row(region, first, "66", year=2022),  # new
    ]
    client.force_login(editor_a)
    response = _upload(client, region, workbook_bytes(rows))
    batch = UploadBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "entry-upload-preview", args=[batch.pk]
    )
    assert IndicatorValue.objects.get(indicator=first, year=YEAR).value == Decimal(70)  # nothing saved yet
    html = client.get(response["Location"]).content.decode()
    assert "新增 1 个，修改 1 个，将清除 0 个，不变 1 个" in html and "Sheet1!F2" in html
    history = ValueChange.objects.count()
    response = client.post(reverse("entry-upload-confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=first, year=YEAR).value == Decimal(72)
    assert IndicatorValue.objects.get(indicator=first, year=2022).source == "uploaded"
    assert ValueChange.objects.count() == history + 2
    batch.refresh_from_db()
    assert batch.state == "confirmed" and batch.confirmed_at is not None
    assert IndicatorStatus.objects.get(indicator=first).latest_value == Decimal(72)


def test_a_confirmed_upload_cannot_be_confirmed_twice(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    _upload(client, region, workbook_bytes([_row(region, first, "70")]))
    batch = UploadBatch.objects.get()
    client.post(reverse("entry-upload-confirm", args=[batch.pk]))
    history = ValueChange.objects.count()
    response = client.post(reverse("entry-upload-confirm", args=[batch.pk]), follow=True)
    assert "已处理" in response.content.decode()
    assert ValueChange.objects.count() == history


def test_a_cancelled_upload_saves_nothing(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    _upload(client, region, workbook_bytes([_row(region, first, "70")]))
    batch = UploadBatch.objects.get()
    client.post(reverse("entry-upload-cancel", args=[batch.pk]))
    client.post(reverse("entry-upload-confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == "cancelled"
    assert not IndicatorValue.objects.filter(year=YEAR).exists()


def test_a_row_changed_by_someone_after_the_download_is_refused(client, editor_a, region, world, admin_user):
    _plan, (first, _second) = world
    indicator_value_record(
        region=region, indicator=first, year=YEAR, value=Decimal(70), raw="70", source="entered"
    )
    indicator_value_record(
        region=region,
        indicator=first,
        year=YEAR,
        value=Decimal(73),
        raw="73",
        source="entered",
        user=admin_user,
        expected_version=1,
    )
    data = workbook_bytes([_row(region, first, "71", version=1)])  # downloaded at version 1
    html = _refused(client, editor_a, region, data, "Sheet1!F2", "admin_x", "改为 73")
    assert "重新下载模板" in html


def test_an_untouched_stale_row_is_simply_unchanged(client, editor_a, region, world):
    _plan, (first, _second) = world
    indicator_value_record(
        region=region, indicator=first, year=YEAR, value=Decimal(73), raw="73", source="entered"
    )
    client.force_login(editor_a)
    response = _upload(client, region, workbook_bytes([_row(region, first, "73", version=0)]))
    assert response.status_code == 302


def test_a_change_made_between_preview_and_confirm_is_refused(client, editor_a, region, world):
    _plan, (first, second) = world
    client.force_login(editor_a)
    _upload(client, region, workbook_bytes([_row(region, first, "70"), _row(region, second, "71")]))
    batch = UploadBatch.objects.get()
    indicator_value_record(
        region=region, indicator=first, year=YEAR, value=Decimal(75), raw="75", source="entered"
    )
    history = ValueChange.objects.count()
    response = client.post(reverse("entry-upload-confirm", args=[batch.pk]), follow=True)
    assert "未保存任何数据" in response.content.decode()
    batch.refresh_from_db()
    assert batch.state == "rejected"
    assert "改为 75" in batch.problems[0]["message"]
    assert ValueChange.objects.count() == history
    assert not IndicatorValue.objects.filter(indicator=second, year=YEAR).exists()


def test_decimal_precision_survives_the_workbook(client, editor_a, region, world):
    _plan, (first, second) = world

    def formats(sheet):
        sheet["F3"].number_format = "0.00"

    data = workbook_bytes([_row(region, first, "7.50"), _row(region, second, 71.5)], edit=formats)
    client.force_login(editor_a)
    _upload(client, region, data)
    batch = UploadBatch.objects.get()
    client.post(reverse("entry-upload-confirm", args=[batch.pk]))
    assert IndicatorValue.objects.get(indicator=first, year=YEAR).raw == "7.50"
    assert IndicatorValue.objects.get(indicator=second, year=YEAR).raw == "71.50"
    assert ValueChange.objects.get(value__indicator=first, value__year=YEAR).new_raw == "7.50"


def test_a_percent_formatted_cell_is_read_as_the_percentage_shown(client, editor_a, region, world):
    _plan, (first, _second) = world

    def percent(sheet):
        sheet["F2"].number_format = "0.0%"

    client.force_login(editor_a)
    _upload(client, region, workbook_bytes([_row(region, first, 0.855)], edit=percent))
    batch = UploadBatch.objects.get()
    assert batch.rows[0]["raw"] == "85.5"


def test_a_percent_sign_is_accepted_only_where_the_unit_is_percent(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    _upload(client, region, workbook_bytes([_row(region, first, "７０.5%")]))
    assert UploadBatch.objects.get().rows[0]["raw"] == "70.5"
    UploadBatch.objects.all().delete()
    first.unit = "岁"
    first.save()
    _refused(client, editor_a, region, workbook_bytes([_row(region, first, "70%")]), "Sheet1!F2", "单位")


@pytest.mark.parametrize("blank", [None, "", "—", "-", "无", " 无 "])
def test_a_blank_or_dash_cell_never_clears_a_stored_value(client, editor_a, region, world, blank):
    _plan, (first, _second) = world
    indicator_value_record(
        region=region, indicator=first, year=YEAR, value=Decimal(70), raw="70", source="entered"
    )
    client.force_login(editor_a)
    _upload(client, region, workbook_bytes([_row(region, first, blank, version=1)]))
    batch = UploadBatch.objects.get()
    assert batch.rows[0]["outcome"] == "unchanged"
    client.post(reverse("entry-upload-confirm", args=[batch.pk]))
    assert IndicatorValue.objects.get(indicator=first, year=YEAR).value == Decimal(70)


def test_the_clear_marker_clears_a_stored_value_and_the_preview_says_will_clear(
    client, editor_a, region, world
):
    _plan, (first, _second) = world
    indicator_value_record(
        region=region, indicator=first, year=YEAR, value=Decimal(70), raw="70", source="entered"
    )
    client.force_login(editor_a)
    response = _upload(client, region, workbook_bytes([_row(region, first, "清除", version=1)]))
    batch = UploadBatch.objects.get()
    assert batch.rows[0]["outcome"] == "cleared"
    assert "将清除" in client.get(response["Location"]).content.decode()
    client.post(reverse("entry-upload-confirm", args=[batch.pk]))
    assert IndicatorValue.objects.get(indicator=first, year=YEAR).value is None


def test_a_far_jump_is_flagged_in_the_preview_and_noted_in_the_history(client, editor_a, region, world):
    _plan, (first, _second) = world
    indicator_value_record(
        region=region, indicator=first, year=YEAR - 1, value=Decimal(70), raw="70", source="entered"
    )
    client.force_login(editor_a)
    _upload(client, region, workbook_bytes([_row(region, first, "20")]))
    batch = UploadBatch.objects.get()
    html = client.get(reverse("entry-upload-preview", args=[batch.pk])).content.decode()
    assert "较上年数值 70 变化" in html
    client.post(reverse("entry-upload-confirm", args=[batch.pk]))
    change = ValueChange.objects.get(value__indicator=first, value__year=YEAR)
    assert change.comment.startswith("上传预览提示已确认")


def test_the_uploader_alone_sees_and_confirms_a_batch(client, editor_a, region, world):
    from plans.roles import EDITOR
    from tests.conftest import make_user

    _plan, (first, _second) = world
    colleague = make_user("colleague", EDITOR, regions=[region])
    client.force_login(editor_a)
    _upload(client, region, workbook_bytes([_row(region, first, "70")]))
    batch = UploadBatch.objects.get()
    client.force_login(colleague)
    assert client.get(reverse("entry-upload-preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("entry-upload-confirm", args=[batch.pk])).status_code == 404
    assert not IndicatorValue.objects.filter(year=YEAR).exists()


# ------------------------------------------------------------------ other layouts people make


def test_a_years_as_columns_sheet_is_read_cell_by_cell(client, editor_a, region, world):
    _plan, (first, second) = world
    data = workbook_bytes(
        [[first.code, first.name, 66, "70"], [second.code, second.name, None, 71]],
        header=["指标编码", "指标名称", "2022", "2023年"],
    )
    client.force_login(editor_a)
    assert _upload(client, region, data).status_code == 302
    rows = UploadBatch.objects.get().rows
    assert sorted((r["code"], r["year"], r["raw"], r["place"]) for r in rows) == sorted(
        [
            (first.code, 2022, "66", "Sheet1!C2"),
            (first.code, 2023, "70", "Sheet1!D2"),
            (second.code, 2023, "71", "Sheet1!D3"),
        ]
    )


def test_a_years_as_columns_sheet_names_the_bad_year_column(client, editor_a, region, world):
    _plan, (first, _second) = world
    data = workbook_bytes([[first.code, "70", "abc"]], header=["指标编码", "2030", "2023"])
    _refused(client, editor_a, region, data, "Sheet1!B1", "2030", "Sheet1!C2", "不是数字")


def test_a_sheet_may_name_indicators_instead_of_coding_them(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    data = workbook_bytes([[first.name, YEAR, "70"]], header=["指标名称", "年份", "数值"])
    assert _upload(client, region, data).status_code == 302
    assert UploadBatch.objects.get().rows[0]["indicator_id"] == first.pk
    UploadBatch.objects.all().delete()
    data = workbook_bytes([["没有这个指标", YEAR, "70"]], header=["指标名称", "年份", "数值"])
    _refused(client, editor_a, region, data, "Sheet1!A2", "没有名为“没有这个指标”的指标")


def test_a_row_without_a_version_never_overwrites_a_stored_value(client, editor_a, region, world):
    _plan, (first, _second) = world
    indicator_value_record(
        region=region, indicator=first, year=YEAR, value=Decimal(70), raw="70", source="entered"
    )
    _refused(client, editor_a, region, workbook_bytes([_row(region, first, "75")]), "Sheet1!F2", "版本")
    assert IndicatorValue.objects.get(indicator=first, year=YEAR).value == Decimal(70)
