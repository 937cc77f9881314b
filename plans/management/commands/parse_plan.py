"""Print the plan interchange document of one file; writes nothing."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from plans.parsing import ParseError, parse_bytes


class Command(BaseCommand):
    help = "解析规划文件并输出规划交换格式（JSON），不写数据库"

    def add_arguments(self, parser):
        parser.add_argument("file", help="规划文件（.txt）")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
            document = parse_bytes(data, name=path.name)
            payload = json.dumps(document.to_dict(), ensure_ascii=False, indent=1, allow_nan=False)
        except ParseError as exc:
            fail(self, f"{path.name}：{exc}")
        except OSError as exc:
            fail(self, f"无法读取文件 {path}：{exc.strerror or exc}")
        except Exception as exc:  # a parser bug must still not show a traceback to the user
            fail(self, f"{path.name}：解析失败（{type(exc).__name__}）")
        self.stdout.write(payload)


def fail(command: BaseCommand, message: str) -> None:
    command.stderr.write(message.replace("\n", " "))
    sys.exit(2)
