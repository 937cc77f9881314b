"""The numbers the live checks use are the server's own (rules.valid_range, the row's path)."""

from decimal import Decimal

from django.urls import reverse

from indicators.entry.live import live_rules
from indicators.entry.selectors import entry_page
from indicators.status import status_refresh_plan
from tests.indicators.excel_samples import entry_world


def test_live_rules_carry_the_range_the_previous_value_and_the_path(region, editor_a):
    plan, (first, _second) = entry_world(region)
    status_refresh_plan(plan)
    rules = live_rules(entry_page(region, 2023).rows)
    rule = rules["fields"][f"v_i{first.pk}"]
    assert (rule["min"], rule["max"], rule["unit"]) == (0.0, 100.0, "%")
    assert rule["baseline"] == 60.0 and rule["target"] == 80.0 and rule["expected"] == 72.0
    assert rules["thresholds"] == {"jump": 0.5, "pathShare": 1.0, "pathRelative": 0.2}
    assert "{low}" in rules["messages"]["tooLow"]


def test_the_form_embeds_the_rules_and_the_script_only_for_editors(client, region, editor_a, planner):
    entry_world(region)
    url = reverse("entry-form", args=[region.pk, 2023])
    client.force_login(editor_a)
    body = client.get(url).content.decode()
    assert 'id="entry-live-rules"' in body and "js/entry_form.js" in body
    assert "<script>" not in body  # data as json_script, code from a file (CSP)
    client.force_login(planner)
    assert 'id="entry-live-rules"' not in client.get(url).content.decode()


def test_rule_numbers_are_floats_not_decimals():
    assert all(not isinstance(v, Decimal) for v in live_rules([])["thresholds"].values())
