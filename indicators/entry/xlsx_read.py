"""Read an entry workbook into rows and problems, every problem named by sheet and cell.

Only call this on bytes that passed :func:`indicators.entry.xlsx_safety.xlsx_safety_problems`.
Formulas are never evaluated: the workbook is loaded with ``data_only=False`` and any formula
cell is a problem.  Merged cells, error cells, text in the value column, and malformed years are
problems too.  Which codes, years and regions are acceptable is decided later, against the
database (``indicators.entry.uploads``): this module knows nothing about it.
"""

from __future__ import annotations

import datetime
import io
import re
import warnings
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .rules import (
    BLANK,
    CLEAR,
    CLEAR_MARKER,
    UPLOAD_NO_CHANGE,
    ParsedValue,
    ValueTextError,
    normalise_text,
    parse_cell_number,
    parse_value_text,
)

PROJECT_SHEET = "重点项目"  # the key-project sheet (projects.xlsx.SHEET_TITLE) has its own upload

MAX_ROWS = 20000
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 30
MAX_COMMENT_CHARS = 500

# Header text (normalised, parentheses dropped) → column role.
HEADERS = {
    "地区": "region",
    "地区名称": "region",
    "区县": "region",
    "region": "region",
    "指标编码": "code",
    "指标代码": "code",
    "编码": "code",
    "code": "code",
    "指标名称": "name",
    "指标": "name",
    "name": "name",
    "单位": "unit",
    "年份": "year",
    "年度": "year",
    "年": "year",
    "year": "year",
    "数值": "value",
    "值": "value",
    "指标值": "value",
    "填报值": "value",
    "实际值": "value",
    "完成值": "value",
    "年度值": "value",
    "value": "value",
    "备注": "comment",
    "说明": "comment",
    "comment": "comment",
    "版本": "version",
    "version": "version",
}
_YEAR_HEADER = re.compile(r"(\d{4})年?(?:值|数值|实际值)?")
REGION_LABELS = {"填报地区", "地区"}
_PARENTHESES = re.compile(r"\(.*?\)|【.*?】|\[.*?\]")
_YEAR = re.compile(r"(\d{4})年?(?:度)?")
_PLACES = re.compile(r"[0#?]\.([0#?]+)")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


@dataclass(frozen=True)
class Problem:
    sheet: str
    cell: str
    message: str

    @property
    def place(self) -> str:
        return cell_place(self.sheet, self.cell)

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "cell": self.cell, "place": self.place, "message": self.message}


def cell_place(sheet: str, cell: str) -> str:
    """``Sheet1!D7`` (quoted when the sheet name needs it, as Excel writes it)."""
    name = (
        sheet if re.fullmatch(r"[A-Za-z0-9_\u4e00-\u9fff]+", sheet) else "'" + sheet.replace("'", "''") + "'"
    )
    return f"{name}!{cell}" if cell else name


@dataclass
class SheetRow:
    """One value of the sheet: a (indicator, year) pair, named by code or, failing that, by name."""

    sheet: str
    row: int
    code: str
    code_cell: str
    year: int | None
    year_cell: str
    value: ParsedValue
    value_cell: str
    region: str = ""
    region_cell: str = ""
    comment: str = ""
    version: int | None = None
    value_unit: str = ""  # "%" or "‰" written after the number; checked against the indicator later
    name: str = ""  # used when the sheet has no code column

    @property
    def place(self) -> str:
        return cell_place(self.sheet, self.value_cell)


@dataclass
class RegionMark:
    sheet: str
    cell: str
    text: str


@dataclass
class ReadResult:
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    region_marks: list[RegionMark] = field(default_factory=list)


def workbook_read(data: bytes) -> ReadResult:
    from openpyxl import DEFUSEDXML, load_workbook

    result = ReadResult()
    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a declared dependency
        result.problems.append(Problem("", "", _("服务器未启用安全的 XML 解析（defusedxml），拒绝读取。")))
        return result
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(
                io.BytesIO(data), read_only=False, data_only=False, keep_vba=False, keep_links=False
            )
    except Exception:  # openpyxl raises many kinds on malformed parts; all mean "not readable"
        result.problems.append(
            Problem("", "", _("无法读取该工作簿：文件已损坏或不是 Excel 保存的 .xlsx 文件。"))
        )
        return result
    try:
        sheets = [s for s in workbook.worksheets if s.title != PROJECT_SHEET]  # read by projects.xlsx
        empty = []
        for sheet in sheets:
            try:
                if not _sheet_read(sheet, result):
                    empty.append(sheet.title)
            except Exception:  # a malformed sheet is a problem to report, never a server error
                result.problems.append(Problem(sheet.title, "", _("无法读取该工作表：内容格式异常。")))
        if len(empty) == len(sheets):
            for title in empty or ["—"]:
                result.problems.append(Problem(title, "", _("工作表是空的，没有可导入的数据。")))
    finally:
        workbook.close()
    return result


def _text(value) -> str:
    if value is None:
        return ""
    return normalise_text(str(value))


def _header_key(value) -> str:
    return _PARENTHESES.sub("", _text(value)).lower()


def _sheet_read(sheet, result: ReadResult) -> bool:
    """Read one worksheet into ``result``; False when the sheet holds nothing at all."""
    title = sheet.title
    if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
        result.problems.append(
            Problem(
                title,
                "",
                _("工作表过大（%(rows)s 行 × %(cols)s 列），上限 %(max)s 行。")
                % {"rows": sheet.max_row, "cols": sheet.max_column, "max": MAX_ROWS},
            )
        )
        return True
    grid = [list(row) for row in sheet.iter_rows()]
    filled = [cell for row in grid for cell in row if cell.value is not None and cell.value != ""]
    if not filled and not sheet.merged_cells.ranges:
        return False
    for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        result.problems.append(
            Problem(
                title, merged.coord, _("合并单元格 %(range)s：请取消合并后再上传。") % {"range": merged.coord}
            )
        )
    for cell in filled:
        if cell.data_type == "f":
            formula = str(getattr(cell.value, "text", cell.value))[:40]
            result.problems.append(
                Problem(
                    title,
                    cell.coordinate,
                    _("单元格含有公式 %(formula)s：公式不会被计算，请改为直接填写数值。")
                    % {"formula": formula},
                )
            )
        elif cell.data_type == "e":
            result.problems.append(
                Problem(title, cell.coordinate, _("单元格是错误值 %(error)s。") % {"error": cell.value})
            )
    header = _find_header(grid)
    if header is None:
        result.problems.append(
            Problem(title, "", _("未找到表头行：需要“指标编码”“年份”“数值”三列（请使用本系统下载的模板）。"))
        )
        return True
    missing = header.missing()
    if missing:
        result.problems.append(
            Problem(
                title,
                grid[header.index][0].coordinate,
                _("表头缺少列：%(columns)s。") % {"columns": "、".join(missing)},
            )
        )
        return True
    _read_region_marks(title, grid[: header.index], result)
    data_rows = 0
    for row in grid[header.index + 1 :]:
        if all(cell.value is None or _text(cell.value) == "" for cell in row):
            continue
        data_rows += 1
        if header.wide:
            result.rows.extend(_wide_row_read(title, row, header, result))
        else:
            parsed = _row_read(title, row, header.columns, result)
            if parsed is not None:
                result.rows.append(parsed)
    if data_rows == 0:
        result.problems.append(
            Problem(title, "", _("只有表头（第 %(row)s 行），没有数据行。") % {"row": header.index + 1})
        )
    return True


@dataclass
class Header:
    index: int
    columns: dict[str, int]
    years: list[tuple[int, int, str]]  # (position, year, header cell) of a years-as-columns layout

    @property
    def wide(self) -> bool:
        return "year" not in self.columns and bool(self.years)

    def missing(self) -> list[str]:
        missing = []
        if "code" not in self.columns and "name" not in self.columns:
            missing.append(_("指标编码"))
        if not self.wide:
            wanted = (("year", _("年份")), ("value", _("数值")))
            missing += [label for role, label in wanted if role not in self.columns]
        return missing


def _find_header(grid) -> Header | None:
    """The first row naming the indicator column and a year or value column (or year columns)."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        years: list[tuple[int, int, str]] = []
        for position, cell in enumerate(row):
            key = _header_key(cell.value)
            role = HEADERS.get(key)
            if role and role not in columns:
                columns[role] = position
            elif isinstance(cell.value, int | str) and not isinstance(cell.value, bool):
                match = _YEAR_HEADER.fullmatch(key)
                if match and 1949 <= int(match.group(1)) <= 2100:
                    years.append((position, int(match.group(1)), cell.coordinate))
        has_indicator = "code" in columns or "name" in columns
        if has_indicator and ("year" in columns or "value" in columns or years):
            return Header(index, columns, years)
    return None


def _read_region_marks(title: str, rows, result: ReadResult) -> None:
    """A ``填报地区 | 克拉玛依市克拉玛依区`` pair above the header marks whose sheet this is."""
    for row in rows:
        for position, cell in enumerate(row[:-1]):
            if _text(cell.value).rstrip(":") in REGION_LABELS:
                mark = row[position + 1]
                if _text(mark.value):
                    result.region_marks.append(RegionMark(title, mark.coordinate, str(mark.value).strip()))


def _cell(row, columns, role):
    position = columns.get(role)
    if position is None or position >= len(row):
        return None
    return row[position]


def _row_read(title: str, row, columns: dict[str, int], result: ReadResult) -> SheetRow | None:
    problems_before = len(result.problems)
    code_cell = _cell(row, columns, "code")
    year_cell = _cell(row, columns, "year")
    value_cell = _cell(row, columns, "value")
    region_cell = _cell(row, columns, "region")
    comment_cell = _cell(row, columns, "comment")
    version_cell = _cell(row, columns, "version")
    row_number = row[0].row

    def coordinate(cell, role) -> str:
        if cell is not None:
            return cell.coordinate
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(columns[role] + 1)}{row_number}"

    if any(
        c is not None and c.data_type in ("f", "e") for c in (code_cell, year_cell, value_cell, version_cell)
    ):
        return None  # already reported
    name_cell = _cell(row, columns, "name")
    code = _text(code_cell.value if code_cell else None).upper()
    name = str(name_cell.value).strip() if name_cell is not None and name_cell.value is not None else ""
    if not code and not (name and "code" not in columns):
        where = coordinate(code_cell, "code") if "code" in columns else coordinate(name_cell, "name")
        result.problems.append(Problem(title, where, _("缺少指标编码。")))
    year = _year(year_cell, title, result, coordinate(year_cell, "year"))
    value, value_unit = _value(value_cell, title, result, coordinate(value_cell, "value"))
    comment = (
        str(comment_cell.value).strip() if comment_cell is not None and comment_cell.value is not None else ""
    )
    if len(comment) > MAX_COMMENT_CHARS:
        result.problems.append(
            Problem(title, comment_cell.coordinate, _("备注超过 %(max)s 字。") % {"max": MAX_COMMENT_CHARS})
        )
    version = _version(version_cell, title, result)
    if len(result.problems) > problems_before:
        return None
    return SheetRow(
        sheet=title,
        row=row_number,
        code=code,
        code_cell=coordinate(code_cell, "code") if "code" in columns else coordinate(name_cell, "name"),
        name=name,
        year=year,
        year_cell=coordinate(year_cell, "year"),
        value=value,
        value_cell=coordinate(value_cell, "value"),
        region=str(region_cell.value).strip()
        if region_cell is not None and region_cell.value is not None
        else "",
        region_cell=region_cell.coordinate if region_cell is not None else "",
        comment=comment,
        version=version,
        value_unit=value_unit,
    )


def _wide_row_read(title: str, row, header: Header, result: ReadResult) -> list[SheetRow]:
    """A years-as-columns row: one value per filled year column (a blank year cell is not read)."""
    if any(c.data_type in ("f", "e") for c in row):
        return []  # already reported
    code_cell = _cell(row, header.columns, "code")
    name_cell = _cell(row, header.columns, "name")
    region_cell = _cell(row, header.columns, "region")
    comment_cell = _cell(row, header.columns, "comment")
    code = _text(code_cell.value if code_cell else None).upper()
    name = str(name_cell.value).strip() if name_cell is not None and name_cell.value is not None else ""
    anchor = code_cell if "code" in header.columns else name_cell
    if anchor is None:
        return []
    if not code and not (name and "code" not in header.columns):
        result.problems.append(Problem(title, anchor.coordinate, _("缺少指标编码。")))
        return []
    comment = (
        str(comment_cell.value).strip() if comment_cell is not None and comment_cell.value is not None else ""
    )
    rows = []
    for position, year, header_cell in header.years:
        cell = row[position] if position < len(row) else None
        if cell is None or cell.value is None or _text(cell.value) == "":
            continue
        before = len(result.problems)
        value, value_unit = _value(cell, title, result, cell.coordinate)
        if len(result.problems) > before:
            continue
        rows.append(
            SheetRow(
                sheet=title,
                row=cell.row,
                code=code,
                code_cell=anchor.coordinate,
                name=name,
                year=year,
                year_cell=header_cell,
                value=value,
                value_cell=cell.coordinate,
                region=str(region_cell.value).strip()
                if region_cell is not None and region_cell.value is not None
                else "",
                region_cell=region_cell.coordinate if region_cell is not None else "",
                comment=comment[:MAX_COMMENT_CHARS],
                value_unit=value_unit,
            )
        )
    return rows


def _year(cell, title, result, where) -> int | None:
    raw = cell.value if cell is not None else None
    year = None
    if isinstance(raw, bool):
        year = None
    elif isinstance(raw, int):
        year = raw
    elif isinstance(raw, float) and raw.is_integer():
        year = int(raw)
    elif isinstance(raw, str):
        match = _YEAR.fullmatch(normalise_text(raw))
        year = int(match.group(1)) if match else None
    if year is None or not 1949 <= year <= 2100:
        shown = "" if raw is None else str(raw)
        result.problems.append(
            Problem(title, where, _("年份“%(year)s”无效，请填写四位数年份，如 2024。") % {"year": shown})
        )
        return None
    return year


def _number_format(cell) -> tuple[int | None, bool]:
    """Decimal places and percent-ness of a fixed number format (``0.00`` → 2, ``0.0%`` → 1, True)."""
    fmt = (cell.number_format or "General").split(";")[0]
    fmt = _QUOTED.sub("", fmt)
    if fmt.lower() in ("general", "@", ""):
        return None, False
    match = _PLACES.search(fmt)
    places = len(match.group(1)) if match else (0 if re.search(r"[0#]", fmt) else None)
    return places, "%" in fmt


def _value(cell, title, result, where) -> tuple[ParsedValue, str]:
    """The value cell as a value, and the ``%``/``‰`` written after the number (if any)."""
    raw = cell.value if cell is not None else None
    if raw is None:
        return BLANK, ""
    if isinstance(raw, bool | datetime.date | datetime.time | datetime.timedelta):
        result.problems.append(
            Problem(title, where, _("数值列填写的是“%(value)s”，不是数字。") % {"value": raw})
        )
        return BLANK, ""
    try:
        if isinstance(raw, int | float):
            places, percent = _number_format(cell)
            return parse_cell_number(raw, places=places, percent=percent), ""
        text = str(raw)
        marker = normalise_text(text.strip())
        if marker == CLEAR_MARKER:
            return CLEAR, ""
        if marker in UPLOAD_NO_CHANGE:
            return BLANK, ""
        unit = next((u for u in ("%", "‰") if normalise_text(text).endswith(u)), "")
        return parse_value_text(text, unit=unit), unit
    except ValueTextError as exc:
        result.problems.append(
            Problem(title, where, _("数值列含有文本：%(why)s。") % {"why": exc.message.rstrip("。")})
        )
        return BLANK, ""


def _version(cell, title, result) -> int | None:
    if cell is None or cell.value is None or _text(cell.value) == "":
        return None
    raw = cell.value
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return raw
    if isinstance(raw, float) and raw.is_integer() and raw >= 0:
        return int(raw)
    if isinstance(raw, str) and _text(raw).isdigit():
        return int(_text(raw))
    result.problems.append(
        Problem(title, cell.coordinate, _("版本“%(value)s”无效，请不要修改版本列。") % {"value": raw})
    )
    return None
