"""Read indicator tables in either layout, through page furniture, domain rows and blank lines.

- cell per line: every cell is a tab-indented line, rows are separated by blank lines,
  and a header cell may wrap onto an unindented line (``\\t指标`` + ``性质``);
- row per line: cells separated by tabs or by runs of spaces, one row per line.

A table is recognised by its header (a name column and at least one year column, every
cell a known header), so tab-indented 专栏 items and tables of contents are never
mistaken for one. Inside a table, page numbers, ``续表``, repeated headers, captions,
unit lines, note lines and blank lines are stepped over as long as another row follows;
a line that is none of these but sits between rows is kept as an *unplaced* line and
reported, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plans.parsing.headings import match_heading
from plans.parsing.lines import is_cell_line
from plans.parsing.tables.align import aligned_cells
from plans.parsing.tables.furniture import clean, domain_of_row, furniture_kind, split_cells
from plans.parsing.tables.header import header_columns, header_roles

# How many blank lines may separate two rows before the table is considered finished.
_MAX_BLANKS_BETWEEN_ROWS = 2
# Longest unindented line still taken as the tail of a wrapped cell.
_MAX_WRAPPED_CHARS = 40
# How many non-blank lines of furniture / domain rows / stray text may sit between two rows.
_LOOKAHEAD = 6


@dataclass
class RawRow:
    cells: list[str]
    index: int  # 0-based line index of the row's first cell
    domain: str | None = None  # set for a domain row spanning the table
    joined: int | None = None  # line index of a second line this row was joined from


@dataclass
class Table:
    start: int  # 0-based index of the first header line
    end: int  # 0-based index of the last line of the last row
    columns: list[tuple[str, str | None]]  # (kind, year) per column
    layout: str  # "cell_per_line" | "row_per_line"
    rows: list[RawRow] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # year -> "base" | "target" | "outlook"
    furniture: list[tuple[int, str]] = field(default_factory=list)  # (index, kind)
    unplaced: list[int] = field(default_factory=list)  # line indices inside the table nobody placed
    separator: str = "tab"


def _is_blank(line: str) -> bool:
    """Blank and not an (empty) tab-indented cell."""
    return not clean(line).strip() and not line.startswith("\t")


def _is_wrapped_cell(line: str) -> bool:
    """The unindented tail of a wrapped cell is short and no sentence (nor a heading)."""
    s = clean(line).strip()
    return (
        len(s) <= _MAX_WRAPPED_CHARS
        and "。" not in s
        and match_heading(s) is None
        and furniture_kind(s) is None
    )


def _gather_cells(lines: list[str], i: int, ncols: int | None) -> tuple[list[str], list[int], int]:
    """Cells of the cell-per-line block starting at ``i``: (cells, their line indices, next index)."""
    cells: list[str] = []
    where: list[int] = []
    j = i
    while j < len(lines):
        line = lines[j]
        if is_cell_line(line):
            cells.append(clean(line).strip())
            where.append(j)
        elif _is_blank(line) or not cells:
            break
        elif (ncols is not None and len(cells) >= ncols) or not _is_wrapped_cell(line):
            break  # the row is complete: this line follows the table (000: ` 第四章重点任务`)
        else:
            cells[-1] += clean(line).strip()  # a wrapped cell (`指标` + `性质`)
        j += 1
    return cells, where, j


def _skip_blanks(lines: list[str], j: int) -> tuple[int, int]:
    k = j
    while k < len(lines) and _is_blank(lines[k]):
        k += 1
    return k, k - j


def _passable(line: str) -> bool:
    """Furniture or a domain row: may stand between two rows of a table."""
    text = clean(line).strip()
    return furniture_kind(text) is not None or domain_of_row([text]) is not None


def _cell_row_follows(lines: list[str], j: int, ncols: int) -> bool:
    """A cell-per-line row (≥ 2 cells) starts at ``j``, past blanks, furniture and domain rows."""
    seen = 0
    k = j
    while k < len(lines) and seen <= _LOOKAHEAD:
        if _is_blank(lines[k]):
            k += 1
            continue
        if is_cell_line(lines[k]):
            cells, _, end = _gather_cells(lines, k, ncols)
            if len(cells) >= 2:
                return True
            if not _passable(cells[0] if cells else ""):
                return False
            k = end
        elif _passable(lines[k]):
            k += 1
        else:
            return False
        seen += 1
    return False


def _parse_cell_per_line(lines: list[str], i: int) -> Table | None:
    cells, _, j = _gather_cells(lines, i, None)
    columns = header_columns(cells)
    if columns is None:
        return None
    ncols = len(columns)
    table = Table(start=i, end=j - 1, columns=columns, layout="cell_per_line", roles=header_roles(cells))
    n = len(lines)
    while True:
        k, blanks = _skip_blanks(lines, j)
        if k >= n or blanks > _MAX_BLANKS_BETWEEN_ROWS:
            break
        line = lines[k]
        if not is_cell_line(line):
            if not (_passable(line) or _may_be_unplaced(line)) or not _cell_row_follows(lines, k + 1, ncols):
                break
            _place_single(table, lines, k)
            j = k + 1
            continue
        cells, where, j = _gather_cells(lines, k, ncols)
        if len(cells) == 1:
            if not (_passable(cells[0]) or _may_be_unplaced(cells[0])) or not _cell_row_follows(
                lines, j, ncols
            ):
                break
            _place_single(table, lines, k)
            continue
        if header_columns(cells) is not None:
            table.furniture.append((k, "header"))
            table.end = j - 1
            continue
        if len(cells) < max(2, ncols - 2) and not _cell_row_follows(lines, j, ncols):
            break  # tab-indented text after the table (box items), not a damaged row
        # Rows that lost the blank line between them: split when the count says so.
        size = ncols if len(cells) > ncols and len(cells) % ncols == 0 else len(cells)
        for start in range(0, len(cells), size):
            table.rows.append(RawRow(cells=cells[start : start + size], index=where[start]))
        table.end = j - 1
    return table


def _place_single(table: Table, lines: list[str], k: int) -> None:
    """A one-cell line between rows: furniture, a domain row, or an unplaced line."""
    text = clean(lines[k]).strip()
    kind = furniture_kind(text)
    if kind:
        table.furniture.append((k, kind))
    elif (
        not any(kind == "domain" for kind, _ in table.columns)
        and (domain := domain_of_row([text])) is not None
    ):
        table.rows.append(RawRow(cells=[text], index=k, domain=domain))
    else:
        table.unplaced.append(k)
    table.end = k


def _row_follows(lines: list[str], j: int, offset: int, ncols: int) -> bool:
    """A multi-cell row-per-line row starts at ``j``, past blanks, furniture and domain rows."""
    seen = 0
    k = j
    while k < len(lines) and seen <= _LOOKAHEAD:
        if _is_blank(lines[k]):
            k += 1
            continue
        cells, _ = split_cells(lines[k], offset)
        if len(cells) >= 2 and (len(cells) >= ncols - 2 or header_columns(cells)):
            return True
        if len(cells) >= 2 or not _passable(lines[k]):
            return False
        seen += 1
        k += 1
    return False


def _may_be_unplaced(line: str) -> bool:
    """A stray line inside a table is short and no sentence; anything else ends the table."""
    s = clean(line).strip()
    return len(s) <= _MAX_WRAPPED_CHARS and "。" not in s and match_heading(s) is None


def _parse_row_per_line(lines: list[str], i: int) -> Table | None:
    offset = 1 if lines[i].startswith("\t") else 0
    cells, separator = split_cells(lines[i], offset)
    columns = header_columns(cells)
    if columns is None:
        return None
    ncols = len(columns)
    table = Table(
        start=i, end=i, columns=columns, layout="row_per_line", roles=header_roles(cells), separator=separator
    )
    n = len(lines)
    j = i + 1
    while j < n:
        k, blanks = _skip_blanks(lines, j)
        if k >= n:
            break
        if blanks and (blanks > _MAX_BLANKS_BETWEEN_ROWS or not _row_follows(lines, k, offset, ncols)):
            break
        j = k
        cells, separator = split_cells(lines[j], offset)
        if len(cells) >= 2:
            if header_columns(cells) is not None:
                table.furniture.append((j, "header"))
            elif (
                len(cells) < ncols - 2
                and (blanks or separator != table.separator)
                and not _row_follows(lines, j + 1, offset, ncols)
            ):
                break  # a short line of another kind after the table; a short row right under rows is kept
            else:
                if separator == "space" and len(cells) < ncols:
                    cells = aligned_cells(lines[table.start], lines[j], ncols) or cells
                row = RawRow(cells=_pad_tabs(lines[j], cells, offset, ncols), index=j)
                if not _join_wrapped(table, row, ncols):
                    table.rows.append(row)
            table.end = j
            j += 1
            continue
        if not _row_follows(lines, j + 1, offset, ncols) or not (
            _passable(lines[j]) or _may_be_unplaced(lines[j])
        ):
            break
        _place_single(table, lines, j)
        j += 1
    return table


def _join_wrapped(table: Table, row: RawRow, ncols: int) -> bool:
    """A row broken inside a cell (``…医疗卫生机构`` / ``床位数⇥张⇥…``): two short lines right after
    each other whose cells add up to one row are joined, and the join is reported (``row_joined``)."""
    if not table.rows or table.separator != "tab":
        return False
    last = table.rows[-1]
    if last.domain is not None or last.joined is not None or last.index != row.index - 1:
        return False
    a, b = last.cells, row.cells
    if len(a) >= ncols or len(b) >= ncols or len(a) + len(b) - 1 != ncols:
        return False
    last.cells = [*a[:-1], a[-1] + b[0], *b[1:]]
    last.joined = row.index
    return True


def _pad_tabs(line: str, cells: list[str], offset: int, ncols: int) -> list[str]:
    """Trailing empty cells a tab row really has (``a\\tb\\t\\t``) are kept, never invented."""
    if "\t" not in line:
        return cells
    written = len(clean(line).split("\t")) - offset
    return cells + [""] * max(0, min(written, ncols) - len(cells))
