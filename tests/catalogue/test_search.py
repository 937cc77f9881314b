"""The header search finds a plan, an indicator and a region by part of a name, with scoping."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.search import clean_query
from indicators.dashboards.synth import SynthSpec, synth_generate
from plans.models import Region


@pytest.fixture
def world(db):
    synth_generate(SynthSpec(regions=3, indicators=3, years=3))
    return list(Region.objects.filter(synthetic=True).order_by("pk"))


def _search(client, text):
    response = client.get(reverse("site-search"), {"q": text})
    assert response.status_code == 200
    return response.context["results"]


def test_it_finds_an_indicator_by_part_of_its_chinese_or_english_name_or_alias(client, world):
    assert [i.code for i in _search(client, "预期寿命").indicators] == ["HL01", "HL02"]
    assert "HL01" in [i.code for i in _search(client, "life expectancy").indicators]


def test_it_finds_a_plan_by_part_of_its_title(client, world):
    results = _search(client, "合成区0002 十四五")
    assert [p.region_id for p in results.plans] == [world[1].pk]


def test_it_finds_a_region_and_links_its_numbers_only_for_readers(client, planner, editor_a, world):
    results = _search(client, "合成区0003")
    assert [r.pk for r in results.regions] == [world[2].pk]
    assert results.readable_region_ids == set()
    client.force_login(editor_a)
    assert _search(client, "合成区0003").readable_region_ids == set()
    client.force_login(planner)
    response = client.get(reverse("site-search"), {"q": "合成区0003"})
    assert response.context["results"].readable_region_ids == {world[2].pk}
    assert reverse("dashboard-horizons-region", args=[world[2].pk]) in response.content.decode()


def test_an_empty_or_unmatched_query_says_so_without_error(client, world):
    assert _search(client, "   ").total == 0
    body = client.get(reverse("site-search"), {"q": "不存在的名称"}).content.decode()
    assert "没有找到" in body


def test_queries_are_cleaned_and_capped():
    assert clean_query("  婴儿\u3000死亡率  ") == "婴儿 死亡率"
    assert len(clean_query("字" * 200)) == 50


def test_the_header_has_the_search_box_except_on_the_login_page(client, world):
    assert 'role="search"' in client.get(reverse("plan-list")).content.decode()
    assert 'role="search"' not in client.get(reverse("login")).content.decode()


def test_search_runs_a_constant_number_of_queries(client, planner):
    client.force_login(planner)

    def count():
        client.get(reverse("site-search"), {"q": "合成"})
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("site-search"), {"q": "合成"})
        return len(queries)

    synth_generate(SynthSpec(regions=2, indicators=2, years=3))
    before = count()
    synth_generate(SynthSpec(regions=60, indicators=2, years=3), reset=True)
    assert count() == before
