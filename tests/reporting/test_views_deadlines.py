"""Administrators set a deadline per year and extend it per region; every extension is audited."""

import pytest
from django.urls import reverse

from reporting.models import DeadlineExtension, ReportingDeadline
from reporting.services import reporting_deadline_set

from .conftest import day

SET = reverse("reporting-deadline-set")
EXTEND = reverse("reporting-deadline-extend")


def test_anonymous_people_are_sent_to_log_in(client, db):
    for url in (reverse("reporting-deadlines"), SET, EXTEND):
        assert client.post(url).status_code == 302
        assert "/accounts/login/" in client.post(url)["Location"]


def test_a_get_where_a_post_is_required_is_refused(client, admin_user):
    client.force_login(admin_user)
    assert client.get(SET).status_code == 405
    assert client.get(EXTEND).status_code == 405


@pytest.mark.parametrize("persona", ["editor_a", "planner", "approver"])
def test_only_administrators_set_deadlines(client, persona, request, world):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reporting-deadlines")).status_code == 403
    assert client.post(SET, {"year": 2023, "due": "2024-03-31"}).status_code == 403
    assert not ReportingDeadline.objects.exists()


def test_an_administrator_sets_and_moves_a_deadline(client, admin_user, world):
    client.force_login(admin_user)
    assert client.post(SET, {"year": 2023, "due": "2024-03-31"}).status_code == 302
    assert client.post(SET, {"year": 2023, "due": "2024-04-15"}).status_code == 302
    deadline = ReportingDeadline.objects.get()
    assert (deadline.year, deadline.due, deadline.set_by) == (2023, day("2024-04-15"), admin_user)
    assert "2024-04-15" in client.get(reverse("reporting-deadlines")).content.decode()


def test_an_extension_is_audited_with_who_when_old_new_and_why(client, admin_user, world):
    reporting_deadline_set(year=2023, due=day("2024-03-31"), user=admin_user)
    client.force_login(admin_user)
    data = {"region": world.region_a.pk, "year": 2023, "due": "2024-04-30", "reason": "系统停机一周"}
    assert client.post(EXTEND, data).status_code == 302
    assert client.post(EXTEND, {**data, "due": "2024-05-31", "reason": "再延一月"}).status_code == 302
    log = list(
        DeadlineExtension.objects.order_by("id").values_list(
            "old_due", "due", "reason", "granted_by__username"
        )
    )
    assert log == [
        (day("2024-03-31"), day("2024-04-30"), "系统停机一周", "admin_x"),
        (day("2024-04-30"), day("2024-05-31"), "再延一月", "admin_x"),
    ]
    assert all(e.granted_at for e in DeadlineExtension.objects.all())
    html = client.get(reverse("reporting-deadlines")).content.decode()
    assert "系统停机一周" in html and "再延一月" in html


def test_an_extension_needs_a_reason_a_later_date_and_a_deadline(client, admin_user, world):
    client.force_login(admin_user)
    data = {"region": world.region_a.pk, "year": 2023, "due": "2024-04-30", "reason": "原因"}
    assert client.post(EXTEND, data).status_code == 400  # no deadline for 2023 yet
    reporting_deadline_set(year=2023, due=day("2024-03-31"), user=admin_user)
    assert client.post(EXTEND, {**data, "reason": ""}).status_code == 400
    assert client.post(EXTEND, {**data, "due": "2024-03-01"}).status_code == 400
    assert not DeadlineExtension.objects.exists()
