"""The 重点项目 sheet of the entry template: written with the values sheet, uploaded on its own page."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import UploadBatch, YearSubmission
from projects.models import ProjectRecord, ProjectRecordChange


def _template(client, region, year=2023) -> bytes:
    response = client.get(reverse("entry-template", args=[region.pk]) + f"?year={year}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _fill(data: bytes, rows: dict[str, dict[int, object]]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["重点项目"]
    for row in sheet.iter_rows(min_row=5):
        key = row[1].value
        for column, value in rows.get(key, {}).items():
            row[column - 1].value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client, region, data):
    return client.post(
        reverse("project-upload", args=[region.pk]), {"file": SimpleUploadedFile("t.xlsx", data)}
    )


def test_the_template_has_a_project_sheet_with_every_project_and_item(client, region, key_project, editor_a):
    client.force_login(editor_a)
    workbook = load_workbook(io.BytesIO(_template(client, region)))
    assert workbook.sheetnames == ["填报", "重点项目"]
    sheet = workbook["重点项目"]
    assert sheet["B1"].value == region.name
    keys = [row[1].value for row in sheet.iter_rows(min_row=5)]
    items = list(key_project.items.all())
    assert keys == [f"p{key_project.pk}", f"i{items[0].pk}", f"i{items[1].pk}"]


def test_records_filled_in_excel_are_saved_all_at_once_with_history(client, region, key_project, editor_a):
    client.force_login(editor_a)
    item = key_project.items.first()
    data = _fill(
        _template(client, region),
        {
            f"p{key_project.pk}": {7: "推进中", 8: "60", 10: "1500", 11: "900", 12: "主体完工"},
            f"i{item.pk}": {7: "已完成", 8: "100"},
        },
    )
    response = _upload(client, region, data)
    assert response.status_code == 302
    project = ProjectRecord.objects.get(item=None)
    assert (
        project.status,
        project.percent,
        project.investment_planned,
        project.investment_spent,
        project.note,
    ) == (
        "in_progress",
        Decimal("60.0"),
        Decimal("1500.00"),
        Decimal("900.00"),
        "主体完工",
    )
    assert ProjectRecord.objects.get(item=item).status == "completed"
    assert set(ProjectRecordChange.objects.values_list("source", flat=True)) == {"uploaded"}
    # the values upload of the same file ignores the project sheet
    client.post(reverse("entry-upload", args=[region.pk]), {"file": SimpleUploadedFile("t.xlsx", data)})
    batch = UploadBatch.objects.latest("pk")
    assert all("重点项目" not in p.get("sheet", "") for p in batch.problems)
    # the same file again changes nothing
    _upload(client, region, data)
    assert ProjectRecordChange.objects.count() == 2


def test_one_bad_row_saves_nothing(client, region, key_project, editor_a):
    client.force_login(editor_a)
    item = key_project.items.first()
    data = _fill(
        _template(client, region),
        {f"p{key_project.pk}": {7: "推进中"}, f"i{item.pk}": {7: "差不多了"}},
    )
    response = _upload(client, region, data)
    assert response.status_code == 200
    assert "实施状态“差不多了”无效" in response.content.decode()
    assert not ProjectRecord.objects.exists()


def test_another_districts_file_and_locked_years_are_refused(
    client, region, other_region, key_project, editor_a, admin_user
):
    client.force_login(editor_a)
    data = _fill(_template(client, region), {f"p{key_project.pk}": {7: "推进中"}})
    client.force_login(admin_user)
    other = _upload(client, other_region, data)
    assert "不是本次上传的地区" in other.content.decode()
    client.force_login(editor_a)
    assert _upload(client, other_region, data).status_code == 404
    YearSubmission.objects.create(region=region, year=2023, state="approved")
    locked = _upload(client, region, data)
    assert "锁定" in locked.content.decode()
    assert not ProjectRecord.objects.exists()
