"""The public plan page keeps a constant number of queries as values grow, for both ways of
seeing it: stored statuses (the region's readers) and published-only statuses (everyone else)."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import IndicatorValue, PlanIndicator
from plans.models import Plan
from plans.roles import PLANNER
from tests.conftest import make_user


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_plan_page_query_count_does_not_grow_with_values(client, seeded):
    plan = Plan.objects.get(region__short_name="克拉玛依区")
    url = reverse("plan-detail", args=[plan.pk])
    planner = make_user("planner_p", PLANNER)
    _count(client, url)  # the document part is cached per plan version: compare warm pages
    before_public = _count(client, url)
    client.force_login(planner)
    before_reader = _count(client, url)
    client.logout()

    rows = PlanIndicator.objects.filter(plan=plan).select_related("indicator")
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            region=plan.region,
            indicator=row.indicator,
            year=year,
            value=Decimal(year - 2000),
            source="entered",
        )
        for row in rows
        for year in range(2026, 2031)
    )

    assert _count(client, url) == before_public
    client.force_login(planner)
    assert _count(client, url) == before_reader
