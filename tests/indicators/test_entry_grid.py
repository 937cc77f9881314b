"""The multi-year grid: several years of one region at once, same rules and service, all or nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.entry.grid import grid_years
from indicators.models import IndicatorValue, ValueChange
from indicators.status import status_refresh_plan
from tests.indicators.excel_samples import entry_world


@pytest.fixture
def world(region):
    plan, indicators = entry_world(region)
    status_refresh_plan(plan)
    return indicators


def _url(region, years="2022,2023"):
    return reverse("entry-grid", args=[region.pk]) + f"?years={years}"


def _post(client, region, data, years="2022,2023"):
    page = client.get(_url(region, years))
    form_data = {}
    for column in page.context["columns"]:
        for name, field in column.form.fields.items():
            bound = column.form[name]
            form_data[bound.html_name] = bound.value() if bound.value() is not None else ""
            if field.show_hidden_initial:
                form_data[bound.html_initial_name] = bound.value() or ""
    form_data.update(data)
    return client.post(_url(region, years), form_data)


def test_grid_years_keeps_known_years_in_order_and_defaults_to_the_last_three():
    assert grid_years([2020, 2021, 2022, 2023], "2023,2021,1999,x") == [2021, 2023]
    assert grid_years([2020, 2021, 2022, 2023], None) == [2021, 2022, 2023]
    assert grid_years(list(range(2000, 2020)), ",".join(str(y) for y in range(2000, 2020))) == list(
        range(2000, 2005)
    )


def test_an_editor_saves_two_years_at_once_with_history(client, region, editor_a, world):
    first, _second = world
    client.force_login(editor_a)
    response = _post(client, region, {f"2022-v_i{first.pk}": "68", f"2023-v_i{first.pk}": "72"})
    assert response.status_code == 302
    values = dict(IndicatorValue.objects.filter(indicator=first, year__gte=2022).values_list("year", "value"))
    assert values == {2022: Decimal("68"), 2023: Decimal("72")}
    assert ValueChange.objects.filter(value__indicator=first, changed_by=editor_a).count() == 2


def test_one_bad_cell_saves_nothing(client, region, editor_a, world):
    first, second = world
    client.force_login(editor_a)
    response = _post(client, region, {f"2022-v_i{first.pk}": "68", f"2023-v_i{second.pk}": "120"})
    assert response.status_code == 200
    assert "不能大于 100%" in response.content.decode()
    assert not IndicatorValue.objects.filter(indicator__in=world, year__gte=2022).exists()


def test_a_big_jump_needs_a_comment_as_in_the_yearly_form(client, region, editor_a, world):
    first, _second = world
    client.force_login(editor_a)
    response = _post(client, region, {f"2022-v_i{first.pk}": "68", f"2023-v_i{first.pk}": "20"})
    assert response.status_code == 200 and "需要说明" in response.content.decode()
    assert not IndicatorValue.objects.filter(indicator=first, year__gte=2022).exists()


def test_access_checklist(client, region, other_region, editor_a, editor_b, planner, world):
    url = _url(region)
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(editor_b)
    assert client.get(url).status_code == 404  # another district's editor
    client.force_login(planner)
    assert client.get(url).status_code == 403  # read-only role
    assert client.post(url, {}).status_code == 403
    client.force_login(editor_a)
    assert client.get(url).status_code == 200
    assert client.put(url).status_code == 405
