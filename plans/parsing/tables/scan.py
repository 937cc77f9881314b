"""Find every indicator table of a document, whichever layout it is written in."""

from __future__ import annotations

from plans.parsing.lines import is_cell_line
from plans.parsing.tables.find import Table, _parse_cell_per_line, _parse_row_per_line
from plans.parsing.tables.furniture import split_cells
from plans.parsing.tables.lines_layout import parse_plain_cell_per_line


def find_tables(lines: list[str], skip: set[int] | frozenset[int] = frozenset()) -> list[Table]:
    """Every indicator table, in document order."""
    tables: list[Table] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        table = None
        if i not in skip and line.strip():
            cells, _ = split_cells(line)
            if len([c for c in cells if c]) >= 2:
                table = _parse_row_per_line(lines, i)
            if table is None and is_cell_line(line) and (i == 0 or not is_cell_line(lines[i - 1])):
                table = _parse_cell_per_line(lines, i)
            if table is None and not is_cell_line(line):
                table = parse_plain_cell_per_line(lines, i)
        if table is not None and any(row.domain is None for row in table.rows):
            tables.append(table)
            i = table.end + 1
        else:
            i += 1
    return tables
