"""In a real browser, on the seeded portal: after some entry, a submission (with reasons for the blanks)
and a return, each role lands on 我的待办 and every count on the page and in the badge is the database's."""

import datetime

import pytest
from django.db import connections
from django.utils import timezone

from indicators.entry.selectors import plan_years, region_plans
from indicators.entry.submissions import year_submission_submit
from indicators.models import IndicatorValue, PlanIndicator, SubmissionEvent, YearSubmission
from indicators.services import indicator_value_record
from plans.models import ImportSession, Plan
from reporting.models import BlankReason, ReportingDeadline
from reporting.services import reporting_deadline_set

pytestmark = pytest.mark.browser
PASSWORD = "pw-for-tests-2026"


def _log_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/inbox/")


def _shown(page) -> dict:
    """Every count on the inbox: the section badges, their listed items, the nav badge and the total."""
    counts = {}
    for role in ("editor", "approver", "planner", "admin"):
        badge = page.locator(f'[data-count="{role}"]')
        if badge.count():
            counts[role] = int(badge.inner_text())
            counts[f"{role}_items"] = page.locator(f"#inbox-{role} .inbox-item").count()
    nav = page.locator("#nav-inbox-count")
    counts["nav"] = int(nav.inner_text()) if nav.count() else 0
    counts["total"] = int(page.locator("#inbox-total").inner_text())
    return counts


def _editor_db(region) -> int:
    """Counted from the tables directly: 已退回 years, and 填报中 years that have a deadline."""
    deadlines = set(ReportingDeadline.objects.values_list("year", flat=True))
    states = dict(YearSubmission.objects.filter(region=region).values_list("year", "state"))
    return sum(
        1
        for year in plan_years(region_plans(region))
        if states.get(year, "open") == "returned"
        or (states.get(year, "open") == "open" and year in deadlines)
    )


def _waiting_db() -> int:
    return YearSubmission.objects.filter(state="submitted").count()


def test_every_roles_inbox_counts_equal_the_database(
    django_db_setup,
    live_server,
    browser_page,
    seeded,
    region,
    other_region,
    editor_a,
    editor_b,
    approver,
    planner,
    admin_user,
):
    try:
        _walk(live_server, browser_page, region, other_region, editor_a, editor_b, admin_user)
    finally:
        connections.close_all()


def _walk(live_server, page, region, other_region, editor_a, editor_b, admin_user):
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    today = timezone.localdate()
    this_year = today.year

    # An administrator sets this year's deadline in the browser; last year's has passed.
    _log_in(page, live_server, "admin_x")
    page.goto(f"{live_server.url}/reporting/deadlines/")
    page.fill("#deadline-form #id_year", str(this_year))
    page.fill("#deadline-form #id_due", (today + datetime.timedelta(days=20)).isoformat())
    page.click("#deadline-form button[type=submit]")
    page.wait_for_load_state()
    assert ReportingDeadline.objects.get(year=this_year).due == today + datetime.timedelta(days=20)
    reporting_deadline_set(year=this_year - 1, due=today - datetime.timedelta(days=30), user=admin_user)

    # Some entry: two of this year's values of 克拉玛依区 (copied from last year, so no warning).
    last = list(IndicatorValue.objects.filter(region=region, year=this_year - 1, value__isnull=False)[:2])
    for value in last:
        indicator_value_record(
            region=region,
            indicator=value.indicator,
            year=this_year,
            value=value.value,
            raw=value.raw,
            source="entered",
        )
    year_submission_submit(region=other_region, year=2023, user=editor_b)

    # The editor lands on the inbox, opens this year, sees 已填 x/y and submits with a reason per blank.
    _log_in(page, live_server, "editor_a")
    shown = _shown(page)
    assert (
        shown["editor"] == shown["editor_items"] == _editor_db(region) == shown["nav"] == shown["total"] == 2
    )
    page.goto(f"{live_server.url}/entry/{region.pk}/{this_year}/")
    line = page.locator("#completeness").inner_text()
    boxes = page.locator("#submit-form input[name^=reason_]")
    expected = int(line.split("/")[1].split()[0])
    assert f"已填 {len(last)}/" in line and boxes.count() == expected - len(last)
    for index in range(boxes.count()):
        boxes.nth(index).fill("统计年报尚未发布")
    page.click("#submit-form button[type=submit]")
    page.wait_for_load_state()
    assert "已提交审核" in page.locator(".messages").inner_text()
    assert BlankReason.objects.filter(region=region, year=this_year).count() == expected - len(last)

    # The approver sees both waiting years and returns this one with a reason.
    _log_in(page, live_server, "approver_q")
    shown = _shown(page)
    assert shown["approver"] == shown["approver_items"] == _waiting_db() == shown["nav"] == 2
    page.goto(f"{live_server.url}/entry/{region.pk}/{this_year}/")
    page.fill("form[action$='/return/'] input[name=reason]", "请补充床位数")
    page.click("form[action$='/return/'] button[type=submit]")
    page.wait_for_load_state()
    assert YearSubmission.objects.get(region=region, year=this_year).state == "returned"

    # Back to the editor: the return and its reason are on the inbox.
    _log_in(page, live_server, "editor_a")
    shown = _shown(page)
    assert shown["editor"] == shown["editor_items"] == _editor_db(region) == shown["nav"] == 2
    assert "请补充床位数" in page.locator("#inbox-editor").inner_text()

    # The planner sees every review step and every plan of the last 30 days (a first visit).
    _log_in(page, live_server, "planner_p")
    shown = _shown(page)
    changes = SubmissionEvent.objects.count() + Plan.objects.count()
    assert shown["planner"] == shown["planner_items"] == changes == shown["nav"] == 5 + 3

    # The administrator: imports in review, unmatched rows, and (as an approver) what waits.
    ImportSession.objects.create(file_name="新规划征求意见稿.txt", uploaded_by=admin_user)
    _log_in(page, live_server, "admin_x")
    shown = _shown(page)
    admin_db = ImportSession.objects.filter(state="review").count()
    admin_db += PlanIndicator.objects.filter(indicator__local_to_plan__isnull=False).count()
    assert shown["admin"] == admin_db == 1
    assert "新规划征求意见稿.txt" in page.locator("#inbox-admin").inner_text()
    assert shown["approver"] == shown["approver_items"] == _waiting_db() == 1
    assert shown["nav"] == shown["total"] == admin_db + 1
    assert page.console_errors == []
