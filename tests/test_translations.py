"""English is complete: every message of the code and templates, and every catalog name, has English."""

import json
import os
import shutil

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.catalog_names import DOMAINS, UNITS, domain_label, unit_label
from tests.translations import ROOT, untranslated


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_every_message_has_an_english_translation():
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext (gettext) is needed to extract the messages")
        pytest.skip("xgettext not installed")
    missing = untranslated()
    assert missing == [], (
        f"{len(missing)} messages have no English in locale/en/LC_MESSAGES/django.po: {missing[:20]}"
    )


def test_every_catalog_indicator_has_an_english_name_and_every_unit_and_domain_is_translated():
    catalog = json.loads((ROOT / "fixtures" / "catalog.json").read_text(encoding="utf-8"))["indicators"]
    assert all(item.get("name_en") for item in catalog)
    assert {item["unit"] for item in catalog if item.get("unit")} <= set(UNITS) | {"%", "‰"}
    assert {item["domain"] for item in catalog if item.get("domain")} <= set(DOMAINS)
    with translation.override("en"):
        assert all(unit_label(unit) != unit for unit in UNITS)
        assert all(domain_label(domain) != domain for domain in DOMAINS)
        assert unit_label("岁") == "years" and unit_label("%") == "%"


def test_english_indicator_pages_use_the_catalog_english_names(english, seeded):
    html = english.get(reverse("indicator-detail", args=["HL01"])).content.decode()
    assert "<h1>Life expectancy at birth（years）</h1>" in html
    assert "Health status" in html
    listing = english.get(reverse("indicator-list")).content.decode()
    assert "Infant mortality rate" in listing and "婴儿死亡率</a>" not in listing


def test_english_comparisons_use_english_names_in_titles_and_charts(english, seeded, planner):
    english.force_login(planner)
    response = english.get(reverse("dashboard-compare", args=["HL01"]))
    html = response.content.decode()
    assert "<h1>Life expectancy at birth（years）</h1>" in html
    assert "人均预期寿命" not in response.context["charts_json"]


def test_the_language_menu_names_each_language_in_itself(client, db, settings):
    pages = [client.get(reverse("plan-list")).content.decode()]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages.append(client.get(reverse("plan-list")).content.decode())
    assert '<html lang="en">' in pages[1]
    for html in pages:
        assert ">简体中文</option>" in html and ">English</option>" in html and ">英语<" not in html


def test_status_warnings_are_shown_in_english_by_their_code():
    from indicators.warning_text import warning_text

    warning = {
        "code": "already_met",
        "message": "基期值83.63已满足目标≥82，该指标从规划初期即为保持达标（须每年保持）",
    }
    with translation.override("en"):
        assert warning_text(warning).startswith("The baseline already meets the target: holding the line")
    with translation.override("zh-hans"):
        assert warning_text(warning) == warning["message"]
