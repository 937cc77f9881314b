"""Write a consistent backup of the database (pg_dump custom format, or SQLite's online backup)."""

import sys
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from operations.backup import BackupError, database_backup


class Command(BaseCommand):
    help = "备份整个数据库（PostgreSQL：pg_dump 自定义格式；SQLite：在线备份），可在系统运行时执行"

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?", help="备份文件路径（默认 backups/portal-时间.dump）")

    def handle(self, *args, target=None, **options):
        path = Path(target or f"backups/portal-{datetime.now():%Y%m%d-%H%M%S}.dump")
        try:
            written = database_backup(target=path)
        except BackupError as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        self.stdout.write(f"已备份到 {written}（{written.stat().st_size} 字节）")
