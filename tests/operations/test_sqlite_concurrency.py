"""Two people saving at the same moment on SQLite (two gunicorn worker processes, one file):
never a 500 or "database is locked", never a lost update — each sees their save or the conflict."""

from __future__ import annotations

import re
import sqlite3
import threading

import pytest

from .servers import AppServer, Browser, base_env, form_fields, manage

pytestmark = pytest.mark.slow_server

ROUNDS = 20
CREATE_EDITORS = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from plans.models import Region
from plans.roles import EDITOR
region = Region.objects.get(short_name="克拉玛依区")
for name in ("zhang", "li"):
    user = get_user_model().objects.create_user(name, password="pw-for-tests-2026")
    user.groups.add(Group.objects.get(name=EDITOR))
    region.editors.add(user)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, production_static):
    path = tmp_path_factory.mktemp("sqlite") / "portal.sqlite3"
    env = base_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SQLITE_PATH=str(path),
        DJANGO_STATIC_ROOT=str(production_static),
    )
    manage("migrate", "--noinput", env=env)
    manage("load_seed", env=env)
    manage("shell", "-c", CREATE_EDITORS, env=env)
    with AppServer(env, workers=2) as app:
        app.db_path = path
        yield app


def _post_together(requests):
    """Send the POSTs at the same instant (a barrier releases them together); their statuses."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def send(i, browser, path, fields):
        barrier.wait()
        status, _headers, body = browser.post(path, fields)
        results[i] = (status, body.decode())

    threads = [threading.Thread(target=send, args=(i, *r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _with(fields, key, value):
    out = [(k, v) for k, v in fields if k not in (f"v_{key}", f"c_{key}")]
    return [*out, (f"v_{key}", value), (f"c_{key}", "并发保存测试")]


def _value(db_path, region_short, code, year):
    with sqlite3.connect(db_path) as db:
        row = db.execute(
            "SELECT v.value, v.version FROM indicators_indicatorvalue v JOIN plans_region r ON r.id = v.region_id "
            "WHERE r.short_name = ? AND v.indicator_id = ? AND v.year = ?",
            (region_short, int(code.lstrip("i")), year),
        ).fetchone()
        changes = db.execute("SELECT COUNT(*) FROM indicators_valuechange").fetchone()[0]
    return row, changes


def test_twenty_rounds_of_two_concurrent_saves_lose_nothing_and_never_fail(server):
    zhang, li = Browser(server.port), Browser(server.port)
    zhang.login("zhang", "pw-for-tests-2026")
    li.login("li", "pw-for-tests-2026")
    _s, _h, index = zhang.get("/entry/")
    region_id, year = re.search(r'href="/entry/(\d+)/(\d{4})/"', index.decode()).groups()
    path = f"/entry/{region_id}/{year}/"
    keys = re.findall(r'name="v_([^"]+)"', zhang.get(path)[2].decode())
    assert len(keys) >= 2
    same_saved = conflicts = 0
    for round_no in range(ROUNDS):
        fields_z = form_fields(zhang.get(path)[2].decode(), 'id="entry-form"')
        fields_l = form_fields(li.get(path)[2].decode(), 'id="entry-form"')
        _row, changes_before = _value(server.db_path, "克拉玛依区", keys[0], int(year))
        if round_no % 2 == 0:  # the same box, different numbers: one wins, the other sees the conflict
            a, b = f"{60 + round_no}.5", f"{70 + round_no}.5"
            results = _post_together(
                [(zhang, path, _with(fields_z, keys[0], a)), (li, path, _with(fields_l, keys[0], b))]
            )
            statuses = sorted(status for status, _body in results)
            assert statuses == [200, 302], results
            loser = next(body for status, body in results if status == 200)
            assert "未保存任何数值" in loser
            winner_value = a if results[0][0] == 302 else b
            row, changes_after = _value(server.db_path, "克拉玛依区", keys[0], int(year))
            assert f"{float(row[0]):.1f}" == winner_value
            assert changes_after == changes_before + 1  # exactly one save, and its history row
            same_saved += 1
            conflicts += 1
        else:  # different boxes: both saves land
            a, b = f"{40 + round_no}.5", f"{30 + round_no}.5"
            results = _post_together(
                [(zhang, path, _with(fields_z, keys[0], a)), (li, path, _with(fields_l, keys[1], b))]
            )
            assert [status for status, _body in results] == [302, 302], results
            assert f"{float(_value(server.db_path, '克拉玛依区', keys[0], int(year))[0][0]):.1f}" == a
            _row, changes_after = _value(server.db_path, "克拉玛依区", keys[0], int(year))
            assert changes_after == changes_before + 2
    assert same_saved == conflicts == ROUNDS // 2
