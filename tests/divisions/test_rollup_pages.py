"""Roll-up pages and maps on the synthetic dataset named after the real divisions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from divisions.models import Division
from divisions.services import division_assign
from indicators.dashboards.synth import SynthSpec, synth_generate
from indicators.models import IndicatorStatus
from plans.models import Region
from plans.roles import EDITOR, PLANNER
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _hebei_boundaries(_national_divisions, django_db_blocker):
    """Boundaries for 河北 only (the whole country takes a while); removed with the divisions."""
    from divisions.boundaries import boundaries_load

    with django_db_blocker.unblock():
        return boundaries_load(code_prefix="13")


# By code, the first county-level units are 北京 (16), 天津 (16), then 河北: 石家庄 (130102…).
SMALL = SynthSpec(regions=34, indicators=2, years=3, divisions=True)
LARGE = SynthSpec(regions=120, indicators=2, years=3, divisions=True)


def _urls() -> dict[str, str]:
    return {
        "nation": reverse("nation-rollup") + "?horizon=2025",
        "nation-indicator": reverse("nation-rollup") + "?horizon=2025&indicator=HL01",
        "province": reverse("division-rollup", args=["130000"]) + "?horizon=2025",
        "prefecture": reverse("division-rollup", args=["130100"]) + "?horizon=2025&indicator=HL01",
        "nation-map-county": reverse("nation-map") + "?horizon=2025&level=county",
        "nation-map-child": reverse("nation-map") + "?horizon=2025&level=child",
        "province-map-status": reverse("division-map", args=["130000"])
        + "?horizon=2025&level=county&by=status&indicator=HL01",
        "province-map-child": reverse("division-map", args=["130000"]) + "?horizon=2025&level=child",
    }


def _counts(client) -> dict[str, int]:
    counts = {}
    for name, url in _urls().items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_tree(client, divisions_loaded):
    client.force_login(make_user("national_planner", PLANNER))
    synth_generate(SMALL)
    before = _counts(client)
    synth_generate(LARGE, reset=True)
    after = _counts(client)
    assert Region.objects.filter(division__province__code="130000").count() == 88
    assert after == before


def test_synthetic_regions_carry_real_names_and_codes(divisions_loaded):
    synth_generate(SMALL)
    region = Division.objects.get(code="110105").region
    assert region.name == "合成-北京市朝阳区" and region.synthetic
    assert Region.objects.filter(synthetic=True).count() == 34


def test_a_prefecture_page_shows_its_counties_shares_and_ranking(client, divisions_loaded):
    synth_generate(SMALL)
    client.force_login(make_user("p", PLANNER))
    html = client.get(
        reverse("division-rollup", args=["130100"]) + "?horizon=2025&indicator=HL01"
    ).content.decode()
    assert "石家庄市长安区" in html  # 130102 and 130104 are the 石家庄 counties in the small set
    assert "北京市" not in html.split("<main", 1)[1].split("下级区划")[1]
    rows = IndicatorStatus.objects.filter(
        region__division__code="130102", indicator__code="HL01", target_year=2025
    )
    assert rows.exists()
    assert "/ 22" in html  # coverage is out of the prefecture's 22 county-level units


def test_the_nation_page_drills_down_to_provinces(client, divisions_loaded):
    synth_generate(SMALL)
    client.force_login(make_user("p", PLANNER))
    html = client.get(reverse("nation-rollup") + "?horizon=2025").content.decode()
    assert reverse("division-rollup", args=["110000"]) in html
    assert "16 / 16" in html  # 北京: every district has data


def test_counties_without_data_are_drawn_as_such_not_as_zero(client, divisions_loaded):
    synth_generate(SMALL)
    client.force_login(make_user("p", PLANNER))
    url = reverse("division-map", args=["130100"]) + "?horizon=2025&level=county&by=status&indicator=HL01"
    data = client.get(url).json()
    by_code = {a["c"]: a for a in data["areas"]}
    assert len(by_code) == 22
    assert by_code["130102"]["k"] >= 0 and by_code["130102"]["g"]
    assert by_code["130105"]["k"] == -1 and "无数据" in by_code["130105"]["t"]
    status = IndicatorStatus.objects.get(
        region__division__code="130102", indicator__code="HL01", target_year=2025
    )
    legend = data["legend"][by_code["130102"]["k"]]
    assert legend["label"] == status.get_status_display()


def test_a_scoped_planner_opens_only_their_tree_and_editors_none(client, divisions_loaded):
    synth_generate(SMALL)
    planner = make_user("hebei", PLANNER)
    division_assign(division=Division.objects.get(code="130000"), user=planner)
    client.force_login(planner)
    assert client.get(reverse("nation-rollup")).status_code == 302  # to 河北
    assert client.get(reverse("division-rollup", args=["130100"])).status_code == 200
    assert client.get(reverse("division-rollup", args=["110000"])).status_code == 404
    assert client.get(reverse("nation-map") + "?level=county").status_code == 404
    assert client.get(reverse("division-map", args=["110000"]) + "?level=county").status_code == 404
    client.force_login(make_user("e", EDITOR, regions=[Division.objects.get(code="130102").region]))
    assert client.get(reverse("division-rollup", args=["130100"])).status_code == 404
    assert client.get(reverse("nation-rollup")).status_code == 404


def test_roll_ups_need_a_login(client, divisions_loaded):
    response = client.get(reverse("division-rollup", args=["130000"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
