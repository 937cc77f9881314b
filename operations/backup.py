"""Consistent backups of the whole database, and restoring one into an empty database.

PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot, even while people work) and
``pg_restore``; the client programs must be on PATH. SQLite: the online backup API
(``sqlite3.Connection.backup``), which copies a consistent snapshot page by page while the portal
keeps running. Either way the backup holds every table: plans, values, their history, audit
events, accounts and sessions.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(RuntimeError):
    pass


def _is_postgresql(alias: str) -> bool:
    return connections[alias].vendor == "postgresql"


def _pg_env_and_args(alias: str) -> tuple[dict, list[str]]:
    settings = connections[alias].settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    args = ["--host", settings.get("HOST") or "localhost", "--port", str(settings.get("PORT") or 5432)]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    return env, args


def _run(command: list[str], env: dict) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端（postgresql-client）") from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()[:2000]}")


def database_backup(*, target: Path, alias: str = "default") -> Path:
    """Write a consistent backup of the database to ``target`` (an existing file is refused)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} 已存在，不覆盖")
    target.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[alias]
    if _is_postgresql(alias):
        env, args = _pg_env_and_args(alias)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                *args,
                "--file",
                str(target),
                connection.settings_dict["NAME"],
            ],
            env,
        )
        return target
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()
    return target


def database_restore(*, source: Path, alias: str = "default") -> None:
    """Load a backup into the database, which must be empty (no tables yet: before `migrate`)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"找不到备份文件 {source}")
    connection = connections[alias]
    if connection.introspection.table_names():
        raise BackupError("目标数据库不是空的：恢复只写入一个新建的空数据库（在 migrate 之前）")
    if _is_postgresql(alias):
        env, args = _pg_env_and_args(alias)
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                *args,
                "--dbname",
                connection.settings_dict["NAME"],
                str(source),
            ],
            env,
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(source) as backup:
        backup.backup(connection.connection)
    backup.close()
