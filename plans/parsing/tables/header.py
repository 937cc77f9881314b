"""Table header cells and the cell vocabulary of indicator tables.

A header cell is a known word (``主要指标``, ``计量单位``, ``属性`` …) or a year column in
any of the wordings real plans use: ``2020年``, ``2020 年``, ``2020年基期值``,
``基期值（2015年）``, ``现状值（2020年）``, ``2025年目标值``, ``目标值（2030年）``,
``2030目标``. A year in brackets after the word counts as that year's column; the word
gives the column's role (baseline, target or outlook), which only breaks ties — the
plan's own period decides which column is its target (see ``build.target_years``).
"""

from __future__ import annotations

import re
import unicodedata

from plans.parsing.lines import ascii_digits, remove_ws

_HEADER_WORDS = {
    "domain": {"领域", "类别", "分类", "领域类别", "指标领域", "指标类别", "维度", "一级指标"},
    "seq": {"序号", "编号"},
    "name": {"主要指标", "指标", "指标名称", "主要指标名称", "指标内容", "指标项", "具体指标", "二级指标"},
    "unit": {"单位", "计量单位", "指标单位"},
    "nature": {"指标性质", "性质", "指标属性", "属性", "类型", "指标类型"},
    "progress": {"预计进度", "进度", "预计完成情况", "完成进度"},
    "note": {"备注", "说明"},
}
_HEADER_KIND = {word: kind for kind, words in _HEADER_WORDS.items() for word in words}

_YEAR = re.compile(r"((?:19|20)\d\d)")
_ROLE_WORDS = {
    "": None,
    "末": None,
    "基期": "base",
    "基期值": "base",
    "基数": "base",
    "基线": "base",
    "基线值": "base",
    "现状": "base",
    "现状值": "base",
    "实际值": "base",
    "实际": "base",
    "基准值": "base",
    "基准": "base",
    "基准年": "base",
    "期末值": "target",
    "期末": "target",
    "规划期末": "target",
    "目标年": "target",
    "到": None,
    "到目标": "target",
    "完成值": "base",
    "完成": "base",
    "目标": "target",
    "目标值": "target",
    "规划值": "target",
    "规划目标": "target",
    "预期值": "target",
    "预期": "target",
    "预期目标": "target",
    "远景目标": "outlook",
    "远景": "outlook",
    "展望": "outlook",
    "远景展望": "outlook",
}

NATURES = frozenset({"预期性", "约束性", "指导性"})
PROGRESS = frozenset({"已完成", "可完成", "未完成"})
_NATURE_SHORT = {"预期": "预期性", "约束": "约束性", "指导": "指导性"}


def fold(text: str) -> str:
    """Header/keyword matching form: no whitespace, ASCII digits and brackets."""
    text = unicodedata.normalize("NFKC", remove_ws(text))
    return ascii_digits(text)


def classify_header(cell: str) -> tuple[str, str | None]:
    """``("year", "2030")`` for a year column, ``(kind, None)`` otherwise; kind may be "unknown"."""
    kind, year, _ = classify_header_role(cell)
    return kind, year


def classify_header_role(cell: str) -> tuple[str, str | None, str | None]:
    """(kind, year, role) of a header cell; role is "base" | "target" | "outlook" | None."""
    word = fold(cell)
    if word in _HEADER_KIND:
        return _HEADER_KIND[word], None, None
    for suffix in ("(单位)", "(计量单位)"):
        if word.endswith(suffix) and _HEADER_KIND.get(word[: -len(suffix)]) == "name":
            return "name", None, None  # 指标名称（单位）: the unit is in the names
    years = _YEAR.findall(word)
    if len(years) != 1:
        return "unknown", None, None
    year = years[0]
    rest = word.replace(year, "", 1)
    # 基期值(2015年) / 2020年基期值 / 2030目标 / 2035年远景目标
    rest = rest.replace("年", "").replace("(", "").replace(")", "")
    if rest not in _ROLE_WORDS:
        return "unknown", None, None
    return "year", year, _ROLE_WORDS[rest]


def header_columns(cells: list[str]) -> list[tuple[str, str | None]] | None:
    """The columns of a header row, or None when these cells are not an indicator-table header."""
    if len(cells) < 2:
        return None
    columns = [classify_header(c) for c in cells]
    kinds = [kind for kind, _ in columns]
    if "unknown" in kinds or "name" not in kinds or "year" not in kinds:
        return None
    return columns


def header_roles(cells: list[str]) -> dict[str, str]:
    """Year → role word found in the header (only years that carry one)."""
    roles = {}
    for cell in cells:
        kind, year, role = classify_header_role(cell)
        if kind == "year" and year and role:
            roles[year] = role
    return roles


def nature_word(value: str) -> str | None:
    """``约束性`` from ``约束性`` / ``约束``; None when the value is none of the natures."""
    word = fold(value)
    if word in NATURES:
        return word
    return _NATURE_SHORT.get(word)
