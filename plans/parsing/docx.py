"""Word (.docx) plan drafts turned into the text the plan parser reads.

Why text: the parser already survives everything the five plans throw at it, so a Word
file is written out in the layout it understands and parsed the same way as a ``.txt``.
A Word file imports to the same plan as its text export.

Safety comes first: :func:`plans.parsing.sniff.check_docx` (bounded zip, no DTDs or
entities in any XML part) runs before python-docx reads a byte. Then the body is walked
in document order:

- a paragraph becomes one line (a soft line break starts a new one); Word's automatic
  numbering is rendered in front of it (``第%1章`` in Chinese counting → ``第一章``, see
  :mod:`plans.parsing.docx_numbering`), so headings numbered by Word are recognised like
  typed ones; a paragraph in a heading style that carries no number is reported, since the
  parser only knows numbered headings;
- a table with two or more columns becomes one line per row, cells separated by tabs (the
  parser's row-per-line layout); the continuation of a vertically merged cell is empty,
  as in the text export (the parser fills the domain down); wrapped cell paragraphs are
  joined; then blank lines so the table ends there;
- a one-column table or a text box (Word's frames around 专栏 boxes) becomes its
  paragraphs, one per line, followed by two blank lines so the box ends there;
- deleted revisions, field codes and the fallback copies of drawings are not text.

Pure Python (python-docx), no Django.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass

from plans.parsing.document import parse_text
from plans.parsing.docx_numbering import (
    W_PPR,
    W_VAL,
    _child_val,
    _heading_styles,
    _int,
    _Numbering,
    _w,
    chinese_counting,
    format_number,
)
from plans.parsing.headings import match_heading
from plans.parsing.model import ParsedDocument, ParseError, ParseWarning, SourceInfo
from plans.parsing.sniff import check_docx

__all__ = ["DocxText", "chinese_counting", "docx_to_text", "format_number", "parse_docx"]

ENCODING_NAME = "docx"

MSG_MACRO = "这是启用宏的 Word 文档（.docm），出于安全原因不导入：请另存为 .docx"
MSG_UNREADABLE = "无法打开 Word 文档：文件已损坏或不是标准的 .docx 格式"
MSG_NO_TEXT = "Word 文档没有文字内容"
MACRO_CONTENT_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDT_CONTENT = map(_w, ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
W_T, W_TAB, W_PTAB, W_BR, W_CR = map(_w, ("t", "tab", "ptab", "br", "cr"))
W_NOBREAK_HYPHEN, W_TXBX = _w("noBreakHyphen"), _w("txbxContent")
W_RPR, W_TYPE = _w("rPr"), _w("type")
W_CUSTOM_XML = _w("customXml")
_SKIPPED = frozenset(
    map(
        _w,
        ("delText", "instrText", "delInstrText", "del", "moveFrom", "footnoteReference", "endnoteReference"),
    )
) | {f"{{{MC_NS}}}Fallback"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _open_document(data: bytes):
    import docx  # python-docx; imported here so the text parser never needs it

    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if MACRO_CONTENT_TYPE in str(exc):
            raise ParseError(MSG_MACRO) from exc
        raise ParseError(MSG_UNREADABLE) from exc
    except Exception as exc:  # python-docx raises many kinds on damaged packages
        raise ParseError(MSG_UNREADABLE) from exc


# --------------------------------------------------------------------------- the text


@dataclass
class DocxText:
    text: str
    warnings: list[ParseWarning]


class _Writer:
    def __init__(self, document):
        self.lines: list[str] = []
        self.warnings: list[ParseWarning] = []
        self.numbering = _Numbering.of(document)
        self.heading_styles, _names = _heading_styles(document)
        self._gap = 0
        self._gap_at = 0

    # ---- output
    def line(self, text: str) -> int:
        text = _CONTROL.sub("", text)
        if self._gap and text.strip():
            missing = self._gap - (len(self.lines) - self._gap_at)
            self.lines.extend([""] * max(0, missing))
            self._gap = 0
        self.lines.append(text)
        return len(self.lines)

    def gap(self, blank_lines: int) -> None:
        """At least this many blank lines before the next text (existing blank paragraphs count)."""
        if self.lines and blank_lines > self._gap:
            if not self._gap:
                self._gap_at = len(self.lines)
            self._gap = blank_lines

    # ---- blocks
    def blocks(self, container) -> None:
        for child in container:
            tag = child.tag
            if tag == W_P:
                self.paragraph(child)
            elif tag == W_TBL:
                self.table(child)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self.blocks(content)
            elif tag in (W_CUSTOM_XML, _w("ins"), _w("moveTo")):
                self.blocks(child)

    def paragraph(self, p) -> None:
        parts: list[str] = []
        boxes: list = []
        _inline_text(p, parts, boxes)
        style_id = _paragraph_style(p)
        marker = self.numbering.marker(p, style_id)
        text = marker + "".join(parts)
        if text.strip() or not boxes:
            pieces = text.split("\n")
            first = 0
            for piece in pieces:
                number = self.line(piece)
                first = first or number
            self._check_heading(text, style_id, p, first)
        for box in boxes:
            self.gap(1)
            self.blocks(box)
            self.gap(2)

    def _check_heading(self, text: str, style_id: str | None, p, line: int) -> None:
        s = text.strip()
        if not s or match_heading(s) is not None:
            return
        ppr = p.find(W_PPR)
        outline = _int(_child_val(ppr, "outlineLvl"), 9) if ppr is not None else 9
        if style_id in self.heading_styles or outline < 9:
            self.warnings.append(
                ParseWarning(
                    line,
                    "docx_heading_unnumbered",
                    f"“{s[:40]}”使用了 Word 标题样式但没有“第一章”“一、”等编号，未作为章节；"
                    "如需作为章节，请在 Word 中加上编号后重新上传",
                )
            )

    def table(self, tbl) -> None:
        rows = _table_rows(tbl)
        width = max((sum(span for _, span, _ in row) for row in rows), default=0)
        if width <= 1:
            self.gap(1)
            for row in rows:
                for tc, _span, continued in row:
                    if not continued:
                        self.blocks(tc)
            self.gap(2)
            return
        for row in rows:
            cells: list[str] = []
            for tc, span, continued in row:
                cells.append("" if continued else _cell_text(tc, self.numbering))
                cells.extend([""] * (span - 1))
            filled = [c for c in cells if c]
            if not filled:
                continue
            if len(row) == 1:
                self.line(filled[0])  # a caption row spanning the whole table
            else:
                self.line("\t".join(cells))
        self.gap(3)


def _paragraph_style(p) -> str | None:
    ppr = p.find(W_PPR)
    return _child_val(ppr, "pStyle") if ppr is not None else None


def _inline_text(element, parts: list[str], boxes: list) -> None:
    """The visible text of a paragraph, in order; text boxes are collected, not inlined."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED or tag in (W_PPR, W_RPR):
            continue
        if tag == W_T:
            parts.append(child.text or "")
        elif tag in (W_TAB, W_PTAB):
            parts.append("\t")
        elif tag == W_BR:
            if child.get(W_TYPE) in (None, "textWrapping"):
                parts.append("\n")
        elif tag == W_CR:
            parts.append("\n")
        elif tag == W_NOBREAK_HYPHEN:
            parts.append("-")
        elif tag == W_TXBX:
            boxes.append(child)
        elif tag == W_P:  # a paragraph nested in a field or smart tag: keep its text
            _inline_text(child, parts, boxes)
        else:
            _inline_text(child, parts, boxes)


def _table_rows(tbl) -> list[list[tuple[object, int, bool]]]:
    """Rows as (cell, grid span, is the continuation of a vertical merge)."""
    rows = []
    for tr in _children(tbl, W_TR):
        row = []
        trpr = tr.find(_w("trPr"))
        before = _int(_child_val(trpr, "gridBefore"), 0) if trpr is not None else 0
        for _ in range(before):
            row.append((None, 1, True))
        for tc in _children(tr, W_TC):
            tcpr = tc.find(_w("tcPr"))
            span, continued = 1, False
            if tcpr is not None:
                span = max(1, min(_int(_child_val(tcpr, "gridSpan"), 1), 64))
                vmerge = tcpr.find(_w("vMerge"))
                continued = vmerge is not None and vmerge.get(W_VAL) in (None, "continue")
            row.append((tc, span, continued))
        rows.append(row)
    return rows


def _children(element, tag: str):
    """Direct children with this tag, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W_CUSTOM_XML:
            yield from _children(child, tag)


def _cell_text(tc, numbering: _Numbering) -> str:
    """A cell's paragraphs (and anything nested) joined: wrapped header words come back together."""
    pieces: list[str] = []
    for p in _paragraphs(tc):
        parts: list[str] = []
        _inline_text(p, parts, [])
        text = numbering.marker(p, _paragraph_style(p)) + "".join(parts)
        text = " ".join(text.replace("\t", " ").split("\n")).strip()
        if text:
            pieces.append(text)
    return _join_wrapped(pieces)


def _paragraphs(element):
    """Every paragraph under ``element`` in order, nested ones included, Fallback copies skipped."""
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED:
            continue
        if child.tag == W_P:
            yield child
        yield from _paragraphs(child)


def _join_wrapped(pieces: list[str]) -> str:
    """Chinese wraps join without a space; two Latin words or numbers keep one between them."""
    out = ""
    for piece in pieces:
        if out and out[-1].isascii() and out[-1].isalnum() and piece[0].isascii() and piece[0].isalnum():
            out += " "
        out += piece
    return out


def docx_to_text(data: bytes) -> DocxText:
    """The checked Word document as parser-ready text, plus warnings about what was not understood."""
    check_docx(data)
    document = _open_document(data)
    writer = _Writer(document)
    try:
        writer.blocks(document.element.body)
    except RecursionError as exc:
        raise ParseError("Word 文档嵌套层次过深，无法读取") from exc
    text = "\n".join(writer.lines).rstrip("\n") + "\n"
    return DocxText(text=text, warnings=writer.warnings)


def parse_docx(data: bytes, *, name: str = "") -> ParsedDocument:
    """Parse a Word plan draft; its identity (sha256) is that of the uploaded bytes."""
    converted = docx_to_text(data)
    if not converted.text.strip():
        raise ParseError(MSG_NO_TEXT)
    document = parse_text(converted.text, name=name)
    document.source = SourceInfo(name=name, sha256=hashlib.sha256(data).hexdigest(), encoding=ENCODING_NAME)
    document.warnings = converted.warnings + document.warnings
    return document
