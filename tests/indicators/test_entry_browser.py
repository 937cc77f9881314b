"""A real browser (Playwright + Debian chromium): an editor logs in, is refused an out-of-range value,
fixes it, saves, and sees the indicator's status change."""

import pytest
from django.db import connections

from indicators.models import IndicatorValue
from indicators.status import status_refresh_plan
from tests.indicators.excel_samples import entry_world

pytestmark = pytest.mark.browser


def test_an_editor_fixes_an_out_of_range_value_and_sees_the_status_change(
    django_db_setup, live_server, browser_page, region, editor_a
):
    # Playwright's greenlet gives this test its own database connection; it is closed at the
    # end (and django_db_setup is set up before live_server), so PostgreSQL can drop the test
    # database at the end of the session.
    try:
        _fix_and_save(live_server, browser_page, region, editor_a)
    finally:
        connections.close_all()


def _fix_and_save(live_server, browser_page, region, editor_a):
    plan, (first, _second) = entry_world(region)
    status_refresh_plan(plan)
    page = browser_page
    # base.html links no favicon; chromium's automatic /favicon.ico request would log a 404.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    entry = f"/entry/{region.pk}/2023/"
    page.goto(f"{live_server.url}/accounts/login/?next={entry}")
    page.fill("#id_username", "editor_a")
    page.fill("#id_password", "pw-for-tests-2026")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{entry}")

    row = page.locator(f"#row-{first.code}")
    assert row.locator(".status").inner_text() == "数据不足"
    row.locator("input.value-input").fill("120")
    page.click("#entry-form button[type=submit]")
    page.wait_for_load_state()
    row = page.locator(f"#row-{first.code}")
    assert "不能大于 100%" in row.locator(".field-error").inner_text()
    assert not IndicatorValue.objects.filter(indicator=first, year=2023).exists()

    row.locator("input.value-input").fill("80")
    page.click("#entry-form button[type=submit]")
    page.wait_for_load_state()
    assert "已保存" in page.locator(".messages").inner_text()
    row = page.locator(f"#row-{first.code}")
    assert row.locator(".status").inner_text() == "已达成"
    assert row.locator("input.value-input").input_value() == "80"
    assert IndicatorValue.objects.get(indicator=first, year=2023).updated_by == editor_a
    assert page.console_errors == []
