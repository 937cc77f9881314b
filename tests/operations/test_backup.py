"""Backup → a new empty database → restore: every table comes back with the same rows."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from indicators.models import Indicator, IndicatorValue, ValueChange
from indicators.services import indicator_value_record
from plans.models import Plan
from tests.conftest import current_version, make_user

MANAGE = Path(settings.BASE_DIR) / "manage.py"
SAMPLED = ["plans_plan", "plans_chapter", "indicators_indicatorvalue", "indicators_valuechange", "auth_user"]


def _plain(value) -> str:
    """One spelling per value whichever driver read it (Django's SQLite connection converts booleans)."""
    return str(int(value)) if isinstance(value, bool) else str(value)


def _snapshot(cursor, tables: list[str]) -> tuple[dict, dict]:
    counts, samples = {}, {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    for table in SAMPLED:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY id LIMIT 20')
        samples[table] = [tuple(_plain(v) for v in row) for row in cursor.fetchall()]
    return counts, samples


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def filled(transactional_db, seeded):
    """The five plans, two entered values (one changed, so history has two rows), an account."""
    user = make_user("backup_editor")
    plan = Plan.objects.filter(indicator_rows__indicator__isnull=False).order_by("pk").first()
    indicator = Indicator.objects.filter(plan_rows__plan=plan).first()
    for value in ("81.5", "82.0"):
        indicator_value_record(
            region=plan.region,
            indicator=indicator,
            year=2023,
            value=Decimal(value),
            source="entered",
            user=user,
            expected_version=current_version(plan.region, indicator, 2023),
        )
    assert (
        ValueChange.objects.filter(value__region=plan.region).count() >= 2 or ValueChange.objects.count() >= 2
    )
    return plan


def test_a_backup_restored_into_an_empty_database_has_the_same_rows(filled, tmp_path):
    backup = tmp_path / "portal.dump"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert backup.stat().st_size > 0
    tables = sorted(connection.introspection.table_names())
    connection.ensure_connection()
    expected = _snapshot(connection.connection.cursor(), tables)  # the driver's own cursor, as below
    assert expected[0]["indicators_indicatorvalue"] >= 1 and expected[0]["plans_plan"] == 5

    if connection.vendor == "postgresql":
        import psycopg2
        import psycopg2.extras

        name = f"restore_{os.getpid()}"
        admin = psycopg2.connect(dbname="postgres", **_pg_params())
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cur.execute(f'CREATE DATABASE "{name}"')
        try:
            url = _pg_url(name)
            done = _manage("restore", str(backup), env={"DATABASE_URL": url})
            assert done.returncode == 0, done.stderr
            restored = psycopg2.connect(dbname=name, options="-c timezone=UTC", **_pg_params())
            # Read JSON columns as text, as Django's connection does.
            psycopg2.extras.register_default_jsonb(conn_or_curs=restored, loads=lambda text: text)
            with restored.cursor() as cur:
                assert _snapshot(cur, tables) == expected
            restored.close()
        finally:
            with admin.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    else:
        target = tmp_path / "restored.sqlite3"
        env = {"SQLITE_PATH": str(target)}
        done = _manage("restore", str(backup), env={k: v for k, v in env.items()} | {"DATABASE_URL": ""})
        assert done.returncode == 0, done.stderr
        restored = sqlite3.connect(target)
        assert _snapshot(restored.cursor(), tables) == expected
        restored.close()


def test_restore_refuses_a_database_that_is_not_empty(filled, tmp_path):
    backup = tmp_path / "portal.dump"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    with pytest.raises(SystemExit) as exit_info:
        call_command("restore", str(backup), stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))  # noqa: SIM115
    assert exit_info.value.code == 2
    assert IndicatorValue.objects.count() >= 1


def test_backup_never_overwrites_an_existing_file(db, tmp_path):
    existing = tmp_path / "old.dump"
    existing.write_bytes(b"keep me")
    with pytest.raises(SystemExit):
        call_command("backup", str(existing), stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))  # noqa: SIM115
    assert existing.read_bytes() == b"keep me"


def _pg_params() -> dict:
    cfg = connection.settings_dict
    params = {
        "host": cfg.get("HOST") or "localhost",
        "port": cfg.get("PORT") or 5432,
        "user": cfg.get("USER"),
    }
    if cfg.get("PASSWORD"):
        params["password"] = cfg["PASSWORD"]
    return params


def _pg_url(name: str) -> str:
    p = _pg_params()
    auth = p["user"] + (f":{p['password']}" if p.get("password") else "")
    return f"postgres://{auth}@{p['host']}:{p['port']}/{name}"
