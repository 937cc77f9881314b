"""Restore a backup made by `backup` into an empty database."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from operations.backup import BackupError, database_restore


class Command(BaseCommand):
    help = "把 backup 命令写出的备份恢复到一个空数据库（在 migrate 之前）"

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份文件路径")

    def handle(self, *args, source, **options):
        try:
            database_restore(source=Path(source))
        except BackupError as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        self.stdout.write(f"已从 {source} 恢复；如备份来自旧版本，请再运行 migrate")
