"""Excel upload → preview → confirm, all-or-nothing.

``upload_batch_create`` checks the file (size, zip, bombs), reads it, checks every row against
the database (region, codes, plan years, ranges, duplicates, locks, versions) and keeps the parsed
rows in an ``UploadBatch``: ``preview`` when clean, ``rejected`` (with every problem, by sheet and
cell) otherwise.  Nothing is written to the values until ``upload_batch_confirm``, which re-checks
locks and versions in one transaction.  The batch's life (store, lock, reject, confirm, cancel) is
shared with the key-project upload and lives in ``batches.py``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from ..catalog import normalize_indicator_name
from ..models import Indicator, IndicatorAlias, UploadBatch, ValueSource, YearSubmission
from ..services import ValueInput, ValuesRefused, indicator_values_record
from .batches import (
    ConfirmOutcome,
    file_safety_problems,
    region_matches,
    upload_batch_confirmed,
    upload_batch_lock,
    upload_batch_reject,
    upload_batch_store,
)
from .rules import CLEAR_MARKER, normalise_text, range_problem, soft_warnings
from .selectors import EntryRow, chosen_rows, entry_rows, plan_years, region_plans, value_text
from .xlsx_read import Problem, ReadResult, SheetRow, cell_place, workbook_read


def upload_batch_create(*, region, user, file_name: str, data: bytes) -> UploadBatch:
    """Check and read an uploaded workbook; the batch is ``preview`` or ``rejected``, never saved values."""
    problems = file_safety_problems(data)
    rows: list[dict] = []
    foreign: list[str] = []
    if not problems:
        read = workbook_read(data)
        rows, found = upload_rows_check(region=region, read=read)
        problems = [p.as_dict() for p in found]
        foreign = [m.text for m in read.region_marks if not region_matches(region, m.text)]
        foreign += [r.region for r in read.rows if r.region and not region_matches(region, r.region)]
    return upload_batch_store(
        region=region,
        user=user,
        kind=UploadBatch.Kind.VALUES,
        file_name=file_name,
        data=data,
        rows=rows,
        problems=problems,
        foreign=foreign,
    )


@dataclass
class _Context:
    region: object
    years: list[int]
    by_code: dict[str, Indicator]
    tracked: set[int]
    by_name: dict[str, set[int]]
    indicators: dict[int, Indicator]
    locked: set[int]
    frozen: set[int]
    pages: dict[int, dict[int, EntryRow]] = field(default_factory=dict)


def _context(region, read: ReadResult) -> _Context:
    plans = region_plans(region)
    years = plan_years(plans)
    codes = {row.code for row in read.rows}
    by_code = {
        i.code.upper(): i for i in Indicator.objects.filter(code__in=codes | {c.lower() for c in codes})
    }
    locked = set(
        YearSubmission.objects.filter(region=region, state=YearSubmission.State.APPROVED).values_list(
            "year", flat=True
        )
    )
    frozen = set(
        YearSubmission.objects.filter(region=region, state=YearSubmission.State.SUBMITTED).values_list(
            "year", flat=True
        )
    )
    pairs = chosen_rows(plans, years[-1]) if years else []
    indicators = {indicator.pk: indicator for _row, indicator in pairs}
    by_name: dict[str, set[int]] = defaultdict(set)
    if any(not row.code for row in read.rows):  # sheets that name indicators instead of coding them
        for plan_row, indicator in pairs:
            by_name[normalize_indicator_name(indicator.name)].add(indicator.pk)
            if plan_row.indicator_id == indicator.pk and not plan_row.extra_indicators.all():
                by_name[normalize_indicator_name(plan_row.name)].add(indicator.pk)
        for alias in IndicatorAlias.objects.filter(indicator__in=list(indicators)):
            by_name[normalize_indicator_name(alias.name)].add(alias.indicator_id)
    pages = {
        year: {r.indicator.pk: r for r in entry_rows(region, year, plans, with_history=False)}
        for year in sorted({row.year for row in read.rows if row.year in years})
    }
    return _Context(
        region=region,
        years=years,
        by_code=by_code,
        tracked=set(indicators),
        by_name=by_name,
        indicators=indicators,
        locked=locked,
        frozen=frozen,
        pages=pages,
    )


def upload_rows_check(*, region, read: ReadResult) -> tuple[list[dict], list[Problem]]:
    """Rows ready for the preview, and every problem found (the sheet's own and the database's)."""
    problems = list(read.problems)
    for mark in read.region_marks:
        if not region_matches(region, mark.text):
            problems.append(
                Problem(
                    mark.sheet,
                    mark.cell,
                    _("该工作表属于“%(other)s”，不是本次上传的地区“%(region)s”。")
                    % {"other": mark.text, "region": region.name},
                )
            )
    context = _context(region, read)
    uploaded: dict[tuple[int, int], SheetRow] = {}
    checked: list[tuple[SheetRow, Indicator]] = []
    for row in read.rows:
        indicator = _row_problems(row, context, uploaded, problems)
        if indicator is not None:
            checked.append((row, indicator))
    rows = [] if problems else [_preview_row(row, indicator, context, uploaded) for row, indicator in checked]
    for preview in rows:
        if preview["outcome"] != "unchanged" and preview["year"] in context.locked:
            problems.append(
                Problem(
                    preview["sheet"],
                    preview["cell"],
                    _("%(year)s 年已审核锁定，不能修改“%(name)s”。")
                    % {"year": preview["year"], "name": preview["name"]},
                )
            )
        if preview["outcome"] != "unchanged" and preview["year"] in context.frozen:
            problems.append(
                Problem(
                    preview["sheet"],
                    preview["cell"],
                    _("%(year)s 年已提交待审核，不能修改“%(name)s”；如需修改，请审核员先退回。")
                    % {"year": preview["year"], "name": preview["name"]},
                )
            )
        if preview.get("conflict"):
            problems.append(Problem(preview["sheet"], preview["cell"], preview["conflict"]))
    return rows, problems


def _row_problems(row: SheetRow, context: _Context, uploaded, problems: list[Problem]) -> Indicator | None:
    before = len(problems)
    region = context.region
    if row.region and not region_matches(region, row.region):
        problems.append(
            Problem(
                row.sheet,
                row.region_cell,
                _("该行属于“%(other)s”，不是本次上传的地区“%(region)s”。")
                % {"other": row.region, "region": region.name},
            )
        )
    indicator = _indicator_of(row, context, problems)
    if row.year is not None and row.year not in context.years:
        span = f"{context.years[0]}—{context.years[-1]}" if context.years else "—"
        problems.append(
            Problem(
                row.sheet,
                row.year_cell,
                _("年份 %(year)s 不在本地区规划期内（可填报 %(span)s 年，且不晚于今年）。")
                % {"year": row.year, "span": span},
            )
        )
    if indicator is not None and row.value_unit and row.value_unit != normalise_text(indicator.unit or ""):
        problems.append(
            Problem(
                row.sheet,
                row.value_cell,
                _("数值带有单位“%(written)s”，与指标“%(name)s”的单位“%(unit)s”不符。")
                % {"written": row.value_unit, "name": indicator.name, "unit": indicator.unit or "—"},
            )
        )
    elif indicator is not None:
        problem = range_problem(indicator=indicator, value=row.value.value)
        if problem:
            problems.append(Problem(row.sheet, row.value_cell, problem))
        if row.year is not None:
            first = uploaded.get((indicator.pk, row.year))
            if first is not None:
                problems.append(
                    Problem(
                        row.sheet,
                        row.code_cell,
                        _("指标“%(code)s” %(year)s 年重复：与 %(first)s 所在行相同。")
                        % {
                            "code": indicator.code,
                            "year": row.year,
                            "first": cell_place(first.sheet, first.code_cell),
                        },
                    )
                )
            else:
                uploaded[(indicator.pk, row.year)] = row
    return indicator if len(problems) == before else None


def _indicator_of(row: SheetRow, context: _Context, problems: list[Problem]) -> Indicator | None:
    if not row.code:
        ids = context.by_name.get(normalize_indicator_name(row.name), set())
        if len(ids) == 1:
            return context.indicators[next(iter(ids))]
        message = (
            _("本地区的规划中没有名为“%(name)s”的指标，请填写指标编码。")
            if not ids
            else _("指标名称“%(name)s”对应多个指标，请填写指标编码。")
        )
        problems.append(Problem(row.sheet, row.code_cell, message % {"name": row.name[:60]}))
        return None
    indicator = context.by_code.get(row.code)
    if indicator is None:
        problems.append(
            Problem(row.sheet, row.code_cell, _("未知的指标编码“%(code)s”。") % {"code": row.code[:40]})
        )
    elif indicator.pk not in context.tracked:
        problems.append(
            Problem(
                row.sheet,
                row.code_cell,
                _("本地区的规划未跟踪指标“%(code)s %(name)s”。")
                % {"code": indicator.code, "name": indicator.name},
            )
        )
        return None
    return indicator


def _preview_row(row: SheetRow, indicator: Indicator, context: _Context, uploaded) -> dict:
    entry = context.pages.get(row.year, {}).get(indicator.pk)
    current = entry.value if entry else None
    version = current.version if current is not None else 0
    new = row.value
    clear = new.value is None and new.raw == CLEAR_MARKER
    if new.value is None and not clear:
        outcome = "unchanged"  # blank, —, -, 无: no change, never a clear
    elif current is None or current.value is None:
        outcome = "unchanged" if new.value is None else "new"
    elif clear:
        outcome = "cleared"
    elif current.value == new.value and (current.comparator or "") == new.comparator:
        outcome = "unchanged"
    else:
        outcome = "changed"
    conflict = ""
    if row.version is None and outcome in ("changed", "cleared"):
        # A write over a stored value must say which version it replaces (never a blind overwrite).
        conflict = _(
            "“%(name)s” %(year)s 年已有数值 %(value)s，但该行“版本”列为空，为免覆盖未予接受；"
            "请使用下载的模板（保留“版本”列）填写。"
        ) % {"name": indicator.name, "year": row.year, "value": value_text(current, indicator.unit)}
    elif row.version is not None and row.version != version and outcome != "unchanged":
        who = (
            current.updated_by.get_username() if current is not None and current.updated_by_id else _("系统")
        )
        conflict = _(
            "“%(name)s” %(year)s 年的数值在模板下载后已被 %(who)s 改为 %(value)s（版本 %(version)s，文件中为版本 %(file)s），"
            "为免覆盖他人的修改未予接受；请重新下载模板后再填。"
        ) % {
            "name": indicator.name,
            "year": row.year,
            "who": who,
            "value": value_text(current, indicator.unit) or "空",
            "version": version,
            "file": row.version,
        }
    previous_upload = uploaded.get((indicator.pk, row.year - 1))
    previous = (
        previous_upload.value.value
        if previous_upload is not None
        else (entry.previous_number if entry else None)
    )
    warnings = (
        soft_warnings(
            value=new.value,
            previous=previous,
            expected=entry.expected if entry else None,
            baseline=entry.baseline_number if entry else None,
            target=entry.target_value if entry else None,
        )
        if outcome in ("new", "changed")
        else []
    )
    return {
        "sheet": row.sheet,
        "cell": row.value_cell,
        "place": row.place,
        "indicator_id": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "year": row.year,
        "value": None if new.value is None else format(new.value, "f"),
        "comparator": new.comparator,
        "raw": new.raw,
        "comment": row.comment,
        "old": value_text(current, indicator.unit),
        "version": version,
        "outcome": outcome,
        "warnings": warnings,
        "conflict": conflict,
    }


@transaction.atomic
def upload_batch_confirm(*, batch: UploadBatch, user) -> ConfirmOutcome:
    """Save a previewed upload in one transaction, re-checking locks and versions.

    If anything was locked or changed since the preview, nothing is saved and the batch becomes
    ``rejected`` with the reasons (a new upload is needed).
    """
    batch = upload_batch_lock(batch)
    wanted = [row for row in batch.rows if row["outcome"] != "unchanged"]
    indicators = Indicator.objects.in_bulk({row["indicator_id"] for row in wanted})
    entries = []
    for row in wanted:
        comment = row.get("comment") or ""
        if row.get("warnings") and not comment:
            comment = (_("上传预览提示已确认：") + "；".join(row["warnings"]))[:500]
        entries.append(
            ValueInput(
                indicator=indicators[row["indicator_id"]],
                year=row["year"],
                value=None if row["value"] is None else Decimal(row["value"]),
                comparator=row["comparator"],
                raw=row["raw"],
                comment=comment,
                expected_version=row["version"],
                key=row["place"],
            )
        )
    try:
        result = indicator_values_record(
            region=batch.region, entries=entries, source=ValueSource.UPLOADED, user=user
        )
    except ValuesRefused as exc:
        return upload_batch_reject(
            batch, [{"sheet": "", "cell": "", "place": p.key, "message": p.message} for p in exc.problems]
        )
    return upload_batch_confirmed(batch, result)
