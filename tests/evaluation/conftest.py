from decimal import Decimal

import pytest


def path_values(region, years=range(2021, 2026)) -> dict:
    """{year: {indicator: value}} on each tracked indicator's straight path from baseline to target."""
    entries = {}
    for entry in _path_entries(region, years):
        entries.setdefault(entry.year, {})[entry.indicator] = entry.value
    return entries


def enter_path_values(region, user, years=range(2021, 2026)):
    """Enter each tracked indicator's value on the straight path from baseline to target (as staff would)."""
    from indicators.models import ValueSource
    from indicators.services import indicator_values_record

    entries = _path_entries(region, years)
    indicator_values_record(region=region, entries=entries, source=ValueSource.ENTERED, user=user)
    return len(entries)


def _path_entries(region, years):
    from indicators.models import IndicatorStatus
    from indicators.services import ValueInput

    entries = []
    seen = set()
    for status in IndicatorStatus.objects.filter(region=region).select_related("indicator"):
        if status.baseline_value is None or status.baseline_comparator or status.target_value is None:
            continue
        if status.indicator_id in seen or not status.target_year or not status.baseline_year:
            continue
        seen.add(status.indicator_id)
        span = status.target_year - status.baseline_year
        for year in years:
            share = Decimal(year - status.baseline_year) / Decimal(span)
            value = (status.baseline_value + (status.target_value - status.baseline_value) * share).quantize(
                Decimal("0.01")
            )
            if status.indicator.max_value is not None:
                value = min(value, status.indicator.max_value)
            entries.append(ValueInput(indicator=status.indicator, year=year, value=value, raw=f"{value}"))
    return entries


@pytest.fixture
def renhe(seeded, admin_user):
    from plans.models import Plan

    plan = Plan.objects.select_related("region").get(region__short_name="仁和区")
    enter_path_values(plan.region, admin_user)
    return plan


@pytest.fixture
def tiemenguan(seeded, admin_user):
    from plans.models import Plan

    plan = Plan.objects.select_related("region").get(region__short_name="铁门关市")
    enter_path_values(plan.region, admin_user)
    return plan
