"""The dashboards: what each page shows (on the five real plans where it matters), and who may see it."""

import json

import pytest
from django.urls import reverse

from indicators.dashboards.synth import SynthSpec, synth_generate
from indicators.models import IndicatorStatus, PlanIndicator
from plans.models import Plan, Region

KARAMAY = "克拉玛依市克拉玛依区"


@pytest.fixture
def karamay_plan(seeded):
    return Plan.objects.get(region__name=KARAMAY)


@pytest.fixture
def synthetic(db):
    """Four marked districts, each with a 14th plan, two with a 15th-plan draft: quicker than the seed."""
    synth_generate(SynthSpec(regions=4, indicators=3, years=4, second_plan_every=2))
    return Region.objects.filter(synthetic=True).order_by("pk")


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


PAGES = [
    ("dashboard-overview", []),
    ("dashboard-compare-index", []),
    ("dashboard-compare", ["HL01"]),
    ("dashboard-heatmap", []),
    ("dashboard-heatmap-data", []),
    ("dashboard-horizons", []),
    ("dashboard-ping", []),
    ("dashboard-regions", []),
    ("dashboard-overview-export", ["csv"]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_users_are_sent_to_login(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_the_dashboards_only_answer_get(client, planner, name, args):
    client.force_login(planner)
    assert client.post(reverse(name, args=args)).status_code == 405


def test_the_overview_lists_every_plan_with_its_status_counts(client, planner, synthetic):
    client.force_login(planner)
    html = _html(client, reverse("dashboard-overview"))
    for plan in Plan.objects.all():
        assert plan.title in html and reverse("dashboard-plan", args=[plan.pk]) in html
    assert "征求意见稿" in html and "已印发" in html
    assert "可评估" in html and "保持达标" in html and "stack-legend" in html


def test_the_overview_filters_by_target_year(client, planner, synthetic):
    client.force_login(planner)
    html = _html(client, reverse("dashboard-overview") + "?period_end=2030")
    assert "十五五" in html and "十四五" not in html


def test_the_plan_dashboard_shows_the_table_and_one_chart_per_indicator(client, planner, karamay_plan):
    client.force_login(planner)
    html = _html(client, reverse("dashboard-plan", args=[karamay_plan.pk]))
    assert "人均期望寿命" in html and "83.63" in html and "可完成" in html  # baseline, 预计进度
    assert "≥82" in html and "status-achieved" in html  # resolved target, badge
    assert "比基期值" in html  # the sanity warning on the 2030 target below the 2025 value
    assert 'class="progress"' in html and "当年应达值" in html
    figures = json.loads(html.split('id="dashboard-charts">')[1].split("</script>")[0])
    statuses = IndicatorStatus.objects.filter(plan_indicator__plan=karamay_plan).count()
    assert len(figures) == statuses
    assert html.count('data-figure="chart-') == statuses
    assert "/static/vendor/plotly/plotly-dashboards.min.js" in html


def test_the_plan_dashboard_filters_by_nature(client, planner, synthetic):
    client.force_login(planner)
    plan = Plan.objects.filter(region=synthetic[0], period_end=2025).get()
    binding = PlanIndicator.objects.filter(plan=plan, nature="binding")
    html = _html(client, reverse("dashboard-plan", args=[plan.pk]) + "?nature=binding")
    assert (
        html.count('data-figure="chart-')
        == IndicatorStatus.objects.filter(plan_indicator__in=binding).count()
    )
    for row in PlanIndicator.objects.filter(plan=plan).exclude(nature="binding"):
        assert f"chart-{row.statuses.get().pk}" not in html


def test_bad_filter_values_are_reported_not_fatal(client, planner, synthetic):
    client.force_login(planner)
    plan = Plan.objects.filter(region=synthetic[0], period_end=2025).get()
    html = _html(client, reverse("dashboard-plan", args=[plan.pk]) + "?status=nope&nature=<x>&domain=zz")
    assert "筛选条件有误" in html and "人均预期寿命" in html


def test_comparison_folds_spellings_of_the_same_unit(client, planner, seeded):
    client.force_login(planner)
    html = _html(client, reverse("dashboard-compare", args=["HL03"]) + "?horizon=2030")
    table = html.split("<table")[1]
    assert "克拉玛依区" in table and "巴里坤" in table  # /10万 and 1/10万 compared together
    assert "统一按目录单位 /10万 比较" in html


def test_comparison_converts_what_converts_and_keeps_the_rest_apart(client, planner, seeded):
    rows = PlanIndicator.objects.filter(indicator__code="HL03", plan__period_end=2025)
    rows.filter(plan__region__short_name="仁和区").update(unit="‰")
    rows.filter(plan__region__short_name="铁门关市").update(unit="例")
    client.force_login(planner)
    html = _html(client, reverse("dashboard-compare", args=["HL03"]) + "?horizon=2025")
    assert "已按 ×100 换算为 /10万" in html
    assert "无法换算" in html and "例（1" in html
    table = html.split("<table")[1]
    assert "仁和区" in table and "铁门关市" not in table
    apart = _html(client, reverse("dashboard-compare", args=["HL03"]) + "?horizon=2025&unit=例")
    assert "铁门关市" in apart.split("<table")[1] and "仅显示以 例 填写的地区" in apart


def test_an_unknown_indicator_is_not_found_and_a_bad_year_is_reported(client, planner, synthetic):
    client.force_login(planner)
    assert client.get(reverse("dashboard-compare", args=["NOPE"])).status_code == 404
    html = _html(client, reverse("dashboard-compare", args=["HL01"]) + "?horizon=abc&page=x&sort=zzz")
    assert "没有以 abc 年为目标年的规划" in html
    assert client.get(reverse("dashboard-heatmap-data") + "?horizon=1999").status_code == 404


def test_the_heatmap_data_packs_one_row_per_district(client, planner, synthetic):
    client.force_login(planner)
    data = client.get(reverse("dashboard-heatmap-data") + "?horizon=2025").json()
    assert data["regions"] == [r.name for r in synthetic]
    assert [len(row.split(";")) for row in data["rows"]] == [3, 3, 3, 3]
    statuses = dict(
        IndicatorStatus.objects.filter(region=synthetic[0], target_year=2025).values_list(
            "indicator_id", "status"
        )
    )
    codes = [s["code"] for s in data["statuses"]]
    unpacked = {int(i): codes[int(n)] for i, n in (cell.split(":") for cell in data["rows"][0].split(";"))}
    assert unpacked == statuses
    later = client.get(reverse("dashboard-heatmap-data") + "?horizon=2030").json()
    assert len(later["regions"]) == 2


def test_clicking_a_heatmap_cell_gives_the_numbers_behind_it(client, planner, karamay_plan):
    client.force_login(planner)
    url = reverse("dashboard-heatmap-region", args=[karamay_plan.region_id]) + "?horizon=2030"
    cells = client.get(url).json()["cells"]
    life = next(c for c in cells if c["indicator"] == "HL01")
    assert life["latest"] == "83.63" and life["target"] == "82" and life["status_label"] == "保持达标"


def test_2025_vs_2030_puts_the_end_values_beside_the_new_targets(client, planner, karamay_plan):
    client.force_login(planner)
    html = _html(client, reverse("dashboard-horizons-region", args=[karamay_plan.region_id]))
    assert "2025年期末值" in html and "2030年目标（原文）" in html
    row = html.split("人均预期寿命")[1].split("</tr>")[0]
    assert "83.63" in row and "82" in row and "-1.63" in row


def test_an_editor_sees_only_their_own_district(client, editor_a, synthetic):
    own, other = synthetic[0], synthetic[1]
    own.editors.add(editor_a)
    client.force_login(editor_a)
    own_plan = Plan.objects.filter(region=own, period_end=2025).get()
    other_plan = Plan.objects.filter(region=other, period_end=2025).get()
    assert client.get(reverse("dashboard-plan", args=[other_plan.pk])).status_code == 404
    assert client.get(reverse("dashboard-horizons-region", args=[other.pk])).status_code == 404
    assert client.get(reverse("dashboard-heatmap-region", args=[other.pk])).status_code == 404
    assert client.get(reverse("dashboard-plan-export", args=[other_plan.pk, "csv"])).status_code == 404
    assert client.get(reverse("dashboard-plan", args=[own_plan.pk])).status_code == 200
    overview = _html(client, reverse("dashboard-overview"))
    assert own_plan.title in overview and other_plan.title not in overview
    data = client.get(reverse("dashboard-heatmap-data") + "?horizon=2025").json()
    assert data["regions"] == [own.name]
    compare = _html(client, reverse("dashboard-compare", args=["HL01"]) + "?horizon=2025")
    assert own.short_name in compare and other.short_name not in compare


def test_the_nav_links_to_the_dashboards_for_signed_in_users(client, planner, db):
    client.force_login(planner)
    assert reverse("dashboard-overview") in _html(client, reverse("plan-list"))
