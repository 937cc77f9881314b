"""Every dashboard page and endpoint runs the same number of queries for 30 times the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.dashboards.synth import SynthSpec, synth_generate
from plans.models import Plan, Region


def _urls() -> dict[str, str]:
    """One URL per screen, for the first synthetic district (its 14th plan)."""
    region = Region.objects.filter(synthetic=True).order_by("pk").first()
    plan = Plan.objects.filter(region=region, period_end=2025).get()
    return {
        "overview": reverse("dashboard-overview"),
        "overview-filtered": reverse("dashboard-overview") + "?period_end=2025&status=issued",
        "plan": reverse("dashboard-plan", args=[plan.pk]),
        "plan-filtered": reverse("dashboard-plan", args=[plan.pk]) + "?domain=健康水平&nature=",
        "compare": reverse("dashboard-compare", args=["HL01"]) + "?horizon=2025",
        "compare-sorted": reverse("dashboard-compare", args=["HL01"])
        + "?horizon=2025&sort=-latest_cmp&page=2",
        "compare-index": reverse("dashboard-compare-index"),
        "heatmap": reverse("dashboard-heatmap"),
        "heatmap-data": reverse("dashboard-heatmap-data") + "?horizon=2025",
        "heatmap-region": reverse("dashboard-heatmap-region", args=[region.pk]) + "?horizon=2025",
        "horizons": reverse("dashboard-horizons"),
        "horizons-region": reverse("dashboard-horizons-region", args=[region.pk]),
        "overview-export": reverse("dashboard-overview-export", args=["xlsx"]),
        "plan-export": reverse("dashboard-plan-export", args=[plan.pk, "csv"]),
        "compare-export": reverse("dashboard-compare-export", args=["HL01", "xlsx"]) + "?horizon=2025",
        "heatmap-export": reverse("dashboard-heatmap-export", args=["xlsx"]) + "?horizon=2025",
        "horizons-export": reverse("dashboard-horizons-export", args=[region.pk, "csv"]),
        "ping": reverse("dashboard-ping"),
        "regions": reverse("dashboard-regions"),
    }


def _counts(client) -> dict[str, int]:
    counts = {}
    for name, url in _urls().items():
        client.get(url)  # warm: the first request may cache content types, sessions…
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize(
    ("small", "large"),
    [
        (SynthSpec(regions=2, indicators=2, years=3), SynthSpec(regions=60, indicators=2, years=3)),
        (SynthSpec(regions=1, indicators=1, years=3), SynthSpec(regions=1, indicators=30, years=3)),
    ],
    ids=["30x-districts", "30x-indicators"],
)
def test_query_counts_do_not_grow_with_the_data(client, planner, small, large):
    client.force_login(planner)
    synth_generate(small)
    before = _counts(client)
    synth_generate(large, reset=True)
    after = _counts(client)
    assert after == before


def test_an_editor_gets_the_same_counts_for_more_districts(client, region, editor_a):
    """Editors' screens are scoped by a subquery, not by extra queries per region."""
    client.force_login(editor_a)

    def counts():
        first = Region.objects.filter(synthetic=True).order_by("pk").first()
        first.editors.add(editor_a)
        return _counts(client)

    synth_generate(SynthSpec(regions=2, indicators=2, years=3))
    before = counts()
    synth_generate(SynthSpec(regions=60, indicators=2, years=3), reset=True)
    assert counts() == before
