"""A planner attached to a province on the seeded portal: the plan list, the plan page's provisional
values and the navigation follow the scope (issue 15, item 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from divisions.models import Division
from divisions.services import division_assign
from indicators.models import Indicator
from indicators.services import indicator_value_record
from plans.models import Plan, Region
from plans.roles import EDITOR, PLANNER
from tests.conftest import make_user

SECRET = "84.9"


@pytest.fixture
def portal(divisions_loaded, seeded):
    karamay = Region.objects.get(short_name="克拉玛依区")
    editor = make_user("editor_karamay", EDITOR, regions=[karamay])
    indicator_value_record(
        region=karamay,
        indicator=Indicator.objects.get(code="HL01"),
        year=2026,
        value=Decimal(SECRET),
        raw=SECRET,
        source="entered",
        user=editor,
    )
    return karamay, editor


def planner_in(code: str):
    user = make_user(f"planner_{code}", PLANNER)
    division_assign(division=Division.objects.get(code=code), user=user)
    return user


def test_the_seed_regions_hang_from_their_real_divisions(portal):
    codes = dict(Region.objects.values_list("short_name", "division__code"))
    assert codes["克拉玛依区"] == "650203" and codes["仁和区"] == "510411"


def test_the_plan_list_shows_a_provincial_planner_their_counties_unless_asked_for_all(client, portal):
    client.force_login(planner_in("650000"))
    inside = set(Region.objects.filter(division__code__startswith="65").values_list("name", flat=True))
    outside = set(Region.objects.exclude(name__in=inside).values_list("name", flat=True))
    assert len(inside) == 3 and outside
    html = client.get(reverse("plan-list")).content.decode()
    assert all(name in html for name in inside) and not any(name in html for name in outside)
    assert "显示全部公开规划" in html
    html = client.get(reverse("plan-list") + "?scope=all").content.decode()
    assert all(name in html for name in inside | outside)


def test_an_unattached_visitor_sees_every_plan_without_a_scope_note(client, portal):
    html = client.get(reverse("plan-list")).content.decode()
    assert all(name in html for name in Region.objects.values_list("name", flat=True))
    assert "显示全部公开规划" not in html


def test_the_plan_page_shows_provisional_values_to_the_planner_above_and_hides_them_elsewhere(client, portal):
    karamay, _editor = portal
    url = reverse("plan-detail", args=[Plan.objects.get(region=karamay).pk])
    client.force_login(planner_in("650000"))
    html = client.get(url).content.decode()
    assert SECRET in html and "暂定" in html
    client.force_login(planner_in("510000"))
    html = client.get(url).content.decode()
    assert SECRET not in html and "83.63" in html  # published figures only, as for anyone


def test_the_rollup_link_is_shown_only_to_those_who_may_open_it(client, portal):
    _karamay, editor = portal
    overview = reverse("dashboard-overview")
    rollup = reverse("nation-rollup")
    client.force_login(editor)
    assert client.get(rollup).status_code == 404
    assert f'href="{rollup}"' not in client.get(overview).content.decode()
    for user in (planner_in("650000"), make_user("national", PLANNER)):
        client.force_login(user)
        assert f'href="{rollup}"' in client.get(overview).content.decode()
        assert client.get(rollup).status_code in (200, 302)


def test_the_provincial_demo_planner_is_attached_to_xinjiang(portal):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from plans.access import readable_regions

    call_command("demo_accounts", stdout=StringIO())
    planner = get_user_model().objects.get(username="planner_xj")
    assert list(planner.assigned_divisions.values_list("code", flat=True)) == ["650000"]
    names = set(readable_regions(planner).values_list("short_name", flat=True))
    assert names == set(
        Region.objects.filter(division__code__startswith="65").values_list("short_name", flat=True)
    )
    assert "仁和区" not in names and len(names) == 3


def test_the_inbox_of_scoped_planners_and_approvers_stays_in_their_jurisdiction(client, portal):
    from indicators.entry.submissions import year_submission_submit
    from plans.roles import APPROVER
    from reporting.selectors.inbox import badge_counts

    karamay, editor = portal
    renhe = Region.objects.get(short_name="仁和区")
    year_submission_submit(region=karamay, year=2026, user=editor)
    year_submission_submit(region=renhe, year=2022, user=make_user("editor_renhe", EDITOR, regions=[renhe]))

    planner = planner_in("650000")
    client.force_login(planner)
    html = client.get(reverse("inbox")).content.decode()
    inside = Region.objects.filter(division__code__startswith="65")
    assert all(plan.title in html for plan in Plan.objects.filter(region__in=inside))
    assert not any(plan.title in html for plan in Plan.objects.exclude(region__in=inside))
    assert "仁和区" not in html
    # the new plans inside, plus the one submission event inside
    assert badge_counts(planner)["planner"] == inside.count() + 1

    approver = make_user("approver_xj", APPROVER)
    division_assign(division=Division.objects.get(code="650000"), user=approver)
    client.force_login(approver)
    html = client.get(reverse("inbox")).content.decode()
    assert "克拉玛依区" in html and "仁和区" not in html
    assert badge_counts(approver)["approver"] == 1
    national = make_user("approver_cn", APPROVER)
    assert badge_counts(national)["approver"] == 2


def test_a_provincial_approver_is_reminded_only_of_submissions_below_it(portal):
    from io import StringIO

    from django.core import mail
    from django.core.management import call_command

    from indicators.entry.submissions import year_submission_submit
    from plans.roles import APPROVER

    karamay, editor = portal
    renhe = Region.objects.get(short_name="仁和区")
    year_submission_submit(region=karamay, year=2026, user=editor)
    year_submission_submit(region=renhe, year=2022, user=make_user("editor_renhe", EDITOR, regions=[renhe]))
    scoped = make_user("approver_xj", APPROVER, email="xj@example.cn")
    division_assign(division=Division.objects.get(code="650000"), user=scoped)
    make_user("approver_cn", APPROVER, email="cn@example.cn")
    call_command("send_reminders", "--date", "2027-01-05", stdout=StringIO())
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "克拉玛依区 2026" in bodies["xj@example.cn"] and "仁和区" not in bodies["xj@example.cn"]
    assert "克拉玛依区 2026" in bodies["cn@example.cn"] and "仁和区 2022" in bodies["cn@example.cn"]
