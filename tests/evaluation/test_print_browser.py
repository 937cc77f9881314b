"""A real browser prints the evaluation report to PDF: every chart image is loaded and has a size
on paper (no empty chart boxes), and the page has no console or CSP errors."""

import pytest
from django.db import connections
from django.test import Client

pytestmark = pytest.mark.browser


def test_the_print_page_prints_every_chart(
    django_db_setup, transactional_db, live_server, browser_page, planner, renhe
):
    try:
        _print(live_server, browser_page, planner, renhe)
    finally:
        connections.close_all()


def _print(live_server, page, planner, plan):
    client = Client()
    client.force_login(planner)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page.goto(
        f"{live_server.url}/evaluation/plans/{plan.pk}/?kind=final&as_of=2025&sections=charts&sections=table"
    )
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    images = page.evaluate(
        "() => [...document.querySelectorAll('.report-chart img')].map("
        "i => [i.complete, i.naturalWidth, i.getBoundingClientRect().height])"
    )
    assert len(images) == 23
    assert all(done and width > 0 and height > 50 for done, width, height in images), images
    assert page.locator(".topbar").is_hidden() and page.locator(".report-options").is_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    assert (
        pdf.startswith(b"%PDF")
        and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 1
    )
    assert len(pdf) > 200_000  # 23 chart images embedded
    assert page.console_errors == []
