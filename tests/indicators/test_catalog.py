"""The indicator catalog: every seed row linked to the right entry, nothing merged silently.

Expected codes were read off the five documents' tables and ``fixtures/catalog.json`` by hand.
"""

from decimal import Decimal

import pytest
from django.db import transaction

from indicators.catalog import (
    MappingRefused,
    catalog_load,
    catalog_match,
    indicators_for_row,
    plan_indicator_map,
)
from indicators.models import Indicator, IndicatorAlias, IndicatorStatus, IndicatorValue, PlanIndicator
from indicators.services import indicator_value_record
from plans.models import Region
from plans.seed import CATALOG_FILE, seed_load
from tests.conftest import make_plan

# (region short name, row name as written in the plan) -> catalog code(s) the row tracks.
EXPECTED_CODES: dict[tuple[str, str], tuple[str, ...]] = {
    # 000 克拉玛依区 "十五五"
    ("克拉玛依区", "人均期望寿命"): ("HL01",),
    ("克拉玛依区", "孕产妇死亡率"): ("HL03",),
    ("克拉玛依区", "婴儿死亡率"): ("HL04",),
    ("克拉玛依区", "5岁以下儿童死亡率"): ("HL05",),
    ("克拉玛依区", "重大慢性病过早死亡率"): ("HL06",),
    ("克拉玛依区", "居民健康素养水平"): ("LS01",),
    ("克拉玛依区", "15岁以上人群吸烟率"): ("LS02",),
    ("克拉玛依区", "每千人口医疗卫生机构床位数"): ("RS01",),
    ("克拉玛依区", "每千人口执业（助理）医师数"): ("RS02",),
    ("克拉玛依区", "其中：每千人口中医类别执业（助理）医师数"): ("RS03",),
    ("克拉玛依区", "每千人口注册护士数"): ("RS04",),
    ("克拉玛依区", "每万人口全科医生数"): ("RS06",),
    ("克拉玛依区", "高血压、2型糖尿病患者基层规范管理服务率"): ("SV01",),
    ("克拉玛依区", "适龄儿童免疫规划疫苗接种率（%）"): ("SV04",),
    ("克拉玛依区", "65岁以上老人城乡社区规范健康管理服务率"): ("SV05",),
    ("克拉玛依区", "严重精神障碍管理率"): ("SV06",),
    # 001 铁门关市 "十四五"
    ("铁门关市", "人均预期寿命"): ("HL01",),
    ("铁门关市", "健康预期寿命"): ("HL02",),
    ("铁门关市", "孕产妇死亡率"): ("HL03",),
    ("铁门关市", "婴儿死亡率"): ("HL04",),
    ("铁门关市", "5岁以下儿童死亡率"): ("HL05",),
    ("铁门关市", "重大慢性病过早死亡率"): ("HL06",),
    ("铁门关市", "居民健康素养水平"): ("LS01",),
    ("铁门关市", "15岁以上人群吸烟率"): ("LS02",),
    ("铁门关市", "每千人口医疗卫生机构床位数"): ("RS01",),
    ("铁门关市", "每千人口执业（助理）医师数"): ("RS02",),
    ("铁门关市", "其中：每千人口中医类别执业（助理）医师数"): ("RS03",),
    ("铁门关市", "每千人口注册护士数"): ("RS04",),
    ("铁门关市", "每千人口药师（士）数"): ("RS05",),
    ("铁门关市", "每万人口全科医生数"): ("RS06",),
    ("铁门关市", "每千人口公共卫生人员数"): ("RS07",),
    ("铁门关市", "每千人口3岁以下婴幼儿托位数"): ("RS09",),
    ("铁门关市", "儿童青少年总体近视率"): ("SV07",),
    ("铁门关市", "65岁及以上老年人城乡社区规范化健康管理服务率"): ("SV05",),
    ("铁门关市", "个人卫生支出占卫生总费用的比重"): ("SC01",),
    # 002 康巴什区 "十四五"
    ("康巴什区", "人均预期寿命(岁)"): ("HL01",),
    ("康巴什区", "婴儿死亡率(‰)"): ("HL04",),
    ("康巴什区", "5岁以下儿童死亡率(‰)"): ("HL05",),
    ("康巴什区", "孕产妇死亡率(/10万)"): ("HL03",),
    ("康巴什区", "重大慢性疾病过早死亡率(%)"): ("HL06",),
    ("康巴什区", "居民健康素养水平(%)"): ("LS01",),
    ("康巴什区", "15岁以上人群吸烟率(%)"): ("LS02",),
    ("康巴什区", "孕产妇系统管理率和3岁以下儿童系统管理率(%)"): ("SV08", "SV09"),
    ("康巴什区", "基层医疗卫生机构首诊率(%)"): ("SV10",),
    ("康巴什区", "产前检测率(%)"): ("SV11",),
    ("康巴什区", "儿童青少年总体近视率(%)"): ("SV07",),
    ("康巴什区", "65岁及以上老年人城乡社区规范健康管理服务率(%)"): ("SV05",),
    ("康巴什区", "以街道为单位适龄儿童规划免疫疫苗接种率(%)"): ("SV04",),
    ("康巴什区", "艾滋病全人群感染率(%)"): ("SV12",),
    ("康巴什区", "高血压患者规范化管理服务率(%)"): ("SV02",),
    ("康巴什区", "2型糖尿病患者规范化管理服务率(%)"): ("SV03",),
    ("康巴什区", "严重精神障碍管理率(%)"): ("SV06",),
    ("康巴什区", "每千人医疗卫生机构床位数(张)"): ("RS01",),
    ("康巴什区", "每千人执业(助理)医师数(人)"): ("RS02",),
    ("康巴什区", "每千人注册护士数(人)"): ("RS04",),
    ("康巴什区", "每万人全科医生数(人)"): ("RS06",),
    ("康巴什区", "每万人公共卫生人员数(人)"): ("RS08",),
    ("康巴什区", "每千人3岁以下婴幼儿托位数(个)"): ("RS09",),
    ("康巴什区", "个人卫生支出占卫生总费用的比重(%)"): ("SC01",),
    # 003 仁和区 "十四五"
    ("仁和区", "人均预期寿命（岁）"): ("HL01",),
    ("仁和区", "健康预期寿命（岁）"): ("HL02",),
    ("仁和区", "孕产妇死亡率（/10万）"): ("HL03",),
    ("仁和区", "婴儿死亡率（‰）"): ("HL04",),
    ("仁和区", "5岁以下儿童死亡率（‰）"): ("HL05",),
    ("仁和区", "重大慢性病过早死亡率（%）"): ("HL06",),
    ("仁和区", "居民健康素养水平（%）"): ("LS01",),
    ("仁和区", "15岁以上人群吸烟率（%）"): ("LS02",),
    ("仁和区", "国家卫生县城数量占比（%）"): ("LS04",),
    ("仁和区", "每千常住人口执业（助理）医师数（人）"): ("RS02",),
    ("仁和区", "每千常住人口注册护士数（人）"): ("RS04",),
    ("仁和区", "每千常住人口药师（士）数（人）"): ("RS05",),
    ("仁和区", "孕产妇系统管理率和3岁以下儿童系统管理率（%）"): ("SV08", "SV09"),
    ("仁和区", "以乡镇（街道）为单位适龄儿童免疫规划疫苗接种率（%）"): ("SV04",),
    ("仁和区", "严重精神障碍管理率（%）"): ("SV06",),
    ("仁和区", "每千人口3岁以下婴幼儿托位数（个）"): ("RS09",),
    ("仁和区", "市儿童青少年总体近视率（%）"): ("SV07",),
    ("仁和区", "二级及以上综合性医院设老年医学科比例（%）"): ("SV13",),
    ("仁和区", "三级公立医疗机构建成三星智慧医院比例（%）"): ("SV14",),
    ("仁和区", "三级综合医院平均住院日（天）"): ("SV15",),
    ("仁和区", "个人卫生支出占卫生总费用的比重（%）"): ("SC01",),
    ("仁和区", "健康服务业总规模（亿元）"): ("IN01",),
    # 004 巴里坤哈萨克自治县 "2030"
    ("巴里坤哈萨克自治县", "人均预期寿命（岁）"): ("HL01",),
    ("巴里坤哈萨克自治县", "婴儿死亡率（‰）"): ("HL04",),
    ("巴里坤哈萨克自治县", "5岁以下儿童死亡率（‰）"): ("HL05",),
    ("巴里坤哈萨克自治县", "孕产妇死亡率（1/10万）"): ("HL03",),
    ("巴里坤哈萨克自治县", "居民健康素养水平（%）"): ("LS01",),
    ("巴里坤哈萨克自治县", "经常参加体育锻炼人数比例（%）"): ("LS03",),
    ("巴里坤哈萨克自治县", "每千常住人口执业（助理）医师数（人）"): ("RS02",),
    ("巴里坤哈萨克自治县", "个人卫生支出占卫生总费用的比重（%）"): ("SC01",),
    ("巴里坤哈萨克自治县", "地级及以上城市空气质量优良天数比率（%）"): ("EN01",),
    ("巴里坤哈萨克自治县", "地表水质量达到或好于Ⅲ类水体比例（%）"): ("EN02",),
}


def _rows():
    return PlanIndicator.objects.select_related("plan__region", "indicator").prefetch_related(
        "extra_indicators"
    )


def _codes(row: PlanIndicator) -> tuple[str, ...]:
    return (row.indicator.code, *sorted(i.code for i in row.extra_indicators.all()))


def _row(short_name: str, name: str) -> PlanIndicator:
    return _rows().get(plan__region__short_name=short_name, name=name)


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The five plans loaded once for the module, in a transaction rolled back at its end.

    Django's ``setUpTestData`` pattern: each test still runs in its own savepoint (``db``),
    so what one test writes is gone before the next; loading takes seconds, so load once.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        seed_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    """Overrides ``tests/conftest.py``'s per-test load with the module's single load."""


@pytest.fixture
def region_of():
    return lambda short_name: Region.objects.get(short_name=short_name)


# --------------------------------------------------------------------------- the 91 seed rows


def test_all_91_seed_rows_are_linked_to_catalog_entries_not_local_ones(seeded):
    rows = list(_rows())
    assert len(rows) == 91
    assert [r.name for r in rows if r.indicator.local_to_plan_id is not None] == []
    assert not Indicator.objects.filter(local_to_plan__isnull=False).exists()


def test_every_seed_row_tracks_the_catalog_entry_read_off_the_documents(seeded):
    actual = {(r.plan.region.short_name, r.name): _codes(r) for r in _rows()}
    assert actual == EXPECTED_CODES


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("HL01", {"人均期望寿命", "人均预期寿命", "人均预期寿命(岁)", "人均预期寿命（岁）"}),
        ("HL03", {"孕产妇死亡率", "孕产妇死亡率(/10万)", "孕产妇死亡率（/10万）", "孕产妇死亡率（1/10万）"}),
        ("HL06", {"重大慢性病过早死亡率", "重大慢性疾病过早死亡率(%)", "重大慢性病过早死亡率（%）"}),
        ("SV07", {"儿童青少年总体近视率", "儿童青少年总体近视率(%)", "市儿童青少年总体近视率（%）"}),
        (
            "RS02",
            {
                "每千人口执业（助理）医师数",
                "每千人执业(助理)医师数(人)",
                "每千常住人口执业（助理）医师数（人）",
            },
        ),
        ("RS04", {"每千人口注册护士数", "每千人注册护士数(人)", "每千常住人口注册护士数（人）"}),
    ],
)
def test_variant_spellings_across_plans_share_one_catalog_entry(seeded, code, names):
    rows = _rows().filter(indicator__code=code)
    assert {r.name for r in rows} == names
    assert len({r.indicator_id for r in rows}) == 1


def test_life_expectancy_is_one_entry_in_all_five_regions(seeded):
    regions = set(_rows().filter(indicator__code="HL01").values_list("plan__region__short_name", flat=True))
    assert regions == {"克拉玛依区", "铁门关市", "康巴什区", "仁和区", "巴里坤哈萨克自治县"}


def test_maternal_mortality_per_100k_and_1_per_100k_are_the_same_unit(seeded):
    baliqun = _row("巴里坤哈萨克自治县", "孕产妇死亡率（1/10万）")
    kangbashi = _row("康巴什区", "孕产妇死亡率(/10万)")
    assert baliqun.unit == "1/10万"
    assert kangbashi.unit == "/10万"
    assert baliqun.indicator == kangbashi.indicator
    status = IndicatorStatus.objects.get(plan_indicator=baliqun)
    assert [w["code"] for w in status.warnings if w["code"] == "unit_mismatch"] == []


# --------------------------------------------------------------------------- the combined row


@pytest.mark.parametrize(("short_name", "target"), [("康巴什区", "≥90"), ("仁和区", "≥95")])
def test_the_combined_management_row_tracks_two_indicators_sharing_its_target(seeded, short_name, target):
    row = _rows().get(plan__region__short_name=short_name, name__startswith="孕产妇系统管理率和")
    assert _codes(row) == ("SV08", "SV09")
    statuses = IndicatorStatus.objects.filter(plan_indicator=row).order_by("indicator__code")
    assert [(s.indicator.code, s.target_raw) for s in statuses] == [("SV08", target), ("SV09", target)]


def test_both_indicators_of_the_combined_row_get_its_baseline(seeded, region_of):
    renhe = region_of("仁和区")
    values = IndicatorValue.objects.filter(region=renhe, year=2020, indicator__code__in=["SV08", "SV09"])
    assert sorted((v.indicator.code, v.value, v.source, v.raw) for v in values) == [
        ("SV08", Decimal("94"), "plan", "94"),
        ("SV09", Decimal("94"), "plan", "94"),
    ]
    row = _row("仁和区", "孕产妇系统管理率和3岁以下儿童系统管理率（%）")
    assert {v.source_plan_id for v in values} == {row.plan_id}
    statuses = IndicatorStatus.objects.filter(plan_indicator=row).order_by("indicator__code")
    assert [(s.indicator.code, s.baseline_value, s.target_comparator, s.target_value) for s in statuses] == [
        ("SV08", Decimal("94"), ">=", Decimal("95")),
        ("SV09", Decimal("94"), ">=", Decimal("95")),
    ]


# --------------------------------------------------------------------------- matching new rows


def test_a_known_alias_matches_whatever_the_width_of_its_brackets(seeded):
    match = catalog_match(name="每千常住人口执业(助理)医师数（人）", unit="人")
    assert [i.code for i in match.indicators] == ["RS02"]


def test_an_unknown_name_is_not_matched(seeded):
    match = catalog_match(name="每千人口救护车数", unit="辆")
    assert match.indicators == []
    assert match.reason == "目录中没有这个名称"


def test_a_known_name_in_another_unit_is_not_matched(seeded):
    match = catalog_match(name="孕产妇死亡率", unit="%")
    assert match.indicators == []
    assert "单位不同" in match.reason
    assert "/10万" in match.reason


def test_an_unmatched_row_gets_a_plan_local_entry_instead_of_being_merged(seeded, region_of):
    plan = make_plan(region_of("仁和区"), period_start=2026, period_end=2030)
    hl03 = Indicator.objects.get(code="HL03")

    (wrong_unit,) = indicators_for_row(name="孕产妇死亡率", unit="%", plan=plan)
    (unknown,) = indicators_for_row(name="每千人口救护车数（辆）", unit="辆", plan=plan)

    assert wrong_unit != hl03
    assert (wrong_unit.local_to_plan, wrong_unit.name, wrong_unit.unit) == (plan, "孕产妇死亡率", "%")
    assert (unknown.local_to_plan, unknown.name, unknown.unit) == (plan, "每千人口救护车数", "辆")
    assert wrong_unit.code != unknown.code
    assert set(Indicator.objects.filter(local_to_plan=plan)) == {wrong_unit, unknown}


def test_the_same_unmatched_row_again_reuses_its_local_entry(seeded, region_of):
    plan = make_plan(region_of("仁和区"), period_start=2026, period_end=2030)
    first = indicators_for_row(name="每千人口救护车数", unit="辆", plan=plan)
    again = indicators_for_row(name="每千人口救护车数", unit="辆", plan=plan)
    assert first == again
    assert Indicator.objects.filter(local_to_plan=plan).count() == 1


def test_a_matching_row_creates_no_local_entry(seeded, region_of):
    plan = make_plan(region_of("仁和区"), period_start=2026, period_end=2030)
    tracked = indicators_for_row(name="孕产妇系统管理率和3岁以下儿童系统管理率", unit="%", plan=plan)
    assert [i.code for i in tracked] == ["SV08", "SV09"]
    assert not Indicator.objects.filter(local_to_plan=plan).exists()


# --------------------------------------------------------------------------- mapping by hand


@pytest.fixture
def local_row(seeded, region_of):
    """A later 仁和区 plan with a row the catalog does not know, and two entered values under it."""
    region = region_of("仁和区")
    plan = make_plan(region, period_start=2026, period_end=2030)
    (local,) = indicators_for_row(name="每千人口全科医生数", unit="人", plan=plan)
    row = PlanIndicator.objects.create(
        plan=plan, indicator=local, order=0, name="每千人口全科医生数", unit="人", line=1
    )
    for year, value in [(2025, "0.31"), (2026, "0.35")]:
        indicator_value_record(
            region=region, indicator=local, year=year, value=Decimal(value), raw=value, source="entered"
        )
    return row


def test_mapping_a_local_row_points_it_at_the_catalog_entry_and_moves_its_values(local_row):
    rs04 = Indicator.objects.get(code="RS04")
    local = local_row.indicator

    plan_indicator_map(row=local_row, indicator=rs04)

    local_row.refresh_from_db()
    assert local_row.indicator == rs04
    region = local_row.plan.region
    moved = IndicatorValue.objects.filter(region=region, indicator=rs04, year__gte=2025).order_by("year")
    assert [(v.year, v.value, v.source) for v in moved] == [
        (2025, Decimal("0.31"), "entered"),
        (2026, Decimal("0.35"), "entered"),
    ]
    assert [v.history.count() for v in moved] == [1, 1]
    assert not IndicatorValue.objects.filter(indicator=local).exists()
    status = IndicatorStatus.objects.get(plan_indicator=local_row)
    assert (status.indicator, status.latest_year, status.latest_value) == (rs04, 2026, Decimal("0.35"))


def test_mapping_teaches_the_catalog_the_row_name(local_row):
    rs04 = Indicator.objects.get(code="RS04")
    assert catalog_match(name="每千人口全科医生数", unit="人").indicators == []

    plan_indicator_map(row=local_row, indicator=rs04)

    assert IndicatorAlias.objects.filter(indicator=rs04, normalized="每千人口全科医生数").exists()
    assert catalog_match(name="每千人口全科医生数", unit="人").indicators == [rs04]


def test_mapping_refuses_when_the_catalog_entry_already_has_a_value_for_that_year(local_row):
    rs04 = Indicator.objects.get(code="RS04")
    region = local_row.plan.region
    indicator_value_record(region=region, indicator=rs04, year=2026, value=Decimal("4.3"), source="entered")
    local = local_row.indicator

    with pytest.raises(MappingRefused, match="2026"):
        plan_indicator_map(row=local_row, indicator=rs04)

    local_row.refresh_from_db()
    assert local_row.indicator == local
    assert IndicatorValue.objects.filter(region=region, indicator=local).count() == 2
    assert IndicatorValue.objects.get(region=region, indicator=rs04, year=2026).value == Decimal("4.3")
    assert not IndicatorAlias.objects.filter(normalized="每千人口全科医生数").exists()


def test_mapping_refuses_a_plan_local_destination(local_row, region_of):
    other_plan = make_plan(region_of("仁和区"), period_start=2031, period_end=2035)
    (other_local,) = indicators_for_row(name="每千人口救护车数", unit="辆", plan=other_plan)
    local = local_row.indicator

    with pytest.raises(MappingRefused):
        plan_indicator_map(row=local_row, indicator=other_local)

    local_row.refresh_from_db()
    assert local_row.indicator == local


def test_mapping_refreshes_other_rows_of_the_region_that_track_the_destination(seeded, region_of):
    region = region_of("克拉玛依区")
    plan = make_plan(region, period_start=2031, period_end=2035)
    (local,) = indicators_for_row(name="居民人均寿命", unit="岁", plan=plan)
    row = PlanIndicator.objects.create(
        plan=plan, indicator=local, order=0, name="居民人均寿命", unit="岁", line=1
    )
    indicator_value_record(region=region, indicator=local, year=2026, value=Decimal("81.0"), source="entered")

    plan_indicator_map(row=row, indicator=Indicator.objects.get(code="HL01"))

    life = _row("克拉玛依区", "人均期望寿命")
    status = IndicatorStatus.objects.get(plan_indicator=life)
    assert (status.latest_year, status.latest_value) == (2026, Decimal("81.0"))


# --------------------------------------------------------------------------- loading the catalog


def test_loading_the_catalog_again_creates_nothing(seeded):
    before = (Indicator.objects.count(), IndicatorAlias.objects.count())

    result = catalog_load(CATALOG_FILE)

    assert (result.created, result.aliases_added) == (0, 0)
    assert (Indicator.objects.count(), IndicatorAlias.objects.count()) == before
    assert before[0] == 38


def test_loading_the_catalog_again_keeps_an_administrators_edits(seeded):
    life = Indicator.objects.get(code="HL01")
    life.name = "人均预期寿命（岁）"
    life.name_en = "Life expectancy at birth"
    life.direction = 1
    life.save()

    catalog_load(CATALOG_FILE)

    life.refresh_from_db()
    assert (life.name, life.name_en) == ("人均预期寿命（岁）", "Life expectancy at birth")
    healthy = Indicator.objects.get(code="HL02")
    assert healthy.ratio_reference == life
