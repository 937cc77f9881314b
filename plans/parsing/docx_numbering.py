"""Word's automatic numbering and heading styles, read from the numbering and styles parts.

Word stores ``第%1章`` and the counting format instead of the text a reader sees; this
module renders those list numbers (``chineseCounting`` → 一, 十一, 一百零五; Roman,
letters, enclosed digits…) so :mod:`plans.parsing.docx` can write them in front of
their paragraphs, and it names the heading styles whose unnumbered paragraphs are
reported. The WordprocessingML tag helpers here are shared with that module.

Pure Python over python-docx's XML elements, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_PPR, W_VAL = _w("pPr"), _w("val")


def _child_val(element, tag: str) -> str | None:
    child = element.find(_w(tag))
    return None if child is None else child.get(W_VAL)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


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
