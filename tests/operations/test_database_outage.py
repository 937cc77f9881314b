"""The database away: JSON 503s from the API and the health check, a readable 503 page, no 500;
a PostgreSQL connection dropped between two requests (server restart) is replaced unnoticed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .servers import PG_ADMIN, ROOT, AppServer, Browser, base_env, manage, pg_database

PROBE = """
import json
from django.test import Client
client = Client(raise_request_exception=False, HTTP_COOKIE="sessionid=" + "k" * 32)
out = {}
for path in ["/healthz/", "/api/regions/", "/", "/dashboards/"]:
    r = client.get(path)
    out[path] = [r.status_code, r["Content-Type"], r.content.decode()[:300]]
print(json.dumps(out))
"""


def test_an_unreachable_database_gives_json_503s_on_the_api_and_a_503_page_elsewhere():
    env = base_env(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/nothing?connect_timeout=2",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + PROBE],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    for path in ["/healthz/", "/api/regions/"]:
        status, content_type, body = out[path]
        assert status == 503 and content_type == "application/json", out[path]
        payload = json.loads(body)
        assert payload.get("error") == "database_unavailable" or payload.get("status") == "unavailable"
    for path in ["/", "/dashboards/"]:
        status, content_type, body = out[path]
        assert status == 503 and content_type.startswith("text/html"), out[path]
        assert "数据库暂时不可用" in body


@pytest.fixture
def restartable(production_static):
    """A migrated database of its own, its name and an admin connection to drop its sessions."""
    import psycopg2

    with pg_database("ops_restart") as url:
        env = base_env(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DATABASE_URL=url,
            DJANGO_STATIC_ROOT=str(production_static),
        )
        manage("migrate", "--noinput", env=env)
        admin = psycopg2.connect(PG_ADMIN, connect_timeout=5)
        admin.autocommit = True
        try:
            yield url.rsplit("/", 1)[1], env, admin
        finally:
            admin.close()


def _terminate_connections(admin, name: str) -> int:
    """What a PostgreSQL restart does to the app's open connections (without restarting the shared server)."""
    with admin.cursor() as cur:
        cur.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        return cur.fetchone()[0]


def test_a_dropped_postgresql_connection_between_two_requests_is_no_500(restartable):
    name, env, admin = restartable
    with AppServer(env, workers=1) as app:
        browser = Browser(app.port)
        assert browser.get("/")[0] == 200
        assert _terminate_connections(admin, name) >= 1  # the worker held a persistent connection
        for path in ["/", "/healthz/", "/api/regions/"]:
            status, _headers, _body = browser.get(path)
            assert status in {200, 401, 403, 302}, (path, status)
        assert browser.get("/")[0] == 200
