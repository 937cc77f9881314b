"""The completeness and timeliness matrix: its figures are the database's counts."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.entry.submissions import (
    year_submission_approve,
    year_submission_return,
    year_submission_submit,
)
from indicators.models import IndicatorValue, PlanIndicator, Target
from plans.models import Region
from reporting.models import DeadlineExtension, ReportingDeadline
from reporting.selectors.completeness import Timeliness, completeness_matrix, region_cells
from reporting.services import deadline_extension_grant, reporting_deadline_set
from tests.conftest import make_indicator, make_region
from tests.indicators.excel_samples import entry_world

from .conftest import day, record


def _cell(matrix, region, year):
    row = next(cells for r, cells in matrix.rows if r.pk == region.pk)
    return row[matrix.years.index(year)]


def test_filled_and_expected_are_counted_from_the_values(world, admin_user):
    record(world.region_a, world.indicators_a[0], 2023)
    matrix = completeness_matrix(Region.objects.all())
    cell = _cell(matrix, world.region_a, 2023)
    expected = set(
        PlanIndicator.objects.filter(plan__region=world.region_a, targets__isnull=False).values_list(
            "indicator_id", flat=True
        )
    )
    filled = set(
        IndicatorValue.objects.filter(
            region=world.region_a, year=2023, value__isnull=False, indicator__in=expected
        ).values_list("indicator_id", flat=True)
    )
    assert (cell.filled_count, cell.expected_count) == (len(filled), len(expected)) == (1, 2)
    # the base-year values come from the plan itself
    assert (
        _cell(matrix, world.region_a, 2020).filled_count,
        _cell(matrix, world.region_a, 2020).expected_count,
    ) == (2, 2)


def test_a_row_without_a_target_is_not_expected(world):
    extra = make_indicator(name="无目标指标")
    plan = world.indicators_a[0].plan_rows.first().plan
    PlanIndicator.objects.create(plan=plan, indicator=extra, order=99, name=extra.name, line=99)
    cell = _cell(completeness_matrix(Region.objects.all()), world.region_a, 2023)
    assert cell.expected_count == 2
    assert extra.pk not in cell.expected


def test_states_and_timeliness_follow_submissions_and_deadlines(
    world, editor_a, editor_b, approver, admin_user
):
    reporting_deadline_set(year=2023, due=timezone.localdate() + datetime.timedelta(days=10), user=admin_user)
    reporting_deadline_set(year=2022, due=day("2023-03-31"), user=admin_user)
    year_submission_submit(region=world.region_a, year=2023, user=editor_a)
    year_submission_approve(region=world.region_a, year=2023, user=approver)
    year_submission_submit(region=world.region_b, year=2023, user=editor_b)
    year_submission_return(region=world.region_b, year=2023, user=approver, reason="缺数据")
    year_submission_submit(
        region=world.region_a, year=2022, user=editor_a
    )  # submitted today: long after 2023-03-31
    matrix = completeness_matrix(Region.objects.all())
    a23, b23 = _cell(matrix, world.region_a, 2023), _cell(matrix, world.region_b, 2023)
    assert (a23.state, a23.timeliness, a23.complete) == ("approved", Timeliness.ON_TIME, True)
    assert (b23.state, b23.timeliness, b23.complete) == ("returned", Timeliness.PENDING, False)
    a22, b22 = _cell(matrix, world.region_a, 2022), _cell(matrix, world.region_b, 2022)
    assert (a22.state, a22.timeliness) == ("submitted", Timeliness.LATE)
    assert (b22.state, b22.timeliness) == ("open", Timeliness.OVERDUE)
    assert _cell(matrix, world.region_a, 2021).timeliness == Timeliness.NO_DEADLINE
    summary = {s.year: s for s in matrix.summaries}
    assert (summary[2023].regions, summary[2023].complete, summary[2023].on_time) == (2, 1, 1)
    assert (summary[2023].complete_share, summary[2023].on_time_share) == (50, 50)
    assert (summary[2022].complete, summary[2022].on_time) == (1, 0)


def test_an_extension_moves_one_regions_deadline_only(world, admin_user, editor_a):
    reporting_deadline_set(year=2022, due=day("2023-03-31"), user=admin_user)
    deadline_extension_grant(
        region=world.region_a,
        year=2022,
        due=timezone.localdate() + datetime.timedelta(days=5),
        reason="系统故障",
        user=admin_user,
    )
    year_submission_submit(region=world.region_a, year=2022, user=editor_a)
    matrix = completeness_matrix(Region.objects.all())
    a22, b22 = _cell(matrix, world.region_a, 2022), _cell(matrix, world.region_b, 2022)
    assert a22.extended and a22.timeliness == Timeliness.ON_TIME
    assert not b22.extended and b22.due == day("2023-03-31")


def test_the_page_shows_the_figures(client, world, planner, admin_user):
    record(world.region_a, world.indicators_a[0], 2023)
    reporting_deadline_set(year=2023, due=day("2030-01-01"), user=admin_user)
    client.force_login(planner)
    html = client.get(reverse("reporting-completeness")).content.decode()
    assert (
        'data-year="2023" data-filled="1" data-expected="2" data-state="open" data-timeliness="pending"'
        in html
    )
    assert 'data-year="2023" data-complete="0" data-regions="2"' in html


def test_editors_see_only_their_own_district(client, world, editor_a):
    client.force_login(editor_a)
    html = client.get(reverse("reporting-completeness")).content.decode()
    assert f'data-region="{world.region_a.pk}"' in html
    assert f'data-region="{world.region_b.pk}"' not in html


def test_anonymous_people_are_sent_to_log_in(client, world):
    assert client.get(reverse("reporting-completeness")).status_code == 302


def _grow(count: int):
    for n in range(count):
        region = make_region(f"测试地区{n}", f"测区{n}")
        _plan, indicators = entry_world(region, code_prefix=f"G{n}-")
        record(region, indicators[0], 2023)


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_matrix_takes_a_constant_number_of_queries(client, world, planner, admin_user):
    reporting_deadline_set(year=2023, due=day("2030-01-01"), user=admin_user)
    deadline_extension_grant(
        region=world.region_a, year=2023, due=day("2030-02-01"), reason="延期", user=admin_user
    )
    client.force_login(planner)
    small = _page_queries(client, reverse("reporting-completeness"))
    _grow(8)
    assert _page_queries(client, reverse("reporting-completeness")) == small <= 20


def test_cells_take_seven_queries_whatever_the_size(world, django_assert_num_queries):
    _grow(4)
    with django_assert_num_queries(7):
        cells = region_cells(Region.objects.all())
    assert len({c.region.pk for c in cells}) == 6
    assert Target.objects.count() == 12
    assert DeadlineExtension.objects.count() == 0 and ReportingDeadline.objects.count() == 0


def test_a_deadline_moved_past_an_old_extension_wins(world, admin_user):
    reporting_deadline_set(year=2022, due=day("2023-03-31"), user=admin_user)
    deadline_extension_grant(
        region=world.region_a, year=2022, due=day("2023-04-30"), reason="延期", user=admin_user
    )
    reporting_deadline_set(year=2022, due=day("2023-06-30"), user=admin_user)
    cell = _cell(completeness_matrix(Region.objects.all()), world.region_a, 2022)
    assert (cell.due, cell.extended) == (day("2023-06-30"), False)
    extension = deadline_extension_grant(
        region=world.region_a, year=2022, due=day("2023-07-31"), reason="再延", user=admin_user
    )
    assert extension.old_due == day("2023-06-30")
