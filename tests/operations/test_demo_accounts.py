"""Demo accounts only in development; the seed creates no account; no seed resets a password."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from .servers import base_env, manage


def test_load_seed_creates_no_account_but_the_role_groups(seeded, db):
    call_command("load_seed", stdout=StringIO())
    assert get_user_model().objects.count() == 0
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) == {"录入员", "审核员", "规划人员", "管理员"}


def test_demo_accounts_are_created_in_development_and_printed(db):
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    assert "Demo-admin-2026" in out.getvalue()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("Demo-admin-2026")


def test_a_rerun_never_resets_a_changed_password(db):
    call_command("demo_accounts", stdout=StringIO())
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("Changed-by-the-owner-2026")
    admin.save()
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    admin.refresh_from_db()
    assert admin.check_password("Changed-by-the-owner-2026")
    assert "Demo-admin-2026" not in out.getvalue()


def test_demo_accounts_are_refused_unless_the_settings_allow_them(db, settings):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("demo_accounts", stdout=StringIO(), stderr=err)
    assert exit_info.value.code == 2 and "createsuperuser" in err.getvalue()
    assert get_user_model().objects.count() == 0


def test_the_production_seed_path_leaves_no_known_password(tmp_path):
    """migrate + load_seed under production settings twice; demo_accounts refused; no user exists."""
    import sqlite3

    env = base_env(
        DJANGO_SETTINGS_MODULE="config.settings.production", SQLITE_PATH=str(tmp_path / "p.sqlite3")
    )
    manage("migrate", "--noinput", env=env)
    manage("load_seed", env=env)
    manage("load_seed", env=env)
    import subprocess
    import sys

    from .servers import ROOT

    refused = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "demo_accounts"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert refused.returncode == 2 and "createsuperuser" in refused.stderr
    with sqlite3.connect(tmp_path / "p.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM auth_user").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM plans_plan").fetchone()[0] == 5
