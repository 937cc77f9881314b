"""A revised plan keeps the yearly records of the key projects it keeps (paired as the diff pairs
them: by title, items by text); records of a project the revision drops stay with the old version."""

from __future__ import annotations

from django.urls import reverse

from projects.models import KeyProject, ProjectRecord, ProjectRecordChange
from projects.services import RecordInput, project_record_save
from tests.conftest import make_user
from tests.plans.test_import import catalog, import_seed, revised_000  # noqa: F401 (fixture)

RENAMED_FROM = "克拉玛依市克拉玛依区卫生应急物资储备中心建设项目："
RENAMED_TO = "克拉玛依区卫生应急物资储备库建设项目："


def _record(project, user, *, item=None, note=""):
    record, _outcome = project_record_save(
        region=project.plan.region,
        year=2026,
        entry=RecordInput(project=project, item=item, status="in_progress", percent=40, note=note),
        user=user,
        source="entered",
    )
    return record


def test_records_follow_the_projects_a_revision_keeps(catalog, client):  # noqa: F811
    first = import_seed("000").plan
    editor = make_user("editor_karamay", "录入员", regions=[first.region])
    old = {p.order: p for p in KeyProject.objects.filter(plan=first).prefetch_related("items")}
    kept = _record(old[0], editor, note="一期完工")
    item = _record(old[5], editor, item=old[5].items.get(), note="主体封顶")
    dropped = _record(old[2], editor, note="选址完成")
    history = ProjectRecordChange.objects.count()

    text = revised_000().decode("utf-8")
    assert text.count(RENAMED_FROM) == 1
    result = import_seed("000", data=text.replace(RENAMED_FROM, RENAMED_TO).encode("utf-8"))

    assert result.outcome == "new_version" and result.counts["沿用的项目实施记录"] == 2
    new = {p.order: p for p in KeyProject.objects.filter(plan=result.plan).prefetch_related("items")}
    kept.refresh_from_db()
    item.refresh_from_db()
    dropped.refresh_from_db()
    assert kept.project == new[0] and kept.item is None and kept.note == "一期完工"
    assert item.project == new[5] and item.item == new[5].items.get() and item.note == "主体封顶"
    assert dropped.project == old[2]  # the renamed project is another project: its record stays behind
    assert ProjectRecord.objects.filter(project__plan=result.plan).count() == 2
    assert ProjectRecordChange.objects.count() == history  # nothing rewritten, history kept with its record

    html = client.get(reverse("plan-detail", args=[result.plan.pk])).content.decode()
    assert "推进中" in html and "40" in html


def test_a_first_version_has_nothing_to_carry(catalog):  # noqa: F811
    result = import_seed("000")
    assert "沿用的项目实施记录" not in result.counts
