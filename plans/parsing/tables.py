"""Indicator tables: find them in either layout and turn their rows into IndicatorRow.

Two layouts survive the Word-to-text export:

- cell per line: every cell is a tab-indented line, rows are separated by blank lines,
  and a header cell may wrap onto an unindented line (``\\t指标`` + ``性质``);
- row per line: cells separated by tabs, one row per line, with the odd blank line
  inside the table (003).

A table is recognised by its header (a name column and at least one year column, every
cell a known header), so tab-indented 专栏 items and tables of contents are never
mistaken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.parsing.cells import read_cell
from plans.parsing.headings import match_heading
from plans.parsing.lines import ascii_digits, is_cell_line, remove_ws
from plans.parsing.model import IndicatorRow, ParseWarning

_HEADER_WORDS = {
    "domain": {"领域", "类别", "分类", "领域类别", "指标领域", "指标类别"},
    "seq": {"序号", "编号"},
    "name": {"主要指标", "指标", "指标名称", "主要指标名称", "指标内容"},
    "unit": {"单位", "计量单位", "指标单位"},
    "nature": {"指标性质", "性质", "指标属性", "属性"},
    "progress": {"预计进度", "进度", "预计完成情况", "完成进度"},
    "note": {"备注", "说明"},
}
_HEADER_KIND = {word: kind for kind, words in _HEADER_WORDS.items() for word in words}
_YEAR_HEADER = re.compile(r"((?:19|20)\d\d)年?(?:目标值?|规划值|预期值?|基期值?|现状值?|末)?")

NATURES = frozenset({"预期性", "约束性", "指导性"})
PROGRESS = frozenset({"已完成", "可完成", "未完成"})

# A unit written as a trailing parenthesis of the name: 人均预期寿命(岁), 孕产妇死亡率（1/10万）.
_NAME_UNIT = re.compile(r"[（(]([^（）()、，,；;]{1,10})[）)]$")

# How many blank lines may separate two rows before the table is considered finished.
_MAX_BLANKS_BETWEEN_ROWS = 2
# Longest unindented line still taken as the tail of a wrapped cell.
_MAX_WRAPPED_CHARS = 40


@dataclass
class RawRow:
    cells: list[str]
    index: int  # 0-based line index of the row's first cell


@dataclass
class Table:
    start: int  # 0-based index of the first header line
    end: int  # 0-based index of the last line of the last row
    columns: list[tuple[str, str | None]]  # (kind, year) per column
    layout: str  # "cell_per_line" | "row_per_line"
    rows: list[RawRow] = field(default_factory=list)


def classify_header(cell: str) -> tuple[str, str | None]:
    """``("year", "2030")`` for a year column, ``(kind, None)`` otherwise; kind may be "unknown"."""
    word = ascii_digits(remove_ws(cell))
    if word in _HEADER_KIND:
        return _HEADER_KIND[word], None
    m = _YEAR_HEADER.fullmatch(word)
    if m:
        return "year", m.group(1)
    return "unknown", None


def _header_columns(cells: list[str]) -> list[tuple[str, str | None]] | None:
    if len(cells) < 2:
        return None
    columns = [classify_header(c) for c in cells]
    kinds = [kind for kind, _ in columns]
    if "unknown" in kinds or "name" not in kinds or "year" not in kinds:
        return None
    return columns


def _is_blank(line: str) -> bool:
    """Blank and not an (empty) tab-indented cell."""
    return not line.strip() and not line.startswith("\t")


def _gather_cells(lines: list[str], i: int, ncols: int | None) -> tuple[list[str], list[int], int]:
    """Cells of the cell-per-line block starting at ``i``: (cells, their line indices, next index)."""
    cells: list[str] = []
    where: list[int] = []
    j = i
    while j < len(lines):
        line = lines[j]
        if is_cell_line(line):
            cells.append(line.strip())
            where.append(j)
        elif _is_blank(line) or not cells:
            break
        elif (ncols is not None and len(cells) >= ncols) or not _is_wrapped_cell(line):
            break  # the row is complete: this line follows the table (000: ` 第四章重点任务`)
        else:
            cells[-1] += line.strip()  # a wrapped cell (`指标` + `性质`)
        j += 1
    return cells, where, j


def _is_wrapped_cell(line: str) -> bool:
    """The unindented tail of a wrapped cell is short and no sentence (nor a heading)."""
    s = line.strip()
    return len(s) <= _MAX_WRAPPED_CHARS and "。" not in s and match_heading(s) is None


def _parse_cell_per_line(lines: list[str], i: int) -> Table | None:
    cells, _, j = _gather_cells(lines, i, None)
    columns = _header_columns(cells)
    if columns is None:
        return None
    ncols = len(columns)
    table = Table(start=i, end=j - 1, columns=columns, layout="cell_per_line")
    n = len(lines)
    while True:
        k, blanks = j, 0
        while k < n and _is_blank(lines[k]):
            k += 1
            blanks += 1
        if k >= n or blanks > _MAX_BLANKS_BETWEEN_ROWS or not is_cell_line(lines[k]):
            break
        cells, where, j = _gather_cells(lines, k, ncols)
        if len(cells) < 2:
            break
        # Rows that lost the blank line between them: split when the count says so.
        size = ncols if len(cells) > ncols and len(cells) % ncols == 0 else len(cells)
        for start in range(0, len(cells), size):
            table.rows.append(RawRow(cells=cells[start : start + size], index=where[start]))
        table.end = j - 1
    return table


def _split_row(line: str, offset: int) -> list[str]:
    parts = [part.strip() for part in line.split("\t")][offset:]
    while parts and not parts[-1]:
        parts.pop()
    return parts


def _parse_row_per_line(lines: list[str], i: int) -> Table | None:
    offset = 1 if lines[i].startswith("\t") else 0
    columns = _header_columns(_split_row(lines[i], offset))
    if columns is None:
        return None
    table = Table(start=i, end=i, columns=columns, layout="row_per_line")
    n = len(lines)
    j = i + 1
    while j < n:
        line = lines[j]
        if _is_blank(line):
            k = j
            while k < n and _is_blank(lines[k]):
                k += 1
            if k - j > _MAX_BLANKS_BETWEEN_ROWS or k >= n or "\t" not in lines[k]:
                break
            j = k  # a blank line inside the table (003)
            continue
        if "\t" not in line or match_heading(line):
            break
        table.rows.append(RawRow(cells=_split_row(line, offset), index=j))
        table.end = j
        j += 1
    return table


def find_tables(lines: list[str], skip: set[int] | frozenset[int] = frozenset()) -> list[Table]:
    """Every indicator table, in document order."""
    tables: list[Table] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        table = None
        if "\t" in line and i not in skip:
            parts = [p for p in line.split("\t") if p.strip()]
            if len(parts) >= 2:
                table = _parse_row_per_line(lines, i)
            elif is_cell_line(line) and (i == 0 or not is_cell_line(lines[i - 1])):
                table = _parse_cell_per_line(lines, i)
        if table is not None and table.rows:
            tables.append(table)
            i = table.end + 1
        else:
            i += 1
    return tables


def table_years(table: Table) -> tuple[int | None, int]:
    """(baseline year, target year): the last year column and the latest one before it."""
    years = sorted({int(year) for kind, year in table.columns if kind == "year" and year})
    target = years[-1]
    return (years[-2] if len(years) > 1 else None), target


def unit_from_name(name: str) -> str | None:
    """``岁`` from ``人均预期寿命(岁)``; None when the name has no trailing unit parenthesis."""
    m = _NAME_UNIT.search(name[-14:])
    return m.group(1) if m else None


def build_indicators(tables: list[Table]) -> tuple[list[IndicatorRow], list[ParseWarning]]:
    """Indicator rows of all tables, with domains filled down and 其中 rows linked."""
    rows: list[IndicatorRow] = []
    warnings: list[ParseWarning] = []
    for table_index, table in enumerate(tables):
        _build_table(table, table_index, rows, warnings)
    return rows, warnings


def _build_table(
    table: Table, table_index: int, rows: list[IndicatorRow], warnings: list[ParseWarning]
) -> None:
    columns = table.columns
    position = {kind: pos for pos, (kind, _) in reversed(list(enumerate(columns)))}
    years = [(pos, year) for pos, (kind, year) in enumerate(columns) if kind == "year" and year]
    baseline_year, target_year = table_years(table)
    domain: str | None = None
    parent: int | None = None
    for raw in table.rows:
        line = raw.index + 1
        cells = _fit(raw.cells, len(columns), line, warnings)

        def cell(kind: str, cells: list[str] = cells) -> str:
            return cells[position[kind]] if kind in position else ""

        name = remove_ws(cell("name"))
        if not name:
            warnings.append(ParseWarning(line, "row_missing_name", "指标表格行缺少指标名称，已跳过"))
            continue
        domain = cell("domain") or domain
        by_year = {year: cells[pos] for pos, year in years}
        row = IndicatorRow(
            domain=domain,
            seq=cell("seq") or None,
            name=name,
            unit=remove_ws(cell("unit")) or unit_from_name(name),
            nature=_checked(cell("nature"), NATURES, "指标性质", line, warnings),
            progress_estimate=_checked(cell("progress"), PROGRESS, "预计进度", line, warnings),
            sub_of=None,
            cells=by_year,
            baseline=_reading(by_year, baseline_year, line, warnings),
            target=_reading(by_year, target_year, line, warnings),
            line=line,
            table=table_index,
        )
        if name.startswith("其中"):
            row.sub_of = parent
        else:
            parent = len(rows)
        rows.append(row)


def _fit(cells: list[str], ncols: int, line: int, warnings: list[ParseWarning]) -> list[str]:
    if len(cells) < ncols:
        warnings.append(
            ParseWarning(line, "row_missing_cells", f"指标表格行只有 {len(cells)} 个单元格，应有 {ncols} 个")
        )
        return cells + [""] * (ncols - len(cells))
    if len(cells) > ncols:
        warnings.append(
            ParseWarning(
                line, "row_extra_cells", f"指标表格行有 {len(cells)} 个单元格，多于表头的 {ncols} 个"
            )
        )
        return cells[:ncols]
    return cells


def _checked(value: str, allowed: frozenset[str], label: str, line: int, warnings: list[ParseWarning]):
    value = remove_ws(value)
    if not value:
        return None
    if value in allowed:
        return value
    warnings.append(ParseWarning(line, "unrecognised_cell", f"无法识别的{label}：{value}"))
    return None


def _reading(by_year: dict[str, str], year: int | None, line: int, warnings: list[ParseWarning]):
    if year is None:
        return None
    reading = read_cell(by_year.get(str(year), "")).to_dict()
    if reading["params"].get("unrecognised"):
        warnings.append(ParseWarning(line, "unrecognised_cell", f"无法识别的{year}年数值：{reading['raw']}"))
    return {"year": year, **reading}
