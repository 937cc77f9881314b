"""In a real browser (Playwright + Debian chromium): the dashboards' charts render without errors."""

import pytest
from django.test import Client

from indicators.dashboards.synth import SynthSpec, synth_generate
from plans.models import Plan

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(browser_page, live_server, planner):
    """The browser carries a planner's session cookie for the live server."""
    synth_generate(SynthSpec(regions=5, indicators=4, years=6, second_plan_every=2))
    client = Client()
    client.force_login(planner)
    cookie = client.cookies["sessionid"]
    browser_page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return browser_page


def _charts_drawn(page, selector: str, count: int) -> None:
    page.wait_for_function(
        "([s, n]) => document.querySelectorAll(s + ' svg.main-svg').length >= n", arg=[selector, count]
    )


def test_the_plan_dashboard_draws_its_indicator_charts(signed_in, live_server):
    plan = Plan.objects.filter(period_end=2025).order_by("pk").first()
    page = signed_in
    page.goto(f"{live_server.url}/dashboards/plans/{plan.pk}/")
    first = page.locator(".chart").first
    first.scroll_into_view_if_needed()
    _charts_drawn(page, ".chart", 1)
    assert page.locator(".chart svg.main-svg").count() >= 1
    assert "目标" in first.inner_text()
    assert page.console_errors == []


def test_the_comparison_page_draws_the_bar_and_line_charts(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/dashboards/compare/HL01/?horizon=2025")
    _charts_drawn(page, "#chart-bars", 1)
    _charts_drawn(page, "#chart-change", 1)
    _charts_drawn(page, "#chart-lines", 1)
    assert page.locator("#chart-change .bars path").count() >= 1  # relative change: one bar per district
    assert page.locator("#chart-bars .modebar-btn[data-title='SVG']").count() == 1  # PNG and SVG download
    assert page.console_errors == []


def test_a_level_indicator_is_drawn_as_dots_not_bars_from_zero(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/dashboards/compare/HL01/?horizon=2025")
    _charts_drawn(page, "#chart-bars", 1)
    assert page.locator("#chart-bars .bars path").count() == 0
    assert page.locator("#chart-bars .scatterlayer .points path").count() >= 1  # life expectancy: dots
    assert page.console_errors == []


def test_the_heatmap_is_drawn_from_its_json_endpoint(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/dashboards/heatmap/?horizon=2025")
    _charts_drawn(page, "#heatmap", 1)
    assert page.locator("#heatmap .hm image, #heatmap .heatmaplayer image").count() >= 1
    assert page.locator("table td").count() == 0  # no HTML cells: the browser draws the grid
    assert page.console_errors == []
