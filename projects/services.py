"""Writes to key-project implementation records: one service per write path, as for values.

Every change appends a ``ProjectRecordChange`` (who, when, old, new) in the same transaction;
an approved (region, year) — the indicator values' ``YearSubmission`` — locks project records too;
a bulk save (form post, Excel upload) writes all of its records or none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import YearSubmission
from indicators.services import ValueFrozen, ValueLocked, year_state

from .evidence import evidence_sniff, safe_file_name
from .models import (
    RECORD_FIELDS,
    KeyProject,
    KeyProjectItem,
    ProjectEvidence,
    ProjectRecord,
    ProjectRecordChange,
)

_KEEP = object()  # "leave the evidence as it is"


class RecordRefused(Exception):
    """A write the service will not make; ``message`` is Chinese and shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _snapshot(record: ProjectRecord) -> dict:
    out = {}
    for name in RECORD_FIELDS:
        value = getattr(record, name)
        out[name] = format(value.normalize(), "f") if isinstance(value, Decimal) else value
    return out


@dataclass(frozen=True)
class RecordInput:
    project: KeyProject
    item: KeyProjectItem | None
    status: str
    percent: Decimal | None = None
    milestone: str = ""
    investment_planned: Decimal | None = None
    investment_spent: Decimal | None = None
    note: str = ""
    expected_version: int | None = None  # the version the person saw; 0 = there was no record
    key: str = ""  # the caller's handle for problems: a form prefix, a sheet cell


def record_label(project: KeyProject, item: KeyProjectItem | None) -> str:
    """How messages name a record: 专栏 2, or 专栏 2·its item's first words."""
    return f"{project.label}{'·' + item.text[:20] if item is not None else ''}"


@transaction.atomic
def project_record_save(
    *, region, year: int, entry: RecordInput, user, source: str, evidence=_KEEP
) -> tuple[ProjectRecord, str]:
    """Create or change one record ("created" | "updated" | "unchanged"), appending its history.

    Refused (``RecordRefused``) when the project is not the region's, when the year is approved
    and locked, or when someone saved the record after this person loaded it.
    """
    project, item = entry.project, entry.item
    if project.plan.region_id != region.pk or (item is not None and item.project_id != project.pk):
        raise RecordRefused(_("该项目不属于本地区。"))
    # The same (region, year) lock as indicator values: submitted → frozen, approved → locked.
    state = year_state(region=region, year=year, for_update=True)
    if state == YearSubmission.State.APPROVED:
        raise RecordRefused(str(ValueLocked(region=region, year=year)))
    if state == YearSubmission.State.SUBMITTED:
        raise RecordRefused(str(ValueFrozen(region=region, year=year)))
    existing = ProjectRecord.objects.select_for_update().filter(project=project, item=item, year=year).first()
    version = existing.version if existing is not None else 0
    if entry.expected_version is None and existing is not None:
        # As for values: a write over a stored record must name the version it replaces.
        raise RecordRefused(_("该项目记录已有保存的版本，请重新打开页面后再修改。"))
    if entry.expected_version is not None and entry.expected_version != version:
        raise RecordRefused(
            _(
                "“%(project)s” %(year)s 年的记录在您打开页面后已被他人修改（版本 %(version)s），未保存；请刷新后再填。"
            )
            % {"project": record_label(project, item), "year": year, "version": version}
        )
    record = existing or ProjectRecord(project=project, item=item, region=region, year=year)
    old = _snapshot(record) if existing is not None else {}
    record.status = entry.status
    record.percent = entry.percent
    record.milestone = entry.milestone.strip()
    record.investment_planned = entry.investment_planned
    record.investment_spent = entry.investment_spent
    record.note = entry.note.strip()
    if evidence is not _KEEP:
        record.evidence = evidence
    new = _snapshot(record)
    if existing is not None and new == old:
        return existing, "unchanged"
    record.updated_by = user
    if existing is not None:
        record.version += 1
    record.full_clean()
    record.save()
    change = ProjectRecordChange(record=record, old=old, new=new, source=source, changed_by=user)
    change.full_clean()
    change.save()
    return record, "created" if existing is None else "updated"


@dataclass(frozen=True)
class RecordProblem:
    key: str
    message: str


class RecordsRefused(Exception):
    """Nothing of a bulk save was written; ``problems`` says why, entry by entry."""

    def __init__(self, problems: list[RecordProblem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class RecordsResult:
    outcomes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(1 for o in self.outcomes if o in ("created", "updated"))


@transaction.atomic
def project_records_save(
    *, region, year: int, entries: Sequence[RecordInput], user, source: str
) -> RecordsResult:
    """Save many records of one region and year in ONE transaction: all of them or none."""
    problems: list[RecordProblem] = []
    result = RecordsResult()
    for entry in entries:
        try:
            with transaction.atomic():
                _record, outcome = project_record_save(
                    region=region, year=year, entry=entry, user=user, source=source
                )
        except RecordRefused as exc:
            problems.append(RecordProblem(entry.key, exc.message))
        except ValidationError as exc:
            problems.append(RecordProblem(entry.key, "；".join(exc.messages)))
        else:
            result.outcomes.append(outcome)
    if problems:
        raise RecordsRefused(problems)
    return result


def evidence_check(data: bytes) -> str:
    """The kind of an acceptable evidence file; ``RecordRefused`` with the reason otherwise."""
    limit = settings.PROJECT_EVIDENCE_MAX_BYTES
    sniffed = evidence_sniff(data, max_bytes=limit)
    if not sniffed.kind:
        reason = _(sniffed.reason)
        if len(data) > limit:
            reason = _("文件过大（上限 %(mb)s MB）。") % {"mb": round(limit / 1024 / 1024, 1)}
        raise RecordRefused(_("佐证材料未保存：%(reason)s") % {"reason": reason})
    return sniffed.kind


@transaction.atomic
def project_record_attach_evidence(
    *, record: ProjectRecord, file_name: str, data: bytes, user
) -> ProjectRecord:
    """Store an evidence file (bytes in the database) and point the record at it, with history."""
    kind = evidence_check(data)
    evidence = ProjectEvidence(
        region=record.region,
        file_name=safe_file_name(file_name, kind),
        kind=kind,
        content_type=evidence_sniff(data, max_bytes=len(data)).content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        uploaded_by=user,
    )
    evidence.full_clean()
    evidence.save()
    entry = RecordInput(
        project=record.project,
        item=record.item,
        status=record.status,
        percent=record.percent,
        milestone=record.milestone,
        investment_planned=record.investment_planned,
        investment_spent=record.investment_spent,
        note=record.note,
        expected_version=record.version,
    )
    saved, _outcome = project_record_save(
        region=record.region, year=record.year, entry=entry, user=user, source="entered", evidence=evidence
    )
    return saved


def project_records_carry_over(*, previous, plan) -> int:
    """When ``plan`` revises ``previous``: move the yearly records of every key project (and item)
    the new version keeps onto its new rows, so the plan page, the dashboard and the reports go on
    showing them. Projects pair by the diff's rule (title, else label), items by their text;
    records of dropped projects or items stay with the earlier version. Values and their history
    are untouched. Returns how many records moved."""
    from plans.imports.diff import pair_in_order, project_key, text_key

    def projects_of(version):
        return list(KeyProject.objects.filter(plan=version).prefetch_related("items").order_by("order"))

    moved = 0
    pairs, _dropped, _new = pair_in_order(
        projects_of(previous), projects_of(plan), lambda p: project_key(p.title, p.label)
    )
    for before, after in pairs:
        moved += ProjectRecord.objects.filter(project=before, item__isnull=True).update(project=after)
        items, _dropped_items, _new_items = pair_in_order(
            list(before.items.all()), list(after.items.all()), lambda i: text_key(i.text)
        )
        for old_item, new_item in items:
            moved += ProjectRecord.objects.filter(item=old_item).update(project=after, item=new_item)
    return moved
