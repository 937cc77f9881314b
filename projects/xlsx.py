"""The 重点项目 sheet of the entry workbook: written beside the values sheet, read by its own upload.

The values upload (``indicators.entry``) skips this sheet by name; this module is the only
reader of it.  One row per (project or item, year); only the input columns are unlocked.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.entry.batches import region_matches
from indicators.entry.rules import normalise_text
from indicators.entry.xlsx_read import Problem, cell_place

from .models import KeyProject, KeyProjectItem, ProjectStatus
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
        "投资单位为万元。状态为空的行不导入。请在“重点项目”上传页面上传本文件（先预览，确认后全部通过校验才保存）。"
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
class SheetEntry:
    """One row with a status: the record it asks for; ``record.expected_version`` is the file's 版本."""

    line: int
    year: int
    record: RecordInput

    @property
    def key(self) -> str:
        return f"i{self.record.item.pk}" if self.record.item is not None else f"p{self.record.project.pk}"


@dataclass
class SheetRead:
    entries: list[SheetEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # other districts the sheet names or carries rows of


def _text(value) -> str:
    return "" if value is None else normalise_text(str(value)).strip()


def _whole(value) -> int | None:
    """A year or version as a spreadsheet may hold it (``2023``, ``2023.0``, ``"2023"``); None if not whole."""
    try:
        number = Decimal(_text(value))
    except InvalidOperation:
        return None
    # bounded before int(): "1E+999999999" is a valid Decimal whose int() would never finish
    if not number.is_finite() or not 0 <= number < 10**9 or number != number.to_integral_value():
        return None
    return int(number)


def _free_text(value, limit: int) -> str:
    """A milestone or note as written (inner spaces kept), as the entry form stores it."""
    return "" if value is None else str(value).strip()[:limit]


def _decimal(cell, problems: list[Problem], *, places: int, upper: Decimal) -> Decimal | None:
    text = _text(cell.value if cell is not None else None).replace(",", "").rstrip("%％")
    if not text:
        return None
    where = cell.coordinate
    try:
        number = Decimal(text)
    except InvalidOperation:
        problems.append(Problem(SHEET_TITLE, where, _("“%(text)s”不是数字。") % {"text": text[:30]}))
        return None
    if not number.is_finite() or number < 0 or number > upper:
        problems.append(Problem(SHEET_TITLE, where, _("数值 %(text)s 超出范围。") % {"text": text[:30]}))
        return None
    if number.as_tuple().exponent < -places:
        problems.append(
            Problem(
                SHEET_TITLE,
                where,
                _("数值 %(text)s 最多保留 %(places)s 位小数。") % {"text": text[:30], "places": places},
            )
        )
        return None
    return number


PERCENT_MAX, INVESTMENT_MAX = Decimal(100), Decimal("999999999999.99")  # the columns' own bounds


def project_sheet_read(data: bytes, *, region, years: list[int]) -> SheetRead:
    """Rows of the 重点项目 sheet with a status, checked against the region's projects and years.

    Problems name their cell (``重点项目!G7``).  Rows of another district — by the sheet's mark, a
    row's 地区 or a record number of another district's project — are refused and named in ``foreign``.
    """
    from openpyxl import load_workbook

    result = SheetRead()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds on malformed parts; all mean "not readable"
        result.problems.append(
            Problem("", "", _("无法读取该工作簿：文件已损坏或不是 Excel 保存的 .xlsx 文件。"))
        )
        return result
    if SHEET_TITLE not in workbook.sheetnames:
        result.problems.append(Problem("", "", _("文件中没有“重点项目”工作表：请使用本平台下载的模板。")))
        return result
    sheet = workbook[SHEET_TITLE]
    mark = _text(sheet["B1"].value)
    if mark and not region_matches(region, mark):
        result.problems.append(
            Problem(
                SHEET_TITLE,
                "B1",
                _("该工作表属于“%(other)s”，不是本次上传的地区“%(region)s”。")
                % {"other": mark, "region": region.name},
            )
        )
        result.foreign.append(mark)
        return result
    reading = _Reading(
        region=region,
        years=years,
        result=result,
        projects={p.pk: p for p in KeyProject.objects.filter(plan__region=region).select_related("plan")},
    )
    reading.items = {i.pk: i for i in KeyProjectItem.objects.filter(project__in=list(reading.projects))}
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        cells = {c.column: c for c in row if c.value not in (None, "")}
        if cells:
            entry = _row_read(reading, row[0].row, cells)
            if entry is not None:
                result.entries.append(entry)
    workbook.close()
    result.foreign += _regions_of(reading.strangers, region)
    if not result.entries and not result.problems:
        result.problems.append(
            Problem(SHEET_TITLE, "", _("“重点项目”工作表中没有填写实施状态的行，没有可导入的记录。"))
        )
    return result


@dataclass
class _Reading:
    region: object
    years: list[int]
    result: SheetRead
    projects: dict[int, KeyProject]
    items: dict[int, KeyProjectItem] = field(default_factory=dict)
    seen: dict[tuple[str, int], int] = field(default_factory=dict)  # (key, year) → first line
    strangers: dict[str, set[int]] = field(default_factory=lambda: {"p": set(), "i": set()})

    def project_of(self, key: str) -> tuple[KeyProject | None, KeyProjectItem | None]:
        """The region's project (and item) a record number names; unknown numbers are kept aside."""
        if key[:1] not in ("p", "i") or not key[1:].isdigit():
            return None, None
        number = int(key[1:])
        if key[0] == "p":
            project, item = self.projects.get(number), None
        else:
            item = self.items.get(number)
            project = self.projects.get(item.project_id) if item else None
        if project is None:
            self.strangers[key[0]].add(number)
        return project, item


def _row_read(reading: _Reading, line: int, cells: dict) -> SheetEntry | None:
    region, problems = reading.region, reading.result.problems
    formulas = [c for c in cells.values() if c.data_type == "f"]
    if formulas:
        problems.append(Problem(SHEET_TITLE, formulas[0].coordinate, _("不接受公式，请填写数值。")))
        return None
    status_text = _text(cells[7].value) if 7 in cells else ""
    if not status_text:
        return None
    written = _text(cells[1].value) if 1 in cells else ""
    if written and not region_matches(region, written):
        problems.append(
            Problem(
                SHEET_TITLE,
                f"A{line}",
                _("该行属于“%(other)s”，不是本次上传的地区“%(region)s”。")
                % {"other": written, "region": region.name},
            )
        )
        reading.result.foreign.append(written)
        return None
    key = _text(cells[2].value) if 2 in cells else ""
    project, item = reading.project_of(key)
    if project is None:
        problems.append(
            Problem(SHEET_TITLE, f"B{line}", _("记录编号“%(key)s”不是本地区的重点项目。") % {"key": key[:20]})
        )
        return None
    year = _whole(cells[6].value) if 6 in cells else None
    if (
        year is None
        or year not in reading.years
        or not (project.plan.period_start - 1 <= year <= project.plan.period_end)
    ):
        problems.append(Problem(SHEET_TITLE, f"F{line}", _("年份不在该项目所属规划的可填报年度内。")))
        return None
    seen = reading.seen
    if (key, year) in seen:
        problems.append(
            Problem(
                SHEET_TITLE,
                f"B{line}",
                _("记录编号 %(key)s %(year)s 年重复：与第 %(first)s 行相同。")
                % {"key": key, "year": year, "first": seen[(key, year)]},
            )
        )
        return None
    seen[(key, year)] = line
    status = _status_code(status_text)
    if status is None:
        problems.append(
            Problem(SHEET_TITLE, f"G{line}", _("实施状态“%(text)s”无效。") % {"text": status_text[:20]})
        )
        return None
    before = len(problems)
    percent = _decimal(cells.get(8), problems, places=1, upper=PERCENT_MAX)
    planned = _decimal(cells.get(10), problems, places=2, upper=INVESTMENT_MAX)
    spent = _decimal(cells.get(11), problems, places=2, upper=INVESTMENT_MAX)
    version = _whole(cells[13].value) if 13 in cells else None
    if 13 in cells and version is None:
        problems.append(Problem(SHEET_TITLE, f"M{line}", _("“版本”列被修改过，请使用下载的模板。")))
    if len(problems) > before:
        return None
    record = RecordInput(
        project=project,
        item=item,
        status=status,
        percent=percent,
        milestone=_free_text(cells[9].value, 200) if 9 in cells else "",
        investment_planned=planned,
        investment_spent=spent,
        note=_free_text(cells[12].value, 500) if 12 in cells else "",
        expected_version=version,
        key=cell_place(SHEET_TITLE, f"G{line}"),
    )
    return SheetEntry(line=line, year=year, record=record)


def _status_code(text: str) -> str | None:
    """A status as written: its Chinese label, its label in the language the template was made in, or its code."""
    with translation.override("zh-hans"):
        labels = {normalise_text(str(label)): code for code, label in ProjectStatus.choices}
    labels |= {normalise_text(str(label)): code for code, label in ProjectStatus.choices}
    return labels.get(text) or (text if text in ProjectStatus.values else None)


def _regions_of(strangers: dict[str, set[int]], region) -> list[str]:
    """The districts whose projects or items the sheet named by record number (never this one)."""
    names: set[str] = set()
    if strangers["p"]:
        names |= set(
            KeyProject.objects.filter(pk__in=strangers["p"])
            .exclude(plan__region=region)
            .values_list("plan__region__name", flat=True)
        )
    if strangers["i"]:
        names |= set(
            KeyProjectItem.objects.filter(pk__in=strangers["i"])
            .exclude(project__plan__region=region)
            .values_list("project__plan__region__name", flat=True)
        )
    return sorted(names)
