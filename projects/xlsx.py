"""The 重点项目 sheet of the entry workbook: written beside the values sheet, read by its own upload.

The values upload (``indicators.entry``) skips this sheet by name; this module is the only
reader of it.  One row per (project or item, year); only the input columns are unlocked.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.entry.rules import normalise_text

from .models import KeyProject, KeyProjectItem, ProjectRecord, ProjectStatus
from .services import RecordInput

SHEET_TITLE = "重点项目"
HEADER_ROW = 4
COLUMNS = [
    ("地区", 22),
    ("记录编号（请勿修改）", 12),
    ("规划", 30),
    ("项目", 30),
    ("条目", 50),
    ("年份", 8),
    ("实施状态", 10),
    ("进度（%）", 10),
    ("里程碑", 24),
    ("计划投资（万元）", 14),
    ("已完成投资（万元）", 14),
    ("说明", 30),
    ("版本（请勿修改）", 10),
]
INPUTS = range(7, 13)  # 实施状态 … 说明
_INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
_HEADER_FILL = PatternFill("solid", fgColor="E8EEF7")


def _number(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


def project_sheet_add(workbook, *, region, years: list[int]) -> None:
    """Append the 重点项目 sheet for these years (projects of the region's plans covering each year)."""
    from .selectors import project_entry_page

    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet["A1"], sheet["B1"] = _("填报地区"), region.name
    sheet["A1"].font = sheet["B1"].font = Font(bold=True)
    sheet["A2"] = _("说明")
    sheet["B2"] = _(
        "重点项目实施情况：实施状态填 未启动/推进中/已完成/已调整/已取消；进度填 0–100 的百分数或填写里程碑；"
        "投资单位为万元。状态为空的行不导入。请在“重点项目”上传页面上传本文件（全部通过校验才保存）。"
    )
    labels = [str(label) for _code, label in ProjectStatus.choices]
    validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
    sheet.add_data_validation(validation)
    for position, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=position, value=_(title))
        cell.font, cell.fill, cell.alignment = Font(bold=True), _HEADER_FILL, Alignment(horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = width
    line = HEADER_ROW
    for year in years:
        for page in project_entry_page(region, year):
            for row in page.rows:
                line += 1
                r = row.record
                values = [
                    region.name,
                    row.key,
                    page.plan.title,
                    f"{row.project.label} {row.project.title}".strip(),
                    row.item.text if row.item else "",
                    year,
                    r.get_status_display() if r else "",
                    _number(r.percent) if r else "",
                    r.milestone if r else "",
                    _number(r.investment_planned) if r else "",
                    _number(r.investment_spent) if r else "",
                    r.note if r else "",
                    r.version if r else 0,
                ]
                for position, value in enumerate(values, start=1):
                    cell = sheet.cell(row=line, column=position)
                    if isinstance(value, str):
                        cell.number_format = "@"
                        if value:
                            cell.value = value
                            cell.data_type = "s"  # never a formula
                    else:
                        cell.value = value
                    if position in INPUTS:
                        cell.protection = Protection(locked=False)
                        cell.fill = _INPUT_FILL
                validation.add(f"G{line}")
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=4)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{line}"
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False  # filtering stays possible on the protected sheet
    sheet.protection.formatColumns = False


@dataclass
class SheetRead:
    entries: dict[int, list[RecordInput]] = field(default_factory=dict)  # by year
    problems: list[str] = field(default_factory=list)


def _text(value) -> str:
    return "" if value is None else normalise_text(str(value)).strip()


def _decimal(value, where: str, problems: list[str], *, upper: Decimal | None = None) -> Decimal | None:
    text = _text(value).replace(",", "").rstrip("%％")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        problems.append(_("%(where)s：“%(text)s”不是数字。") % {"where": where, "text": text[:30]})
        return None
    if not number.is_finite() or number < 0 or (upper is not None and number > upper):
        problems.append(_("%(where)s：数值 %(text)s 超出范围。") % {"where": where, "text": text[:30]})
        return None
    return number


def project_sheet_read(data: bytes, *, region, years: list[int]) -> SheetRead:
    """Rows of the 重点项目 sheet with a status, checked against the region's projects and years."""
    from openpyxl import load_workbook

    result = SheetRead()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds on malformed parts; all mean "not readable"
        result.problems.append(_("无法读取该工作簿：文件已损坏或不是 Excel 保存的 .xlsx 文件。"))
        return result
    if SHEET_TITLE not in workbook.sheetnames:
        result.problems.append(_("文件中没有“重点项目”工作表：请使用本平台下载的模板。"))
        return result
    sheet = workbook[SHEET_TITLE]
    grid = list(sheet.iter_rows(values_only=False))
    mark = _text(sheet["B1"].value)
    if mark and "".join(mark.split()) not in {region.name, region.short_name}:
        result.problems.append(
            _("该工作表属于“%(other)s”，不是本次上传的地区“%(region)s”。")
            % {"other": mark, "region": region.name}
        )
        return result
    by_label = {str(label): code for code, label in ProjectStatus.choices} | {
        code: code for code in ProjectStatus.values
    }
    projects = {p.pk: p for p in KeyProject.objects.filter(plan__region=region).select_related("plan")}
    items = {i.pk: i for i in KeyProjectItem.objects.filter(project__in=list(projects))}
    seen: set[tuple[str, int]] = set()
    for row in grid[HEADER_ROW:]:
        cells = {c.column: c for c in row if c.value not in (None, "")}
        if not cells:
            continue
        line = row[0].row
        where = f"{SHEET_TITLE}!{line}"
        if any(c.data_type == "f" for c in cells.values()):
            result.problems.append(_("%(where)s：不接受公式，请填写数值。") % {"where": where})
            continue
        status_text = _text(cells[7].value) if 7 in cells else ""
        if not status_text:
            continue
        key = _text(cells[2].value) if 2 in cells else ""
        project = item = None
        if key[:1] == "p" and key[1:].isdigit():
            project = projects.get(int(key[1:]))
        elif key[:1] == "i" and key[1:].isdigit():
            item = items.get(int(key[1:]))
            project = projects.get(item.project_id) if item else None
        if project is None:
            result.problems.append(
                _("%(where)s：记录编号“%(key)s”不是本地区的重点项目。") % {"where": where, "key": key[:20]}
            )
            continue
        try:
            year = int(_text(cells[6].value)) if 6 in cells else None
        except ValueError:
            year = None
        if (
            year is None
            or year not in years
            or not (project.plan.period_start - 1 <= year <= project.plan.period_end)
        ):
            result.problems.append(_("%(where)s：年份不在该项目所属规划的可填报年度内。") % {"where": where})
            continue
        if (key, year) in seen:
            result.problems.append(
                _("%(where)s：记录编号 %(key)s %(year)s 年重复。")
                % {"where": where, "key": key, "year": year}
            )
            continue
        seen.add((key, year))
        status = by_label.get(status_text)
        if status is None:
            result.problems.append(
                _("%(where)s：实施状态“%(text)s”无效。") % {"where": where, "text": status_text[:20]}
            )
            continue
        before = len(result.problems)
        percent = _decimal(cells[8].value if 8 in cells else None, where, result.problems, upper=Decimal(100))
        planned = _decimal(cells[10].value if 10 in cells else None, where, result.problems)
        spent = _decimal(cells[11].value if 11 in cells else None, where, result.problems)
        try:
            version = int(_text(cells[13].value)) if 13 in cells else None
        except ValueError:
            version = None
        if len(result.problems) > before:
            continue
        result.entries.setdefault(year, []).append(
            RecordInput(
                project=project,
                item=item,
                status=status,
                percent=percent,
                milestone=_text(cells[9].value)[:200] if 9 in cells else "",
                investment_planned=planned,
                investment_spent=spent,
                note=_text(cells[12].value)[:500] if 12 in cells else "",
                expected_version=version,
                key=where,
            )
        )
    workbook.close()
    return result


def unchanged(entry: RecordInput, record: ProjectRecord | None) -> bool:
    if record is None:
        return False
    return (
        record.status == entry.status
        and record.percent == entry.percent
        and record.milestone == entry.milestone
        and record.investment_planned == entry.investment_planned
        and record.investment_spent == entry.investment_spent
        and record.note == entry.note
    )


class UploadProblems(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def project_records_upload(*, region, user, data: bytes, years: list[int]):
    """Check the workbook and save every changed row of its 重点项目 sheet in ONE transaction, or none."""
    from django.conf import settings
    from django.db import transaction

    from indicators.entry.xlsx_safety import xlsx_safety_problems

    from .services import RecordsRefused, RecordsResult, project_records_save

    problems = xlsx_safety_problems(data, max_bytes=settings.UPLOAD_MAX_BYTES)
    if problems:
        raise UploadProblems(problems)
    read = project_sheet_read(data, region=region, years=years)
    if read.problems:
        raise UploadProblems(read.problems)
    records = {
        (r.project_id, r.item_id, r.year): r
        for r in ProjectRecord.objects.filter(region=region, year__in=list(read.entries))
    }
    total = RecordsResult()
    with transaction.atomic():  # all years of the file, or none
        found: list[str] = []
        for year, entries in sorted(read.entries.items()):
            wanted = [
                e
                for e in entries
                if not unchanged(e, records.get((e.project.pk, e.item.pk if e.item else None, year)))
            ]
            try:
                result = project_records_save(
                    region=region, year=year, entries=wanted, user=user, source="uploaded"
                )
            except RecordsRefused as exc:
                found.extend(f"{p.key}：{p.message}" for p in exc.problems)
            else:
                total.outcomes.extend(result.outcomes)
        if found:
            raise UploadProblems(found)
    return total
