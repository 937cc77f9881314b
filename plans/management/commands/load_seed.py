"""Load the catalog, the five seed plans and the demo accounts (idempotent)."""

import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from plans.roles import demo_accounts_ensure
from plans.seed import SeedError, seed_load
from plans.services import ImportRejected


class Command(BaseCommand):
    help = "载入指标目录、五份种子规划和演示账号（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="不创建演示账号")

    def handle(self, *args, **options):
        # Issue 15: the national division list first, so the seed regions get their codes.
        call_command("load_divisions", stdout=self.stdout)
        try:
            loaded, results = seed_load()
        except (SeedError, ImportRejected) as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        self.stdout.write(f"指标目录：新增 {loaded.created} 项，别名 {loaded.aliases_added} 个")
        for result in results:
            self.stdout.write(f"{result.plan.region.short_name}：{result.summary_lines()[0]}")
        if options["no_accounts"]:
            return
        self.stdout.write("")
        self.stdout.write("演示账号（仅供本地试用）：")
        for account in demo_accounts_ensure():
            region = f"（{account.region}）" if account.region else ""
            self.stdout.write(f"  {account.role}{region}：用户名 {account.username}  密码 {account.password}")
