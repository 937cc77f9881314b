from django.core.management.base import BaseCommand

from plans.seed import seed_fixtures_regenerate


class Command(BaseCommand):
    help = "从 fixtures/sources/ 重新生成 fixtures/plans/ 中的规划交换文件（结果确定，可重复）"

    def handle(self, *args, **options):
        for path in seed_fixtures_regenerate():
            self.stdout.write(f"已写入 {path.relative_to(path.parents[2])}")
