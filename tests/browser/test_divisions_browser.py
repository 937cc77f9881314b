"""In a real browser: the roll-up maps render for a province and the whole country, from the portal only."""

from urllib.parse import urlparse

import pytest
from django.test import Client

from indicators.dashboards.synth import SynthSpec, synth_generate

pytestmark = pytest.mark.browser


@pytest.fixture
def national(browser_page, live_server, planner):
    """The real division list with boundaries and a synthetic dataset named after the first counties."""
    from divisions.boundaries import boundaries_load
    from divisions.services import divisions_load

    divisions_load()
    boundaries_load()
    synth_generate(SynthSpec(regions=120, indicators=3, years=4, divisions=True))
    client = Client()
    client.force_login(planner)
    cookie = client.cookies["sessionid"]
    browser_page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    requests = []
    browser_page.on("request", lambda request: requests.append(request.url))
    browser_page.requests_seen = requests
    return browser_page


def _maps_drawn(page) -> None:
    page.wait_for_function(
        "() => ['#map-county', '#map-child'].every(s => document.querySelector(s + '[data-drawn=true]'))",
        timeout=60000,
    )


def test_the_maps_render_without_errors_or_requests_off_the_site(national, live_server):
    """A province (河北) and the whole country; loading the boundaries once for both keeps this fast."""
    page = national
    for path in ("/divisions/130000/?horizon=2025&indicator=HL01", "/divisions/?horizon=2025"):
        page.goto(live_server.url + path)
        _maps_drawn(page)
        assert page.locator("#map-county .scatterlayer .trace").count() >= 2, path  # classes + hover markers
        legend = page.locator("#map-county .legend").text_content()
        assert "无数据" in legend, path  # counties without data are drawn as such
    assert page.console_errors == []
    hosts = {urlparse(url).netloc for url in page.requests_seen if not url.startswith("data:")}
    assert hosts == {urlparse(live_server.url).netloc}, hosts
