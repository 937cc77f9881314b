"""Readable dashboards: the 2025-vs-2030 page explains itself, comparisons offer relative change."""

import json

from django.urls import reverse

from indicators.dashboards.synth import SynthSpec, synth_generate


def test_the_horizons_page_explains_when_no_district_has_both_target_years(client, planner):
    synth_generate(SynthSpec(regions=2, indicators=2, years=3, second_plan_every=1000))
    client.force_login(planner)
    response = client.get(reverse("dashboard-horizons") + "?early=2025&late=2030")
    assert response.context["any_both"] is False
    assert "目前没有哪个地区同时有" in response.content.decode()


def test_the_horizons_page_has_no_note_when_a_district_has_both(client, planner):
    synth_generate(SynthSpec(regions=2, indicators=2, years=3, second_plan_every=1))
    client.force_login(planner)
    response = client.get(reverse("dashboard-horizons") + "?early=2025&late=2030")
    assert response.context["any_both"] is True
    assert "目前没有哪个地区同时有" not in response.content.decode()


def test_the_comparison_page_has_a_relative_change_chart(client, planner):
    synth_generate(SynthSpec(regions=3, indicators=2, years=4))
    client.force_login(planner)
    response = client.get(reverse("dashboard-compare", args=["HL01"]) + "?horizon=2025")
    figures = json.loads(response.context["charts_json"])
    assert list(figures) == ["chart-bars", "chart-change", "chart-lines"]
    change = figures["chart-change"]["data"][0]
    assert change["x"] and all(isinstance(x, float | int) for x in change["x"])
    assert figures["chart-bars"]["data"][0]["type"] == "scatter"  # 岁 is a level: dots, not bars
