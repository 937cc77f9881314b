"""Every main page at phone width (390 px) and desktop width, for each role: no sideways scrolling,
no console errors. The same check as /work/shared/checks/browser-shots.py, kept in the suite."""

import pytest
from django.test import Client

from indicators.dashboards.synth import SynthSpec, synth_generate
from plans.models import Plan, Region

pytestmark = pytest.mark.browser

WIDTHS = [390, 1440]


@pytest.fixture
def world(db):
    synth_generate(SynthSpec(regions=4, indicators=6, years=5, second_plan_every=2))
    region = Region.objects.filter(synthetic=True).order_by("pk").first()
    plan = Plan.objects.filter(region=region, period_end=2025).get()
    return region, plan


def _pages(region, plan) -> dict[str, list[str]]:
    reader = [
        "/",
        f"/plans/{plan.pk}/",
        "/methodology/",
        "/indicators/",
        "/indicators/HL01/",
        "/search/?q=%E5%90%88%E6%88%90",
    ]
    dashboards = [
        "/dashboards/",
        f"/dashboards/plans/{plan.pk}/",
        "/dashboards/compare/HL01/?horizon=2025",
        "/dashboards/heatmap/?horizon=2025",
        "/dashboards/horizons/",
        f"/dashboards/horizons/{region.pk}/",
    ]
    entry = [
        "/entry/",
        f"/entry/{region.pk}/2023/",
        f"/entry/{region.pk}/grid/",
        f"/projects/entry/{region.pk}/2023/",
        f"/projects/entry/{region.pk}/upload/",
        "/reporting/reminders/",
    ]
    daily = ["/inbox/", "/reporting/completeness/"]
    planner = [*reader, *dashboards, *daily, f"/evaluation/plans/{plan.pk}/", "/divisions/"]
    return {"anonymous": reader, "planner": planner, "editor": ["/", *dashboards, *daily, *entry]}


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("role", ["anonymous", "planner", "editor"])
def test_main_pages_never_scroll_sideways(browser_page, live_server, world, planner, editor_a, role):
    region, plan = world
    if role == "editor":
        region.editors.add(editor_a)
        _sign_in(browser_page, live_server, editor_a)
    elif role == "planner":
        _sign_in(browser_page, live_server, planner)
    page = browser_page
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        for path in _pages(region, plan)[role]:
            response = page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if response.status != 200 or scroll > width:
                problems.append((width, path, response.status, scroll))
    assert problems == []
    assert page.console_errors == []
