"""Key-project boxes: 专栏N, 重点项目N and the unnumbered 重点工程 boxes.

Items come in three shapes, sometimes mixed in one box (001 专栏3):
numbered lines (``1.实施…``), unnumbered ``小标题。内容`` / ``小标题：内容`` paragraphs, and
``（1）`` sub-items, which belong to the item before them. A line that does not start a
new item continues the previous one when that item has not reached the end of a
sentence (a paragraph wrapped across a blank line, 001 专栏8 item 3). A box ends at a
heading, a table, another box, a ``——`` paragraph, two blank lines in a row, or an
unnumbered paragraph after numbered items.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from plans.parsing.headings import match_heading
from plans.parsing.lines import TERMINAL_PUNCT, ascii_digits
from plans.parsing.model import Chapter, KeyProject, ParseWarning
from plans.parsing.tables import Table

_CN_DIGITS = "一二三四五六七八九十"
_ZHUANLAN = re.compile(rf"专栏\s{{0,3}}([0-9０-９]{{1,3}}|[{_CN_DIGITS}]{{1,3}})")
_XIANGMU = re.compile(rf"重点项目\s{{0,3}}([0-9０-９]{{1,3}}|[{_CN_DIGITS}]{{1,3}})")
_GONGCHENG = re.compile(r"(?:重点工程|重点项目)\s{0,3}[：:]?")
_NUMBERED = re.compile(r"[0-9０-９]{1,3}\s{0,3}[.、．](?![0-9０-９])")
_SUB_ITEM = re.compile(r"[（(][0-9０-９]{1,3}[）)]")
_BULLET = re.compile(r"[●•▪◆■◇○·]\s{0,2}")
_CIRCLED = re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")
# Marker kinds of a box's items, tried in this order.
_ITEM_MARKERS = (("numbered", _NUMBERED), ("paren", _SUB_ITEM), ("bullet", _BULLET), ("circled", _CIRCLED))
# Invisible characters removed before a line is matched.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"))


def item_marker(line: str) -> str | None:
    """The kind of list marker the line starts with (``1.`` ``（1）`` ``●`` ``①``), or None."""
    for kind, pattern in _ITEM_MARKERS:
        if pattern.match(line):
            return kind
    return None


def box_number(text: str) -> int:
    """``12`` / ``１２`` / ``十二`` → 12."""
    text = ascii_digits(text)
    if text.isdigit():
        return int(text)
    values = {c: k + 1 for k, c in enumerate(_CN_DIGITS)}
    if "十" not in text:
        return values.get(text, 0)
    tens, _, units = text.partition("十")
    return (values.get(tens, 1) if tens else 1) * 10 + (values.get(units, 0) if units else 0)


# A box title is a short phrase, not a sentence of running text that mentions 专栏.
MAX_TITLE_CHARS = 40


@dataclass
class Label:
    index: int  # 0-based line index
    label: str
    number: int | None
    title: str | None
    kind: str  # "zhuanlan" | "xiangmu" | "gongcheng"


def match_label(line: str, index: int = 0) -> Label | None:
    """The box label on this line (``专栏 1 标题``, ``重点项目3``, ``重点工程：``), or None."""
    s = line.translate(_INVISIBLE).strip()
    for kind, pattern in (("zhuanlan", _ZHUANLAN), ("xiangmu", _XIANGMU)):
        m = pattern.match(s)
        if m:
            title = s[m.end() :].strip().lstrip("：:").strip() or None
            if title and (len(title) > MAX_TITLE_CHARS or "。" in title):
                return None
            return Label(index, m.group(0), box_number(m.group(1)), title, kind)
    if len(s) <= 8 and _GONGCHENG.fullmatch(s):
        return Label(index, s[:4], None, None, "gongcheng")
    return None


def find_projects(
    lines: list[str], chapters: list[Chapter], tables: list[Table], skip: set[int]
) -> tuple[list[KeyProject], list[ParseWarning]]:
    """Every key-project box in document order; 专栏 captions of indicator tables are skipped."""
    table_starts = {t.start for t in tables}
    labels = []
    for i, line in enumerate(lines):
        if i in skip or not line.strip():
            continue
        label = match_label(line, i)
        if label is None:
            continue
        if label.kind == "zhuanlan" and any(start in table_starts for start in range(i + 1, i + 7)):
            continue  # 001: `专栏1…主要指标` is the indicator table's caption
        labels.append(label)

    heading_lines = [c.line - 1 for c in chapters]
    projects: list[KeyProject] = []
    warnings: list[ParseWarning] = []
    spans: list[tuple[int, int]] = []
    for label in labels:
        if label.kind == "xiangmu" and label.title is None:
            title, items, end = _read_named_project(lines, label.index + 1, skip)
        else:
            title, items, end = label.title, *_read_items(lines, label.index + 1, skip)
        spans.append((label.index, end))
        chapter = _enclosing(heading_lines, label.index)
        projects.append(KeyProject(label.label, label.number, title, items, chapter, label.index + 1))
        if not items:
            warnings.append(
                ParseWarning(label.index + 1, "empty_key_project", f"{label.label} 下没有找到条目")
            )
    _title_gongcheng(lines, labels, projects, spans, chapters)
    return projects, warnings


def _enclosing(heading_lines: list[int], index: int) -> int | None:
    """Index of the last heading before line ``index`` (heading_lines is sorted)."""
    k = bisect_left(heading_lines, index)
    return k - 1 if k > 0 else None


def _ends_box(line: str) -> bool:
    s = line.strip()
    return s.startswith("——") or match_heading(s) is not None or match_label(s) is not None


def _read_named_project(lines: list[str], start: int, skip: set[int]) -> tuple[str | None, list[str], int]:
    """重点项目N: one ``项目名称：建设内容`` paragraph; the name is the title."""
    j = start
    while j < len(lines) and not lines[j].strip() and j not in skip:
        j += 1
    title, items, end = None, [], start - 1
    while j < len(lines) and j not in skip and lines[j].strip() and not _ends_box(lines[j]):
        text = lines[j].strip()
        if title is None and not items:
            name, sep, description = _split_name(text)
            if sep:
                title, text = name, description
        items.append(text)
        end = j
        j += 1
    return title, items, end


def _split_name(text: str) -> tuple[str, str, str]:
    for sep in ("：", ":"):
        cut = text.find(sep, 0, 80)
        if cut > 0:
            return text[:cut].strip(), sep, text[cut + 1 :].strip()
    return text, "", ""


def _read_items(lines: list[str], start: int, skip: set[int]) -> tuple[list[str], int]:
    """Items of a 专栏 / 重点工程 box starting at line ``start``; returns (items, last line)."""
    items: list[str] = []
    numbered = False
    top: str | None = None  # marker kind of the box's items; other markers are sub-items
    blanks = 0
    end = start - 1
    for j in range(start, len(lines)):
        if j in skip:
            break
        s = lines[j].translate(_INVISIBLE).strip()
        if not s:
            blanks += 1
            if blanks >= 2 and items:
                break
            continue
        if _ends_box(s):
            break
        open_item = bool(items) and items[-1][-1] not in TERMINAL_PUNCT
        marker = item_marker(s)
        if marker is not None and top is None and not (marker == "paren" and items):
            top = marker
        if marker is not None and marker == top:
            numbered = True
            items.append(s)
        elif marker is not None and items:
            items[-1] += s  # a nested sub-item stays inside its item
        elif open_item:
            items[-1] += s  # a paragraph wrapped across a blank line
        elif numbered:
            break  # running text after the numbered items
        else:
            items.append(s)  # an unnumbered `小标题。内容` item
        blanks = 0
        end = j
    return items, end


def _title_gongcheng(
    lines: list[str],
    labels: list[Label],
    projects: list[KeyProject],
    spans: list[tuple[int, int]],
    chapters: list[Chapter],
) -> None:
    """Title an unnumbered 重点工程 box after what it belongs to.

    Alone in its section: the section's title. Several boxes in one section (001 第四章
    第一节): the first clause of the paragraph leading into each box, which names the
    programme (``加强卫生监督能力建设``); the section title would repeat for all of them.
    """
    per_chapter: dict[int | None, int] = {}
    for label, project in zip(labels, projects, strict=True):
        if label.kind == "gongcheng":
            per_chapter[project.chapter] = per_chapter.get(project.chapter, 0) + 1
    previous_end = -1
    for label, project, (_, end) in zip(labels, projects, spans, strict=True):
        if label.kind == "gongcheng":
            section = chapters[project.chapter] if project.chapter is not None else None
            lead = None
            if per_chapter[project.chapter] > 1 or section is None:
                lead = _lead_clause(
                    lines, label.index, max(previous_end, section.line - 1 if section else -1)
                )
            project.title = lead or (section.title if section else None)
        previous_end = end


def _lead_clause(lines: list[str], index: int, floor: int) -> str | None:
    """First clause of the last paragraph between ``floor`` and the box label."""
    for j in range(index - 1, floor, -1):
        s = lines[j].strip()
        if not s:
            continue
        cuts = [k for k in (s.find("，"), s.find("。"), s.find("；")) if k > 0]
        return s[: min(cuts)] if cuts else s
    return None
