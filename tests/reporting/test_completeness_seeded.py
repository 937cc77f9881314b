"""On the five seeded plans, every figure of the matrix page equals a count taken straight from the tables."""

import re

from django.urls import reverse

from indicators.entry.submissions import year_submission_submit
from indicators.models import IndicatorValue, PlanIndicator, YearSubmission
from plans.models import Plan, Region
from reporting.services import reporting_deadline_set

from .conftest import day


def _expected_from_tables(region, year) -> set[int]:
    plans = Plan.objects.filter(
        region=region, period_start__lte=year + 1, period_end__gte=year, revisions__isnull=True
    )
    rows = PlanIndicator.objects.filter(plan__in=plans, targets__isnull=False)
    ids = set(rows.values_list("indicator_id", flat=True))
    ids |= set(rows.values_list("extra_indicators", flat=True)) - {None}
    return ids


def test_every_cell_and_summary_equals_the_tables(client, seeded, planner, admin_user, editor_a, region):
    reporting_deadline_set(year=2025, due=day("2026-03-31"), user=admin_user)
    year_submission_submit(region=region, year=2025, user=editor_a)
    client.force_login(planner)
    html = client.get(reverse("reporting-completeness")).content.decode()
    cells = re.findall(
        r'<tr data-region="(\d+)">|data-year="(\d+)" data-filled="(\d+)" data-expected="(\d+)" data-state="(\w+)"',
        html,
    )
    checked = 0
    regions_per_year: dict[int, int] = {}
    current = None
    for region_id, year, filled, expected, state in cells:
        if region_id:
            current = Region.objects.get(pk=region_id)
            continue
        year = int(year)
        owed = _expected_from_tables(current, year)
        have = set(
            IndicatorValue.objects.filter(
                region=current, year=year, value__isnull=False, indicator__in=owed
            ).values_list("indicator_id", flat=True)
        )
        assert (int(filled), int(expected)) == (len(have), len(owed)), (current.name, year)
        stored = (
            YearSubmission.objects.filter(region=current, year=year).values_list("state", flat=True).first()
        )
        assert state == (stored or "open")
        regions_per_year[year] = regions_per_year.get(year, 0) + (1 if owed else 0)
        checked += 1
    assert checked >= 25  # five regions, several years each
    for year, count in regions_per_year.items():
        complete = 1 if year == 2025 else 0
        assert f'data-year="{year}" data-complete="{complete}" data-regions="{count}"' in html
