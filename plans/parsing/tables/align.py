"""Rows written with runs of spaces, aligned in columns: put each cell under its header.

With spaces as separators an empty cell leaves no trace (``健康水平  人均预期寿命  岁`` and
``          婴儿死亡率  ‰`` look alike), but converters that lay a table out in columns keep
every cell at the column where its header starts. A short row is placed by those
positions (display width: CJK characters count two) when each cell starts at a header's
column; otherwise it stays short and is flagged — never slid.
"""

from __future__ import annotations

import re
import unicodedata

from plans.parsing.tables.furniture import clean

_TOKEN = re.compile(r"\S+(?: \S+)*")
# How many display columns a cell may start off its header's column.
_TOLERANCE = 1


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def cell_starts(line: str) -> list[tuple[int, str]]:
    """(display column, text) of each cell of a space-separated line."""
    s = clean(line).rstrip()
    out = []
    for m in _TOKEN.finditer(s):
        out.append((_width(s[: m.start()]), m.group()))
    return out


def aligned_cells(header_line: str, line: str, ncols: int) -> list[str] | None:
    """The row's cells placed under the header's columns, or None when they do not line up."""
    header = cell_starts(header_line)
    row = cell_starts(line)
    if len(header) != ncols or not row or len(row) >= ncols:
        return None
    starts = [column for column, _ in header]
    out = [""] * ncols
    previous = -1
    for column, text in row:
        matches = [k for k, start in enumerate(starts) if abs(start - column) <= _TOLERANCE]
        if len(matches) != 1 or matches[0] <= previous:
            return None
        previous = matches[0]
        out[previous] = text
    return out
