"""The key-project entry page, evidence upload/download and the plan-page status table, over HTTP."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from indicators.models import YearSubmission
from projects.models import ProjectEvidence, ProjectRecord, ProjectRecordChange
from projects.services import RecordInput, project_record_save

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _url(region, year=2023):
    return reverse("project-entry", args=[region.pk, year])


def _post_data(project, **fields):
    data = {f"p{project.pk}-status": "in_progress", f"p{project.pk}-version": "0"}
    data.update({f"p{project.pk}-{k}": v for k, v in fields.items()})
    return data


def test_anonymous_is_sent_to_login(client, region, key_project):
    response = client.get(_url(region))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_editor_saves_a_record_through_the_form(client, region, key_project, editor_a):
    client.force_login(editor_a)
    page = client.get(_url(region)).content.decode()
    assert "建设区人民医院住院综合楼" in page and "医疗服务能力提升" in page
    response = client.post(
        _url(region),
        _post_data(key_project, percent="35", investment_planned="800", investment_spent="120.5"),
    )
    assert response.status_code == 302
    record = ProjectRecord.objects.get()
    assert (record.status, record.percent, record.investment_spent, record.updated_by) == (
        "in_progress",
        Decimal("35.0"),
        Decimal("120.50"),
        editor_a,
    )
    assert ProjectRecordChange.objects.filter(record=record, changed_by=editor_a).count() == 1
    history = client.get(_url(region)).content.decode()
    assert "推进中；35%" in history


def test_an_outsider_gets_404_and_a_planner_403(client, region, key_project, editor_b, planner):
    client.force_login(editor_b)
    assert client.get(_url(region)).status_code == 404
    assert client.post(_url(region), _post_data(key_project)).status_code == 404
    client.force_login(planner)
    assert client.get(_url(region)).status_code == 200
    assert client.post(_url(region), _post_data(key_project)).status_code == 403
    assert not ProjectRecord.objects.exists()


def test_a_locked_year_is_shown_read_only_and_refuses_posts(client, region, key_project, editor_a):
    YearSubmission.objects.create(region=region, year=2023, state="approved")
    client.force_login(editor_a)
    page = client.get(_url(region)).content.decode()
    assert "已审核锁定" in page and 'name="p' not in page
    response = client.post(_url(region), _post_data(key_project))
    assert response.status_code == 200 and "锁定" in response.content.decode()
    assert not ProjectRecord.objects.exists()


def test_an_invalid_line_saves_nothing(client, region, key_project, editor_a):
    client.force_login(editor_a)
    item = key_project.items.first()
    data = _post_data(key_project)
    data.update({f"i{item.pk}-status": "completed", f"i{item.pk}-percent": "120"})
    response = client.post(_url(region), data)
    assert response.status_code == 200
    assert not ProjectRecord.objects.exists()


@pytest.fixture
def record(region, key_project, editor_a):
    record, _outcome = project_record_save(
        region=region,
        year=2023,
        entry=RecordInput(project=key_project, item=None, status="in_progress"),
        user=editor_a,
        source="entered",
    )
    return record


def _upload(client, record, name, data):
    return client.post(
        reverse("project-evidence-upload", args=[record.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def test_a_pdf_evidence_file_is_stored_and_only_readers_download_it(
    client, record, editor_a, editor_b, planner
):
    client.force_login(editor_a)
    assert _upload(client, record, "../../验收报告.pdf", PDF).status_code == 302
    evidence = ProjectEvidence.objects.get()
    record.refresh_from_db()
    assert record.evidence == evidence and record.version == 2
    assert (evidence.kind, evidence.file_name, bytes(evidence.data)) == ("pdf", "验收报告.pdf", PDF)
    assert ProjectRecordChange.objects.filter(record=record).last().new["evidence_id"] == evidence.pk
    client.force_login(planner)
    response = client.get(reverse("project-evidence", args=[evidence.pk]))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(editor_b)
    assert client.get(reverse("project-evidence", args=[evidence.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("project-evidence", args=[evidence.pk])).status_code == 302


def _docx_like(with_macro=False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        if with_macro:
            archive.writestr("xl/vbaProject.bin", b"\x00")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,data",
    [
        ("report.pdf", b"MZ\x90\x00 this is an exe renamed"),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("empty.pdf", b""),
        ("macro.xlsx", _docx_like(with_macro=True)),
        ("broken.docx", b"PK\x03\x04not really a zip"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused(client, record, editor_a, name, data):
    client.force_login(editor_a)
    response = _upload(client, record, name, data)
    assert response.status_code == 302
    assert not ProjectEvidence.objects.exists()
    record.refresh_from_db()
    assert record.evidence is None and record.version == 1


def test_an_xlsx_evidence_is_accepted_by_its_content(client, record, editor_a):
    client.force_login(editor_a)
    _upload(client, record, "台账.bin", _docx_like())
    evidence = ProjectEvidence.objects.get()
    assert (evidence.kind, evidence.file_name) == ("xlsx", "台账.xlsx")


@override_settings(PROJECT_EVIDENCE_MAX_BYTES=1000)
def test_an_oversized_evidence_file_is_refused(client, record, editor_a):
    client.force_login(editor_a)
    response = _upload(client, record, "big.pdf", PDF + b"0" * 2000)
    assert response.status_code == 302
    assert not ProjectEvidence.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("文件过大" in m for m in messages)


def test_evidence_upload_checks_the_region(client, record, editor_b, planner):
    client.force_login(editor_b)
    assert _upload(client, record, "a.pdf", PDF).status_code == 404
    client.force_login(planner)
    assert _upload(client, record, "a.pdf", PDF).status_code == 403
    assert client.get(reverse("project-evidence-upload", args=[record.pk])).status_code == 405
    assert not ProjectEvidence.objects.exists()


def test_plan_page_and_dashboard_show_the_latest_status(client, plan, record, key_project, editor_a, planner):
    project_record_save(
        region=plan.region,
        year=2024,
        entry=RecordInput(project=key_project, item=None, status="completed", percent=Decimal(100)),
        user=editor_a,
        source="entered",
    )
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert 'id="project-status"' in page
    assert '<span class="pstatus pstatus-completed">已完成</span></td>\n    <td>2024</td>' in page
    client.force_login(planner)
    page = client.get(reverse("dashboard-plan", args=[plan.pk])).content.decode()
    assert "pstatus-completed" in page and "2 项未填报" in page


def test_an_untouched_line_never_overwrites_a_newer_record(client, region, key_project, editor_a, admin_user):
    client.force_login(editor_a)
    page = client.get(_url(region))
    form = page.context["form"]
    data = {name: ("" if field.initial is None else field.initial) for name, field in form.fields.items()}
    item = key_project.items.first()
    data[f"i{item.pk}-status"] = "not_started"
    data[f"i{item.pk}-percent"] = "0"
    # meanwhile someone else records the project itself
    project_record_save(
        region=region,
        year=2023,
        entry=RecordInput(project=key_project, item=None, status="completed"),
        user=admin_user,
        source="entered",
    )
    assert client.post(_url(region), data).status_code == 302
    assert ProjectRecord.objects.get(item=None).status == "completed"  # untouched line left alone
    saved = ProjectRecord.objects.get(item=item)
    assert (saved.status, saved.percent) == ("not_started", Decimal("0.0"))


def test_records_history_and_evidence_are_read_only_in_the_admin(client, record, admin_user):
    client.force_login(admin_user)
    for name in ("projectrecord", "projectrecordchange", "projectevidence"):
        assert client.get(reverse(f"admin:projects_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:projects_{name}_add")).status_code == 403
    assert client.get(reverse("admin:projects_projectrecord_change", args=[record.pk])).status_code == 200
    response = client.post(reverse("admin:projects_projectrecord_delete", args=[record.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert ProjectRecord.objects.filter(pk=record.pk).exists()
