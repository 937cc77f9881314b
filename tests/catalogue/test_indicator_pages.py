"""Indicator pages (/indicators/<code>/): catalog fields, tracking plans, scoped district rows, downloads."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from indicators.dashboards.synth import SynthSpec, synth_generate
from indicators.models import Indicator
from plans.models import Region


@pytest.fixture
def world(db):
    synth_generate(SynthSpec(regions=3, indicators=3, years=4))
    hl01 = Indicator.objects.get(code="HL01")
    hl01.definition = "新出生人口平均预期可存活的年数"
    hl01.data_source = "卫生健康统计年报"
    hl01.method = "寿命表法"
    hl01.save()
    return list(Region.objects.filter(synthetic=True).order_by("pk"))


def _page(client, code="HL01", query=""):
    return client.get(reverse("indicator-detail", args=[code]) + query)


def test_the_page_shows_the_catalog_fields_an_administrator_filled_in(client, world):
    body = _page(client).content.decode()
    assert "人均预期寿命" in body
    assert "新出生人口平均预期可存活的年数" in body and "卫生健康统计年报" in body and "寿命表法" in body
    assert "越高越好" in body


def test_visitors_see_the_tracking_plans_but_no_district_numbers(client, world):
    response = _page(client)
    body = response.content.decode()
    assert response.status_code == 200
    assert "十四五" in body and "合成区0001" in body  # the plans and their regions are public
    assert 'class="data-table cards district-table"' not in body
    assert "需要登录" in body


def test_a_planner_sees_every_district_with_status_and_a_summary(client, planner, world):
    client.force_login(planner)
    response = _page(client, query="?horizon=2025")
    body = response.content.decode()
    assert response.context["horizon"] == 2025
    names = [row.region.name for row, _value in response.context["districts"]]
    assert names == sorted(r.name for r in world)
    assert response.context["picture"].districts == 3
    assert 'class="status status-' in body


def test_an_editor_sees_only_their_own_district(client, editor_a, world):
    world[1].editors.add(editor_a)
    client.force_login(editor_a)
    response = _page(client, query="?horizon=2025")
    names = {row.region.name for row, _value in response.context["districts"]}
    assert names == {world[1].name}
    assert response.context["picture"].districts == 1


def test_an_unknown_or_plan_local_code_is_a_404(client, world):
    assert _page(client, code="NOPE").status_code == 404
    local = Indicator.objects.create(code="LOCAL1", name="规划内指标", local_to_plan=world[0].plans.first())
    assert _page(client, code=local.code).status_code == 404


def test_the_download_is_scoped_and_keeps_numbers_signs_raw_text_and_sources(client, editor_a, world):
    world[0].editors.add(editor_a)
    client.force_login(editor_a)
    response = client.get(reverse("indicator-export", args=["HL01", "xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    districts = book["各地区"]
    headers = [c.value for c in districts[1]]
    assert {"最新值界限", "最新值（岁）", "最新值原文", "最新值来源"} <= set(headers)
    regions = {row[0].value for row in districts.iter_rows(min_row=2)}
    assert regions == {world[0].name}
    latest = headers.index("最新值（岁）")
    assert all(row[latest].data_type == "n" for row in districts.iter_rows(min_row=2) if row[latest].value)
    sources = {row[headers.index("最新值来源")].value for row in districts.iter_rows(min_row=2)}
    assert sources <= {"网页录入", "Excel 上传", "规划文本", "后台修改", None}
    assert districts.freeze_panes == "A2" and districts.auto_filter.ref.startswith("A1:")
    assert book["规划目标"].max_row > 1


def test_the_download_needs_a_login(client, world):
    response = client.get(reverse("indicator-export", args=["HL01", "csv"]))
    assert response.status_code == 302


def test_the_indicator_list_links_every_catalog_indicator(client, world):
    body = client.get(reverse("indicator-list")).content.decode()
    for indicator in Indicator.objects.filter(local_to_plan__isnull=True):
        assert reverse("indicator-detail", args=[indicator.code]) in body


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_number_of_queries_for_30_times_the_districts(client, planner):
    client.force_login(planner)
    url = reverse("indicator-detail", args=["HL01"]) + "?horizon=2025"
    export = reverse("indicator-export", args=["HL01", "xlsx"])
    synth_generate(SynthSpec(regions=2, indicators=2, years=3))
    before = (_count(client, url), _count(client, export))
    synth_generate(SynthSpec(regions=60, indicators=2, years=3), reset=True)
    assert (_count(client, url), _count(client, export)) == before
