"""Shared fixtures: small factories and the five seed plans loaded once per test that asks."""

from __future__ import annotations

import hashlib
import itertools

import pytest

_counter = itertools.count(1)


def make_region(name: str = "克拉玛依市克拉玛依区", short_name: str = "克拉玛依区"):
    from plans.models import Region

    region, _ = Region.objects.get_or_create(
        name=name, defaults={"short_name": short_name, "level": "district"}
    )
    return region


def make_plan(region=None, **fields):
    from plans.models import Plan

    n = next(_counter)
    defaults = {
        "region": region or make_region(),
        "title": f"测试规划{n}",
        "period_start": 2021,
        "period_end": 2025,
        "status": "issued",
        "source_name": f"plan{n}.txt",
        "source_sha256": hashlib.sha256(f"plan{n}".encode()).hexdigest(),
        "source_text": "测试",
    }
    defaults.update(fields)
    return Plan.objects.create(**defaults)


def make_indicator(code: str | None = None, **fields):
    from indicators.models import Indicator

    n = next(_counter)
    defaults = {"code": code or f"T{n:03d}", "name": f"测试指标{n}", "unit": "%", "direction": 1}
    defaults.update(fields)
    return Indicator.objects.create(**defaults)


@pytest.fixture
def region(db):
    return make_region()


@pytest.fixture
def other_region(db):
    return make_region("攀枝花市仁和区", "仁和区")


@pytest.fixture
def plan(region):
    return make_plan(region)


@pytest.fixture
def indicator(db):
    return make_indicator()


@pytest.fixture
def seeded(db):
    """The five real plans, imported from the fixtures as `make run` does."""
    from plans.seed import seed_load

    _catalog, results = seed_load()
    return results
