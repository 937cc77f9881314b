"""The plan page, the plan dashboard and the entry page keep a constant query count as projects grow."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import KeyProject, KeyProjectItem
from projects.services import RecordInput, project_record_save


def _grow(plan, user, start: int, count: int):
    for n in range(start, start + count):
        project = KeyProject.objects.create(plan=plan, order=n, label=f"专栏 {n}", title=f"项目{n}", line=n)
        items = [
            KeyProjectItem.objects.create(project=project, order=i, text=f"条目{n}-{i}") for i in range(3)
        ]
        for year in (2022, 2023):
            project_record_save(
                region=plan.region,
                year=year,
                entry=RecordInput(project=project, item=None, status="in_progress"),
                user=user,
                source="entered",
            )
            project_record_save(
                region=plan.region,
                year=year,
                entry=RecordInput(project=project, item=items[0], status="completed"),
                user=user,
                source="entered",
            )


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_projects(client, plan, editor_a):
    client.force_login(editor_a)
    urls = [
        reverse("plan-detail", args=[plan.pk]),
        reverse("dashboard-plan", args=[plan.pk]),
        reverse("project-entry", args=[plan.region.pk, 2023]),
    ]
    _grow(plan, editor_a, 1, 2)
    small = [_count(client, url) for url in urls]
    _grow(plan, editor_a, 3, 20)
    large = [_count(client, url) for url in urls]
    assert small == large
