"""The 重点项目 sheet of the entry template: written with the values sheet, uploaded on its own page.

A file with any problem is refused at upload (a ``rejected`` batch listing every problem by
Sheet!Cell) and nothing is written; the preview → confirm flow is in ``test_excel_preview.py``.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import UploadBatch, YearSubmission
from tests.projects.excel_helpers import (
    PERCENT,
    STATUS,
    VERSION,
    fill,
    line_of,
    records_snapshot,
    save_record,
    template,
    upload,
)


def _refused(client, region, data, *expected):
    """Upload; the page lists each expected text, the batch is rejected, no record or history is written."""
    before = records_snapshot()
    response = upload(client, region, data)
    assert response.status_code == 200
    html = response.content.decode()
    for text in expected:
        assert text in html, (text, html[html.find('id="problems"') :][:1500])
    assert "未保存任何数据" in html
    assert records_snapshot() == before
    batch = UploadBatch.objects.latest("pk")
    assert (batch.kind, batch.state, batch.rows) == ("projects", "rejected", [])
    return batch


def test_the_template_has_a_project_sheet_with_every_project_and_item(client, region, key_project, editor_a):
    client.force_login(editor_a)
    workbook = load_workbook(io.BytesIO(template(client, region)))
    assert workbook.sheetnames == ["填报", "重点项目"]
    sheet = workbook["重点项目"]
    assert sheet["B1"].value == region.name
    keys = [row[1].value for row in sheet.iter_rows(min_row=5)]
    items = list(key_project.items.all())
    assert keys == [f"p{key_project.pk}", f"i{items[0].pk}", f"i{items[1].pk}"]


def test_one_bad_row_saves_nothing_and_names_its_cell(client, region, key_project, editor_a):
    client.force_login(editor_a)
    item = key_project.items.first()
    blank = template(client, region)
    data = fill(blank, {f"p{key_project.pk}": {STATUS: "推进中"}, f"i{item.pk}": {STATUS: "差不多了"}})
    batch = _refused(
        client, region, data, "实施状态“差不多了”无效", f"重点项目!G{line_of(blank, f'i{item.pk}')}"
    )
    assert batch.authorisation_failure is False


@pytest.mark.parametrize(
    ("column", "value", "message", "letter"),
    [
        (PERCENT, "六十", "不是数字", "H"),
        (PERCENT, "120", "超出范围", "H"),
        (PERCENT, "60.55", "最多保留 1 位小数", "H"),
        (VERSION, "x", "“版本”列被修改过", "M"),
        (VERSION, "1E+999999999", "“版本”列被修改过", "M"),
    ],
    ids=["text", "over-100", "too-precise", "version-edited", "version-absurd"],
)
def test_a_bad_number_is_refused_by_its_cell(
    client, region, key_project, editor_a, column, value, message, letter
):
    client.force_login(editor_a)
    blank = template(client, region)
    key = f"p{key_project.pk}"
    data = fill(blank, {key: {STATUS: "推进中", column: value}})
    _refused(client, region, data, message, f"重点项目!{letter}{line_of(blank, key)}")


def test_a_formula_is_refused_and_never_evaluated(client, region, key_project, editor_a):
    client.force_login(editor_a)
    blank = template(client, region)
    key = f"p{key_project.pk}"
    data = fill(blank, {key: {STATUS: "推进中", PERCENT: "=50+10"}})
    _refused(client, region, data, "不接受公式", f"重点项目!H{line_of(blank, key)}")


def test_a_file_without_any_status_is_refused(client, region, key_project, editor_a):
    client.force_login(editor_a)
    _refused(client, region, template(client, region), "没有填写实施状态的行")


def test_a_file_that_is_not_an_xlsx_is_refused_and_recorded(client, region, key_project, editor_a):
    client.force_login(editor_a)
    _refused(client, region, "地区,状态\n".encode(), "不是 .xlsx 工作簿")


def test_an_oversized_file_is_refused_and_recorded_as_a_project_upload(
    client, region, key_project, editor_a, settings
):
    client.force_login(editor_a)
    data = fill(template(client, region), {f"p{key_project.pk}": {STATUS: "推进中"}})
    settings.UPLOAD_MAX_BYTES = 4096
    response = client.post(
        reverse("project-upload", args=[region.pk]),
        {"file": SimpleUploadedFile("big.xlsx", data + b"\0" * 5000)},
    )
    assert response.status_code == 200 and "文件过大" in response.content.decode()
    refused = UploadBatch.objects.get()
    assert (refused.kind, refused.state, refused.file_name) == ("projects", "rejected", "big.xlsx")


def test_the_values_upload_ignores_the_project_sheet_and_lists_only_its_own_uploads(
    client, region, key_project, editor_a
):
    client.force_login(editor_a)
    data = fill(template(client, region), {f"p{key_project.pk}": {STATUS: "推进中"}})
    assert upload(client, region, data).status_code == 302
    client.post(reverse("entry-upload", args=[region.pk]), {"file": SimpleUploadedFile("值.xlsx", data)})
    values = UploadBatch.objects.get(kind="values")
    assert all("重点项目" not in p.get("sheet", "") for p in values.problems)
    values_page = client.get(reverse("entry-upload", args=[region.pk])).content.decode()
    projects_page = client.get(reverse("project-upload", args=[region.pk])).content.decode()
    assert "值.xlsx" in values_page and "项目.xlsx" not in values_page
    assert "项目.xlsx" in projects_page and "值.xlsx" not in projects_page


def test_a_sheet_of_another_district_is_refused_logged_and_recorded(
    client, region, other_region, key_project, editor_a, admin_user, caplog
):
    client.force_login(editor_a)
    data = fill(template(client, region), {f"p{key_project.pk}": {STATUS: "推进中"}})
    client.force_login(admin_user)
    with caplog.at_level("WARNING", logger="indicators.security"):
        batch = _refused(client, other_region, data, "不是本次上传的地区", "重点项目!B1")
    assert batch.authorisation_failure is True
    assert any(
        "authorisation failure" in r.getMessage() and "kind=projects" in r.getMessage()
        for r in caplog.records
    )
    client.force_login(editor_a)
    assert upload(client, other_region, data).status_code == 404  # checked on the server, not by the page


def test_a_row_naming_another_district_is_refused_and_logged(client, region, key_project, editor_a, caplog):
    client.force_login(editor_a)
    blank = template(client, region)
    key = f"p{key_project.pk}"
    data = fill(blank, {key: {1: "乌鲁木齐市天山区", STATUS: "推进中"}})
    with caplog.at_level("WARNING", logger="indicators.security"):
        batch = _refused(
            client, region, data, "该行属于“乌鲁木齐市天山区”", f"重点项目!A{line_of(blank, key)}"
        )
    assert batch.authorisation_failure is True
    assert any("editor_a" in r.getMessage() for r in caplog.records)


def test_a_record_number_of_another_districts_project_is_refused_and_logged(
    client, region, other_region, key_project, other_project, editor_a, caplog
):
    client.force_login(editor_a)
    blank = template(client, region)
    key = f"p{key_project.pk}"
    data = fill(blank, {key: {2: f"p{other_project.pk}", STATUS: "推进中"}})
    with caplog.at_level("WARNING", logger="indicators.security"):
        batch = _refused(client, region, data, "不是本地区的重点项目", f"重点项目!B{line_of(blank, key)}")
    assert batch.authorisation_failure is True
    assert any(other_region.name in r.getMessage() for r in caplog.records)


def test_a_locked_or_submitted_year_is_refused_at_upload(client, region, key_project, editor_a):
    client.force_login(editor_a)
    data = fill(template(client, region), {f"p{key_project.pk}": {STATUS: "推进中"}})
    submission = YearSubmission.objects.create(region=region, year=2023, state="approved")
    _refused(client, region, data, "2023 年已审核锁定")
    submission.state = "submitted"
    submission.save()
    _refused(client, region, data, "2023 年已提交待审核")


def test_a_record_saved_after_the_download_is_refused_at_upload(
    client, region, key_project, editor_a, admin_user
):
    client.force_login(editor_a)
    blank = template(client, region)
    key = f"p{key_project.pk}"
    save_record(region, key_project, admin_user, status="not_started")  # after the download
    data = fill(blank, {key: {STATUS: "推进中"}})
    _refused(client, region, data, "已被 admin", f"重点项目!M{line_of(blank, key)}")


def test_a_status_written_in_english_is_read(client, region, key_project, editor_a, settings):
    client.force_login(editor_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = fill(template(client, region), {f"p{key_project.pk}": {STATUS: "In progress"}})
    assert upload(client, region, data).status_code == 302
    assert UploadBatch.objects.get().rows[0]["values"]["status"] == "in_progress"
