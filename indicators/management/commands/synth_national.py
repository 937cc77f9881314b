"""Generate the synthetic national dataset for the dashboards' benchmark, in a separate database.

    DATABASE_URL=sqlite:////tmp/national.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/national.sqlite3 .venv/bin/python manage.py synth_national

Refuses a database that holds real plans or values (see ``indicators.dashboards.synth``).
"""

from django.core.management.base import BaseCommand, CommandError

from indicators.dashboards.synth import SynthRefused, SynthSpec, synth_generate


class Command(BaseCommand):
    help = "生成合成的全国数据集（2850 个地区 × 30 个指标 × 15 年），仅用于性能测试，须写入单独的数据库"

    def add_arguments(self, parser):
        defaults = SynthSpec()
        parser.add_argument("--regions", type=int, default=defaults.regions)
        parser.add_argument("--indicators", type=int, default=defaults.indicators)
        parser.add_argument("--years", type=int, default=defaults.years)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--as-of", type=int, default=None, help="评估年（默认今年）")
        parser.add_argument("--reset", action="store_true", help="先删除已有的合成数据")
        parser.add_argument(
            "--divisions", action="store_true", help="用真实的县级行政区划名称和代码（须先 load_divisions）"
        )

    def handle(self, *args, **options):
        spec = SynthSpec(
            regions=options["regions"],
            indicators=options["indicators"],
            years=options["years"],
            seed=options["seed"],
            divisions=options["divisions"],
        )
        if not 1 <= spec.indicators <= 30 or spec.regions < 1 or not 1 <= spec.years <= 60:
            raise CommandError("参数超出范围：--regions ≥ 1，--indicators 1–30，--years 1–60")
        say = (lambda message: self.stderr.write(message)) if options["verbosity"] > 1 else None
        try:
            result = synth_generate(spec, reset=options["reset"], as_of=options["as_of"], progress=say)
        except (SynthRefused, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        counts = "，".join(f"{key} {value}" for key, value in result.counts.items())
        timing = "，".join(f"{key} {value:.1f}s" for key, value in result.seconds.items())
        self.stdout.write(f"合成数据已生成：{counts}（{timing}）")
