"""The administrators' screen for plan rows no catalog entry matched."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.catalog import indicators_for_row
from indicators.models import IndicatorAlias, IndicatorValue, PlanIndicator
from indicators.services import indicator_value_record
from tests.conftest import make_indicator, make_plan


@pytest.fixture
def local_row(db):
    plan = make_plan()
    [local] = indicators_for_row(name="新冒出来的指标", unit="%", plan=plan)
    row = PlanIndicator.objects.create(
        plan=plan, indicator=local, order=0, name="新冒出来的指标", unit="%", line=9
    )
    indicator_value_record(
        region=plan.region, indicator=local, year=2020, value=Decimal("3.5"), source="entered"
    )
    return row


def test_anonymous_users_are_sent_to_login(client, local_row):
    response = client.get(reverse("catalog-unmatched"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_user_without_the_permission_is_refused(client, planner, local_row):
    client.force_login(planner)
    assert client.get(reverse("catalog-unmatched")).status_code == 403
    target = make_indicator("Z99")
    response = client.post(
        reverse("catalog-unmatched-map", args=[local_row.pk]), {f"r{local_row.pk}-indicator": target.pk}
    )
    assert response.status_code == 403
    local_row.refresh_from_db()
    assert local_row.indicator.local_to_plan_id is not None


def test_the_screen_lists_unmatched_rows_with_the_reason(client, admin_user, local_row):
    client.force_login(admin_user)
    html = client.get(reverse("catalog-unmatched")).content.decode()
    assert "新冒出来的指标" in html
    assert "目录中没有这个名称" in html


def test_mapping_needs_a_post(client, admin_user, local_row):
    client.force_login(admin_user)
    assert client.get(reverse("catalog-unmatched-map", args=[local_row.pk])).status_code == 405


def test_mapping_moves_the_row_and_its_values_and_learns_the_alias(client, admin_user, local_row):
    target = make_indicator("Z01", name="正式指标", unit="%")
    client.force_login(admin_user)
    response = client.post(
        reverse("catalog-unmatched-map", args=[local_row.pk]), {f"r{local_row.pk}-indicator": target.pk}
    )
    assert response.status_code == 302
    local_row.refresh_from_db()
    assert local_row.indicator == target
    assert IndicatorValue.objects.get(region=local_row.plan.region, year=2020).indicator == target
    assert IndicatorAlias.objects.filter(indicator=target, normalized="新冒出来的指标").exists()
    html = client.get(reverse("catalog-unmatched")).content.decode()
    assert reverse("catalog-unmatched-map", args=[local_row.pk]) not in html


def test_csrf_is_enforced_on_mapping(admin_user, local_row):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)
    target = make_indicator("Z02")
    response = strict.post(
        reverse("catalog-unmatched-map", args=[local_row.pk]), {f"r{local_row.pk}-indicator": target.pk}
    )
    assert response.status_code == 403
    local_row.refresh_from_db()
    assert local_row.indicator != target
