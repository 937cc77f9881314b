"""Higher-level plans as references: a district target weaker than its province's or the nation's."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from divisions.benchmarks import Reference, behind, benchmark, weaker
from divisions.models import Division
from indicators.models import Direction
from plans.imports.services import import_session_upload
from plans.models import Plan, Region
from plans.parsing import parse_bytes
from plans.services import PlanOverrides, plan_import

DATA = Path(__file__).parent / "data"
UP, DOWN = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER


def test_weaker_targets_are_direction_aware():
    assert weaker(Decimal("77.6"), Decimal(80), UP)  # life expectancy: asks for less
    assert not weaker(Decimal("77.6"), Decimal(76), UP)
    assert weaker(Decimal(10), Decimal(5), DOWN)  # infant mortality: allows more
    assert not weaker(Decimal(10), Decimal(12), DOWN)
    assert not weaker(Decimal(1), Decimal(2), Direction.UNKNOWN)
    assert behind(Decimal(6), Decimal(5), DOWN) and not behind(Decimal(4), Decimal(5), DOWN)


def test_a_benchmark_lists_every_level_and_flags_only_the_stricter_ones():
    refs = [
        Reference("province", "内蒙古自治区", "80", Decimal(80)),
        Reference("national", "全国", "76", Decimal(76)),
    ]
    result = benchmark(refs, UP, target=Decimal("77.6"), latest=Decimal(78))
    assert [r.level for r in result.weaker_than] == ["province"]
    assert [r.level for r in result.behind] == ["province"]
    assert result.flagged
    assert not benchmark(refs, UP, target=Decimal(81), latest=None).flagged
    assert not benchmark(
        [Reference("national", "全国", "持续改善", None)], UP, Decimal(1), Decimal(1)
    ).flagged


def _import(name: str, **overrides):
    data = (DATA / name).read_bytes()
    parsed = parse_bytes(data, name=name)
    return plan_import(
        document=parsed.to_dict(),
        source_text=parsed.text,
        overrides=PlanOverrides(**overrides) if overrides else None,
    ).plan


@pytest.fixture
def references(divisions_loaded, seeded):
    province = _import("province_plan.txt")
    national = _import("national_plan.txt", region="全国")
    return province, national


@pytest.mark.django_db
def test_higher_level_plans_are_imported_for_regions_of_their_level(references):
    province, national = references
    assert Division.objects.get(code="150000").region == province.region
    assert province.region.level == Region.Level.PROVINCE
    assert national.region.name == "全国" and not hasattr(national.region, "division")


@pytest.mark.django_db
def test_the_plan_dashboard_flags_a_target_weaker_than_the_provinces(client, admin_user, references):
    plan = Plan.objects.get(region__name="鄂尔多斯市康巴什区")
    client.force_login(admin_user)
    html = client.get(reverse("dashboard-plan", args=[plan.pk])).content.decode()
    section = html.split('id="benchmarks"', 1)[1].split("</section>", 1)[0]
    life = section.split("人均预期寿命", 1)[1].split("</tr>", 1)[0]
    assert "省级 · 内蒙古自治区：80" in life and "国家 · 全国：76" in life
    assert "目标弱于省级" in life and "目标弱于国家" not in life  # 77.6 < 80, but > 76
    infant = section.split("婴儿死亡率", 1)[1].split("</tr>", 1)[0]
    assert "目标弱于省级" in infant and "目标弱于国家" not in infant  # <10 against <5 and <12
    beds = section.split("床位数", 1)[1].split("</tr>", 1)[0]
    assert "目标弱于国家" in beds and "目标弱于省级" not in beds  # 7.5 against 7 and 9


@pytest.mark.django_db
def test_the_draft_review_flags_it_before_publication(client, admin_user, references):
    text = "鄂尔多斯市康巴什区“十四五”卫生健康事业发展规划（修订稿）\n\n主要指标\n\n"
    text += "类别\t主要指标\t2025年\t指标性质\n健康水平\t人均预期寿命(岁)\t78\t预期性\n"
    session = import_session_upload(file_name="draft.txt", data=text.encode(), user=admin_user)
    client.force_login(admin_user)
    html = client.get(reverse("import-review", args=[session.pk])).content.decode()
    section = html.split('id="benchmarks"', 1)[1].split("</section>", 1)[0]
    assert "人均预期寿命" in section and "目标弱于省级" in section and "目标弱于国家" not in section


@pytest.mark.django_db
def test_a_district_without_plans_above_shows_no_benchmark_section(
    client, admin_user, divisions_loaded, seeded
):
    plan = Plan.objects.get(region__name="鄂尔多斯市康巴什区")
    client.force_login(admin_user)
    assert 'id="benchmarks"' not in client.get(reverse("dashboard-plan", args=[plan.pk])).content.decode()
