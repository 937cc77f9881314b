"""Chapter headings: recognise every numbering scheme, skip tables of contents, nest them.

Schemes, from the outside in: 第一篇 > 第一章 / 第2章 > 第一节 > 一、 > （一） / (一).
``1、``, ``1.`` and ``（1）`` are list items inside paragraphs, never headings. A heading may
share its line with its first paragraph (``（一）坚持健康优先，预防为主。将保障…``): the
title is cut at the first 。 and the rest is body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plans.parsing.lines import ends_with_page_number, remove_ws
from plans.parsing.model import Chapter

_CN = "一二三四五六七八九十百零〇两"
_NUMS = _CN + "0-9０-９"

_SCHEMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pian", re.compile(rf"第[{_NUMS}]{{1,5}}篇")),
    ("zhang", re.compile(rf"第[{_NUMS}]{{1,5}}章")),
    ("jie", re.compile(rf"第[{_NUMS}]{{1,5}}节")),
    ("yi", re.compile(rf"[{_CN}]{{1,4}}、")),
    ("paren", re.compile(rf"[（(][{_CN}]{{1,4}}[）)]")),
)
SCHEME_RANK = {"pian": 0, "zhang": 1, "jie": 2, "yi": 3, "paren": 4}

# A title longer than this is a paragraph that happens to start with a numeral.
MAX_TITLE_CHARS = 80

_TOC_TITLES = frozenset({"目录", "目次"})


@dataclass(frozen=True)
class HeadingMatch:
    scheme: str
    marker: str
    gap: str  # whitespace between marker and title, as written
    title: str
    rest: str  # body text after the first 。 on the same line

    @property
    def heading(self) -> str:
        return self.marker + self.gap + self.title


def match_heading(line: str) -> HeadingMatch | None:
    """The heading on this (bookmark-free) line, or None."""
    s = line.strip()
    if s.startswith("**"):
        s = s.strip("*").strip()  # `**一、规划背景**`: markdown bold left by the export
    if not s:
        return None
    found = _match_marker(s)
    if found is None:
        return None
    scheme, m = found
    after = s[m.end() :]
    body = after.lstrip()
    gap = after[: len(after) - len(body)]
    cut = body.find("。")
    if cut >= 0:
        title, rest = body[:cut].rstrip(), body[cut + 1 :].strip()
    else:
        title, rest = body.rstrip(), ""
    if not title or len(title) > MAX_TITLE_CHARS or ends_with_page_number(s):
        return None
    return HeadingMatch(scheme=scheme, marker=m.group(0), gap=gap, title=title, rest=rest)


def _match_marker(s: str) -> tuple[str, re.Match[str]] | None:
    for scheme, pattern in _SCHEMES:
        m = pattern.match(s)
        if m:
            return scheme, m
    return None


def find_toc_lines(lines: list[str]) -> set[int]:
    """Indices of table-of-contents lines (the 目录 block and stray page-numbered headings)."""
    toc: set[int] = set()
    n = len(lines)
    for i, line in enumerate(lines):
        if len(line) <= 20 and remove_ws(line) in _TOC_TITLES:
            toc.add(i)
            j = i + 1
            while j < n and (not lines[j].strip() or ends_with_page_number(lines[j])):
                toc.add(j)
                j += 1
        elif ends_with_page_number(line) and _starts_like_heading(line):
            toc.add(i)
    return toc


def _starts_like_heading(line: str) -> bool:
    return _match_marker(line.strip()) is not None


def find_chapters(lines: list[str], skip: set[int]) -> list[Chapter]:
    """Every heading in document order, with level and parent filled in."""
    chapters: list[Chapter] = []
    for i, line in enumerate(lines):
        if i in skip:
            continue
        match = match_heading(line)
        if match is None:
            continue
        chapters.append(
            Chapter(
                level=0,
                marker=match.marker,
                title=match.title,
                heading=match.heading,
                line=i + 1,
                scheme=match.scheme,
                rest=match.rest,
            )
        )
    _assign_levels(chapters)
    return chapters


def _assign_levels(chapters: list[Chapter]) -> None:
    """Level = rank among the schemes this document uses; parent = nearest shallower heading."""
    present = sorted({c.scheme for c in chapters}, key=SCHEME_RANK.__getitem__)
    level_of = {scheme: index + 1 for index, scheme in enumerate(present)}
    stack: list[int] = []
    for index, chapter in enumerate(chapters):
        chapter.level = level_of[chapter.scheme]
        while stack and chapters[stack[-1]].level >= chapter.level:
            stack.pop()
        chapter.parent = stack[-1] if stack else None
        stack.append(index)
