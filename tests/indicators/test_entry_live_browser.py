"""The entry form on a phone (390 px) in a real browser: live checks while typing, entry rows as
cards without sideways scrolling, history in a side panel, a warning before leaving unsaved."""

import pytest
from django.db import connections

from indicators.models import IndicatorValue
from indicators.services import indicator_value_record
from indicators.status import status_refresh_plan
from tests.indicators.excel_samples import entry_world

pytestmark = pytest.mark.browser


def test_an_editor_on_a_phone_sees_checks_as_they_type(
    django_db_setup, live_server, browser_page, region, editor_a
):
    try:
        _walk(live_server, browser_page, region, editor_a)
    finally:
        connections.close_all()


def _walk(live_server, page, region, editor_a):
    plan, (first, second) = entry_world(region)
    indicator_value_record(
        region=region, indicator=second, year=2023, value=70, raw="70", source="entered", user=editor_a
    )
    indicator_value_record(
        region=region,
        indicator=second,
        year=2023,
        value=71,
        raw="71",
        source="entered",
        user=editor_a,
        expected_version=1,
    )
    status_refresh_plan(plan)
    page.set_viewport_size({"width": 390, "height": 844})
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    entry = f"/entry/{region.pk}/2023/"
    page.goto(f"{live_server.url}/accounts/login/?next={entry}")
    page.fill("#id_username", "editor_a")
    page.fill("#id_password", "pw-for-tests-2026")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{entry}")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator(f"#row-{first.code}")
    assert row.evaluate("el => getComputedStyle(el).display") == "block"  # a card, not a table row
    box = row.locator("input.value-input")
    box.fill("120")
    assert "不能大于 100%" in row.locator(".live-check.error").inner_text()
    box.fill("abc")
    assert "不是数字" in row.locator(".live-check.error").inner_text()
    box.fill("99")  # expected 72 on the path 60 → 80: far off the path, a warning (not an error)
    assert "偏离规划路径" in row.locator(".live-check.warning").inner_text()
    box.fill("72")
    assert row.locator(".live-check").inner_text() == ""
    assert not IndicatorValue.objects.filter(
        indicator=first, year=2023
    ).exists()  # nothing saved while typing

    other = page.locator(f"#row-{second.code}")
    other.locator(".history-cell summary").click()
    panel = page.locator("#history-panel")
    assert panel.is_visible() and "71" in panel.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.console_errors == []

    leaving = """() => { const e = new Event('beforeunload', {cancelable: true});
                         window.dispatchEvent(e); return e.defaultPrevented; }"""
    assert page.evaluate(leaving) is True  # 72 typed, not saved: the browser asks before leaving
    box.fill("")
    assert page.evaluate(leaving) is False
