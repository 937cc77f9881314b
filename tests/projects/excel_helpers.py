"""Download, fill and upload the 重点项目 sheet of the entry template, as an editor does."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import ProjectRecord, ProjectRecordChange
from projects.services import RecordInput, project_record_save

STATUS, PERCENT, MILESTONE, PLANNED, SPENT, NOTE, VERSION = 7, 8, 9, 10, 11, 12, 13  # sheet columns


def template(client, region, year=2023) -> bytes:
    response = client.get(reverse("entry-template", args=[region.pk]) + f"?year={year}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def fill(data: bytes, rows: dict[str, dict[int, object]], *, cells: dict[str, object] | None = None) -> bytes:
    """Set columns of the rows named by record number (``p12``, ``i7``), and any cell by address."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["重点项目"]
    for row in sheet.iter_rows(min_row=5):
        for column, value in rows.get(row[1].value, {}).items():
            row[column - 1].value = value
    for address, value in (cells or {}).items():
        sheet[address] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def line_of(data: bytes, key: str) -> int:
    sheet = load_workbook(io.BytesIO(data))["重点项目"]
    return next(row[0].row for row in sheet.iter_rows(min_row=5) if row[1].value == key)


def upload(client, region, data: bytes, name: str = "项目.xlsx"):
    return client.post(reverse("project-upload", args=[region.pk]), {"file": SimpleUploadedFile(name, data)})


def save_record(region, project, user, *, item=None, year=2023, status="in_progress", version=0, **fields):
    record, _outcome = project_record_save(
        region=region,
        year=year,
        entry=RecordInput(project=project, item=item, status=status, expected_version=version, **fields),
        user=user,
        source="entered",
    )
    return record


def records_snapshot():
    return (
        list(
            ProjectRecord.objects.order_by("pk").values_list(
                "pk", "status", "percent", "milestone", "note", "version"
            )
        ),
        ProjectRecordChange.objects.count(),
    )
