"""A corpus of layout variants: the five seeds' content re-laid out the ways real plans are.

``variants()`` yields ``(name, text, expected)``: a plan document built from one seed's
indicator rows, chapter titles and key projects (read from ``fixtures/plans/*.json``),
written in one combination of the layouts of issue 11, and the result a parser must
read from it, derived by construction from the same content. Nothing here parses: the
expected rows come from the content and the layout choices alone.

Layout dimensions (``Layout``):

- ``sep``: one cell per line (tab-indented, blank line between rows; or plain lines, no
  empty cell possible), one row per line with tabs, or with runs of spaces (ASCII or U+3000),
  or with spaces padding every column to a fixed width (empty cells stay blank);
- ``domain``: a column repeated on every row, a column filled on a group's first row
  only (merged cell flattened), or rows of their own (``一、健康水平`` / ``（一）健康水平``);
- ``nature``: a ``指标性质`` / ``属性`` / ``类型`` column (short ``约束``/``预期`` words too),
  or a mark in the name (``★ ＊ * ▲``, before or after the name's unit) with a note line
  above or below the table;
- ``words``: header wordings (``主要指标``/``指标名称``/``指标``, ``单位``/``计量单位``,
  ``2020年`` / ``2020年基期值`` / ``基期值（2020年）`` / ``现状值（2020年）`` /
  ``2025年目标值`` / ``目标值（2025年）``);
- ``order``: 序号 first or absent, unit after the targets, nature before the years;
- ``outlook``: an extra ``2035年`` column (the target still follows the plan's period);
- ``furniture``: caption, page numbers (``— 7 —``, ``- 7 -``, ``第7页``), ``（续表）`` /
  ``续表`` with a repeated header, blank lines inside the table;
- ``unit``: a unit column, or a ``单位：%`` line with other units moved into the names;
- ``invisible``: zero-width spaces, BOM, bidi marks, NBSP and U+3000 inside cells;
- key projects: ``专栏2`` / ``专栏 2`` / ``专栏二`` labels, items marked ``1.`` ``1．`` ``1、``
  ``（1）`` ``●`` ``•``, with nested sub-items kept inside their item;
- headings: ``第一章 标题`` / ``第一章标题`` / ``第1章 标题`` / ``一、标题``.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ("000", "001", "002", "003", "004")
_FALLBACK_TITLES = {"001": "第二师铁门关市“十四五”卫生健康事业发展规划"}
_CN = "一二三四五六七八九十"
_ITEM_MARK = re.compile(r"^(?:[0-9０-９]{1,3}\s{0,3}[.、．]|[（(][0-9０-９]{1,3}[）)])\s*")
_NAME_UNIT = re.compile(r"[（(][^（）()、，,；;]{1,10}[）)]$")
INVISIBLES = ("\u200b", "\ufeff", "\u200e", "\u00a0", "\u3000", "\u202c")


def cn(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + (_CN[n - 11] if n > 10 else "")
    return _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else "")


@dataclass(frozen=True)
class Layout:
    sep: str = "tabs"  # "cells" | "lines" | "tabs" | "spaces" | "ideographic" | "aligned"
    domain: str = "first"  # "first" | "repeat" | "rows_yi" | "rows_paren"
    nature: str = "column"  # "column" | "shuxing" | "leixing" | "mark_below" | "mark_above" | "mark_unit"
    mark: str = "★"
    words: str = "plain"  # "plain" | "suffix" | "bracket" | "status"
    order: str = "standard"  # "standard" | "unit_after" | "nature_first" | "no_seq"
    outlook: bool = False
    furniture: tuple[str, ...] = ()  # "caption" "page_dash" "page_hyphen" "page_di" "continued" "blank"
    unit: str = "column"  # "column" | "line"
    invisible: bool = False
    box_label: str = "plain"  # "plain" | "spaced" | "cn"
    item_marker: str = "1."  # "1." "1．" "1、" "（1）" "●" "•"
    nested: bool = False
    heading: str = "zhang"  # "zhang" | "zhang_tight" | "zhang_digit" | "yi"

    def name(self) -> str:
        parts = [f"{k}={v}" for k, v in self.__dict__.items() if v != getattr(Layout(), k)]
        return ",".join(parts) or "default"


@dataclass
class Seed:
    key: str
    title: str
    period_end: int
    rows: list[dict]
    projects: list[dict]
    chapters: list[str]


@cache
def load_seed(key: str) -> Seed:
    path = next((ROOT / "fixtures" / "plans").glob(f"{key}_*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    projects = []
    for k, p in enumerate(data["key_projects"]):
        items = [_ITEM_MARK.sub("", item, count=1) for item in p["items"]]
        projects.append({"number": k + 1, "title": p["title"] or f"重点工程{k + 1}", "items": items})
    chapters = [c["title"] for c in data["chapters"] if c["level"] == 1][:4]
    return Seed(
        key=key,
        title=data["plan"]["title"] or _FALLBACK_TITLES[key],
        period_end=data["plan"]["period_end"],
        rows=data["indicators"],
        projects=projects,
        chapters=chapters,
    )


def applicable(seed: Seed, layout: Layout) -> bool:
    natures = {r["nature"] for r in seed.rows}
    if layout.nature != "column" and natures == {None}:
        return False
    return not (layout.nature.startswith("mark") and not natures <= {"约束性", "预期性"})


# --------------------------------------------------------------------------- table


def _columns(seed: Seed, layout: Layout) -> list[str]:
    has_seq = any(r["seq"] for r in seed.rows) and layout.order != "no_seq"
    if layout.sep in _NO_EMPTY_CELLS and any(not r["seq"] for r in seed.rows):
        has_seq = False  # a run of spaces (or a plain line) cannot hold an empty cell
    has_nature = layout.nature in ("column", "shuxing", "leixing") and any(r["nature"] for r in seed.rows)
    has_progress = any(r["progress_estimate"] for r in seed.rows)
    years = sorted({y for r in seed.rows for y in r["cells"]})
    if layout.outlook:
        years.append("2035")
    domain = ["domain"] if layout.domain in ("first", "repeat") else []
    seq = ["seq"] if has_seq else []
    unit = ["unit"] if layout.unit == "column" else []
    nature = ["nature"] if has_nature else []
    progress = ["progress"] if has_progress else []
    ys = [f"y{y}" for y in years]
    if layout.order == "unit_after":
        return seq + domain + ["name"] + ys + unit + nature + progress
    if layout.order == "nature_first":
        return seq + domain + ["name"] + unit + nature + ys + progress
    return seq + domain + ["name"] + unit + ys + nature + progress


def _header(col: str, seed: Seed, layout: Layout) -> str:
    words = layout.words
    if col == "name":
        return {"plain": "主要指标", "suffix": "指标", "bracket": "指标名称", "status": "指标名称"}[words]
    if col == "unit":
        return "计量单位" if words in ("bracket", "suffix") else "单位"
    if col == "nature":
        return {"column": "指标性质", "shuxing": "属性", "leixing": "类型"}[layout.nature]
    if col == "domain":
        return "领域"
    if col == "seq":
        return "序号"
    if col == "progress":
        return "预计进度"
    year = int(col[1:])
    if words == "plain":
        return f"{year}年"
    role = "target" if year == seed.period_end else ("outlook" if year > seed.period_end else "base")
    if words == "suffix":
        return f"{year}年" + {"base": "基期值", "target": "目标值", "outlook": "远景目标"}[role]
    if words == "bracket":
        return {"base": "基期值", "target": "目标值", "outlook": "远景目标"}[role] + f"（{year}年）"
    return {"base": "现状值", "target": "目标值", "outlook": "展望"}[role] + f"（{year}年）"


def _display_name(row: dict, layout: Layout) -> tuple[str, str]:
    """(name as written in the document, name the parser must read)."""
    name = row["name"]
    if layout.unit == "line" and row["unit"] != "%" and not _NAME_UNIT.search(name):
        name = f"{name}（{row['unit']}）"
    expected = name
    if layout.nature.startswith("mark") and row["nature"] == "约束性":
        m = _NAME_UNIT.search(name)
        if layout.nature == "mark_unit" and m:
            name = name[: m.start()] + layout.mark + name[m.start() :]
        else:
            name = name + layout.mark
    return name, expected


def _cell(col: str, row: dict, shown_domain: str, layout: Layout, seed: Seed) -> str:
    if col == "domain":
        return shown_domain
    if col == "seq":
        return row["seq"] or ""
    if col == "name":
        return _display_name(row, layout)[0]
    if col == "unit":
        return row["unit"] or ""
    if col == "nature":
        nature = row["nature"] or ""
        return nature[:2] if layout.nature == "leixing" and nature else nature
    if col == "progress":
        return row["progress_estimate"] or ""
    year = col[1:]
    if year == "2035" and year not in row["cells"]:
        return row["cells"][str(seed.period_end)]
    return row["cells"][year]


def _sprinkle(text: str, k: int) -> str:
    """Put an invisible character into a non-empty cell (the parser must remove it)."""
    if not text:
        return text
    ch = INVISIBLES[k % len(INVISIBLES)]
    cut = max(1, len(text) // 2) if ch not in ("\u00a0", "\u3000") else len(text)
    if ch in ("\u00a0", "\u3000") and any(c.isdigit() for c in text):
        return text + ch  # a trailing space, not a space between digits
    return text[:cut] + ch + text[cut:]


def _render_row(cells: list[str], layout: Layout) -> list[str]:
    if layout.sep == "cells":
        return ["\t" + c for c in cells]
    if layout.sep == "lines":
        return list(cells)
    if layout.sep == "aligned":
        return [_Aligned(cells)]
    if layout.sep == "tabs":
        return ["\t".join(cells)]
    gap = "  " if layout.sep == "spaces" else "\u3000\u3000"
    return [gap.join(cells)]


def _render_single(text: str, layout: Layout) -> list[str]:
    return ["\t" + text] if layout.sep == "cells" else [text]


_NO_EMPTY_CELLS = ("spaces", "ideographic", "lines")


class _Aligned(list):
    """A row of an aligned layout: laid out once every row's widths are known."""


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _lay_out(lines: list) -> list[str]:
    """Columns padded to their widest cell (CJK counts two) plus two spaces; empty cells stay blank."""
    rows = [line for line in lines if isinstance(line, _Aligned)]
    widths = [max(_width(row[k]) for row in rows if k < len(row)) for k in range(max(len(r) for r in rows))]
    out = []
    for line in lines:
        if isinstance(line, _Aligned):
            text = "".join(cell + " " * (widths[k] - _width(cell) + 2) for k, cell in enumerate(line))
            out.append(text.rstrip())
        else:
            out.append(line)
    return out


_CELL_PER_LINE = ("cells", "lines")


def render_table(seed: Seed, layout: Layout) -> tuple[list[str], list[dict]]:
    """(table lines, expected rows)."""
    cols = _columns(seed, layout)
    header = [_header(c, seed, layout) for c in cols]
    blocks: list[list[str]] = [_render_row(header, layout)]
    expected: list[dict] = []
    previous_domain = None
    group = 0
    parent = None
    years = [c[1:] for c in cols if c.startswith("y")]
    baseline = max((int(y) for y in years if int(y) < seed.period_end), default=None)
    middle = len(seed.rows) // 2
    for k, row in enumerate(seed.rows):
        if k == middle and layout.furniture:
            blocks.extend(_furniture(layout, header))
        domain = row["domain"]
        if domain != previous_domain:
            group += 1
            if layout.domain.startswith("rows"):
                label = f"{cn(group)}、{domain}" if layout.domain == "rows_yi" else f"（{cn(group)}）{domain}"
                blocks.append(_render_single(label, layout))
        shown = domain if (layout.domain == "repeat" or domain != previous_domain) else ""
        previous_domain = domain
        cells = [_cell(c, row, shown, layout, seed) for c in cols]
        if layout.invisible:
            cells = [_sprinkle(c, k + j) if c and j % 2 == k % 2 else c for j, c in enumerate(cells)]
        blocks.append(_render_row(cells, layout))
        if "blank" in layout.furniture and k == 1:
            blocks.append([""] if layout.sep not in _CELL_PER_LINE else [])
        name = _display_name(row, layout)[1]
        has_seq = "seq" in cols
        expected_cells = {y: _cell(f"y{y}", row, "", layout, seed) for y in years}
        unit = row["unit"]
        sub = name.startswith("其中")
        expected.append(
            {
                "domain": domain,
                "seq": row["seq"] if has_seq else None,
                "name": name,
                "unit": unit,
                "nature": row["nature"],
                "progress_estimate": row["progress_estimate"],
                "sub_of": parent if sub else None,
                "cells": expected_cells,
                "target_year": seed.period_end,
                "baseline_year": baseline,
            }
        )
        if not sub:
            parent = len(expected) - 1
    if layout.sep in _CELL_PER_LINE:
        lines = []
        for block in blocks:
            if block:
                lines.extend(block)
                lines.append("")
        return lines[:-1], expected
    flat = [line for block in blocks for line in block]
    return (_lay_out(flat) if layout.sep == "aligned" else flat), expected


def _furniture(layout: Layout, header: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    cells = layout.sep in _CELL_PER_LINE
    for kind in layout.furniture:
        if kind == "page_dash":
            out.append(["— 7 —"])
        elif kind == "page_hyphen":
            out.append(["- 12 -"])
        elif kind == "page_di":
            out.append(["第8页"])
        elif kind == "continued":
            out.append(["（续表）" if cells else "续表"])
            out.append(_render_row(header, layout))
    return out


# --------------------------------------------------------------------------- document


def _heading(k: int, title: str, layout: Layout) -> str:
    return {
        "zhang": f"第{cn(k)}章 {title}",
        "zhang_tight": f"第{cn(k)}章{title}",
        "zhang_digit": f"第{k}章 {title}",
        "yi": f"{cn(k)}、{title}",
    }[layout.heading]


def _label(number: int, layout: Layout) -> str:
    return {"plain": f"专栏{number}", "spaced": f"专栏 {number}", "cn": f"专栏{cn(number)}"}[layout.box_label]


def _marker(k: int, layout: Layout) -> str:
    m = layout.item_marker
    if m in ("●", "•"):
        return m
    if m == "（1）":
        return f"（{k}）"
    return f"{k}{m[1:]}"


def render_projects(seed: Seed, layout: Layout) -> tuple[list[str], list[dict]]:
    lines: list[str] = []
    expected = []
    for box in seed.projects:
        label = _label(box["number"], layout)
        lines.append(f"{label} {box['title']}")
        items = []
        for k, text in enumerate(box["items"], start=1):
            parts = [p for p in text.split("；") if p]
            if layout.nested and k == 1 and len(parts) >= 2:
                sub_mark = "①②③④⑤⑥⑦⑧⑨⑩" if layout.item_marker == "（1）" else None
                first = _marker(k, layout) + parts[0] + "；"
                subs = []
                for s, part in enumerate(parts[1:], start=1):
                    mark = sub_mark[s - 1] if sub_mark and s <= 10 else f"（{s}）"
                    end = "；" if s < len(parts) - 1 or text.endswith("；") else ""
                    subs.append(mark + part + end)
                lines.append(first)
                lines.extend(subs)
                items.append(first + "".join(subs))
            else:
                line = _marker(k, layout) + text
                lines.append(line)
                items.append(line)
        lines.append("")
        expected.append({"label": label, "number": box["number"], "title": box["title"], "items": items})
    return lines, expected


def render(seed: Seed, layout: Layout) -> tuple[str, dict]:
    table, rows = render_table(seed, layout)
    chapters = [*seed.chapters, "实施保障"] if len(seed.chapters) < 3 else seed.chapters
    lines = [seed.title, ""]
    lines += [_heading(1, chapters[0], layout), "近年来，全区卫生健康事业取得明显成效。", ""]
    lines += [_heading(2, chapters[1], layout), "到规划期末，主要健康指标达到下表要求。", ""]
    note = f"注：带{layout.mark}为约束性指标，其余为预期性指标。"
    if layout.nature == "mark_above":
        lines.append(note)
    if "caption" in layout.furniture:
        lines.append("表1 卫生健康事业发展主要指标")
    if layout.unit == "line":
        lines.append("单位：%")
    lines += table
    if layout.nature in ("mark_below", "mark_unit"):
        lines.append(note)
    lines += ["", _heading(3, chapters[2], layout), "围绕上述目标，实施以下重点任务和项目。", ""]
    project_lines, projects = render_projects(seed, layout)
    lines += project_lines
    if len(chapters) > 3:
        lines += [_heading(4, chapters[3], layout), "加强组织领导，落实各项保障措施。", ""]
    expected = {
        "period_end": seed.period_end,
        "rows": rows,
        "projects": projects,
        "headings": chapters[:4],
    }
    return "\n".join(lines) + "\n", expected


# --------------------------------------------------------------------------- the corpus

NAMED = {
    "cells": Layout(sep="cells"),
    "lines_repeat": Layout(sep="lines", domain="repeat"),
    "lines_rows_furniture": Layout(
        sep="lines", domain="rows_paren", furniture=("caption", "page_dash", "continued")
    ),
    "lines_marks": Layout(sep="lines", domain="rows_yi", nature="mark_below", words="bracket"),
    "tabs_repeat": Layout(domain="repeat"),
    "spaces_repeat": Layout(sep="spaces", domain="repeat"),
    "aligned_first": Layout(sep="aligned"),
    "aligned_furniture": Layout(
        sep="aligned", furniture=("caption", "page_di", "continued"), words="bracket"
    ),
    "ideographic_rows": Layout(sep="ideographic", domain="rows_yi"),
    "domain_rows_yi": Layout(domain="rows_yi"),
    "domain_rows_paren_cells": Layout(sep="cells", domain="rows_paren"),
    "mark_below": Layout(nature="mark_below"),
    "mark_above_star": Layout(nature="mark_above", mark="＊"),
    "mark_before_unit": Layout(nature="mark_unit", mark="▲", sep="cells"),
    "mark_ascii": Layout(nature="mark_below", mark="*", domain="rows_paren"),
    "shuxing": Layout(nature="shuxing", words="suffix"),
    "leixing_short": Layout(nature="leixing", words="bracket"),
    "words_status": Layout(words="status", sep="cells"),
    "unit_after": Layout(order="unit_after", words="bracket"),
    "nature_first": Layout(order="nature_first", sep="cells"),
    "no_seq": Layout(order="no_seq"),
    "outlook_2035": Layout(outlook=True),
    "outlook_words": Layout(outlook=True, words="bracket", sep="cells"),
    "furniture_tabs": Layout(furniture=("caption", "page_dash", "continued", "blank")),
    "furniture_cells": Layout(sep="cells", furniture=("caption", "page_hyphen", "continued")),
    "furniture_di": Layout(furniture=("page_di",), domain="rows_yi"),
    "unit_line": Layout(unit="line"),
    "invisible": Layout(invisible=True),
    "invisible_cells": Layout(invisible=True, sep="cells"),
    "boxes_spaced_paren": Layout(box_label="spaced", item_marker="（1）"),
    "boxes_cn_bullets": Layout(box_label="cn", item_marker="●", nested=True),
    "boxes_dot_nested": Layout(item_marker="•", nested=True),
    "boxes_fullwidth": Layout(item_marker="1．", heading="zhang_tight"),
    "boxes_dunhao_nested": Layout(item_marker="1、", nested=True, heading="zhang_digit"),
    "boxes_paren_nested": Layout(item_marker="（1）", nested=True, heading="yi"),
}

_DIMENSIONS = {
    "sep": ("cells", "lines", "tabs", "spaces", "ideographic", "aligned"),
    "domain": ("first", "repeat", "rows_yi", "rows_paren"),
    "nature": ("column", "shuxing", "leixing", "mark_below", "mark_above", "mark_unit"),
    "mark": ("★", "＊", "*", "▲"),
    "words": ("plain", "suffix", "bracket", "status"),
    "order": ("standard", "unit_after", "nature_first", "no_seq"),
    "outlook": (False, True),
    "furniture": ((), ("caption",), ("page_dash", "continued"), ("caption", "page_di", "blank")),
    "unit": ("column", "line"),
    "invisible": (False, True),
    "box_label": ("plain", "spaced", "cn"),
    "item_marker": ("1.", "1．", "1、", "（1）", "●", "•"),
    "nested": (False, True),
    "heading": ("zhang", "zhang_tight", "zhang_digit", "yi"),
}


def random_layouts(count: int, seed: int = 11) -> list[Layout]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        choice = {k: rng.choice(v) for k, v in _DIMENSIONS.items()}
        layout = replace(Layout(), **choice)
        if layout.sep in _NO_EMPTY_CELLS and layout.domain == "first":
            layout = replace(layout, domain="repeat")  # an empty cell cannot be written with spaces
        out.append(layout)
    return out


def variants(random_count: int = 40):
    """Every named layout and ``random_count`` random combinations, on every seed they apply to."""
    layouts = list(NAMED.items()) + [
        (f"random{k}", lay) for k, lay in enumerate(random_layouts(random_count))
    ]
    for (name, layout), key in itertools.product(layouts, SEEDS):
        seed = load_seed(key)
        if layout.sep in _NO_EMPTY_CELLS and layout.domain == "first":
            continue
        if applicable(seed, layout):
            text, expected = render(seed, layout)
            yield f"{key}-{name}", text, expected
