"""Record services: scoping, history (who/when/old/new), the approval lock, all-or-nothing, versions."""

from decimal import Decimal

import pytest

from indicators.models import YearSubmission
from projects.models import ProjectRecord, ProjectRecordChange
from projects.services import (
    RecordInput,
    RecordRefused,
    RecordsRefused,
    project_record_save,
    project_records_save,
)


def _entry(project, item=None, **fields):
    return RecordInput(project=project, item=item, **{"status": "in_progress", **fields})


def test_it_creates_a_record_and_its_history(region, key_project, editor_a):
    record, outcome = project_record_save(
        region=region,
        year=2023,
        entry=_entry(key_project, percent=Decimal("40"), investment_planned=Decimal("1200"), note="主体封顶"),
        user=editor_a,
        source="entered",
    )
    assert outcome == "created"
    assert (record.status, record.percent, record.investment_planned, record.version) == (
        "in_progress",
        Decimal("40.0"),
        Decimal("1200.00"),
        1,
    )
    change = ProjectRecordChange.objects.get(record=record)
    assert change.old == {} and change.new["percent"] == "40" and change.changed_by == editor_a


def test_a_change_keeps_old_and_new_and_the_same_save_writes_nothing(region, key_project, editor_a):
    project_record_save(
        region=region,
        year=2023,
        entry=_entry(key_project, percent=Decimal(40)),
        user=editor_a,
        source="entered",
    )
    record, outcome = project_record_save(
        region=region,
        year=2023,
        entry=_entry(key_project, status="completed", percent=Decimal(100), expected_version=1),
        user=editor_a,
        source="entered",
    )
    assert outcome == "updated" and record.version == 2
    last = ProjectRecordChange.objects.filter(record=record).last()
    assert (last.old["status"], last.new["status"]) == ("in_progress", "completed")
    assert (last.old["percent"], last.new["percent"]) == ("40", "100")
    _record, outcome = project_record_save(
        region=region,
        year=2023,
        entry=_entry(key_project, status="completed", percent=Decimal(100), expected_version=2),
        user=editor_a,
        source="entered",
    )
    assert outcome == "unchanged"
    assert ProjectRecordChange.objects.filter(record=record).count() == 2


def test_it_refuses_another_regions_project(region, other_project, editor_a):
    with pytest.raises(RecordRefused):
        project_record_save(
            region=region, year=2023, entry=_entry(other_project), user=editor_a, source="entered"
        )
    assert not ProjectRecord.objects.exists()


def test_an_approved_year_is_locked_for_project_records(region, key_project, editor_a):
    YearSubmission.objects.create(region=region, year=2023, state="approved")
    with pytest.raises(RecordRefused, match="锁定"):
        project_record_save(
            region=region, year=2023, entry=_entry(key_project), user=editor_a, source="entered"
        )
    project_record_save(region=region, year=2024, entry=_entry(key_project), user=editor_a, source="entered")
    assert list(ProjectRecord.objects.values_list("year", flat=True)) == [2024]


def test_a_stale_version_is_refused(region, key_project, editor_a):
    project_record_save(region=region, year=2023, entry=_entry(key_project), user=editor_a, source="entered")
    with pytest.raises(RecordRefused, match="已被他人修改"):
        project_record_save(
            region=region,
            year=2023,
            entry=_entry(key_project, status="completed", expected_version=0),
            user=editor_a,
            source="entered",
        )


def test_a_bulk_save_writes_all_or_nothing(region, key_project, other_project, editor_a):
    items = list(key_project.items.all())
    entries = [
        _entry(key_project, key="p"),
        _entry(key_project, items[0], status="completed", percent=Decimal(100), key="i1"),
        _entry(key_project, items[1], percent=Decimal(150), key="i2"),  # out of range
        _entry(other_project, key="x"),  # not this region's
    ]
    with pytest.raises(RecordsRefused) as refused:
        project_records_save(region=region, year=2023, entries=entries, user=editor_a, source="entered")
    assert [p.key for p in refused.value.problems] == ["i2", "x"]
    assert not ProjectRecord.objects.exists() and not ProjectRecordChange.objects.exists()
    result = project_records_save(
        region=region, year=2023, entries=entries[:2], user=editor_a, source="entered"
    )
    assert result.changed == 2
    assert ProjectRecord.objects.count() == 2
