"""Every page type in a real browser under the production Content-Security-Policy: no violation.

The policy (config/settings/base.py, SECURE_CSP) is the same in every environment, so the live
test server sends exactly what production sends. Violations are caught twice: the
``securitypolicyviolation`` DOM event, and chromium's console messages.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connections

from indicators.models import Indicator, IndicatorStatus
from plans.models import Plan, Region
from tests.conftest import make_user

pytestmark = pytest.mark.browser
PASSWORD = "pw-for-tests-2026"
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture
def page(live_server, browser_page):
    browser_page.add_init_script(RECORD_VIOLATIONS)
    browser_page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    yield browser_page
    connections.close_all()


def _visit(page, url: str, *, draw: str | None = None) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 400, (url, response and response.status)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    if draw:
        page.locator(draw).first.scroll_into_view_if_needed()
        page.wait_for_function(
            "s => document.querySelectorAll(s + ' svg.main-svg').length >= 1", arg=draw, timeout=20000
        )
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__csp")
    assert violations == [], (url, violations)
    csp_console = [m for m in page.console_errors if "Content Security Policy" in m]
    assert csp_console == [], (url, csp_console)
    assert page.console_errors == [], (url, page.console_errors)


def test_every_page_type_runs_under_the_production_policy(live_server, page, seeded):
    assert settings.SECURE_CSP["script-src"] == ["'self'"]
    admin = make_user("csp_admin", "管理员")
    plan = Plan.objects.filter(indicator_rows__isnull=False).order_by("pk").first()
    region = Region.objects.get(short_name="克拉玛依区")
    region.editors.add(admin)
    chapter = plan.chapters.order_by("order").first()
    code = (
        IndicatorStatus.objects.values_list("indicator__code", flat=True).first()
        or Indicator.objects.first().code
    )
    base = live_server.url

    _visit(page, f"{base}/accounts/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    pages = [
        ("/", None),
        (f"/plans/{plan.pk}/", None),
        (f"/plans/{plan.pk}/chapters/{chapter.order}/", None),
        ("/methodology/", None),
        ("/dashboards/", None),
        (f"/dashboards/plans/{plan.pk}/", ".chart"),
        ("/dashboards/compare/", None),
        (f"/dashboards/compare/{code}/?horizon=2025", None),
        ("/dashboards/heatmap/?horizon=2025", "#heatmap"),
        ("/dashboards/horizons/", None),
        (f"/dashboards/horizons/{region.pk}/", None),
        ("/dashboards/regions/", None),
        ("/entry/", None),
        (f"/entry/{region.pk}/upload/", None),
        ("/imports/", None),
        ("/imports/audit/", None),
        ("/plans/versions/", None),
        ("/catalog/unmatched/", None),
        ("/accounts/password/", None),
        ("/inbox/", None),
        ("/reporting/completeness/", None),
        ("/reporting/deadlines/", None),
        ("/reporting/reminders/", None),
        ("/admin/", None),
        ("/admin/plans/plan/", None),
        (f"/admin/plans/plan/{plan.pk}/change/", None),
        ("/admin/indicators/indicatorvalue/", None),
    ]
    for path, draw in pages:
        _visit(page, base + path, draw=draw)

    entry_link = page.goto(f"{base}/entry/") and page.locator("a[href^='/entry/'][href$='/']").filter(
        has_text="20"
    )
    if entry_link.count():
        _visit(page, base + entry_link.first.get_attribute("href"))


def test_the_language_switcher_works_without_an_inline_handler(live_server, page, db):
    _visit(page, f"{live_server.url}/methodology/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.evaluate("window.__csp") == []
