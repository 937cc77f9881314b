"""Daily from cron: email due, overdue, returned and waiting reminders, each at most once."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting.reminders import reminders_send


class Command(BaseCommand):
    help = "发送填报提醒邮件（即将截止、已逾期、已退回、待审核）；可重复运行，同一提醒只发一次。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按这一天计算（YYYY-MM-DD），默认今天")
        parser.add_argument("--days-before", type=int, help="截止前几天开始提醒（默认 REMINDER_DAYS_BEFORE）")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不发送也不记录")

    def handle(self, *args, date=None, days_before=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD: {exc}") from exc
        if days_before is not None and days_before < 0:
            raise CommandError("--days-before must be 0 or more")
        report = reminders_send(today=today, days_before=days_before, dry_run=dry_run)
        self.stdout.write(
            f"{'dry run: ' if dry_run else ''}emails={report.emails} reminders={report.reminders} "
            f"opted_out={report.opted_out} no_email={report.no_email} failed={report.failed}"
        )
        if report.failed:
            raise CommandError(f"{report.failed} email(s) could not be sent; they will be retried next run")
