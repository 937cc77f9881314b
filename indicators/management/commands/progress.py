"""Progress of one plan's indicators, for scripts and checks (JSON)."""

import json
import sys

from django.core.management.base import BaseCommand

from indicators.reports import plan_progress_report
from plans.models import Plan


class Command(BaseCommand):
    help = "输出规划各指标的进展评估（JSON）。PLAN 为规划编号或地区简称（如 仁和区）"

    def add_arguments(self, parser):
        parser.add_argument("plan", help="规划编号，或地区简称/全称（取该地区最新的规划版本）")
        parser.add_argument("--as-of", type=int, default=None, help="评估年份（默认今年）")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, **options):
        plan = _find_plan(options["plan"])
        if plan is None:
            self.stderr.write(f"找不到规划：{options['plan']}")
            sys.exit(2)
        report = plan_progress_report(plan, as_of=options["as_of"])
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1, allow_nan=False))


def _find_plan(key: str) -> Plan | None:
    plans = Plan.objects.select_related("region")
    if key.isdigit():
        return plans.filter(pk=int(key)).first()
    by_region = plans.filter(region__short_name=key) | plans.filter(region__name=key)
    # The newest version of the newest period: what "仁和区's plan" means to a person.
    return by_region.exclude(revisions__isnull=False).order_by("-period_end", "-id").first()
