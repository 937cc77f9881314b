"""Word (.docx) plan drafts turned into the text the plan parser reads.

Why text: the parser already survives everything the five plans throw at it, so a Word
file is written out in the layout it understands and parsed the same way as a ``.txt``.
A Word file imports to the same plan as its text export.

Safety comes first: :func:`plans.parsing.sniff.check_docx` (bounded zip, no DTDs or
entities in any XML part) runs before python-docx reads a byte. Then the body is walked
in document order:

- a paragraph becomes one line (a soft line break starts a new one); Word's automatic
  numbering is rendered in front of it (``第%1章`` in Chinese counting → ``第一章``), so
  headings numbered by Word are recognised like typed ones; a paragraph in a heading
  style that carries no number is reported, since the parser only knows numbered headings;
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
from dataclasses import dataclass, field

from plans.parsing.document import parse_text
from plans.parsing.headings import match_heading
from plans.parsing.model import ParsedDocument, ParseError, ParseWarning, SourceInfo
from plans.parsing.sniff import check_docx

ENCODING_NAME = "docx"

MSG_MACRO = "这是启用宏的 Word 文档（.docm），出于安全原因不导入：请另存为 .docx"
MSG_UNREADABLE = "无法打开 Word 文档：文件已损坏或不是标准的 .docx 格式"
MSG_NO_TEXT = "Word 文档没有文字内容"
MACRO_CONTENT_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDT_CONTENT = map(_w, ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
W_T, W_TAB, W_PTAB, W_BR, W_CR = map(_w, ("t", "tab", "ptab", "br", "cr"))
W_NOBREAK_HYPHEN, W_TXBX = _w("noBreakHyphen"), _w("txbxContent")
W_PPR, W_RPR, W_VAL, W_TYPE = _w("pPr"), _w("rPr"), _w("val"), _w("type")
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


# --------------------------------------------------------------------------- numbering


_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
_ROMAN += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese_counting(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """一, 十, 十一, 二十, 一百零五: how Word writes ``chineseCounting`` numbers (up to 9999)."""
    if n <= 0 or n > 9999:
        return str(n)
    parts, zero = [], False
    for value, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        if not (d == 1 and value == 10 and not parts):
            parts.append(digits[d])
        parts.append(unit)
    return "".join(parts)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One list number in a Word ``numFmt``."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return chinese_counting(n)
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"


@dataclass
class _Numbering:
    """Word's automatic list numbers, rendered as the text a reader sees."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId → ilvl → level
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId → (abstract, starts)
    style_numbering: dict[str, tuple[str, int | None]] = field(
        default_factory=dict
    )  # styleId → (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document) -> _Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except Exception:  # no or damaged numbering part: no automatic numbers
            root = None
        if root is not None:
            for abstract in root.iter(_w("abstractNum")):
                levels = {}
                for lvl in abstract.iter(_w("lvl")):
                    levels[_int(lvl.get(_w("ilvl")), 0)] = _Level(
                        start=_int(_child_val(lvl, "start"), 1),
                        fmt=_child_val(lvl, "numFmt") or "decimal",
                        text=_child_val(lvl, "lvlText") or "",
                        suffix=_child_val(lvl, "suff") or "tab",
                    )
                numbering.levels[abstract.get(_w("abstractNumId"), "")] = levels
            for num in root.iter(_w("num")):
                starts = {}
                for override in num.iter(_w("lvlOverride")):
                    start = _child_val(override, "startOverride")
                    if start is not None:
                        starts[_int(override.get(_w("ilvl")), 0)] = _int(start, 1)
                numbering.nums[num.get(_w("numId"), "")] = (_child_val(num, "abstractNumId") or "", starts)
        numbering.style_numbering = _style_numbering(document)
        return numbering

    def marker(self, p, style_id: str | None) -> str:
        num_id, ilvl = self._num_pr(p, style_id)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, starts = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        level = levels.get(ilvl)
        if level is None or level.fmt == "bullet":
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for restart in starts:
                counters.pop(restart, None)
        start = starts.get(ilvl, level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            at = levels.get(k, _Level())
            value = counters.get(k, starts.get(k, at.start))
            return format_number(value, at.fmt if k != ilvl else level.fmt)

        text = re.sub(r"%([1-9])", number, level.text)
        if not text:
            return ""
        return text + {"space": " ", "nothing": ""}.get(level.suffix, " ")

    def _num_pr(self, p, style_id: str | None) -> tuple[str | None, int]:
        ppr = p.find(W_PPR)
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        style_num, style_ilvl = self.style_numbering.get(style_id or "", (None, None))
        if num_pr is None:
            return style_num, style_ilvl or 0
        num_id = _child_val(num_pr, "numId") or style_num
        return num_id, _int(_child_val(num_pr, "ilvl"), style_ilvl or 0)


def _child_val(element, tag: str) -> str | None:
    child = element.find(_w(tag))
    return None if child is None else child.get(W_VAL)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _style_numbering(document) -> dict[str, tuple[str, int | None]]:
    """styleId → (numId, ilvl) for paragraph styles that number their paragraphs (often headings)."""
    try:
        root = document.styles.element
    except Exception:
        return {}
    own: dict[str, tuple[str | None, int | None, str | None]] = {}
    for style in root.iter(_w("style")):
        ppr = style.find(W_PPR)
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        num_id = _child_val(num_pr, "numId") if num_pr is not None else None
        ilvl = _child_val(num_pr, "ilvl") if num_pr is not None else None
        own[style.get(_w("styleId"), "")] = (
            num_id,
            None if ilvl is None else _int(ilvl, 0),
            _child_val(style, "basedOn"),
        )
    resolved: dict[str, tuple[str, int | None]] = {}
    for style_id in own:
        seen, current = set(), style_id
        while current in own and current not in seen:
            seen.add(current)
            num_id, ilvl, based_on = own[current]
            if num_id is not None:
                resolved[style_id] = (num_id, ilvl)
                break
            current = based_on
    return resolved


def _heading_styles(document) -> tuple[set[str], dict[str, str]]:
    """Ids of heading paragraph styles (Heading N, 标题 N; not Title) and every style's name."""
    names: dict[str, str] = {}
    headings: set[str] = set()
    try:
        root = document.styles.element
    except Exception:
        return headings, names
    for style in root.iter(_w("style")):
        style_id = style.get(_w("styleId"), "")
        name = (_child_val(style, "name") or "").strip().lower()
        names[style_id] = name
        if re.fullmatch(r"(heading|标题)\s?[1-9]", name):
            headings.add(style_id)
    return headings, names


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
