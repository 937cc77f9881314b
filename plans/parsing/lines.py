"""Line-level helpers shared by the parser modules.

Everything here works with plain ``str`` methods or anchored, bounded patterns, so a
1 MB line costs linear time.
"""

from __future__ import annotations

import re

# Word bookmarks left by the text export: ``[bookmark: _Toc1426]``.
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]{0,200}\]")

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# Sentence ends that close a list item or paragraph.
TERMINAL_PUNCT = frozenset("。；;！!？?")


def strip_bookmarks(line: str) -> str:
    """Remove Word bookmark tags; the text around them stays as written."""
    if "[bookmark:" not in line:
        return line
    return _BOOKMARK.sub("", line)


def ascii_digits(text: str) -> str:
    """Full-width digits become ASCII digits (``２０３０`` → ``2030``)."""
    return text.translate(_FULLWIDTH_DIGITS)


def remove_ws(text: str) -> str:
    """All whitespace removed (the indicator-name convention)."""
    return "".join(text.split())


def is_blank(line: str) -> bool:
    return not line.strip()


def is_cell_line(line: str) -> bool:
    """A tab-indented line: one cell in the cell-per-line table layout."""
    return line.startswith("\t")


def ends_with_page_number(line: str) -> bool:
    """A table-of-contents entry: text, a tab / dot leader / wide gap, then a page number."""
    s = line.rstrip()
    end = len(s)
    i = end
    while i > 0 and s[i - 1].isdigit():
        i -= 1
    digits = end - i
    if digits == 0 or digits > 4 or i == 0:
        return False
    head = s[:i]
    if head.endswith(("\t", "…", "  ")):
        return bool(head.strip(_LEADERS))
    # Dot or dash leaders need at least two in a row, so "提高到2.5" is not a page number.
    if len(head) >= 2 and head[-1] in _LEADERS and head[-2] in _LEADERS:
        return bool(head.strip(_LEADERS))
    return False


_LEADERS = " \t…．.·-－—_"


def collapse_cjk_spaces(text: str) -> str:
    """Drop whitespace unless it separates two ASCII letters/digits (used for titles)."""
    parts = text.split()
    if not parts:
        return ""
    out = parts[0]
    for part in parts[1:]:
        if out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out
