"""CSRF is enforced on every POST of the entry screens (no csrf_exempt anywhere)."""

import pytest
from django.test import Client

from tests.test_permissions_matrix import ROUTES, snapshot, world  # noqa: F401 - the world fixture

POSTS = [name for name, route in ROUTES.items() if route.method == "post"]


@pytest.mark.parametrize("route_name", POSTS)
def test_a_post_without_a_csrf_token_is_refused(world, admin_user, route_name):  # noqa: F811
    route = ROUTES[route_name]
    side = world["A"]
    if route.prepare:
        route.prepare(side)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    before = snapshot()
    response = client.post(route.url(side), route.data(side) if route.data else {})
    assert response.status_code == 403
    assert snapshot() == before


def test_the_same_post_with_a_token_goes_through(world, admin_user):  # noqa: F811
    side = world["A"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    page = client.get(ROUTES["entry-form GET"].url(side))
    token = page.cookies["csrftoken"].value
    data = {**ROUTES["entry-form POST"].data(side), "csrfmiddlewaretoken": token}
    assert client.post(ROUTES["entry-form POST"].url(side), data).status_code == 302
