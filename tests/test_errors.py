"""Friendly Chinese 404/400 pages, also under DEBUG (make run), with no internals shown."""

import pytest
from django.test import override_settings
from django.urls import reverse

from config.errors import bad_request


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_plan_says_what_is_wrong_and_where_to_go(client, db, debug):
    with override_settings(DEBUG=debug):
        response = client.get("/plans/999999/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "这份规划不存在" in body and reverse("plan-list") in body
    assert "URLconf" not in body and "DEBUG" not in body and "Http404" not in body


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_address_gets_the_friendly_page_not_the_url_list(client, db, debug):
    with override_settings(DEBUG=debug):
        response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and "urlpatterns" not in body and "admin/" not in body


def test_a_year_outside_the_plan_explains_the_entry_years(client, editor_a, region, plan):
    client.force_login(editor_a)
    with override_settings(DEBUG=True):
        response = client.get(reverse("entry-form", args=[region.pk, 1990]))
    assert response.status_code == 404
    assert "该年份不在本地区规划的填报年份内" in response.content.decode()


def test_an_unknown_indicator_points_to_the_catalogue(client, db):
    with override_settings(DEBUG=True):
        response = client.get(reverse("indicator-detail", args=["NOPE"]))
    assert response.status_code == 404 and reverse("indicator-list") in response.content.decode()


def test_json_404s_pass_through_untouched(client, planner):
    client.force_login(planner)
    with override_settings(DEBUG=True):
        response = client.get(reverse("api-region-values", args=[999999]))
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_the_400_page_is_chinese(rf, db):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    response = bad_request(request)
    assert response.status_code == 400 and "请求有误" in response.content.decode()
