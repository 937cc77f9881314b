"""Roll-up pages and maps on the synthetic dataset named after the real divisions."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from divisions.models import Division
from divisions.services import division_assign
from indicators.dashboards.synth import SynthSpec, synth_generate
from indicators.models import Indicator, IndicatorStatus, IndicatorValue
from indicators.services import indicator_value_record
from indicators.status import statuses_version
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
    """Queries of each page read from the database (empty cache), then from the cache."""
    counts = {}
    for name, url in _urls().items():
        client.get(url)
        for state in ("cold", "warm"):
            if state == "cold":
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (name, url)
            counts[name, state] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_tree(client, divisions_loaded):
    client.force_login(make_user("national_planner", PLANNER))
    synth_generate(SMALL)
    before = _counts(client)
    synth_generate(LARGE, reset=True)
    after = _counts(client)
    assert Region.objects.filter(division__province__code="130000").count() == 88
    assert after == before
    # From the cache: the session, the user, access, the version stamp and the indicator asked for.
    for name in _urls():
        assert after[name, "warm"] < after[name, "cold"], name
    assert after["province-map-status", "warm"] <= 7


def _area(client, url: str, code: str) -> dict:
    return {a["c"]: a for a in client.get(url).json()["areas"]}[code]


def test_a_value_write_shows_at_once_on_the_cached_map_and_page(client, divisions_loaded):
    synth_generate(SMALL)
    client.force_login(make_user("p", PLANNER))
    map_url = reverse("division-map", args=["130100"]) + "?horizon=2025&level=county&by=value&indicator=HL01"
    page_url = reverse("division-rollup", args=["130100"]) + "?horizon=2025&indicator=HL01"
    before, page = _area(client, map_url, "130102"), client.get(page_url).content.decode()
    assert _area(client, map_url, "130102") == before  # now from the cache
    status = IndicatorStatus.objects.get(
        region__division__code="130102", indicator__code="HL01", target_year=2025
    )
    hl01 = Indicator.objects.get(code="HL01", local_to_plan__isnull=True)
    stored = IndicatorValue.objects.get(region=status.region, indicator=hl01, year=status.latest_year)
    stamp = statuses_version()
    indicator_value_record(
        region=status.region,
        indicator=hl01,
        year=status.latest_year,
        value=Decimal("123.4"),
        raw="123.4",
        source="entered",
        expected_version=stored.version,
    )
    assert statuses_version() != stamp
    after = _area(client, map_url, "130102")
    assert after["t"] != before["t"] and "123.4" in after["t"]
    assert "123.4" not in page and "123.4" in client.get(page_url).content.decode()


def test_cached_maps_follow_the_language_and_never_skip_the_access_check(client, divisions_loaded):
    synth_generate(SMALL)
    client.force_login(make_user("national", PLANNER))
    url = reverse("division-map", args=["130100"]) + "?horizon=2025&level=county&by=status&indicator=HL01"
    assert "无数据" in _area(client, url, "130105")["t"]
    client.cookies["django_language"] = "en"
    assert "no data" in _area(client, url, "130105")["t"]
    del client.cookies["django_language"]
    beijing = reverse("division-map", args=["110000"]) + "?horizon=2025&level=county"
    assert client.get(beijing).status_code == 200  # cached for its readers
    planner = make_user("hebei", PLANNER)
    division_assign(division=Division.objects.get(code="130000"), user=planner)
    client.force_login(planner)
    assert client.get(beijing).status_code == 404
    assert client.get(url).status_code == 200


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
