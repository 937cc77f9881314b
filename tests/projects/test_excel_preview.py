"""Key-project upload → preview → confirm: nothing is written before the confirm, which writes all or nothing."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import UploadBatch
from projects.models import KeyProjectItem, ProjectRecord, ProjectRecordChange
from tests.projects.excel_helpers import (
    NOTE,
    PERCENT,
    PLANNED,
    STATUS,
    fill,
    line_of,
    records_snapshot,
    save_record,
    template,
    upload,
)


@pytest.fixture
def previewed(client, region, key_project, editor_a):
    """A preview of a file changing the project's record, keeping the first item's and adding the second's."""
    first, second = key_project.items.all()
    save_record(region, key_project, editor_a, status="in_progress", percent=Decimal(60), note="主体 完工")
    save_record(region, key_project, editor_a, item=first, status="completed", percent=Decimal(100))
    client.force_login(editor_a)
    blank = template(client, region)
    data = fill(
        blank,
        {
            f"p{key_project.pk}": {STATUS: "已完成", PERCENT: "100"},
            f"i{second.pk}": {STATUS: "推进中", PLANNED: "1500", NOTE: "已开工"},
        },
    )
    before = records_snapshot()
    response = upload(client, region, data)
    batch = UploadBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "project-upload-preview", args=[batch.pk]
    )
    assert records_snapshot() == before  # nothing written before the confirm
    return batch, blank


def _confirm(client, batch):
    return client.post(reverse("project-upload-confirm", args=[batch.pk]), follow=True)


def test_the_preview_lists_new_changed_and_unchanged_records_and_writes_nothing(
    client, region, key_project, previewed
):
    batch, blank = previewed
    first, second = key_project.items.all()
    assert (batch.kind, batch.state, batch.problems) == ("projects", "preview", [])
    outcomes = {row["key"]: row["outcome"] for row in batch.rows}
    assert outcomes == {f"p{key_project.pk}": "changed", f"i{first.pk}": "unchanged", f"i{second.pk}": "new"}
    changed = next(row for row in batch.rows if row["outcome"] == "changed")
    assert changed["changes"] == [
        {"field": "实施状态", "old": "推进中", "new": "已完成"},
        {"field": "完成进度（%）", "old": "60", "new": "100"},
    ]  # the note written with a space inside is the same note, not a change
    html = client.get(reverse("project-upload-preview", args=[batch.pk])).content.decode()
    assert "新增 1 条，修改 1 条，不变 1 条" in html
    assert "<del>推进中</del> → <ins>已完成</ins>" in html
    assert "<ins>1500</ins>" in html and "<ins>已开工</ins>" in html
    assert f"重点项目!G{line_of(blank, f'i{second.pk}')}" in html
    assert "确认保存" in html and "csrfmiddlewaretoken" in html
    assert ProjectRecord.objects.filter(item=second).exists() is False


def test_confirm_writes_every_new_and_changed_record_with_history(
    client, region, key_project, editor_a, previewed
):
    batch, _blank = previewed
    first, second = key_project.items.all()
    history = ProjectRecordChange.objects.count()
    response = _confirm(client, batch)
    assert "已保存上传文件中 2 条项目实施记录" in response.content.decode()
    project = ProjectRecord.objects.get(item=None)
    assert (project.status, project.percent, project.note, project.version) == (
        "completed",
        Decimal(100),
        "主体 完工",
        2,
    )
    added = ProjectRecord.objects.get(item=second)
    assert (added.status, added.investment_planned, added.note, added.updated_by) == (
        "in_progress",
        Decimal(1500),
        "已开工",
        editor_a,
    )
    assert ProjectRecord.objects.get(item=first).version == 1  # unchanged: not rewritten
    uploaded = ProjectRecordChange.objects.filter(source="uploaded")
    assert ProjectRecordChange.objects.count() == history + 2 and uploaded.count() == 2
    assert uploaded.get(record=project).old["status"] == "in_progress"
    batch.refresh_from_db()
    assert batch.state == "confirmed" and batch.confirmed_at is not None
    again = _confirm(client, batch)  # a second confirm (a double click) is refused, nothing more is written
    assert "该上传已处理" in again.content.decode()
    assert ProjectRecordChange.objects.count() == history + 2


def test_a_record_changed_after_the_preview_refuses_the_confirm_and_saves_nothing(
    client, region, key_project, admin_user, previewed
):
    batch, blank = previewed
    save_record(region, key_project, admin_user, status="adjusted", version=1)  # someone else, meanwhile
    before = records_snapshot()
    response = _confirm(client, batch)
    html = response.content.decode()
    assert "未保存任何项目记录：预览之后记录已被他人修改" in html
    assert f"重点项目!G{line_of(blank, f'p{key_project.pk}')}" in html and "已被他人修改" in html
    assert records_snapshot() == before  # not even the new item record
    batch.refresh_from_db()
    assert batch.state == "rejected"
    assert "确认保存" not in html


def test_a_year_locked_after_the_preview_refuses_the_confirm(client, region, previewed):
    from indicators.models import YearSubmission

    batch, _blank = previewed
    YearSubmission.objects.create(region=region, year=2023, state="approved")
    before = records_snapshot()
    html = _confirm(client, batch).content.decode()
    assert "锁定" in html
    assert records_snapshot() == before


def test_a_preview_can_be_discarded(client, region, previewed):
    batch, _blank = previewed
    before = records_snapshot()
    response = client.post(reverse("project-upload-cancel", args=[batch.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("project-upload", args=[region.pk])
    batch.refresh_from_db()
    assert batch.state == "cancelled"
    assert "该上传已处理" in _confirm(client, batch).content.decode()
    assert records_snapshot() == before


def test_another_districts_preview_and_confirm_are_404(client, previewed, editor_b, planner, admin_user):
    batch, _blank = previewed
    before = records_snapshot()
    client.force_login(editor_b)
    assert client.get(reverse("project-upload-preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("project-upload-confirm", args=[batch.pk])).status_code == 404
    assert client.post(reverse("project-upload-cancel", args=[batch.pk])).status_code == 404
    client.force_login(planner)  # may read, never write
    assert client.get(reverse("project-upload-preview", args=[batch.pk])).status_code == 403
    assert client.post(reverse("project-upload-confirm", args=[batch.pk])).status_code == 403
    assert records_snapshot() == before
    batch.refresh_from_db()
    assert batch.state == "preview"
    client.force_login(admin_user)
    assert client.get(reverse("project-upload-preview", args=[batch.pk])).status_code == 200


def test_a_batch_opens_only_on_its_own_kinds_pages(client, previewed):
    batch, _blank = previewed
    assert client.get(reverse("entry-upload-preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("entry-upload-confirm", args=[batch.pk])).status_code == 404
    batch.kind = "values"
    batch.save()
    assert client.get(reverse("project-upload-preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("project-upload-confirm", args=[batch.pk])).status_code == 404


def test_the_upload_views_need_login_post_and_the_token(client, region, previewed):
    from django.test import Client

    batch, _blank = previewed
    anonymous = Client()
    for url in (
        reverse("project-upload", args=[region.pk]),
        reverse("project-upload-preview", args=[batch.pk]),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("project-upload-confirm", args=[batch.pk])).status_code == 405
    assert client.get(reverse("project-upload-cancel", args=[batch.pk])).status_code == 405
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(batch.uploaded_by)
    assert checked.post(reverse("project-upload-confirm", args=[batch.pk])).status_code == 403
    batch.refresh_from_db()
    assert batch.state == "preview"


def test_the_preview_page_query_count_does_not_grow_with_the_rows(client, region, key_project, editor_a):
    for order in range(3, 13):
        KeyProjectItem.objects.create(project=key_project, order=order, text=f"条目 {order}")
    client.force_login(editor_a)
    blank = template(client, region)
    keys = [f"p{key_project.pk}"] + [f"i{item.pk}" for item in key_project.items.all()]
    one = fill(blank, {keys[0]: {STATUS: "推进中"}})
    many = fill(blank, {key: {STATUS: "推进中", PERCENT: "10"} for key in keys})
    counts = []
    for data in (one, many):
        upload(client, region, data)
        batch = UploadBatch.objects.latest("pk")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("project-upload-preview", args=[batch.pk]))
        assert response.status_code == 200
        counts.append((len(batch.rows), len(queries)))
    assert counts[0][0] == 1 and counts[1][0] == 13
    assert counts[0][1] == counts[1][1]
