"""The read-only JSON API: session login, the pages' scoping, decimal strings, constant query count."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.services import indicator_value_record
from indicators.status import status_refresh_plan
from tests.indicators.excel_samples import entry_world


@pytest.fixture
def world(region, editor_a):
    plan, indicators = entry_world(region)
    indicator_value_record(
        region=region,
        indicator=indicators[0],
        year=2023,
        value=Decimal("70.50"),
        raw="70.50",
        source="entered",
        user=editor_a,
    )
    status_refresh_plan(plan)
    return plan, indicators


def _url(region):
    return reverse("api-region-values", args=[region.pk])


def test_anonymous_requests_get_a_401_json_answer_not_a_redirect(client, region, world):
    response = client.get(_url(region))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_authenticated"
    assert client.get(reverse("api-regions")).status_code == 401


def test_an_editor_reads_the_values_and_statuses_of_their_region(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    payload = client.get(_url(region)).json()
    assert payload["region"] == {"id": region.pk, "name": region.name, "short_name": region.short_name}
    mine = [v for v in payload["values"] if v["year"] == 2023]
    assert mine == [
        {
            "indicator_code": first.code,
            "indicator_name": first.name,
            "unit": "%",
            "year": 2023,
            "value": "70.5",
            "comparator": "",
            "raw": "70.50",
            "source": "entered",
            "version": 1,
            "provisional": True,  # saved, not approved: only the region's readers get it
            "updated_by": "editor_a",
            "updated_at": mine[0]["updated_at"],
        }
    ]
    assert {s["indicator_code"] for s in payload["statuses"]} == {i.code for i in world[1]}
    status = next(s for s in payload["statuses"] if s["indicator_code"] == first.code)
    assert status["latest_value"] == "70.5" and status["target_value"] == "80" and status["status"]
    assert status["provisional"] is True


def test_the_year_parameter_filters_values(client, editor_a, region, world):
    client.force_login(editor_a)
    payload = client.get(_url(region), {"year": 2020}).json()
    assert payload["year"] == 2020 and {v["year"] for v in payload["values"]} == {2020}
    response = client.get(_url(region), {"year": "abc"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_year"


def test_an_editor_of_another_district_gets_404(client, editor_b, region, world):
    client.force_login(editor_b)
    response = client.get(_url(region))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_planners_approvers_and_admins_read_every_region(
    client, planner, approver, admin_user, region, world
):
    for user in (planner, approver, admin_user):
        client.force_login(user)
        assert client.get(_url(region)).status_code == 200
        assert region.pk in [r["id"] for r in client.get(reverse("api-regions")).json()["regions"]]


def test_the_region_list_is_scoped(client, editor_b, region, other_region, world):
    client.force_login(editor_b)
    assert [r["id"] for r in client.get(reverse("api-regions")).json()["regions"]] == [other_region.pk]


def test_the_api_is_read_only(client, editor_a, region, world):
    client.force_login(editor_a)
    assert client.post(_url(region)).status_code == 405


def test_the_api_query_count_does_not_grow_with_indicators(client, editor_a, region, other_region):
    for where, count, prefix in ((region, 2, "S"), (other_region, 60, "B")):
        plan, indicators = entry_world(where, count=count, code_prefix=prefix)
        for indicator in indicators:
            indicator_value_record(
                region=where,
                indicator=indicator,
                year=2023,
                value=Decimal(70),
                raw="70",
                source="entered",
                user=editor_a,
            )
        status_refresh_plan(plan)
    other_region.editors.add(editor_a)
    client.force_login(editor_a)
    counts = []
    for where in (region, other_region):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(where)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
