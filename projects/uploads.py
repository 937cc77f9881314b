"""Excel upload of key-project records: upload → preview → confirm, all-or-nothing.

The same life as the values upload (``indicators.entry.batches``): the 重点项目 sheet is read and
checked when it arrives and kept, parsed, in an ``UploadBatch`` of kind ``projects`` — in the
database, so any app server can show the preview and take the confirm.  Nothing is written to the
records until ``project_upload_confirm``, which saves every new or changed record through
``project_records_save`` in one transaction, re-checking locks and versions.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.entry.batches import (
    ConfirmOutcome,
    file_safety_problems,
    upload_batch_confirmed,
    upload_batch_lock,
    upload_batch_reject,
    upload_batch_store,
)
from indicators.entry.selectors import plan_years, region_plans
from indicators.entry.xlsx_read import Problem
from indicators.models import UploadBatch, YearSubmission

from .models import KeyProject, KeyProjectItem, ProjectRecord, ProjectStatus, RecordSource
from .services import (
    RecordInput,
    RecordProblem,
    RecordsRefused,
    RecordsResult,
    project_records_save,
    record_label,
)
from .xlsx import SHEET_TITLE, SheetEntry, project_sheet_read

# The fields an upload may change, in the sheet's order (evidence is attached on the entry page only).
FIELDS = ["status", "percent", "milestone", "investment_planned", "investment_spent", "note"]


def project_upload_create(*, region, user, file_name: str, data: bytes) -> UploadBatch:
    """Check and read the 重点项目 sheet; the batch is ``preview`` or ``rejected``, no record is written."""
    problems = file_safety_problems(data)
    rows: list[dict] = []
    foreign: list[str] = []
    if not problems:
        read = project_sheet_read(data, region=region, years=plan_years(region_plans(region)))
        foreign = read.foreign
        found = read.problems
        if not found:
            rows, found = preview_rows(region=region, entries=read.entries)
        problems = [p.as_dict() for p in found]
    return upload_batch_store(
        region=region,
        user=user,
        kind=UploadBatch.Kind.PROJECTS,
        file_name=file_name,
        data=data,
        rows=rows,
        problems=problems,
        foreign=foreign,
    )


def _shown(name: str, value) -> str:
    if value is None or value == "":
        return ""
    if name == "status":
        return str(ProjectStatus(value).label)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _stored(value):
    """A field's value as JSON keeps it: decimals as their exact text."""
    return str(value) if isinstance(value, Decimal) else value


def _changes(entry: RecordInput, record: ProjectRecord | None) -> list[dict]:
    """Each field the upload changes: its name, the stored text and the uploaded text."""
    out = []
    for name in FIELDS:
        new = getattr(entry, name)
        old = getattr(record, name) if record is not None else None
        if (old if old is not None else "") != (new if new is not None else ""):
            label = str(ProjectRecord._meta.get_field(name).verbose_name)
            out.append({"field": label, "old": _shown(name, old), "new": _shown(name, new)})
    return out


def _label(entry: RecordInput) -> str:
    return record_label(entry.project, entry.item)


def preview_rows(*, region, entries: list[SheetEntry]) -> tuple[list[dict], list[Problem]]:
    """Each row as new / changed (old → new per field) / unchanged, and the problems saving it would meet:
    a locked or submitted year, or a record saved by someone since the template was downloaded."""
    years = {e.year for e in entries}
    records = {
        (r.project_id, r.item_id, r.year): r
        for r in ProjectRecord.objects.filter(region=region, year__in=years).select_related("updated_by")
    }
    states = dict(YearSubmission.objects.filter(region=region, year__in=years).values_list("year", "state"))
    rows, problems = [], []
    for sheet_entry in entries:
        entry, year, line = sheet_entry.record, sheet_entry.year, sheet_entry.line
        record = records.get((entry.project.pk, entry.item.pk if entry.item else None, year))
        changes = _changes(entry, record)
        outcome = "new" if record is None else ("changed" if changes else "unchanged")
        version = record.version if record is not None else 0
        if outcome != "unchanged":
            locked = _lock_problem(states.get(year), year, _label(entry))
            conflict = "" if locked else _version_problem(entry, record, year)
            if locked:
                problems.append(Problem(SHEET_TITLE, f"F{line}", locked))  # the year cell
            elif conflict:
                problems.append(Problem(SHEET_TITLE, f"M{line}", conflict))  # the version cell
        rows.append(
            {
                "sheet": SHEET_TITLE,
                "cell": f"G{line}",
                "place": entry.key,
                "key": sheet_entry.key,
                "project_id": entry.project.pk,
                "item_id": entry.item.pk if entry.item else None,
                "project": str(entry.project),
                "item": entry.item.text if entry.item else "",
                "year": year,
                "values": {name: _stored(getattr(entry, name)) for name in FIELDS},
                "changes": changes,
                "version": version,
                "outcome": outcome,
            }
        )
    return rows, problems


def _lock_problem(state: str | None, year: int, name: str) -> str:
    if state == YearSubmission.State.APPROVED:
        return _("%(year)s 年已审核锁定，不能修改“%(name)s”。") % {"year": year, "name": name}
    if state == YearSubmission.State.SUBMITTED:
        return _("%(year)s 年已提交待审核，不能修改“%(name)s”；如需修改，请审核员先退回。") % {
            "year": year,
            "name": name,
        }
    return ""


def _version_problem(entry: RecordInput, record: ProjectRecord | None, year: int) -> str:
    """The same rule as the service: a write over a stored record must name the version it replaces."""
    version = record.version if record is not None else 0
    if entry.expected_version is None and record is not None:
        return _(
            "“%(project)s” %(year)s 年已有保存的记录（版本 %(version)s），但该行“版本”列为空，"
            "为免覆盖未予接受；请使用下载的模板（保留“版本”列）填写。"
        ) % {"project": _label(entry), "year": year, "version": version}
    if entry.expected_version is not None and entry.expected_version != version:
        who = record.updated_by.get_username() if record is not None else _("系统")
        return _(
            "“%(project)s” %(year)s 年的记录在模板下载后已被 %(who)s 修改（版本 %(version)s，文件中为版本 %(file)s），"
            "为免覆盖他人的修改未予接受；请重新下载模板后再填。"
        ) % {
            "project": _label(entry),
            "year": year,
            "who": who,
            "version": version,
            "file": entry.expected_version,
        }
    return ""


@transaction.atomic
def project_upload_confirm(*, batch: UploadBatch, user) -> ConfirmOutcome:
    """Save a previewed upload's new and changed records in one transaction, through the record service.

    If any record was changed by someone, or its year locked, since the preview, nothing is saved and
    the batch becomes ``rejected`` with the reasons (a new upload is needed).
    """
    batch = upload_batch_lock(batch)
    wanted = [row for row in batch.rows if row["outcome"] != "unchanged"]
    projects = KeyProject.objects.select_related("plan").in_bulk({row["project_id"] for row in wanted})
    items = KeyProjectItem.objects.in_bulk({row["item_id"] for row in wanted if row["item_id"]})
    by_year: dict[int, list[RecordInput]] = defaultdict(list)
    problems: list[RecordProblem] = []
    for row in wanted:
        project = projects.get(row["project_id"])
        item = items.get(row["item_id"]) if row["item_id"] else None
        if project is None or (row["item_id"] and item is None):
            problems.append(RecordProblem(row["place"], _("该项目已不在本地区的规划中，未保存。")))
            continue
        values = row["values"]
        by_year[row["year"]].append(
            RecordInput(
                project=project,
                item=item,
                status=values["status"],
                percent=_decimal(values["percent"]),
                milestone=values["milestone"],
                investment_planned=_decimal(values["investment_planned"]),
                investment_spent=_decimal(values["investment_spent"]),
                note=values["note"],
                expected_version=row["version"],
                key=row["place"],
            )
        )
    try:
        with transaction.atomic():  # every year of the file, or none
            result = _records_save(region=batch.region, by_year=by_year, user=user, problems=problems)
    except RecordsRefused as exc:
        return upload_batch_reject(
            batch, [{"sheet": "", "cell": "", "place": p.key, "message": p.message} for p in exc.problems]
        )
    return upload_batch_confirmed(batch, result)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _records_save(*, region, by_year, user, problems: list[RecordProblem]) -> RecordsResult:
    """Each year through ``project_records_save``; every problem of every year is collected."""
    total = RecordsResult()
    for year, entries in sorted(by_year.items()):
        try:
            result = project_records_save(
                region=region, year=year, entries=entries, user=user, source=RecordSource.UPLOADED
            )
        except RecordsRefused as exc:
            problems.extend(exc.problems)
        else:
            total.outcomes.extend(result.outcomes)
    if problems:
        raise RecordsRefused(problems)
    return total
