"""Attaching planners and approvers to divisions in the admin; counties are refused."""

import pytest
from django.urls import reverse

from divisions.models import Division
from indicators.status import statuses_version
from plans.models import Region
from plans.roles import PLANNER
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _post(client, division, users, region=""):
    url = reverse("admin:divisions_division_change", args=[division.pk])
    return client.post(url, {"assigned_users": [u.pk for u in users], "region": region})


def test_an_administrator_attaches_a_planner_to_a_prefecture(client, admin_user, divisions_loaded):
    planner = make_user("hami", PLANNER)
    client.force_login(admin_user)
    hami = Division.objects.get(code="650500")
    response = _post(client, hami, [planner])
    assert response.status_code == 302
    assert list(hami.assigned_users.all()) == [planner]


def test_a_county_cannot_take_planners(client, admin_user, divisions_loaded):
    planner = make_user("county", PLANNER)
    client.force_login(admin_user)
    county = Division.objects.get(code="650521")
    response = _post(client, county, [planner])
    assert response.status_code == 200 and "只能挂在地级或省级" in response.content.decode()
    assert not county.assigned_users.exists()


def test_the_division_list_is_read_only_in_the_admin(client, admin_user, divisions_loaded):
    client.force_login(admin_user)
    assert client.get(reverse("admin:divisions_division_add")).status_code == 403
    hami = Division.objects.get(code="650500")
    assert (
        client.post(reverse("admin:divisions_division_delete", args=[hami.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Division.objects.filter(code="650500").exists()


def test_relinking_a_region_renews_the_roll_ups_version_and_attaching_a_planner_does_not(
    client, admin_user, divisions_loaded
):
    client.force_login(admin_user)
    hami = Division.objects.get(code="650500")
    stamp = statuses_version()
    assert _post(client, hami, [make_user("hami", PLANNER)]).status_code == 302
    assert statuses_version() == stamp  # who may read is checked before the cache, never in its key
    region = Region.objects.create(name="哈密市", short_name="哈密", level=Region.Level.CITY)
    assert _post(client, hami, [], region=region.pk).status_code == 302
    assert Division.objects.get(code="650500").region == region
    assert statuses_version() != stamp
