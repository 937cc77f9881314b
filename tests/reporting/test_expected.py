"""The one definition of "expected values": pure functions, no database."""

from reporting.expected import PlanSpan, expected_indicators, reporting_years

SPANS = [PlanSpan(1, 9, 2020, 2025), PlanSpan(2, 9, 2025, 2030)]
OWED = {1: {10, 11}, 2: {11, 12, 13}}


def test_a_year_owes_the_indicators_of_every_plan_covering_it():
    assert expected_indicators(SPANS, OWED, 2023) == {10, 11}
    assert expected_indicators(SPANS, OWED, 2025) == {10, 11, 12, 13}  # end of one, base year of the next
    assert expected_indicators(SPANS, OWED, 2027) == {11, 12, 13}


def test_a_year_outside_every_plan_owes_nothing():
    assert expected_indicators(SPANS, OWED, 2019) == set()
    assert expected_indicators(SPANS, {}, 2023) == set()


def test_reporting_years_run_from_the_base_year_to_this_year():
    assert reporting_years(SPANS, until=2026) == [2020, 2021, 2022, 2023, 2024, 2025, 2026]
    assert reporting_years([], until=2026) == []
