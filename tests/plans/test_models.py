import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import Chapter, Plan, Region
from tests.conftest import make_plan


def test_region_names_are_unique(region):
    with pytest.raises(ValidationError):
        Region(name=region.name, short_name="x", level="district").full_clean()


def test_a_plan_period_cannot_end_before_it_starts(region):
    plan = Plan(
        region=region,
        title="t",
        period_start=2026,
        period_end=2025,
        source_name="a.txt",
        source_sha256="a" * 64,
        source_text="x",
    )
    with pytest.raises(ValidationError) as excinfo:
        plan.full_clean()
    assert "plan_period_ordered" in str(excinfo.value)


def test_an_issue_date_carries_its_precision(region):
    plan = Plan(
        region=region,
        title="t",
        period_start=2021,
        period_end=2025,
        source_name="a.txt",
        source_sha256="b" * 64,
        source_text="x",
        issue_date=datetime.date(2022, 6, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        plan.full_clean()
    assert "plan_issue_date_precision_matches" in str(excinfo.value)
    plan.issue_date_precision = "month"
    plan.full_clean()
    assert plan.issue_date_label == "2022年6月"


def test_the_same_source_document_is_stored_once(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_plan(plan.region, source_sha256=plan.source_sha256)


def test_a_source_hash_must_be_hexadecimal(region):
    plan = Plan(
        region=region,
        title="t",
        period_start=2021,
        period_end=2025,
        source_name="a.txt",
        source_sha256="z" * 64,
        source_text="x",
    )
    with pytest.raises(ValidationError):
        plan.full_clean()


def test_a_plan_status_is_one_of_three(region):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_plan(region, status="final")


def test_chapter_levels_are_bounded(plan):
    with pytest.raises(ValidationError):
        Chapter(plan=plan, order=0, level=0, marker="一、", title="t", heading="一、t", line=1).full_clean()
