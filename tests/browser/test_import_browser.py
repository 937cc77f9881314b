"""A real browser (Playwright + Debian chromium) through the import screens.

An administrator uploads 001 — the plan without a title line — fills in the title, maps
one row to a catalog entry by hand, publishes, and finds the plan on the overview.
"""

from __future__ import annotations

import re

import pytest
from django.db import connections

from indicators.catalog import catalog_load
from indicators.models import Indicator, PlanIndicator
from plans.models import ImportEvent, ImportSession
from plans.seed import CATALOG_FILE
from tests.plans.conftest import source_path

pytestmark = pytest.mark.browser

TITLE_001 = "第二师铁门关市“十四五”卫生健康事业发展规划"
PASSWORD = "pw-for-tests-2026"


@pytest.fixture
def page(live_server, browser_page):
    """The browser page; afterwards, close the database connections opened while Playwright ran.

    Playwright's sync API switches the context Django keys its connections on, so queries made
    after it starts open a second connection; left open, it stops PostgreSQL dropping the test
    database.
    """
    # The site has no favicon yet; chromium's automatic request would log a 404 as a console error.
    browser_page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    yield browser_page
    connections.close_all()


def test_an_admin_imports_a_plan_without_a_title_line_maps_a_row_and_sees_it_on_the_overview(
    live_server, page, admin_user
):
    catalog_load(CATALOG_FILE)
    special = Indicator.objects.create(
        code="HL04-XPCC", name="婴儿死亡率（兵团口径）", unit="‰", direction=-1, domain="健康水平"
    )
    page.goto(f"{live_server.url}/imports/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/imports/")

    page.set_input_files("#id_file", str(source_path("001")))
    page.click("text=上传并解析")
    page.wait_for_url("**/imports/*/")
    assert page.locator("text=没有找到规划标题").first.is_visible()
    assert page.input_value("#id_title") == ""
    assert page.input_value("#id_region") == "第二师铁门关市"

    page.fill("#id_title", TITLE_001)
    name_cell = page.locator("td.name", has_text=re.compile(r"^\s*婴儿死亡率"))
    row = page.locator("tr", has=name_cell)
    row.locator("select[name^='map-']").select_option("HL04-XPCC")
    page.click("text=保存并发布")

    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".messages").inner_text().startswith("已发布新规划")
    link = page.locator("table a", has_text=TITLE_001)
    assert link.count() == 1
    link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLE_001
    assert page.console_errors == []

    session = ImportSession.objects.get()
    assert session.state == "published" and session.published_plan.title == TITLE_001
    mapped = PlanIndicator.objects.get(plan=session.published_plan, name="婴儿死亡率")
    assert mapped.indicator == special
    assert session.events.filter(action=ImportEvent.Action.MAP_ROW, detail__after="HL04-XPCC").exists()
    assert session.events.filter(action=ImportEvent.Action.EDIT_METADATA).exists()
