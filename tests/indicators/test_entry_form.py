"""The yearly entry form: one page per (region, year), validated on the server, saved in one transaction."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import IndicatorStatus, IndicatorValue, PlanIndicator, ValueChange
from indicators.services import indicator_value_record
from indicators.status import status_refresh_plan
from tests.conftest import make_indicator
from tests.indicators.excel_samples import entry_world

YEAR = 2023


@pytest.fixture
def world(region):
    plan, indicators = entry_world(region)
    status_refresh_plan(plan)
    return plan, indicators


def _url(region, year=YEAR):
    return reverse("entry-form", args=[region.pk, year])


def _form_data(client, region, year=YEAR, **values):
    """The form as the browser would post it (hidden initial texts and versions included), with edits."""
    response = client.get(_url(region, year))
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        data[name] = "" if value is None else value
        if field.show_hidden_initial:
            data[f"initial-{name}"] = "" if value is None else value
    for indicator, text in values.items():
        data[indicator] = text
    return data


def _field(indicator) -> str:
    return f"v_i{indicator.pk}"


def test_the_page_lists_every_tracked_indicator_with_its_context(client, editor_a, region, world):
    plan, (first, second) = world
    extra = make_indicator(code="EXTRA1", name="同行第二指标", unit="%")
    PlanIndicator.objects.get(plan=plan, indicator=first).extra_indicators.add(extra)
    indicator_value_record(
        region=region, indicator=first, year=YEAR - 1, value=Decimal("70.5"), raw="70.5", source="entered"
    )
    client.force_login(editor_a)
    response = client.get(_url(region))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (first.name, second.name, "同行第二指标", "70.5", "2020：60", "2025：80", "72", "进展"):
        assert text in html
    assert html.count('class="value-input"') == 3


def test_an_editor_saves_a_value_and_the_status_table_follows(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    before = IndicatorStatus.objects.get(indicator=first).status
    response = client.post(_url(region), _form_data(client, region, **{_field(first): "80"}))
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=first, year=YEAR)
    assert (value.value, value.raw, value.source, value.updated_by) == (
        Decimal("80"),
        "80",
        "entered",
        editor_a,
    )
    after = IndicatorStatus.objects.get(indicator=first)
    assert before == "insufficient_data" and after.status == "achieved"
    assert after.latest_year == YEAR


def test_one_change_writes_one_history_row_with_old_new_and_user(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    client.post(_url(region), _form_data(client, region, **{_field(first): "70"}))
    client.post(_url(region), _form_data(client, region, **{_field(first): "71"}))
    changes = ValueChange.objects.filter(value__indicator=first, value__year=YEAR).order_by("id")
    assert [(c.old_value, c.new_value, c.changed_by) for c in changes] == [
        (None, Decimal("70"), editor_a),
        (Decimal("70"), Decimal("71"), editor_a),
    ]


def test_saving_the_same_value_again_records_nothing(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    client.post(_url(region), _form_data(client, region, **{_field(first): "70"}))
    count = ValueChange.objects.count()
    response = client.post(_url(region), _form_data(client, region, **{_field(first): "70.0"}))
    assert response.status_code == 302
    assert ValueChange.objects.count() == count


def test_the_history_of_each_value_is_shown_on_the_page(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    client.post(_url(region), _form_data(client, region, **{_field(first): "70"}))
    data = _form_data(client, region, **{_field(first): "71"})
    data[f"c_i{first.pk}"] = "复核后更正"
    client.post(_url(region), data)
    html = client.get(_url(region)).content.decode()
    assert "复核后更正" in html and "editor_a" in html and "网页录入" in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("120", "不能大于 100%"),
        ("-3", "不能小于 0%"),
        ("abc", "不是数字"),
        ("1.1234567", "小数位数超过 6 位"),
    ],
)
def test_out_of_range_or_malformed_values_are_refused_naming_the_field(
    client, editor_a, region, world, typed, message
):
    _plan, (first, second) = world
    client.force_login(editor_a)
    data = _form_data(client, region, **{_field(first): typed, _field(second): "70"})
    response = client.post(_url(region), data)
    assert response.status_code == 200
    errors = response.context["form"].errors[_field(first)]
    assert any(message in e and first.name in e for e in errors)
    assert not IndicatorValue.objects.filter(year=YEAR).exists()  # the valid one is not saved either
    assert not ValueChange.objects.filter(value__year=YEAR).exists()


def test_blank_means_no_value_never_zero(client, editor_a, region, world):
    _plan, (first, second) = world
    client.force_login(editor_a)
    client.post(_url(region), _form_data(client, region, **{_field(first): "70"}))
    assert not IndicatorValue.objects.filter(indicator=second, year=YEAR).exists()  # left blank: nothing
    response = client.post(_url(region), _form_data(client, region, **{_field(first): ""}))
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=first, year=YEAR)
    assert value.value is None and value.raw == ""
    last = ValueChange.objects.filter(value=value).order_by("id").last()
    assert (last.old_value, last.new_value) == (Decimal("70"), None)


def test_decimal_input_keeps_its_precision_and_full_width_digits_are_normalised(
    client, editor_a, region, world
):
    _plan, (first, second) = world
    client.force_login(editor_a)
    data = _form_data(client, region, **{_field(first): "7.50", _field(second): "７２．５０"})
    data[f"c_i{first.pk}"] = "小数位测试"  # 7.50 is far off this indicator's path
    assert client.post(_url(region), data).status_code == 302
    value = IndicatorValue.objects.get(indicator=first, year=YEAR)
    assert (value.raw, value.value) == ("7.50", Decimal("7.5"))
    assert ValueChange.objects.get(value=value).new_raw == "7.50"
    assert IndicatorValue.objects.get(indicator=second, year=YEAR).raw == "72.50"
    assert 'value="7.50"' in client.get(_url(region)).content.decode()


def test_a_bound_is_kept_as_a_bound(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    client.post(_url(region), _form_data(client, region, **{_field(first): "＜75.5"}))
    value = IndicatorValue.objects.get(indicator=first, year=YEAR)
    assert (value.comparator, value.value, value.raw) == ("<", Decimal("75.5"), "<75.5")


def test_a_far_jump_needs_a_comment_and_is_accepted_with_one(client, editor_a, region, world):
    _plan, (first, _second) = world
    indicator_value_record(
        region=region, indicator=first, year=YEAR - 1, value=Decimal("70"), raw="70", source="entered"
    )
    client.force_login(editor_a)
    data = _form_data(client, region, **{_field(first): "30"})
    response = client.post(_url(region), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "较上年数值 70 变化" in html and "请填写说明后再保存" in html
    assert not IndicatorValue.objects.filter(indicator=first, year=YEAR).exists()
    data[f"c_i{first.pk}"] = "统计口径调整"
    response = client.post(_url(region), data)
    assert response.status_code == 302
    change = ValueChange.objects.get(value__indicator=first, value__year=YEAR)
    assert (change.new_value, change.comment) == (Decimal("30"), "统计口径调整")


def test_a_value_far_off_the_path_needs_a_comment(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    response = client.post(_url(region), _form_data(client, region, **{_field(first): "99"}))
    assert response.status_code == 200
    assert "偏离规划路径应达值 72" in response.content.decode()
    assert not IndicatorValue.objects.filter(indicator=first, year=YEAR).exists()


def test_a_value_near_the_path_needs_no_comment(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    response = client.post(_url(region), _form_data(client, region, **{_field(first): "75"}))
    assert response.status_code == 302


def test_a_stale_save_is_refused_and_shows_the_newer_value_and_who_saved_it(
    client, editor_a, region, world, admin_user
):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    client.post(_url(region), _form_data(client, region, **{_field(first): "70"}))
    mine = _form_data(client, region, **{_field(first): "71"})  # loaded at version 1
    theirs = _form_data(client, region, **{_field(first): "73"})  # loaded at version 1 as well
    assert client.post(_url(region), theirs).status_code == 302  # first save wins
    response = client.post(_url(region), mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "已被 editor_a" in html and "改为 73" in html and "您的修改未保存" in html
    value = IndicatorValue.objects.get(indicator=first, year=YEAR)
    assert (value.value, value.version) == (Decimal("73"), 2)
    # The page now carries the newer version: saving again is a knowing overwrite.
    form = response.context["form"]
    assert form[f"ver_i{first.pk}"].value() in ("2", 2)


def test_an_untouched_box_never_overwrites_a_newer_value(client, editor_a, region, world):
    _plan, (first, second) = world
    client.force_login(editor_a)
    client.post(_url(region), _form_data(client, region, **{_field(first): "70"}))
    stale = _form_data(client, region, **{_field(second): "71"})  # first still shows 70
    indicator_value_record(
        region=region, indicator=first, year=YEAR, value=Decimal("74"), raw="74", source="entered"
    )
    assert client.post(_url(region), stale).status_code == 302
    assert IndicatorValue.objects.get(indicator=first, year=YEAR).value == Decimal("74")
    assert IndicatorValue.objects.get(indicator=second, year=YEAR).value == Decimal("71")


def test_a_planner_sees_the_page_read_only(client, planner, region, world):
    client.force_login(planner)
    response = client.get(_url(region))
    assert response.status_code == 200
    assert 'class="value-input"' not in response.content.decode()


def test_a_year_outside_the_plan_is_not_found(client, editor_a, region, world):
    client.force_login(editor_a)
    assert client.get(_url(region, 2019)).status_code == 404
    assert client.get(_url(region, 2026)).status_code == 404


def test_the_index_lists_the_editors_regions_and_plan_years(client, editor_a, region, other_region, world):
    entry_world(other_region, code_prefix="B")
    client.force_login(editor_a)
    response = client.get(reverse("entry-index"))
    html = response.content.decode()
    assert region.name in html and other_region.name not in html
    for year in range(2020, 2026):
        assert reverse("entry-form", args=[region.pk, year]) in html


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_entry_page_query_count_does_not_grow_with_indicators(client, editor_a, region, other_region):
    small_plan, small = entry_world(region, count=2)
    big_plan, big = entry_world(other_region, count=60, code_prefix="B")
    other_region.editors.add(editor_a)
    for indicators, where in ((small, region), (big, other_region)):
        for indicator in indicators:
            for year in (2022, 2023):
                indicator_value_record(
                    region=where,
                    indicator=indicator,
                    year=year,
                    value=Decimal(70),
                    raw="70",
                    source="entered",
                )
    status_refresh_plan(small_plan)
    status_refresh_plan(big_plan)
    client.force_login(editor_a)
    small_count = _page_queries(client, _url(region))
    big_count = _page_queries(client, _url(other_region))
    assert small_count == big_count
    assert small_count <= 24  # 16 for the page, 4 for the 我的待办 badge, 3 for "已填 x/y" and blank reasons
