"""Published vs provisional values on every path that shows values (issue 9, item 5).

On the seeded portal, 克拉玛依区's editor saves 人均期望寿命 2026 = 84.9 without approval. It is
invisible to anonymous visitors and to another district's editor, on every page, API endpoint and
export; the region's editor, approvers and planners see it marked 暂定. After approval it is public.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.entry.submissions import year_submission_approve, year_submission_submit, year_value_versions
from indicators.models import Indicator, IndicatorValue
from indicators.services import indicator_value_record
from plans.models import Plan, Region
from plans.roles import APPROVER, EDITOR, PLANNER
from tests.conftest import make_user

SECRET = "84.9"
YEAR = 2026


@pytest.fixture
def portal(seeded):
    karamay = Region.objects.get(short_name="克拉玛依区")
    renhe = Region.objects.get(short_name="仁和区")
    users = {
        "anonymous": None,
        "editor_a": make_user("editor_karamay", EDITOR, regions=[karamay]),
        "editor_b": make_user("editor_renhe", EDITOR, regions=[renhe]),
        "approver": make_user("approver_q", APPROVER),
        "planner": make_user("planner_p", PLANNER),
    }
    indicator_value_record(
        region=karamay,
        indicator=Indicator.objects.get(code="HL01"),
        year=YEAR,
        value=Decimal(SECRET),
        raw=SECRET,
        source="entered",
        user=users["editor_a"],
    )
    plan = Plan.objects.get(region=karamay)
    return karamay, plan, users


def _paths(region, plan) -> dict[str, str]:
    """Every page, API endpoint and export that shows 克拉玛依区's values."""
    return {
        "plan page": reverse("plan-detail", args=[plan.pk]),
        "plan dashboard": reverse("dashboard-plan", args=[plan.pk]),
        "plan export": reverse("dashboard-plan-export", args=[plan.pk, "csv"]),
        "comparison": reverse("dashboard-compare", args=["HL01"]),
        "comparison export": reverse("dashboard-compare-export", args=["HL01", "csv"]),
        "heatmap cells": reverse("dashboard-heatmap-region", args=[region.pk]) + "?horizon=2030",
        "heatmap export": reverse("dashboard-heatmap-export", args=["csv"]) + "?horizon=2030",
        "2025 vs 2030": reverse("dashboard-horizons-region", args=[region.pk]),
        "2025 vs 2030 export": reverse("dashboard-horizons-export", args=[region.pk, "csv"]),
        "api values": reverse("api-region-values", args=[region.pk]),
    }


def _body(client, user, url) -> tuple[int, str]:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    text = response.content.decode("utf-8-sig") if response.status_code == 200 else ""
    return response.status_code, text


@pytest.mark.parametrize("persona", ["anonymous", "editor_b"])
def test_a_saved_but_unapproved_value_is_invisible_to_outsiders(client, portal, persona):
    region, plan, users = portal
    for name, url in _paths(region, plan).items():
        status, text = _body(client, users[persona], url)
        assert status in (200, 302, 401, 403, 404), (name, status)
        assert SECRET not in text, f"{persona} sees the provisional value on {name}"
    # The public plan page still shows the published figures (the document's 2025 value).
    status, text = _body(client, users[persona], reverse("plan-detail", args=[plan.pk]))
    assert status == 200 and "83.63" in text and 'class="provisional"' not in text


@pytest.mark.parametrize("persona", ["editor_a", "approver", "planner"])
def test_the_regions_readers_see_it_marked_provisional(client, portal, persona):
    region, plan, users = portal
    marked = {
        "plan page",
        "plan dashboard",
        "plan export",
        "comparison",
        "comparison export",
        "heatmap cells",
    }
    for name, url in _paths(region, plan).items():
        status, text = _body(client, users[persona], url)
        assert status == 200, (name, status)
        if name == "api values":
            value = next(v for v in _json(text)["values"] if v["year"] == YEAR)
            assert value["value"] == SECRET and value["provisional"] is True
        elif name in marked:
            assert SECRET in text, f"{persona} misses the value on {name}"
            assert "暂定" in text, f"{name} does not mark the value provisional"


def test_after_approval_the_value_is_public_and_no_longer_provisional(client, portal):
    region, plan, users = portal
    year_submission_submit(region=region, year=YEAR, user=users["editor_a"])
    year_submission_approve(
        region=region, year=YEAR, user=users["approver"], seen=year_value_versions(region=region, year=YEAR)
    )
    for persona in ("anonymous", "editor_b"):
        status, text = _body(client, users[persona], reverse("plan-detail", args=[plan.pk]))
        assert status == 200 and SECRET in text and 'class="provisional"' not in text
    status, text = _body(client, users["planner"], reverse("dashboard-plan", args=[plan.pk]))
    assert SECRET in text and 'class="provisional"' not in text


def test_the_published_rule_is_one_queryset_method(portal):
    region, _plan, users = portal
    assert not IndicatorValue.objects.filter(region=region, year=YEAR).published().exists()
    assert IndicatorValue.objects.filter(region=region, year=2025).published().count() == 16
    assert IndicatorValue.objects.filter(region=region, year=YEAR).visible_to(users["editor_b"]).count() == 0
    assert IndicatorValue.objects.filter(region=region, year=YEAR).visible_to(users["editor_a"]).count() == 1


def _json(text: str) -> dict:
    import json

    return json.loads(text)
