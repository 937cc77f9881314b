from django.core.management.base import BaseCommand

from indicators.status import status_rebuild_all


class Command(BaseCommand):
    help = "从年度值重新计算全部指标进展（状态表）"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=int, default=None, help="评估年份（默认今年）")

    def handle(self, *args, **options):
        count = status_rebuild_all(as_of=options["as_of"])
        self.stdout.write(f"已重新计算 {count} 条指标进展")
