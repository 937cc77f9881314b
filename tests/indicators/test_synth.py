"""The synthetic national dataset: clearly marked, never written next to real data."""

import pytest
from django.core.management import CommandError, call_command

from indicators.dashboards.synth import SynthRefused, SynthSpec, synth_generate
from indicators.models import IndicatorStatus, IndicatorValue, PlanIndicator, Target
from plans.models import Plan, Region
from tests.conftest import make_plan

SMALL = SynthSpec(regions=6, indicators=4, years=5)


def test_it_refuses_a_database_with_real_plans(db):
    make_plan()
    with pytest.raises(SynthRefused):
        synth_generate(SMALL)
    assert not Region.objects.filter(synthetic=True).exists()


def test_the_command_refuses_a_database_with_real_plans_too(db):
    make_plan()
    with pytest.raises(CommandError, match="真实"):
        call_command("synth_national", "--regions", "2", "--indicators", "2", "--years", "3")


def test_it_writes_marked_districts_with_plans_targets_values_and_statuses(db):
    result = synth_generate(SMALL)
    regions = Region.objects.all()
    assert regions.count() == 6 and all(r.synthetic and r.name.startswith("合成-") for r in regions)
    plans = Plan.objects.all()
    assert plans.filter(period_end=2025).count() == 6
    assert plans.filter(period_end=2030, status="draft").count() == 2  # every third district
    assert all("合成数据" in p.title for p in plans)
    assert PlanIndicator.objects.count() == 8 * 4 == Target.objects.count()
    assert IndicatorStatus.objects.count() == result.counts["statuses"] == 32
    values = IndicatorValue.objects.filter(indicator__code="HL01")
    assert {v.year for v in values} <= set(range(2021, 2026))
    assert result.counts["values"] == IndicatorValue.objects.count()


def test_statuses_are_those_the_engine_computes(db):
    from indicators.status import status_rebuild_all

    synth_generate(SMALL)
    generated = dict(IndicatorStatus.objects.values_list("plan_indicator_id", "status"))
    status_rebuild_all()
    assert dict(IndicatorStatus.objects.values_list("plan_indicator_id", "status")) == generated


def test_a_second_run_needs_reset_and_reset_replaces_the_data(db):
    synth_generate(SMALL)
    with pytest.raises(SynthRefused, match="--reset"):
        synth_generate(SMALL)
    synth_generate(SynthSpec(regions=3, indicators=2, years=3), reset=True)
    assert Region.objects.count() == 3 and Plan.objects.count() == 4


def test_the_command_prints_what_it_wrote(db, capsys):
    call_command("synth_national", "--regions", "3", "--indicators", "2", "--years", "3")
    assert "合成数据已生成" in capsys.readouterr().out
    assert Region.objects.filter(synthetic=True).count() == 3
