"""Numbers a planner can trust, checked on the seeded portal (issue 9, "How it will be checked")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators.dashboards.selectors import plan_status_counts
from indicators.models import IndicatorStatus
from plans.models import Plan, Region
from plans.roles import PLANNER
from tests.conftest import make_user
from tests.plans.test_import import import_seed, revised_000


@pytest.fixture
def planner_client(client, seeded):
    client.force_login(make_user("planner_p", PLANNER))
    return client


def _karamay() -> Plan:
    return Plan.objects.current().get(region__short_name="克拉玛依区")


def test_karamays_headline_keeps_baseline_met_rows_out_of_achieved_and_shows_coverage(planner_client):
    counts = plan_status_counts([_karamay().pk])[_karamay().pk]
    assert (counts.total, counts.assessable) == (16, 14)
    assert (counts.achieved, counts.holding, counts.on_track, counts.behind) == (0, 14, 0, 0)
    assert counts.share("achieved") == 0 and counts.share("holding") == 1

    html = planner_client.get(reverse("dashboard-overview")).content.decode()
    row = html[html.index("克拉玛依区卫生健康") :]
    row = row[: row.index("</tr>")]
    assert "已达成（进展） 0（0%）" in row and "保持达标 14（100%）" in row
    assert "可评估 14/16" in row


def test_the_plan_dashboard_and_the_plan_page_flag_the_target_behind_the_start(planner_client):
    plan = _karamay()
    dashboard = planner_client.get(reverse("dashboard-plan", args=[plan.pk])).content.decode()
    assert "可评估 14/16" in dashboard and "目标落后于基期" in dashboard
    listing = planner_client.get(reverse("dashboard-behind-start")).content.decode()
    assert "人均期望寿命" in listing and "克拉玛依区" in listing
    life = IndicatorStatus.objects.get(plan_indicator__plan=plan, indicator__code="HL01")
    assert (life.status, life.target_behind_start) == ("holding", True)
    infant = IndicatorStatus.objects.get(plan_indicator__plan=plan, plan_indicator__name="婴儿死亡率")
    assert (infant.status, infant.target_behind_start) == ("holding", False)  # ＜5 is a ceiling to hold


def test_renhe_shows_its_coverage_and_counts_agree_across_pages(planner_client):
    renhe = Plan.objects.get(region__short_name="仁和区")
    counts = plan_status_counts([renhe.pk])[renhe.pk]
    assert counts.total == 23  # 22 rows, one of which tracks two indicators
    overview = planner_client.get(reverse("dashboard-overview")).content.decode()
    assert f"可评估 {counts.assessable}/23" in overview
    listed = Plan.objects.for_list().get(pk=renhe.pk)
    assert listed.indicator_count == 23
    export = planner_client.get(reverse("dashboard-overview-export", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    line = next(line for line in export.splitlines() if "仁和区" in line)
    assert ",23," in line and f"{counts.assessable}/23" in line


def test_a_plan_with_nothing_assessable_says_so(planner_client):
    plan = _karamay()
    IndicatorStatus.objects.filter(plan_indicator__plan=plan).update(status="insufficient_data")
    html = planner_client.get(reverse("dashboard-overview")).content.decode()
    row = html[html.index("克拉玛依区卫生健康") :]
    row = row[: row.index("</tr>")]
    assert "无可评估指标" in row and "可评估 0/16" in row and "%" not in row.split("无可评估指标")[1]


def test_publishing_a_revised_000_leaves_one_karamay_plan_everywhere(client, planner_client):
    old = _karamay()
    new = import_seed("000", data=revised_000()).plan
    assert new.revises == old
    karamay = Region.objects.get(short_name="克拉玛依区")
    assert list(Plan.objects.current().filter(region=karamay)) == [new]

    home = client.get(reverse("plan-list")).content.decode()
    assert home.count(reverse("plan-detail", args=[new.pk]) + '"') == 1
    assert reverse("plan-detail", args=[old.pk]) + '"' not in home

    overview = planner_client.get(reverse("dashboard-overview")).content.decode()
    assert reverse("dashboard-plan", args=[new.pk]) in overview
    assert reverse("dashboard-plan", args=[old.pk]) + '"' not in overview

    export = planner_client.get(reverse("dashboard-overview-export", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    assert sum(1 for line in export.splitlines() if "克拉玛依区卫生健康" in line) == 1

    compare = planner_client.get(reverse("dashboard-compare", args=["HL01"]))
    regions = [row.record.region.short_name for row in compare.context["table"].page.object_list]
    assert regions.count("克拉玛依区") == 1

    heatmap = planner_client.get(reverse("dashboard-heatmap-data") + "?horizon=2030").json()
    assert heatmap["regions"].count("克拉玛依市克拉玛依区") == 1
    cells = planner_client.get(
        reverse("dashboard-heatmap-region", args=[karamay.pk]) + "?horizon=2030"
    ).json()
    assert {c["plan_id"] for c in cells["cells"]} == {new.pk}

    horizons = planner_client.get(reverse("dashboard-horizons")).content.decode()
    assert reverse("dashboard-plan", args=[old.pk]) + '"' not in horizons

    api = planner_client.get(reverse("api-region-values", args=[karamay.pk])).json()
    assert {s["plan"]["id"] for s in api["statuses"]} == {new.pk}

    # The old version stays reachable from the version list and its own page, marked superseded.
    old_page = client.get(reverse("plan-detail", args=[old.pk])).content.decode()
    assert "此版本已被新版本取代" in old_page


def test_comparison_of_life_expectancy_lists_all_five_districts_by_default(planner_client):
    response = planner_client.get(reverse("dashboard-compare", args=["HL01"]))
    rows = [row.record for row in response.context["table"].page.object_list]
    assert sorted(r.region.short_name for r in rows) == sorted(
        ["克拉玛依区", "巴里坤哈萨克自治县", "仁和区", "铁门关市", "康巴什区"]
    )
    assert {r.region.short_name: r.target_year for r in rows}["克拉玛依区"] == 2030
    assert {r.region.short_name: r.target_year for r in rows}["仁和区"] == 2025
    html = response.content.decode()
    assert "各地区当前规划目标" in html and "可评估" in html


def test_a_comparison_for_one_year_names_the_districts_without_that_target(planner_client):
    html = planner_client.get(reverse("dashboard-compare", args=["HL01"]) + "?horizon=2025").content.decode()
    assert "无此年份目标" in html and "克拉玛依区" in html
    heatmap = planner_client.get(reverse("dashboard-heatmap") + "?horizon=2025").content.decode()
    assert "无此年份目标" in heatmap and "克拉玛依区" in heatmap and "可评估" in heatmap


def test_the_exports_carry_the_headline_summary_with_coverage(planner_client):
    import io

    from openpyxl import load_workbook

    plan = _karamay()
    data = planner_client.get(reverse("dashboard-plan-export", args=[plan.pk, "xlsx"])).content
    summary = load_workbook(io.BytesIO(data), read_only=True)["汇总"]
    rows = {row[0]: row[1:] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["可评估"] == (14, "14/16")
    assert rows["保持达标"] == (14, 100)
    assert rows["已达成（进展）"] == (0, 0)
    for url in (
        reverse("dashboard-compare-export", args=["HL01", "xlsx"]),
        reverse("dashboard-heatmap-export", args=["xlsx"]) + "?horizon=2030",
    ):
        book = load_workbook(io.BytesIO(planner_client.get(url).content), read_only=True)
        assert "汇总" in book.sheetnames
