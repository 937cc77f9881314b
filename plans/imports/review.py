"""What the review screen shows: the draft as the portal understood it, row by row.

Read-only: nothing here writes. Each indicator row carries its parsed cells, its
target resolved the way the progress engine will read it, the catalog entry it
will be counted under (automatic match or the administrator's choice), and the
problems that would stop publication (values too long for the database).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.catalog import catalog_match_many
from indicators.models import Indicator
from indicators.resolution import ResolvedTarget, resolve_baseline, resolve_target, to_decimal
from plans.models import ImportEvent, ImportSession, Plan
from plans.parsing.cells import read_cell

from .gates import is_empty, warning_states
from .services import NO_MATCH, previous_version, row_years

# Column sizes of the tables a row is saved into (PlanIndicator, Target, IndicatorValue, Indicator).
_LIMITS = {"domain": 50, "seq": 10, "name": 200, "unit": 30, "progress_estimate": 10}
_FIELD_LABELS = {
    "domain": gettext_lazy("领域"),
    "seq": gettext_lazy("序号"),
    "name": gettext_lazy("指标名称"),
    "unit": gettext_lazy("单位"),
    "progress_estimate": gettext_lazy("预计进度"),
}
_MAX_CELL = 200
_MAX_NUMBER = 10**14
_SHOWN = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "=": "="}


@dataclass
class ReviewRow:
    index: int
    row: dict
    cells: list[tuple[str, str]]
    matched: list[Indicator]
    reason: str
    choice: str  # "" automatic, a catalog code, or NO_MATCH
    resolved: ResolvedTarget | None
    problems: list[str]
    warnings: list[dict]
    corrected: bool
    excluded: bool
    is_sub: bool

    @property
    def unmatched(self) -> bool:
        return not self.matched

    @property
    def resolved_text(self) -> str:
        target = self.resolved
        if target is None:
            return "—"
        if target.kind == "numeric" and target.value is not None:
            return f"{_SHOWN.get(target.comparator or '', '')}{format(target.value, 'f')}"
        labels = {"none": _("无目标"), "manual": _("定性目标（人工评估）"), "direction": _("仅方向")}
        return labels.get(target.kind, _("无法解读"))


@dataclass
class Review:
    session: ImportSession
    rows: list[ReviewRow]
    years: list[str]
    chapters: list[dict]
    projects: list[dict]
    warnings: list[dict]
    duplicate: Plan | None
    previous: Plan | None
    catalog: list[Indicator]
    warning_states: list[dict]
    tables: list[dict]  # {"table", "years", "target"} per indicator table, for the target-year choice
    empty: bool

    @property
    def unresolved(self) -> list[dict]:
        return [w for w in self.warning_states if w["blocking"] and not w["resolved"]]

    @property
    def unmatched_count(self) -> int:
        return sum(1 for r in self.rows if r.unmatched and not r.excluded)

    @property
    def problem_count(self) -> int:
        return sum(1 for r in self.rows if r.problems and not r.excluded)


def _reading(data: dict | None):
    """The cell read again from its raw text, so numbers keep the decimals as written (``7.50``)."""
    if not data:
        return None
    return read_cell(data.get("raw") or "")


def resolved_target(row: dict, indicator: Indicator | None) -> ResolvedTarget | None:
    """The row's target as the progress engine will read it (direction from the catalog entry)."""
    target = _reading(row.get("target"))
    if target is None:
        return None
    baseline_data = row.get("baseline")
    baseline = None
    if baseline_data and baseline_data.get("year"):
        baseline = resolve_baseline(_reading(baseline_data), year=baseline_data["year"])
    return resolve_target(
        target,
        direction=indicator.direction if indicator is not None else 0,
        target_year=row["target"].get("year"),
        baseline=baseline,
    )


def row_problems(row: dict) -> list[str]:
    """What would make publication fail for this row, in words an administrator can act on."""
    problems = []
    if not (row.get("name") or "").strip():
        problems.append(_("缺少指标名称"))
    for key, limit in _LIMITS.items():
        text = row.get(key) or ""
        if len(text) > limit:
            problems.append(
                _("%(field)s超过 %(limit)s 字（现有 %(n)s 字）")
                % {"field": _FIELD_LABELS[key], "limit": limit, "n": len(text)}
            )
    for year, raw in (row.get("cells") or {}).items():
        if len(raw or "") > _MAX_CELL:
            problems.append(
                _("%(year)s年单元格超过 %(limit)s 字（现有 %(n)s 字）")
                % {"year": year, "limit": _MAX_CELL, "n": len(raw)}
            )
    for key in ("target", "baseline"):
        value = to_decimal((row.get(key) or {}).get("value"))
        if value is not None and abs(value) >= _MAX_NUMBER:
            problems.append(
                _("%(year)s年数值过大（%(raw)s）")
                % {"year": row[key].get("year"), "raw": row[key].get("raw", "")[:20]}
            )
    return problems


def _chapter_entries(chapters: list[dict]) -> list[dict]:
    return [
        {"index": i, "level": c.get("level") or 1, "heading": c.get("heading") or "", "line": c.get("line")}
        for i, c in enumerate(chapters)
    ]


def _project_entries(projects: list[dict], chapters: list[dict]) -> list[dict]:
    entries = []
    for project in projects:
        chapter = project.get("chapter")
        heading = chapters[chapter].get("heading") if chapter is not None and chapter < len(chapters) else ""
        entries.append({**project, "chapter_heading": heading})
    return entries


def corrected_rows(session: ImportSession) -> set[int]:
    details = session.events.filter(action=ImportEvent.Action.CORRECT_ROW).values_list("detail", flat=True)
    return {d.get("row") for d in details if isinstance(d, dict)}


def import_review(session: ImportSession) -> Review:
    """Everything the review screen shows for one session."""
    document = session.document or {}
    rows = document.get("indicators", [])
    warnings = document.get("warnings", [])
    by_line: dict[int, list[dict]] = {}
    for warning in warnings:
        if warning.get("line"):
            by_line.setdefault(warning["line"], []).append(warning)
    catalog = list(Indicator.objects.filter(local_to_plan__isnull=True).order_by("code"))
    by_code = {i.code: i for i in catalog}
    corrected = corrected_rows(session)
    mappings = session.row_mappings or {}
    all_years = sorted({year for row in rows for year in (row.get("cells") or {})})

    automatic = catalog_match_many([(row.get("name") or "", row.get("unit") or "") for row in rows])
    review_rows = []
    for index, row in enumerate(rows):
        choice = mappings.get(str(index), "")
        if choice == NO_MATCH:
            matched, reason = [], _("管理员指定：不映射到目录（建为规划内指标）")
        elif choice in by_code:
            matched, reason = [by_code[choice]], ""
        else:
            match = automatic[index]
            matched, reason = match.indicators, match.reason
        years = row_years(document, index)
        review_rows.append(
            ReviewRow(
                index=index,
                row=row,
                cells=[(year, (row.get("cells") or {}).get(year, "")) for year in years],
                matched=matched,
                reason=reason,
                choice=choice,
                resolved=resolved_target(row, matched[0] if matched else None),
                problems=row_problems(row),
                warnings=[] if row.get("entered") else by_line.get(row.get("line"), []),
                corrected=index in corrected or bool(row.get("reviewed")),
                excluded=bool(row.get("excluded")),
                is_sub=row.get("sub_of") is not None,
            )
        )
    chapters = document.get("chapters", [])
    return Review(
        session=session,
        rows=review_rows,
        years=all_years,
        chapters=_chapter_entries(chapters),
        projects=_project_entries(document.get("key_projects", []), chapters),
        warnings=warnings,
        duplicate=Plan.objects.filter(source_sha256=session.file_sha256).first()
        if session.file_sha256
        else None,
        previous=previous_version(session.metadata or {}),
        catalog=catalog,
        warning_states=warning_states(document),
        tables=_tables(rows),
        empty=is_empty(document),
    )


def _tables(rows: list[dict]) -> list[dict]:
    tables: dict[int, dict] = {}
    for row in rows:
        entry = tables.setdefault(
            row.get("table", 0), {"table": row.get("table", 0), "years": set(), "target": None}
        )
        entry["years"].update(row.get("cells") or {})
        if row.get("target") and entry["target"] is None:
            entry["target"] = str(row["target"]["year"])
    return [{**t, "years": sorted(t["years"])} for _, t in sorted(tables.items())]
