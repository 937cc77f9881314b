"""The unindented one-cell-per-line layout: every cell its own plain line.

Some converters write each table cell as a paragraph of its own, without the tab the
seeds' exports put in front::

    领域
    主要指标
    单位
    2025年

    健康水平
    人均预期寿命
    岁
    80

The header is a run of lines that are all header words (a name column and a year
column among them). Rows are runs of non-blank lines, separated by blank lines; a run
holding several rows (no blank line between them) is split by the header width. A run
that is not a whole number of rows is kept as a short row and flagged — never slid.
Between rows, page furniture and domain rows are stepped over as in the other layouts.
"""

from __future__ import annotations

from plans.parsing.headings import match_heading
from plans.parsing.tables.find import RawRow, Table, _is_blank, _place_single, _skip_blanks
from plans.parsing.tables.furniture import clean, domain_of_row, furniture_kind, split_cells
from plans.parsing.tables.header import classify_header, header_columns, header_roles

# Longest line still read as one cell of this layout.
_MAX_CELL_CHARS = 80
_MAX_BLANKS_BETWEEN_ROWS = 2


def _is_plain_cell(line: str) -> bool:
    s = clean(line).strip()
    if not s or line.startswith("\t") or len(s) > _MAX_CELL_CHARS or "。" in s:
        return False
    if len(split_cells(line)[0]) > 1:
        return False
    return match_heading(s) is None or domain_of_row([s]) is not None


def _run(lines: list[str], i: int) -> tuple[list[str], int]:
    """The run of plain cell lines starting at ``i``: (cells, next index)."""
    cells = []
    j = i
    while j < len(lines) and _is_plain_cell(lines[j]):
        cells.append(clean(lines[j]).strip())
        j += 1
    return cells, j


def _row_follows(lines: list[str], j: int, limit: int = 6) -> bool:
    """A run of two or more cells comes next, past blanks, furniture and domain rows."""
    for _ in range(limit):
        k, _blanks = _skip_blanks(lines, j)
        if k >= len(lines) or not _is_plain_cell(lines[k]):
            return False
        run, end = _run(lines, k)
        if len(run) >= 2:
            return True
        if not (furniture_kind(run[0]) or domain_of_row(run)):
            return False
        j = end
    return False


def header_at(lines: list[str], i: int) -> list[str] | None:
    """The header cells if an unindented one-cell-per-line header starts at ``i``."""
    if i > 0 and _is_plain_cell(lines[i - 1]) and classify_header(lines[i - 1])[0] != "unknown":
        return None
    cells = []
    j = i
    while j < len(lines) and _is_plain_cell(lines[j]) and classify_header(lines[j])[0] != "unknown":
        cells.append(clean(lines[j]).strip())
        j += 1
    if len(cells) < 3 or header_columns(cells) is None:
        return None
    if j < len(lines) and not _is_blank(lines[j]):
        return None  # a header is followed by a blank line (the first row's run starts after it)
    return cells


def parse_plain_cell_per_line(lines: list[str], i: int) -> Table | None:
    cells = header_at(lines, i)
    if cells is None:
        return None
    columns = header_columns(cells)
    ncols = len(columns)
    table = Table(
        start=i, end=i + ncols - 1, columns=columns, layout="plain_cell_per_line", roles=header_roles(cells)
    )
    j = i + ncols
    n = len(lines)
    while True:
        k, blanks = _skip_blanks(lines, j)
        if k >= n or blanks > _MAX_BLANKS_BETWEEN_ROWS or not _is_plain_cell(lines[k]):
            break
        run, end = _run(lines, k)
        if len(run) == 1:
            text = run[0]
            if not _row_follows(lines, end) or not (furniture_kind(text) or domain_of_row([text])):
                break
            _place_single(table, lines, k)
            j = end
            continue
        if header_columns(run) is not None:
            table.furniture.append((k, "header"))
            table.end, j = end - 1, end
            continue
        if len(run) < max(2, ncols - 2):
            break
        whole = len(run) - len(run) % ncols if len(run) > ncols else len(run)
        for start in range(0, whole, ncols):
            table.rows.append(RawRow(cells=run[start : start + ncols], index=k + start))
        if whole < len(run) and len(run) > ncols:
            table.rows.append(RawRow(cells=run[whole:], index=k + whole))  # flagged short
        table.end, j = end - 1, end
    return table if table.rows else None
