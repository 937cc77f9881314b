"""Turn found tables into IndicatorRow, saying so whenever something could not be placed.

Never silently short: a row with fewer cells than its header is flagged and left
unfilled (cells are never slid left), lines inside a table nobody could place, a table
that seems to stop early, duplicate names, and natures or values nobody recognised all
become warnings carrying their line number.
"""

from __future__ import annotations

import re

from plans.parsing.cells import read_cell
from plans.parsing.lines import is_cell_line, remove_ws
from plans.parsing.model import IndicatorRow, ParseWarning
from plans.parsing.tables.find import Table
from plans.parsing.tables.furniture import (
    clean,
    note_rules,
    split_cells,
    split_mark,
    split_nature_word,
    unit_of_line,
)
from plans.parsing.tables.header import PROGRESS, fold, header_columns, nature_word

# A unit written as a trailing parenthesis of the name: 人均预期寿命(岁), 孕产妇死亡率（1/10万）.
_NAME_UNIT = re.compile(r"[（(]([^（）()、，,；;]{1,10})[）)]$")
_DOMAIN_PREFIX = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|[0-9０-９]{1,2}[.、．])"
)
# Default reading of nature marks when the document has no note line (the common convention).
_DEFAULT_MARK_NATURE = "约束性"
# How far before/after a table a note line (注：带★为约束性指标…) is looked for.
_NOTE_WINDOW = 4
# How far after a table's end a row-like line makes the table look stopped early.
_EARLY_STOP_WINDOW = 12


def year_columns(table: Table) -> list[int]:
    return sorted({int(year) for kind, year in table.columns if kind == "year" and year})


def target_years(
    table: Table, period_end: int | None = None, period_start: int | None = None
) -> tuple[int | None, int]:
    """(baseline year, target year) of a table, following the plan's period.

    The target is the column of the plan's final year; without one, the latest column
    inside the period, else the first column after it; the period unknown, the latest
    column the header calls a target, else the latest column that is no outlook. The
    baseline is the latest year before the target (a column the header calls a
    baseline first).
    """
    years = year_columns(table)
    roles = {int(y): r for y, r in table.roles.items()}
    start = period_start if period_start is not None else (period_end - 4 if period_end else None)
    if period_end is not None and period_end in years:
        target = period_end
    elif period_end is not None and any(start <= y <= period_end for y in years):
        target = max(y for y in years if start <= y <= period_end)
    elif period_end is not None and any(y > period_end for y in years):
        target = min(y for y in years if y > period_end)
    else:
        targets = [y for y in years if roles.get(y) == "target"]
        ordinary = [y for y in years if roles.get(y) != "outlook"]
        target = max(targets or ordinary or years)
    before = [y for y in years if y < target]
    based = [y for y in before if roles.get(y) == "base"]
    baseline = max(based or before) if before else None
    return baseline, target


def table_years(table: Table) -> tuple[int | None, int]:
    """(baseline, target) without knowing the plan's period (kept for callers that have none)."""
    return target_years(table, None)


def unit_from_name(name: str) -> str | None:
    """``岁`` from ``人均预期寿命(岁)``; None when the name has no trailing unit parenthesis."""
    m = _NAME_UNIT.search(name[-14:])
    return m.group(1) if m else None


def build_indicators(
    tables: list[Table],
    lines: list[str] | None = None,
    period_end: int | None = None,
    period_start: int | None = None,
) -> tuple[list[IndicatorRow], list[ParseWarning]]:
    """Indicator rows of all tables, with domains filled down and 其中 rows linked."""
    rows: list[IndicatorRow] = []
    warnings: list[ParseWarning] = []
    for table_index, table in enumerate(tables):
        _Builder(table, table_index, lines or [], (period_start, period_end), rows, warnings).run()
    return rows, warnings


class _Builder:
    def __init__(self, table, table_index, lines, period, rows, warnings):
        period_start, period_end = period
        self.table = table
        self.table_index = table_index
        self.lines = lines
        self.rows = rows
        self.warnings = warnings
        self.columns = table.columns
        self.position = {kind: pos for pos, (kind, _) in reversed(list(enumerate(self.columns)))}
        self.years = [(pos, year) for pos, (kind, year) in enumerate(self.columns) if kind == "year" and year]
        self.baseline_year, self.target_year = target_years(table, period_end, period_start)
        if period_end is not None and self.target_year != period_end:
            self.warn(
                table.start + 1,
                "target_year_not_in_table",
                f"表头没有规划期末 {period_end} 年的列，目标取 {self.target_year} 年列，请在审核页确认",
            )
        self.marks, self.others = self._note_rules()
        self.unit_line = self._unit_line()

    def warn(self, line, code, message):
        self.warnings.append(ParseWarning(line, code, message))

    # ------------------------------------------------------------------ context lines

    def _nearby(self) -> list[int]:
        t = self.table
        inside = [k for k, kind in t.furniture if kind in ("note", "unit", "caption")]
        before = [k for k in range(max(0, t.start - _NOTE_WINDOW), t.start)]
        after = [k for k in range(t.end + 1, min(len(self.lines), t.end + 1 + _NOTE_WINDOW))]
        return before + inside + after

    def _note_rules(self) -> tuple[dict[str, str], str | None]:
        marks: dict[str, str] = {}
        others = None
        for k in self._nearby():
            text = self.lines[k] if k < len(self.lines) else ""
            if "注" not in text:
                continue
            found, rest = note_rules(text)
            marks.update(found)
            others = others or rest
        return marks, others

    def _unit_line(self) -> str | None:
        for k in self._nearby():
            if k < len(self.lines) and (unit := unit_of_line(self.lines[k])):
                return unit
        return None

    # ------------------------------------------------------------------ rows

    def cell(self, cells: list[str], kind: str) -> str:
        return cells[self.position[kind]] if kind in self.position else ""

    def run(self) -> None:
        table = self.table
        ncols = len(self.columns)
        domain: str | None = None
        parent: int | None = None
        seen: dict[str, int] = {}
        mark_seen = False
        for k in table.unplaced:
            text = clean(self.lines[k]).strip() if k < len(self.lines) else ""
            self.warn(k + 1, "table_line_unplaced", f"指标表中的这一行无法识别，未导入：{text[:40]}")
        for raw in table.rows:
            line = raw.index + 1
            if raw.domain is not None:
                domain = raw.domain
                continue
            cells = [clean(c).strip() for c in raw.cells]
            if raw.joined is not None:
                self.warn(
                    line,
                    "row_joined",
                    f"第 {line} 行与第 {raw.joined + 1} 行合并为一行（单元格内换行），请核对",
                )
            if len(cells) < ncols:
                self.warn(
                    line,
                    "row_missing_cells",
                    f"指标表格行只有 {len(cells)} 个单元格，应有 {ncols} 个：未按位置猜测，请在审核页修正或排除",
                )
                self._append_short(cells, domain, line)
                continue
            if len(cells) > ncols:
                self.warn(
                    line, "row_extra_cells", f"指标表格行有 {len(cells)} 个单元格，多于表头的 {ncols} 个"
                )
                cells = cells[:ncols]
            name, mark = split_mark(remove_ws(self.cell(cells, "name")))
            name, written_nature = split_nature_word(name)
            if not name:
                self.warn(line, "row_missing_name", "指标表格行缺少指标名称，已跳过")
                continue
            domain = _domain_text(self.cell(cells, "domain")) or domain
            nature = self._nature(cells, mark, line) or written_nature
            mark_seen = mark_seen or mark is not None
            by_year = {year: cells[pos] for pos, year in self.years}
            row = IndicatorRow(
                domain=domain,
                seq=self.cell(cells, "seq") or None,
                name=name,
                unit=self._unit(cells, name),
                nature=nature,
                progress_estimate=_checked(
                    self.cell(cells, "progress"), PROGRESS, "预计进度", line, self.warnings
                ),
                sub_of=None,
                cells=by_year,
                baseline=_reading(by_year, self.baseline_year, line, self.warnings),
                target=_reading(by_year, self.target_year, line, self.warnings),
                line=line,
                table=self.table_index,
            )
            key = fold(name)
            if key in seen:
                self.warn(
                    line,
                    "duplicate_indicator",
                    f"与第 {seen[key]} 行的指标同名（{name}）：请在审核页删除或改名其中一行",
                )
            else:
                seen[key] = line
            if name.startswith("其中"):
                row.sub_of = parent
            else:
                parent = len(self.rows)
            self.rows.append(row)
        if mark_seen and not self.marks and "nature" not in self.position:
            self.warn(
                table.start + 1,
                "nature_mark_without_note",
                f"指标名称带有标记但没有找到说明（注：带★为约束性指标…），标记按{_DEFAULT_MARK_NATURE}、其余按预期性读取",
            )
        self._early_stop(ncols)

    def _append_short(self, cells: list[str], domain: str | None, line: int) -> None:
        text = "｜".join(c for c in cells if c) or "（空行）"
        self.rows.append(
            IndicatorRow(
                domain=domain,
                seq=None,
                name=text[:200],
                unit=None,
                nature=None,
                progress_estimate=None,
                sub_of=None,
                cells={year: "" for _, year in self.years},
                baseline=None,
                target=None,
                line=line,
                table=self.table_index,
            )
        )

    def _nature(self, cells: list[str], mark: str | None, line: int) -> str | None:
        if "nature" in self.position:
            value = remove_ws(clean(self.cell(cells, "nature")))
            if not value:
                return None
            word = nature_word(value)
            if word is None:
                self.warn(line, "unrecognised_cell", f"无法识别的指标性质：{value}")
            return word
        if mark:
            if mark in self.marks:
                return self.marks[mark]
            if not self.marks:
                return _DEFAULT_MARK_NATURE
            return _unresolved(self.warnings, line, mark)
        if self.marks or self._table_has_marks():
            return self.others or "预期性"
        return None

    def _table_has_marks(self) -> bool:
        if not hasattr(self, "_has_marks"):
            self._has_marks = any(
                split_mark(remove_ws(clean(self.cell(r.cells, "name"))))[1]
                for r in self.table.rows
                if r.domain is None and len(r.cells) == len(self.columns)
            )
        return self._has_marks

    def _unit(self, cells: list[str], name: str) -> str | None:
        if "unit" in self.position:
            written = remove_ws(clean(self.cell(cells, "unit")))
            if written:
                return written
        return unit_from_name(name) or ("unit" not in self.position and self.unit_line) or None

    def _early_stop(self, ncols: int) -> None:
        t = self.table
        lines = self.lines
        for k in range(t.end + 1, min(len(lines), t.end + 1 + _EARLY_STOP_WINDOW)):
            if t.layout == "row_per_line":
                cells, _ = split_cells(lines[k], 1 if lines[t.start].startswith("\t") else 0)
                rowlike = len(cells) >= max(2, ncols - 1) and header_columns(cells) is None
            else:
                rowlike = False
                if is_cell_line(lines[k]) and (k == 0 or not is_cell_line(lines[k - 1])):
                    n = 0
                    while k + n < len(lines) and is_cell_line(lines[k + n]):
                        n += 1
                    rowlike = n >= max(2, ncols - 1) and n <= ncols
            if rowlike:
                self.warn(
                    k + 1,
                    "table_stopped_early",
                    f"指标表在第 {t.end + 1} 行结束，但第 {k + 1} 行看起来仍是表格行，未导入",
                )
                return


def _unresolved(warnings: list[ParseWarning], line: int, mark: str) -> None:
    warnings.append(ParseWarning(line, "nature_unresolved", f"无法确定标记“{mark}”表示的指标性质"))
    return None


def _domain_text(value: str) -> str:
    s = remove_ws(clean(value))
    m = _DOMAIN_PREFIX.match(s)
    return s[m.end() :] if m and m.end() < len(s) else s


def _checked(value: str, allowed: frozenset[str], label: str, line: int, warnings: list[ParseWarning]):
    value = remove_ws(clean(value))
    if not value:
        return None
    if value in allowed:
        return value
    warnings.append(ParseWarning(line, "unrecognised_cell", f"无法识别的{label}：{value}"))
    return None


def _reading(by_year: dict[str, str], year: int | None, line: int, warnings: list[ParseWarning]):
    if year is None:
        return None
    reading = read_cell(by_year.get(str(year), "")).to_dict()
    if reading["params"].get("unrecognised"):
        warnings.append(ParseWarning(line, "unrecognised_cell", f"无法识别的{year}年数值：{reading['raw']}"))
    return {"year": year, **reading}
