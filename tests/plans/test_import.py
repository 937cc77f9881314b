"""``plan_import``: all-or-nothing, idempotent, versioned, and faithful to the parsed document."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps

from indicators.catalog import catalog_load
from indicators.models import Indicator, IndicatorStatus, IndicatorValue, PlanIndicator, Target
from indicators.services import indicator_value_record
from plans.models import Plan
from plans.parsing import parse_bytes
from plans.seed import CATALOG_FILE, PLANS_DIR, SOURCES_DIR
from plans.services import ImportRejected, PlanOverrides, plan_import

SEEDS = ["000", "001", "002", "003", "004"]
TITLE_001 = "第二师铁门关市“十四五”卫生健康事业发展规划"


def source(prefix: str) -> Path:
    (path,) = SOURCES_DIR.glob(f"{prefix}_*.txt")
    return path


def fixture_json(prefix: str) -> dict:
    (path,) = PLANS_DIR.glob(f"{prefix}_*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def import_seed(prefix: str, data: bytes | None = None, **options):
    """Parse a seed document (or edited bytes of it) and import it as an administrator would."""
    path = source(prefix)
    parsed = parse_bytes(data if data is not None else path.read_bytes(), name=path.name)
    if prefix == "001":
        options.setdefault("overrides", PlanOverrides(title=TITLE_001))
    return plan_import(document=parsed.to_dict(), source_text=parsed.text, **options)


def counts() -> dict[str, int]:
    """Rows in every model of the three apps."""
    return {
        model.__name__: model.objects.count()
        for label in ("plans", "indicators", "projects")
        for model in apps.get_app_config(label).get_models()
    }


@pytest.fixture
def catalog(db):
    catalog_load(CATALOG_FILE)


# --------------------------------------------------------------------------- all or nothing


@pytest.mark.parametrize("prefix", SEEDS)
def test_a_failure_after_rows_and_values_were_saved_leaves_nothing_behind(catalog, prefix, monkeypatch):
    before = counts()

    def fail(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr("plans.services._save_projects", fail)

    with pytest.raises(RuntimeError, match="磁盘已满"):
        import_seed(prefix)

    assert counts() == before


def test_an_invalid_row_rejects_the_whole_document_with_a_message(catalog):
    path = source("000")
    parsed = parse_bytes(path.read_bytes(), name=path.name)
    document = parsed.to_dict()
    document["indicators"][-1]["target"]["kind"] = "估计"  # the last row, after 15 good ones
    before = counts()

    with pytest.raises(ImportRejected) as rejected:
        plan_import(document=document, source_text=parsed.text)

    assert rejected.value.problems
    assert all(problem.startswith("数据校验失败") for problem in rejected.value.problems)
    assert counts() == before


def test_an_unknown_nature_rejects_the_document_instead_of_being_dropped(catalog):
    path = source("000")
    parsed = parse_bytes(path.read_bytes(), name=path.name)
    document = parsed.to_dict()
    document["indicators"][5]["nature"] = "强制性"
    before = counts()

    with pytest.raises(ImportRejected):
        plan_import(document=document, source_text=parsed.text)

    assert counts() == before


def test_a_dry_run_reports_what_it_would_create_and_writes_nothing(catalog):
    before = counts()

    result = import_seed("003", dry_run=True)

    assert (result.outcome, result.dry_run) == ("created", True)
    assert result.counts["指标"] == 22
    assert result.summary_lines()[0].startswith("[试运行，未保存] 新建规划：")
    assert counts() == before


# --------------------------------------------------------------------------- idempotence


@pytest.mark.parametrize("prefix", SEEDS)
def test_importing_the_same_bytes_again_changes_nothing(catalog, prefix):
    first = import_seed(prefix)
    before = counts()

    again = import_seed(prefix)

    assert (first.outcome, again.outcome) == ("created", "unchanged")
    assert again.plan == first.plan
    assert again.summary_lines()[0].startswith("内容未变，未做修改")
    assert counts() == before


# --------------------------------------------------------------------------- revisions


def revised_000() -> bytes:
    """000 edited as a second draft would be: 孕产妇死亡率 12 → 10, 婴儿死亡率 dropped, 药师 added."""
    text = source("000").read_text(encoding="utf-8")
    maternal = "\t孕产妇死亡率\n\t/10万\n\t0\n\t预期性\n\t可完成\n\t12\n"
    infant = "\t\n\t婴儿死亡率\n\t‰\n\t1.37\n\t预期性\n\t可完成\n\t＜5\n\n"
    gp = "\t\n\t每万人口全科医生数\n"
    pharmacist = "\t\n\t每千人口药师（士）数\n\t人\n\t0.60\n\t预期性\n\t可完成\n\t≥0.65\n\n"
    assert (text.count(maternal), text.count(infant), text.count(gp)) == (1, 1, 1)
    text = text.replace(maternal, maternal.replace("\t12\n", "\t10\n"))
    text = text.replace(infant, "").replace(gp, pharmacist + gp)
    return text.encode("utf-8")


@pytest.fixture
def karamay(catalog):
    """000 imported, then staff correct the 2025 life expectancy and enter 2026 maternal mortality."""
    first = import_seed("000")
    region = first.plan.region
    for code, year, value in [("HL01", 2025, "83.70"), ("HL03", 2026, "9")]:
        indicator_value_record(
            region=region,
            indicator=Indicator.objects.get(code=code),
            year=year,
            value=Decimal(value),
            raw=value,
            source="entered",
            expected_version=1 if year == 2025 else 0,  # 2025 corrects the document's value
        )
    return first.plan


def test_a_revised_document_becomes_a_new_version_of_the_plan(karamay):
    result = import_seed("000", data=revised_000())

    assert result.outcome == "new_version"
    assert result.plan.revises == karamay
    assert result.plan.region == karamay.region
    assert f"修订自规划 #{karamay.pk}" in result.summary_lines()
    assert Plan.objects.filter(region=karamay.region).count() == 2
    assert PlanIndicator.objects.filter(plan=karamay).count() == 16  # the old version is kept


def test_a_revised_document_carries_its_changed_removed_and_added_rows(karamay):
    plan = import_seed("000", data=revised_000()).plan

    names = list(PlanIndicator.objects.filter(plan=plan).values_list("name", flat=True))
    assert len(names) == 16
    assert "婴儿死亡率" not in names
    pharmacist = PlanIndicator.objects.get(plan=plan, name="每千人口药师（士）数")
    assert pharmacist.indicator.code == "RS05"
    assert Target.objects.get(plan_indicator__plan=plan, plan_indicator__name="孕产妇死亡率").raw == "10"
    assert Target.objects.get(plan_indicator__plan=karamay, plan_indicator__name="孕产妇死亡率").raw == "12"
    assert IndicatorStatus.objects.filter(plan_indicator__plan=plan).count() == 16


def test_a_revised_document_leaves_entered_values_untouched(karamay):
    region = karamay.region
    entered_before = {
        (v.indicator.code, v.year): (v.value, v.source, v.version, v.history.count())
        for v in IndicatorValue.objects.filter(region=region, source="entered")
    }
    assert entered_before == {
        ("HL01", 2025): (Decimal("83.70"), "entered", 2, 2),
        ("HL03", 2026): (Decimal("9"), "entered", 1, 1),
    }

    plan = import_seed("000", data=revised_000()).plan

    entered_after = {
        (v.indicator.code, v.year): (v.value, v.source, v.version, v.history.count())
        for v in IndicatorValue.objects.filter(region=region, source="entered")
    }
    assert entered_after == entered_before
    pharmacist = IndicatorValue.objects.get(region=region, indicator__code="RS05", year=2025)
    assert (pharmacist.value, pharmacist.source, pharmacist.source_plan) == (Decimal("0.60"), "plan", plan)


# --------------------------------------------------------------------------- missing metadata


def test_a_document_without_a_title_is_rejected_in_chinese(catalog):
    path = source("001")
    parsed = parse_bytes(path.read_bytes(), name=path.name)
    before = counts()

    with pytest.raises(ImportRejected) as rejected:
        plan_import(document=parsed.to_dict(), source_text=parsed.text)

    assert rejected.value.problems == ["缺少规划标题（文件中没有标题行），请补充标题"]
    assert counts() == before


def test_a_document_without_a_title_imports_with_a_title_supplied(catalog):
    result = import_seed("001", overrides=PlanOverrides(title=TITLE_001))

    plan = result.plan
    assert (result.outcome, plan.title) == ("created", TITLE_001)
    assert (plan.region.name, plan.region.short_name) == ("第二师铁门关市", "铁门关市")
    assert (plan.period_start, plan.period_end, plan.status) == (2021, 2025, "unknown")


# --------------------------------------------------------------------------- faithful to the document


@pytest.mark.parametrize("prefix", SEEDS)
def test_an_imported_plan_has_the_chapters_rows_and_projects_of_its_document(catalog, prefix):
    document = fixture_json(prefix)

    plan = import_seed(prefix).plan

    assert plan.chapters.count() == len(document["chapters"])
    assert plan.indicator_rows.count() == len(document["indicators"])
    assert plan.key_projects.count() == len(document["key_projects"])
    items = sum(len(p["items"]) for p in document["key_projects"])
    assert sum(p.items.count() for p in plan.key_projects.all()) == items
    assert [r.name for r in plan.indicator_rows.order_by("order")] == [
        r["name"] for r in document["indicators"]
    ]
    assert Target.objects.filter(plan_indicator__plan=plan).count() == sum(
        1 for r in document["indicators"] if r["target"]
    )
    assert (plan.source_sha256, plan.source_name) == (
        document["source"]["sha256"],
        document["source"]["name"],
    )


@pytest.mark.parametrize(
    ("prefix", "chapters", "rows", "projects", "items", "baselines"),
    [
        ("000", 128, 16, 6, 6, 16),
        ("001", 35, 19, 14, 52, 16),
        ("002", 18, 24, 0, 0, 0),
        ("003", 57, 22, 10, 28, 18),  # 17 numbers, one of them on the row holding two indicators
        ("004", 87, 10, 0, 0, 20),
    ],
)
def test_the_import_summary_counts_what_was_saved(
    catalog, prefix, chapters, rows, projects, items, baselines
):
    result = import_seed(prefix)

    assert result.counts == {
        "章节": chapters,
        "指标": rows,
        "基期值": baselines,
        "重点项目": projects,
        "项目条目": items,
    }
    assert IndicatorValue.objects.filter(source_plan=result.plan, source="plan").count() == baselines


def test_seed_metadata_is_stored(catalog):
    plan = import_seed("003").plan
    assert (plan.title, plan.status, plan.doc_number) == (
        "攀枝花市仁和区“十四五”卫生健康发展规划",
        "issued",
        "攀仁府办〔2022〕93号",
    )
    assert (str(plan.issue_date), plan.issue_date_precision) == ("2022-10-18", "day")
    assert plan.issue_date_label == "2022年10月18日"
    kangbashi = import_seed("002").plan
    assert (str(kangbashi.issue_date), kangbashi.issue_date_label) == ("2022-06-01", "2022年6月")
    karamay = import_seed("000").plan
    assert (karamay.status, karamay.draft_marker) == ("draft", "征求意见稿")


def test_a_printed_baseline_is_a_value_of_the_region_sourced_to_the_plan(catalog):
    plan = import_seed("000").plan

    life = IndicatorValue.objects.get(region=plan.region, indicator__code="HL01", year=2025)
    assert (life.value, life.comparator, life.raw, life.source, life.source_plan) == (
        Decimal("83.63"),
        "",
        "83.63",
        "plan",
        plan,
    )
    assert life.history.get().source_plan == plan


def test_a_bound_in_a_baseline_cell_is_kept_as_a_bound(catalog):
    plan = import_seed("000").plan

    premature = IndicatorValue.objects.get(region=plan.region, indicator__code="HL06", year=2025)
    assert (premature.value, premature.comparator, premature.raw) == (Decimal("10.50"), "<", "＜10.50")
    beds = IndicatorValue.objects.get(region=plan.region, indicator__code="RS01", year=2025)
    assert (beds.value, beds.comparator, beds.raw) == (Decimal("7"), ">", ">7")


def test_a_dash_cell_stores_no_value(catalog):
    tiemenguan = import_seed("001").plan.region
    renhe = import_seed("003").plan.region

    assert not IndicatorValue.objects.filter(
        region=tiemenguan, indicator__code__in=["HL02", "HL06", "RS09"]
    ).exists()
    assert not IndicatorValue.objects.filter(region=renhe, indicator__code="IN01").exists()
    assert IndicatorValue.objects.filter(region=tiemenguan).count() == 16


def test_the_target_column_is_not_stored_as_a_value(catalog):
    region = import_seed("004").plan.region
    years = set(IndicatorValue.objects.filter(region=region).values_list("year", flat=True))
    assert years == {2015, 2020}
    assert IndicatorValue.objects.get(region=region, indicator__code="HL03", year=2015).value == Decimal(
        "77.49"
    )
