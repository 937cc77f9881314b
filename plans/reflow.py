"""Rejoin paragraphs that the Word-to-text conversion broke in the middle of a sentence.

A plan's chapter text arrives as paragraphs separated by blank lines, but page and column breaks
of the original split some sentences ("加快推进卫生健康事" / "业高质量发展，…"). A paragraph is
joined to the next when it is long (a heading or list title is short), does not end a sentence,
and the next one does not start a new item (（一）, 1., 一、, 第二章, •). Pure: no Django.
"""

from __future__ import annotations

import re

# What a sentence or a paragraph may end with.
_ENDINGS = tuple("。！？!?；;：:…”’』」）)》】")
# What starts a new item: （一） (1) 1. 1、 一、 第二章/节/条 • · ● ■ ◆ ★ - *
_NEW_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、)]|[一二三四五六七八九十]+、|第[一二三四五六七八九十百\d]+[章节条部分]|[•·●■◆★▲\-*])"
)
MIN_BROKEN_LENGTH = 30
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _join(left: str, right: str) -> str:
    """Chinese joins without a space; Latin words keep one."""
    if left and right and not _CJK.match(left[-1]) and not _CJK.match(right[0]):
        return f"{left} {right}"
    return left + right


def _unwrap(paragraph: str) -> str:
    lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
    text = ""
    for line in lines:
        text = _join(text, line) if text else line
    return text


def rejoin_paragraphs(text: str) -> list[str]:
    """The text's paragraphs, with mid-sentence breaks closed. Order and wording are unchanged."""
    paragraphs = [_unwrap(p) for p in re.split(r"\n\s*\n", text or "")]
    paragraphs = [p for p in paragraphs if p]
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and _is_broken(joined[-1]) and not _NEW_ITEM.match(paragraph):
            joined[-1] = _join(joined[-1], paragraph)
        else:
            joined.append(paragraph)
    return joined


def _is_broken(paragraph: str) -> bool:
    return len(paragraph) >= MIN_BROKEN_LENGTH and not paragraph.rstrip().endswith(_ENDINGS)
