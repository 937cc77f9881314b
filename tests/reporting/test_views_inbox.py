"""我的待办: the landing page after login, one section per role, and the badge in the navigation."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.entry.submissions import (
    year_submission_approve,
    year_submission_return,
    year_submission_submit,
    year_value_versions,
)
from indicators.models import PlanIndicator, SubmissionEvent
from plans.models import ImportSession
from plans.roles import EDITOR
from reporting.models import InboxVisit
from reporting.selectors.inbox import badge_counts
from reporting.services import inbox_visit_record, reporting_deadline_set
from tests.conftest import make_plan, make_region
from tests.indicators.excel_samples import entry_world

from .conftest import day

INBOX = reverse("inbox")


def _badge(html: str) -> int:
    found = re.search(r'id="nav-inbox-count">(\d+)<', html)
    return int(found.group(1)) if found else 0


def _section_count(html: str, role: str) -> int:
    return int(re.search(rf'data-count="{role}">(\d+)<', html).group(1))


def test_people_land_on_their_inbox_after_logging_in(client, editor_a):
    response = client.post(reverse("login"), {"username": "editor_a", "password": "pw-for-tests-2026"})
    assert response.status_code == 302 and response["Location"] == INBOX


def test_anonymous_people_are_sent_to_log_in(client, db):
    assert "/accounts/login/" in client.get(INBOX)["Location"]
    assert client.post(INBOX).status_code in (302, 405)


def test_editors_see_returned_years_with_the_reason_and_years_with_a_deadline(
    client, world, editor_a, approver, admin_user
):
    reporting_deadline_set(year=2024, due=day("2030-03-31"), user=admin_user)
    year_submission_submit(region=world.region_a, year=2023, user=editor_a)
    year_submission_return(region=world.region_a, year=2023, user=approver, reason="请核对床位数")
    year_submission_submit(region=world.region_b, year=2024, user=editor_a)  # another district: not theirs
    client.force_login(editor_a)
    html = client.get(INBOX).content.decode()
    assert "请核对床位数" in html and "2030-03-31" in html
    assert _section_count(html, "editor") == 2 == _badge(html)  # 2023 returned, 2024 open with a deadline
    assert 'id="inbox-approver"' not in html and 'id="inbox-admin"' not in html
    other = re.search(r'class="other-years">(.*?)</details>', html, re.S).group(1)
    assert (
        "2022" in other and "2020" in other and "2024" not in other
    )  # open, no deadline: listed, not counted


def test_approvers_see_what_waits_and_for_how_long(client, world, editor_a, editor_b, approver):
    year_submission_submit(region=world.region_a, year=2023, user=editor_a)
    year_submission_submit(region=world.region_b, year=2023, user=editor_b)
    SubmissionEvent.objects.filter(submission__region=world.region_a).update(
        at=timezone.now() - datetime.timedelta(days=3)
    )
    year_submission_approve(
        region=world.region_b,
        year=2023,
        user=approver,
        seen=year_value_versions(region=world.region_b, year=2023),
    )
    client.force_login(approver)
    html = client.get(INBOX).content.decode()
    assert _section_count(html, "approver") == 1 == _badge(html)
    assert "3 天" in html and world.region_a.short_name in html


def test_planners_see_what_changed_since_their_last_visit(client, world, editor_a, approver, planner):
    client.force_login(planner)
    now = timezone.now()
    InboxVisit.objects.create(user=planner, since=now, seen_at=now)  # looked just now
    year_submission_submit(region=world.region_a, year=2023, user=editor_a)
    year_submission_approve(
        region=world.region_a,
        year=2023,
        user=approver,
        seen=year_value_versions(region=world.region_a, year=2023),
    )
    make_plan(make_region("新地区", "新区"), title="新地区卫生健康规划")
    html = client.get(INBOX).content.decode()
    assert _section_count(html, "planner") == 3 == _badge(html)  # a new plan, a submission, an approval
    assert "新地区卫生健康规划" in html and "审核通过" in html
    html = client.get(INBOX).content.decode()  # a refresh within the visit keeps the list
    assert _section_count(html, "planner") == 3
    inbox_visit_record(user=planner, now=timezone.now() + datetime.timedelta(hours=2))  # back after a break
    html = client.get(INBOX).content.decode()
    assert _section_count(html, "planner") == 0 == _badge(html)


def test_administrators_see_imports_in_review_and_unmatched_rows(client, world, admin_user):
    ImportSession.objects.create(file_name="新规划.txt", uploaded_by=admin_user)
    ImportSession.objects.create(file_name="旧规划.txt", state="discarded")
    row = PlanIndicator.objects.filter(plan__region=world.region_a).first()
    row.indicator.local_to_plan = row.plan
    row.indicator.save()
    client.force_login(admin_user)
    html = client.get(INBOX).content.decode()
    assert _section_count(html, "admin") == 2 == badge_counts(admin_user)["admin"]
    assert "新规划.txt" in html and "旧规划.txt" not in html
    assert _badge(html) == badge_counts(admin_user)["total"]


def test_someone_without_a_role_is_told_so(client, db):
    from tests.conftest import make_user

    client.force_login(make_user("nobody"))
    assert "还没有分配角色" in client.get(INBOX).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(admin_user, editor, approver, count: int):
    for n in range(count):
        region = make_region(f"扩展地区{n}", f"扩区{n}")
        region.editors.add(editor)
        entry_world(region, code_prefix=f"X{n}-")
        year_submission_submit(region=region, year=2023, user=editor)
        if n % 2:
            year_submission_return(region=region, year=2023, user=approver, reason="退回")
        ImportSession.objects.create(file_name=f"f{n}.txt", uploaded_by=admin_user)


@pytest.mark.parametrize("persona", ["editor_a", "approver", "planner", "admin_user"])
def test_the_inbox_and_its_badge_take_a_constant_number_of_queries(
    client, world, editor_a, approver, admin_user, planner, persona, request
):
    reporting_deadline_set(year=2024, due=day("2030-03-31"), user=admin_user)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    small = (_queries(client, INBOX), _queries(client, reverse("plan-list")))
    _grow(admin_user, editor_a, approver, 6)
    assert (_queries(client, INBOX), _queries(client, reverse("plan-list"))) == small
    assert small[0] <= 25


def test_an_editor_in_no_district_has_an_empty_inbox(client, db):
    from tests.conftest import make_user

    user = make_user("lonely", EDITOR)
    assert Group.objects.filter(name=EDITOR).exists()
    client.force_login(user)
    html = client.get(INBOX).content.decode()
    assert _section_count(html, "editor") == 0 and _badge(html) == 0


@pytest.mark.parametrize(
    ("persona", "queries"), [("editor_a", 5), ("approver", 3), ("planner", 5), ("admin_user", 4)]
)
def test_the_badge_counts_take_a_fixed_number_of_queries(
    world, persona, queries, request, django_assert_num_queries
):
    user = request.getfixturevalue(persona)
    user.__dict__.pop("_role_names", None)  # start without the cached roles: one query reads them
    # approver and planner: one more query reads the divisions they are attached to (their scope)
    with django_assert_num_queries(queries):
        badge_counts(user)
