"""Create the demo accounts for local development (refused under production settings)."""

import sys

from django.core.management.base import BaseCommand

from operations.demo import DemoAccountsRefused, demo_accounts_ensure


class Command(BaseCommand):
    help = "创建本地开发用的演示账号（已存在的账号不改密码；生产环境拒绝执行）"

    def handle(self, *args, **options):
        try:
            accounts = demo_accounts_ensure()
        except DemoAccountsRefused as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        self.stdout.write("演示账号（仅供本地试用）：")
        for account in accounts:
            place = account.region or (f"辖区 {account.division}" if account.division else "")
            region = f"（{place}）" if place else ""
            password = account.password if account.created else "（已存在，密码未改动）"
            self.stdout.write(f"  {account.role}{region}：用户名 {account.username}  密码 {password}")
