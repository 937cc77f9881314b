"""Two app servers sharing one PostgreSQL database and one Redis cache (CACHE_URL=redis://…), the
multi-server layout of docs/deploy.md: what one server caches the other reads, and a value saved
through one server shows at once in the roll-up map the other serves from the shared cache (the
cache keys carry the status table's version stamp, renewed in the writer's transaction)."""

from __future__ import annotations

import json
import os
import re

import pytest

from .servers import AppServer, Browser, base_env, form_fields, manage, pg_database

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")  # its own numbered database
PEOPLE = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from plans.models import Region
from plans.roles import EDITOR, PLANNER
users = get_user_model().objects
editor = users.create_user("zhang", password="pw-for-tests-2026")
editor.groups.add(Group.objects.get(name=EDITOR))
Region.objects.get(short_name="克拉玛依区").editors.add(editor)
users.create_user("li", password="pw-for-tests-2026").groups.add(Group.objects.get(name=PLANNER))
"""
MAP = "/divisions/650200/map.json?horizon=2030&level=county&by=value&indicator=HL01"


@pytest.fixture(scope="module")
def redis_cache():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"Redis at {REDIS_URL} is unreachable")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def servers(production_static, redis_cache):
    with pg_database("two_servers_redis") as url:
        env = base_env(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DATABASE_URL=url,
            DJANGO_STATIC_ROOT=str(production_static),
            CACHE_URL=REDIS_URL,
        )
        manage("migrate", "--noinput", env=env)
        manage("load_seed", env=env)
        manage("shell", "-c", PEOPLE, env=env)
        with AppServer(env) as first, AppServer(env) as second:
            yield first, second, redis_cache


def _karamay_text(browser) -> str:
    status, _headers, body = browser.get(MAP)
    assert status == 200, body[:300]
    return next(a["t"] for a in json.loads(body)["areas"] if a["c"] == "650203")


def test_a_value_saved_on_one_server_shows_at_once_in_the_map_the_other_serves_from_redis(servers):
    first, second, redis = servers
    planner = Browser(second.port)
    planner.login("li", "pw-for-tests-2026")
    before = _karamay_text(planner)
    assert "84.9" not in before
    assert any(b"rollup" in key for key in redis.keys("*")), "the map was not cached in Redis"
    assert _karamay_text(planner.with_port(first.port)) == before  # the other server reads the same entry

    editor = Browser(first.port)
    editor.login("zhang", "pw-for-tests-2026")
    index = editor.get("/entry/")[2].decode()
    region_id = re.search(r'href="/entry/(\d+)/2026/"', index).group(1)
    path = f"/entry/{region_id}/2026/"
    html = editor.get(path)[2].decode()
    key = re.search(r'<tr id="row-HL01".*?name="v_(i\d+)"', html, re.S).group(1)  # 人均预期寿命
    fields = [(k, v) for k, v in form_fields(html, 'id="entry-form"') if k not in (f"v_{key}", f"c_{key}")]
    status, _headers, body = editor.post(path, [*fields, (f"v_{key}", "84.9"), (f"c_{key}", "两台服务器")])
    assert status == 302, body[:500]

    after = _karamay_text(planner)  # the second server, from the shared cache, right away
    assert after != before and "84.9" in after, after
