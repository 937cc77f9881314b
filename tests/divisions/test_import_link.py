"""Plan import resolves the region through the division list and asks when the name is ambiguous."""

import pytest

from divisions.models import Division
from plans.imports.forms import MetadataForm
from plans.models import Region
from plans.services import ImportRejected, PlanOverrides, plan_import

pytestmark = pytest.mark.django_db

SEED_CODES = {
    "克拉玛依市克拉玛依区": "650203",
    "第二师铁门关市": "659006",
    "鄂尔多斯市康巴什区": "150603",
    "攀枝花市仁和区": "510411",
    "哈密市巴里坤哈萨克自治县": "650521",
}


def test_the_five_seed_regions_carry_their_real_codes(divisions_loaded, seeded):
    linked = {
        d.region.name: d.code for d in Division.objects.filter(region__isnull=False).select_related("region")
    }
    assert linked == SEED_CODES
    assert Region.objects.get(name="第二师铁门关市").level == "division_city"
    assert Region.objects.get(name="哈密市巴里坤哈萨克自治县").level == "county"


def _document(region: str, sha: str) -> dict:
    return {
        "source": {"sha256": sha, "name": "t.txt"},
        "plan": {"title": "测试规划", "region": region, "period_start": 2021, "period_end": 2025},
        "indicators": [],
    }


def test_an_ambiguous_name_is_refused_until_a_code_is_chosen(divisions_loaded):
    with pytest.raises(ImportRejected) as refused:
        plan_import(document=_document("朝阳区", "a" * 64), source_text="x")
    assert "110105" in str(refused.value) and "对应多个行政区划" in str(refused.value)
    assert not Region.objects.filter(name="朝阳区").exists()  # all-or-nothing

    result = plan_import(
        document=_document("朝阳区", "a" * 64),
        source_text="x",
        overrides=PlanOverrides(division_code="110105"),
    )
    assert result.plan.region.division.code == "110105"


def test_a_county_named_with_its_short_name_links_to_the_right_code(divisions_loaded):
    result = plan_import(document=_document("新疆哈密市巴里坤县", "b" * 64), source_text="x")
    assert result.plan.region.division.code == "650521"


def _form(region, code=""):
    return MetadataForm(
        {
            "title": "t",
            "region": region,
            "division_code": code,
            "period_start": 2021,
            "period_end": 2025,
            "status": "issued",
        }
    )


def test_the_review_form_asks_for_a_code_when_the_name_is_ambiguous(divisions_loaded):
    form = _form("朝阳区")
    assert not form.is_valid()
    assert "110105" in form.errors["division_code"][0]
    assert _form("朝阳区", "110105").is_valid()
    assert not _form("朝阳区", "999999").is_valid()
    assert _form("哈密市巴里坤哈萨克自治县").is_valid()
