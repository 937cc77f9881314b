"""Page weight: every dashboard page loads plotly from the project's static files, ≤ 500 KB gzip of JS."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from indicators.dashboards.synth import SynthSpec, synth_generate
from plans.models import Plan

LIMIT = 500 * 1024
SCRIPT = re.compile(r'<script[^>]*\bsrc="([^"]+)"')


def _gzip_size(path: str) -> int:
    with open(path, "rb") as handle:
        return len(gzip.compress(handle.read(), compresslevel=9))


@pytest.fixture
def pages(client, planner):
    synth_generate(SynthSpec(regions=2, indicators=2, years=3))
    client.force_login(planner)
    plan = Plan.objects.filter(period_end=2025).first()
    return [
        reverse("dashboard-overview"),
        reverse("dashboard-plan", args=[plan.pk]),
        reverse("dashboard-compare", args=["HL01"]),
        reverse("dashboard-heatmap"),
        reverse("dashboard-horizons-region", args=[plan.region_id]),
    ]


def test_each_dashboard_page_loads_at_most_500_kb_gzip_of_javascript_from_its_own_static_files(client, pages):
    for url in pages:
        html = client.get(url).content.decode()
        sources = SCRIPT.findall(html)
        assert all(src.startswith("/static/") for src in sources), (url, sources)  # no CDN
        total = 0
        for src in sources:
            path = finders.find(src.removeprefix("/static/"))
            assert path, src
            total += _gzip_size(path)
        assert total <= LIMIT, (url, total)


def test_pages_with_charts_load_the_vendored_partial_plotly_bundle(client, pages):
    html = client.get(pages[1]).content.decode()
    assert "/static/vendor/plotly/plotly-dashboards.min.js" in html


def test_the_vendored_plotly_is_the_partial_bundle_with_its_licence():
    bundle = finders.find("vendor/plotly/plotly-dashboards.min.js")
    with open(bundle, encoding="utf-8") as handle:
        head = handle.read(300)
    assert "plotly.js v4.1.1 partial bundle (scatter, bar, heatmap" in head
    assert finders.find("vendor/plotly/LICENSE") and finders.find("vendor/plotly/THIRD-PARTY-NOTICES.txt")
    assert _gzip_size(bundle) < 450 * 1024


def test_whitenoise_serves_the_bundle(client, db):
    response = client.get("/static/vendor/plotly/plotly-dashboards.min.js")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"/*"
