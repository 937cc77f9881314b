"""Two districts with a 2021–2025 plan of two indicators each (tests/indicators/excel_samples.entry_world)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from indicators.services import indicator_value_record
from tests.indicators.excel_samples import entry_world


@dataclass
class World:
    region_a: object
    region_b: object
    indicators_a: list
    indicators_b: list


def record(region, indicator, year, value=70):
    indicator_value_record(
        region=region, indicator=indicator, year=year, value=Decimal(value), raw=str(value), source="entered"
    )


@pytest.fixture
def world(region, other_region):
    _plan_a, indicators_a = entry_world(region, code_prefix="A")
    _plan_b, indicators_b = entry_world(other_region, code_prefix="B")
    return World(region, other_region, indicators_a, indicators_b)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)
