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


NO_TABLE_TEXT = (
    "示范市示范区卫生健康“十四五”规划\n\n第一章 发展基础\n全区卫生健康事业取得明显成效。\n\n"
    "第二章 主要指标\n到2025年，人均预期寿命达到80岁，婴儿死亡率控制在5‰以内。\n\n"
    "第三章 保障措施\n加强组织领导。\n"
)
PASTED_TABLE = (
    "领域\t主要指标\t单位\t2020年\t2025年\t指标性质\n"
    "健康水平\t人均预期寿命\t岁\t79\t80\t预期性\n"
    "健康水平\t婴儿死亡率\t‰\t4.2\t≤5\t约束性\n"
)


def test_a_table_the_parser_cannot_find_is_pasted_in_review_published_and_shown_on_the_dashboard(
    live_server, page, admin_user, tmp_path
):
    catalog_load(CATALOG_FILE)
    source = tmp_path / "no-table.txt"
    source.write_text(NO_TABLE_TEXT, encoding="utf-8")
    page.goto(f"{live_server.url}/imports/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/imports/")

    page.set_input_files("#id_file", str(source))
    page.click("text=上传并解析")
    page.wait_for_url("**/imports/*/")
    warnings = page.locator("#review-warnings")
    assert "没有找到主要指标表" in warnings.inner_text()
    assert page.locator("#publish button.primary").is_disabled()  # blocked until the table is there

    page.fill("#paste-table textarea", PASTED_TABLE)
    page.click("#paste-submit")
    page.wait_for_url("**/imports/*/#indicators")
    assert page.locator("td.name", has_text="人均预期寿命").count() == 1
    assert page.locator("td.name", has_text="婴儿死亡率").count() == 1
    assert "已修正" in page.locator("#review-warnings").inner_text()
    assert page.locator("#publish button.primary").is_enabled()
    page.click("text=保存并发布")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".messages").inner_text().startswith("已发布新规划")

    session = ImportSession.objects.get()
    plan = session.published_plan
    assert session.events.filter(action=ImportEvent.Action.CORRECT_ROW, detail__kind="paste_table").exists()
    page.goto(f"{live_server.url}/dashboards/plans/{plan.pk}/")
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "人均预期寿命" in text and "婴儿死亡率" in text
    assert page.locator(".chart").count() >= 1
    assert "目标" in page.locator(".chart").first.inner_text()
    assert page.console_errors == []
