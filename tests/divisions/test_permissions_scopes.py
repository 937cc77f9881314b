"""The permission matrix for planners and approvers attached to a prefecture or a province.

Region A is 克拉玛依市克拉玛依区 (650203), region B 攀枝花市仁和区 (510411). A planner or approver
attached to 克拉玛依市 or to 新疆 reads (approves) A and nothing of B; writes stay with editors.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from divisions.models import Division
from divisions.services import division_assign, region_division_attach
from plans.roles import APPROVER, EDITOR, PLANNER
from tests.conftest import make_user
from tests.test_permissions_matrix import ROUTES, snapshot, world  # noqa: F401 (fixture)

SCOPED = {
    "prefecture_planner": (PLANNER, "650200"),
    "province_planner": (PLANNER, "650000"),
    "prefecture_approver": (APPROVER, "650200"),
    "province_approver": (APPROVER, "650000"),
}


@pytest.fixture
def linked(divisions_loaded, world):  # noqa: F811
    for side in world.values():
        region_division_attach(region=side.region, name=side.region.name)
    return world


def scoped_user(persona: str):
    role, code = SCOPED[persona]
    user = make_user(persona, role)
    division_assign(division=Division.objects.get(code=code), user=user)
    return user


def expected(route, persona: str, target: str) -> tuple[int, bool]:
    if route.kind == "admin":
        return 302, False  # not administrators: to the admin login
    if target == "B":
        return 404, False  # outside the attached division: its existence is not revealed
    if route.kind in ("read", "api"):
        return 200, True
    if route.kind == "approve" and SCOPED[persona][0] == APPROVER:
        return route.success, True
    return 403, False  # writes, uploads: editors only


@pytest.mark.parametrize("target", ["A", "B"])
@pytest.mark.parametrize("persona", list(SCOPED))
@pytest.mark.parametrize("route_name", list(ROUTES))
def test_scoped_permission_matrix(client, linked, route_name, persona, target):
    route = ROUTES[route_name]
    side = linked[target]
    if route.prepare:
        route.prepare(side)
    client.force_login(scoped_user(persona))
    before = snapshot()
    response = getattr(client, route.method)(route.url(side), route.data(side) if route.data else {})
    status, allowed = expected(route, persona, target)
    assert response.status_code == status, (route_name, persona, target, response.status_code)
    if route.method == "post":
        assert (snapshot() != before) == allowed


@pytest.mark.parametrize("persona", list(SCOPED))
def test_every_listing_shows_exactly_the_regions_below(client, linked, persona):
    client.force_login(scoped_user(persona))
    a, b = linked["A"].region, linked["B"].region
    for url in (reverse("entry-index"), reverse("dashboard-regions")):
        html = client.get(url).content.decode()
        assert a.name in html and b.name not in html, url
    for url in (
        reverse("dashboard-heatmap-export", args=["csv"]),
        reverse("dashboard-overview-export", args=["csv"]),
    ):
        text = client.get(url).content.decode("utf-8-sig")
        assert b.short_name not in text and b.name not in text, url
    heatmap = client.get(reverse("dashboard-heatmap-data")).content.decode()
    assert a.short_name in heatmap and b.short_name not in heatmap
    names = {r["name"] for r in client.get(reverse("api-regions")).json()["regions"]}
    assert names == {a.name}


def test_an_unattached_planner_still_reads_the_whole_country(client, linked):
    client.force_login(make_user("national", PLANNER))
    names = {r["name"] for r in client.get(reverse("api-regions")).json()["regions"]}
    assert names == {linked["A"].region.name, linked["B"].region.name}


def test_an_editor_attached_nowhere_keeps_their_county(client, linked):
    editor = make_user("county_editor", EDITOR, regions=[linked["B"].region])
    client.force_login(editor)
    names = {r["name"] for r in client.get(reverse("api-regions")).json()["regions"]}
    assert names == {linked["B"].region.name}


def test_counties_cannot_be_a_scope(linked):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        division_assign(division=Division.objects.get(code="650203"), user=make_user("x", PLANNER))
