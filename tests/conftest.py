"""Shared fixtures: small factories and the five seed plans loaded once per test that asks."""

from __future__ import annotations

import hashlib
import itertools

import pytest

_counter = itertools.count(1)


def make_region(name: str = "克拉玛依市克拉玛依区", short_name: str = "克拉玛依区"):
    from plans.models import Region

    region, _ = Region.objects.get_or_create(
        name=name, defaults={"short_name": short_name, "level": "district"}
    )
    return region


def make_plan(region=None, **fields):
    from plans.models import Plan

    n = next(_counter)
    defaults = {
        "region": region or make_region(),
        "title": f"测试规划{n}",
        "period_start": 2021,
        "period_end": 2025,
        "status": "issued",
        "source_name": f"plan{n}.txt",
        "source_sha256": hashlib.sha256(f"plan{n}".encode()).hexdigest(),
        "source_text": "测试",
    }
    defaults.update(fields)
    return Plan.objects.create(**defaults)


def make_indicator(code: str | None = None, **fields):
    from indicators.models import Indicator

    n = next(_counter)
    defaults = {"code": code or f"T{n:03d}", "name": f"测试指标{n}", "unit": "%", "direction": 1}
    defaults.update(fields)
    return Indicator.objects.create(**defaults)


@pytest.fixture
def region(db):
    return make_region()


@pytest.fixture
def other_region(db):
    return make_region("攀枝花市仁和区", "仁和区")


@pytest.fixture
def plan(region):
    return make_plan(region)


@pytest.fixture
def indicator(db):
    return make_indicator()


@pytest.fixture
def seeded(db):
    """The five real plans, imported from the fixtures as `make run` does."""
    from plans.seed import seed_load

    _catalog, results = seed_load()
    return results


def make_user(username: str, role: str | None = None, regions=(), **fields):
    """A user in one of the portal's roles (录入员, 审核员, 规划人员, 管理员), editor of ``regions``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from plans.roles import ADMINISTRATOR, roles_ensure

    roles_ensure()
    user = get_user_model().objects.create_user(username, password="pw-for-tests-2026", **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if role == ADMINISTRATOR:
        user.is_staff = user.is_superuser = True
        user.save()
    for region in regions:
        region.editors.add(user)
    return user


@pytest.fixture
def editor_a(region):
    """录入员 of ``region`` (region A)."""
    from plans.roles import EDITOR

    return make_user("editor_a", EDITOR, regions=[region])


@pytest.fixture
def editor_b(other_region):
    """录入员 of ``other_region`` (region B): the outsider for region A."""
    from plans.roles import EDITOR

    return make_user("editor_b", EDITOR, regions=[other_region])


@pytest.fixture
def planner(db):
    from plans.roles import PLANNER

    return make_user("planner_p", PLANNER)


@pytest.fixture
def approver(db):
    from plans.roles import APPROVER

    return make_user("approver_q", APPROVER)


@pytest.fixture
def admin_user(db):
    from plans.roles import ADMINISTRATOR

    return make_user("admin_x", ADMINISTRATOR)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session", autouse=True)
def _live_server_one_request_at_a_time():
    """On the in-memory SQLite test database the live server's threads all share the test's one
    connection; two requests at once (a page fetching its two maps) would use it concurrently,
    which SQLite does not survive (seen in CI: a query answered with another's rows). There the
    live server handles one request at a time; Django then closes each HTTP connection, so the
    browser never waits on a kept-alive socket. PostgreSQL keeps the threaded server."""
    from django.core.servers.basehttp import WSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    # Checked before the test database exists: SQLite test databases are in memory here (no TEST NAME).
    if connection.vendor != "sqlite" or connection.settings_dict.get("TEST", {}).get("NAME"):
        yield
        return

    class OneAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)
            self.connections_override = connections_override or {}

    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = OneAtATime
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture
def browser_page():
    """A Playwright page in Debian's chromium; console errors are collected in ``page.console_errors``.

    Skipped locally when chromium is missing; in CI (CI=true) a missing chromium fails instead.
    Use together with pytest-django's ``live_server``.
    """
    import os

    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian chromium (make browser-deps)")
        pytest.skip(f"{CHROMIUM} not installed (make browser-deps)")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = (
        "true"  # Playwright's sync API runs an event loop in this thread
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        page = browser.new_page()
        page.console_errors = []
        page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        try:
            yield page
        finally:
            browser.close()
            # Django opened connections from Playwright's thread; close them so the test
            # database can be dropped (PostgreSQL refuses while a session is open).
            from django.db import connections

            connections.close_all()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the plan page caches its document part per plan)."""
    from django.core.cache import cache

    cache.clear()
    yield


def current_version(region, indicator, year: int) -> int:
    """The stored version of a value (0 when there is none): what a person's write must name,
    since a write over a stored value without its version is refused (issue 9)."""
    from indicators.models import IndicatorValue

    value = IndicatorValue.objects.filter(region=region, indicator=indicator, year=year).first()
    return value.version if value is not None else 0
