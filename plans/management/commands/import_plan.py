"""Parse, validate and save one plan document in one transaction."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from plans.parsing import ParseError, parse_bytes
from plans.services import ImportRejected, PlanOverrides, plan_import


class Command(BaseCommand):
    help = "导入规划文件（解析、校验并在一个事务中保存）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="规划文件（.txt）")
        parser.add_argument("--dry-run", action="store_true", help="只解析和校验，不保存")
        parser.add_argument("--title", help="规划标题（文件中缺少时）")
        parser.add_argument("--region", help="地区全称，如 第二师铁门关市")
        parser.add_argument("--region-short", help="地区简称，如 铁门关市")
        parser.add_argument("--period-start", type=int, help="规划起始年")
        parser.add_argument("--period-end", type=int, help="规划终止年")

    def handle(self, *args, **options):
        path = Path(options["file"])
        overrides = PlanOverrides(
            title=options["title"],
            region=options["region"],
            region_short=options["region_short"],
            period_start=options["period_start"],
            period_end=options["period_end"],
        )
        try:
            data = path.read_bytes()
            document = parse_bytes(data, name=path.name)
            result = plan_import(
                document=document.to_dict(),
                source_text=document.text,
                overrides=overrides,
                dry_run=options["dry_run"],
            )
        except (ParseError, ImportRejected) as exc:
            self.stderr.write(f"{path.name}：{exc}".replace("\n", " "))
            sys.exit(2)
        except OSError as exc:
            self.stderr.write(f"无法读取文件 {path}：{exc.strerror or exc}")
            sys.exit(2)
        for line in result.summary_lines():
            self.stdout.write(line)
