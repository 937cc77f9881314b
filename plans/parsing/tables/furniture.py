"""What else a table holds once Word has been through it.

- invisible characters (zero-width space, BOM in mid-text, bidi controls, soft hyphen)
  are removed and NBSP becomes a space before any matching;
- cells are split on tabs, or on runs of two or more spaces (U+3000 counts as a space);
- page furniture: page numbers (``— 7 —``, ``- 7 -``, ``第7页``), ``（续表）`` / ``续表``,
  a caption (``表1 …主要指标``), a unit line (``单位：%``) and a note line
  (``注：带★为约束性指标，其余为预期性指标``);
- domain rows spanning the table (``一、健康水平``, ``（一）健康水平``);
- nature marks in the name (``★ ＊ * ▲``).
"""

from __future__ import annotations

import re

from plans.parsing.tables.header import NATURES, fold

# Zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen, bidi marks and controls.
_INVISIBLE = dict.fromkeys(
    [ord(c) for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c"]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
)
_SPACES = str.maketrans({"\u00a0": " ", "\u3000": " ", "\u2007": " ", "\u202f": " "})
_SPACE_RUN = re.compile(r" {2,}")

MARKS = "★☆＊*▲△"
_MARK_STRIP = "".join(MARKS) + " "


def clean(text: str) -> str:
    """Invisible characters removed, odd spaces made plain spaces; nothing else changes."""
    return text.translate(_INVISIBLE).translate(_SPACES)


def has_invisible(text: str) -> bool:
    return clean(text) != text


def split_cells(line: str, offset: int = 0) -> tuple[list[str], str]:
    """(cells, separator) of a row written on one line; separator is "tab", "space" or ""."""
    s = clean(line)
    if "\t" in s:
        parts = [part.strip() for part in s.split("\t")][offset:]
        while parts and not parts[-1]:
            parts.pop()
        return parts, "tab"
    body = s.strip()
    if _SPACE_RUN.search(body):
        return [part.strip() for part in _SPACE_RUN.split(body)], "space"
    return ([body] if body else []), ""


_PAGE_NUMBER = re.compile(r"[-－—–―─ ]*\d{1,4}[-－—–―─ ]*|第\d{1,4}页(?:共\d{1,4}页)?|\d{1,4}/\d{1,4}")
_CONTINUED = re.compile(r"[(]?续表?[)]?\d{0,3}|[(]?续[)]?.{0,30}表[)]?")
_CAPTION = re.compile(r"(?:附?表|专栏)\s{0,2}[0-9一二三四五六七八九十]{1,3}[\s:：.、]{0,3}.{0,50}")
_UNIT_LINE = re.compile(r"[(]?(?:计量)?单位[:：](?P<unit>[^)，。,；;]{1,10})[)]?")
_NOTE = re.compile(r"[(]?注[:：]")


def furniture_kind(line: str) -> str | None:
    """``page`` / ``continued`` / ``caption`` / ``unit`` / ``note`` for a furniture line, else None."""
    s = fold(clean(line))
    if not s:
        return None
    if _PAGE_NUMBER.fullmatch(s):
        return "page"
    if len(s) <= 40 and _CONTINUED.fullmatch(s):
        return "continued"
    if _UNIT_LINE.fullmatch(s):
        return "unit"
    if _NOTE.match(s):
        return "note"
    if len(s) <= 60 and "。" not in s and _CAPTION.fullmatch(s) and ("指标" in s or "表" in s[:2]):
        return "caption"
    return None


def unit_of_line(line: str) -> str | None:
    m = _UNIT_LINE.fullmatch(fold(clean(line)))
    return m.group("unit") if m else None


_MARK_RULE = re.compile(
    r"(?:带|标|标注|加|有)?[\"“”'‘’]?(?P<mark>[★☆＊*▲△])[\"“”'‘’]?(?:号|标记)?(?:的|者)?(?:指标)?为(?P<nature>约束性|预期性|指导性)"
)
_OTHERS_RULE = re.compile(
    r"(?:其余|其他|其它|未标注的?|不带.{0,3}的?)(?:指标)?(?:均)?为(?P<nature>约束性|预期性|指导性)"
)


def note_rules(line: str) -> tuple[dict[str, str], str | None]:
    """({mark: nature}, nature of unmarked rows) read from a note line."""
    s = clean(line)
    marks = {}
    for m in _MARK_RULE.finditer(s):
        mark = m.group("mark")
        marks[mark] = m.group("nature")
    others = _OTHERS_RULE.search(s)
    return marks, (others.group("nature") if others else None)


_NATURE_IN_NAME = re.compile(r"[（(](约束性|预期性|指导性)[）)]")


def split_nature_word(name: str) -> tuple[str, str | None]:
    """``人均预期寿命（预期性）（岁）`` → (``人均预期寿命（岁）``, ``预期性``)."""
    m = _NATURE_IN_NAME.search(name)
    if not m:
        return name, None
    return name[: m.start()] + name[m.end() :], m.group(1)


def split_mark(name: str) -> tuple[str, str | None]:
    """(name without its nature mark, the mark) — the mark may sit before a trailing unit bracket.

    ``人均预期寿命★（岁）`` → (``人均预期寿命（岁）``, ``★``); the unit is never eaten.
    """
    mark = None
    s = name
    stripped = s.strip(_MARK_STRIP)
    if stripped != s:
        found = [c for c in s if c in MARKS]
        mark = found[0] if found else None
        s = stripped
    m = re.search(r"[" + MARKS.replace("*", r"\*") + r"]+(?=[（(][^（）()]{1,12}[）)]$)", s)
    if m:
        mark = mark or m.group(0)[0]
        s = s[: m.start()] + s[m.end() :]
    return s, mark


_DOMAIN_NUMBER = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|[0-9０-９]{1,2}[.、．])\s*"
)
_NOT_DOMAIN = re.compile(r"第.{1,5}[篇章节]|专栏|重点|其中")
# An unnumbered single cell ending like an indicator name is a damaged row, not a domain.
_INDICATOR_ENDINGS = ("率", "数", "寿命", "比例", "比", "量", "值", "额", "）", ")", "%")


def domain_of_row(cells: list[str]) -> str | None:
    """The domain a spanning row names (``一、健康水平`` → ``健康水平``), or None."""
    if len(cells) != 1:
        return None
    raw = clean(cells[0]).strip()
    if not raw or len(raw) > 24 or "。" in raw or _NOT_DOMAIN.match(raw) or furniture_kind(raw):
        return None
    m = _DOMAIN_NUMBER.match(raw)
    body = "".join(raw[m.end() :].split()) if m else "".join(raw.split())
    body = body.rstrip("：:")
    if not body or body in NATURES or any(ch.isdigit() for ch in body) or len(body) > 16:
        return None
    if m is None and body.endswith(_INDICATOR_ENDINGS):
        return None
    return body
