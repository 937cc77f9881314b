"""Parse a plan document: bytes or text in, a ParsedDocument out.

The order matters: tables of contents and indicator tables are found first, so their
lines are never read as headings, key-project items or title lines.
"""

from __future__ import annotations

import hashlib

from plans.parsing.encoding import (
    MSG_BINARY,
    MSG_BLANK,
    decode_bytes,
    looks_binary,
    normalise_newlines,
    nul_message,
)
from plans.parsing.headings import find_chapters, find_toc_lines
from plans.parsing.lines import strip_bookmarks
from plans.parsing.metadata import MAX_TITLE_AREA_CHARS, read_metadata, title_area
from plans.parsing.model import Chapter, ParsedDocument, ParseError, ParseWarning, SourceInfo
from plans.parsing.projects import find_projects
from plans.parsing.tables import build_indicators, find_tables, year_columns


def parse_bytes(data: bytes, *, name: str = "") -> ParsedDocument:
    """Decode ``data`` (UTF-8 ± BOM, GB18030, UTF-16 BOM) and parse it; ParseError if unusable."""
    text, encoding = decode_bytes(data)
    source = SourceInfo(name=name, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding)
    return _parse(text, source)


def parse_text(text: str, *, name: str = "") -> ParsedDocument:
    """Parse already-decoded text; the digest is of its UTF-8 encoding."""
    text = normalise_newlines(text.removeprefix("\ufeff"))
    if looks_binary(text):
        raise ParseError(nul_message(text) or MSG_BINARY)
    if not text.strip():
        raise ParseError(MSG_BLANK)
    source = SourceInfo(name=name, sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    return _parse(text, source)


def _parse(text: str, source: SourceInfo) -> ParsedDocument:
    lines = [strip_bookmarks(line) for line in text.split("\n")]
    toc = find_toc_lines(lines)
    tables = find_tables(lines, toc)
    skip = set(toc)
    for table in tables:
        skip.update(range(table.start, table.end + 1))

    chapters = find_chapters(lines, skip)
    _fill_chapter_text(chapters, lines, skip)
    projects, project_warnings = find_projects(lines, chapters, tables, skip)

    first_heading = chapters[0].line - 1 if chapters else len(lines)
    years = year_columns(tables[0]) if tables else []
    plan, warnings = read_metadata(text, title_area(lines, first_heading, skip), years)
    if plan.title is None:
        warnings = [
            _title_too_long(lines, first_heading, skip) or w if w.code == "missing_title" else w
            for w in warnings
        ]
    indicators, table_warnings = build_indicators(tables, lines, plan.period_end, plan.period_start)

    if not chapters:
        warnings.append(ParseWarning(None, "no_headings", "没有识别到任何章节标题"))
    if not tables:
        warnings.append(ParseWarning(None, "no_indicator_table", "没有找到主要指标表"))
    warnings.extend(table_warnings)
    warnings.extend(project_warnings)
    return ParsedDocument(
        source=source,
        text=text,
        plan=plan,
        chapters=chapters,
        indicators=indicators,
        key_projects=projects,
        warnings=warnings,
    )


def _fill_chapter_text(chapters: list[Chapter], lines: list[str], skip: set[int]) -> None:
    """Body text under each heading up to the next one, table lines left out."""
    for k, chapter in enumerate(chapters):
        start = chapter.line  # the line after the heading (0-based index)
        end = chapters[k + 1].line - 1 if k + 1 < len(chapters) else len(lines)
        body = [lines[j] for j in range(start, end) if j not in skip]
        if chapter.rest:
            body.insert(0, chapter.rest)
        chapter.text = "\n".join(body).strip()


def _title_too_long(lines: list[str], first_heading: int, skip: set[int]) -> ParseWarning | None:
    """A title-like line before the first heading that is only missed for its length."""
    for i in range(min(first_heading, len(lines))):
        s = lines[i].strip()
        if i in skip or len(s) <= MAX_TITLE_AREA_CHARS or "。" in s:
            continue
        if "规划" in s or "纲要" in s:
            return ParseWarning(
                i + 1,
                "title_too_long",
                f"第 {i + 1} 行像是规划标题，但太长（{len(s)} 字，上限 {MAX_TITLE_AREA_CHARS} 字），未作为标题：请在审核页填写标题",
            )
    return None
