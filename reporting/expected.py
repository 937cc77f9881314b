"""Which values a region owes for a year: the one definition used by the matrix, the inbox,
the entry form's "已填 x/y" and the blank-reason check.

A region is expected to report, for year Y, every catalog indicator tracked (a row's indicator and
its ``extra_indicators``) by a plan row that has at least one target, in each of the region's
current plans (a revised version is replaced by its revision) whose years cover Y — from the
base year (the year before the period) to the end year, the years the entry form offers.
Rows without a target (context rows, "其中" rows without a goal) are not owed.
Pure functions: no database access.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlanSpan:
    """A current plan reduced to what the definition needs."""

    plan_id: int
    region_id: int
    first_year: int  # the base year: period_start - 1
    last_year: int  # period_end


def plan_span(plan) -> PlanSpan:
    return PlanSpan(plan.pk, plan.region_id, plan.period_start - 1, plan.period_end)


def expected_indicators(spans: list[PlanSpan], owed: dict[int, set[int]], year: int) -> set[int]:
    """Indicator ids owed for ``year`` by one region, given its plan spans and each plan's owed ids."""
    result: set[int] = set()
    for span in spans:
        if span.first_year <= year <= span.last_year:
            result |= owed.get(span.plan_id, set())
    return result


def reporting_years(spans: list[PlanSpan], *, until: int) -> list[int]:
    """The years a region reports (never later than ``until``, the current year)."""
    years: set[int] = set()
    for span in spans:
        years.update(range(span.first_year, min(span.last_year, until) + 1))
    return sorted(years)
