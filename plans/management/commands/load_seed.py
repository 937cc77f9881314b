"""Load the catalog, the five seed plans and the role groups (idempotent; creates no account)."""

import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from plans.roles import roles_ensure
from plans.seed import SeedError, seed_load
from plans.services import ImportRejected


class Command(BaseCommand):
    help = "载入指标目录、五份种子规划和角色组（可重复运行；不创建任何账号）"

    def handle(self, *args, **options):
        # Issue 15: the national division list first, so the seed regions get their codes.
        call_command("load_divisions", stdout=self.stdout)
        try:
            loaded, results = seed_load()
        except (SeedError, ImportRejected) as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        roles_ensure()
        self.stdout.write(f"指标目录：新增 {loaded.created} 项，别名 {loaded.aliases_added} 个")
        for result in results:
            self.stdout.write(f"{result.plan.region.short_name}：{result.summary_lines()[0]}")
