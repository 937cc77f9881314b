"""Review-screen corrections beyond one row's cells: whatever the parser missed can be fixed.

Add, delete and reorder indicator rows, mark a sub-row, choose the target-year column,
paste a whole table as tab-separated text, add or edit key projects, and acknowledge
parse warnings. Each is one transaction on the :class:`ImportSession` and one
``correct_row`` :class:`ImportEvent` whose ``detail["kind"]`` says what was done, with
the state before and after.

Warnings gate publication (:func:`unresolved_warnings`): a warning on a row is fixed
once the row is corrected, excluded or deleted; any other warning needs an explicit
acknowledgement. Warnings that only say which metadata was inferred are not gates: the
metadata form shows those values and publication validates them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import ImportEvent
from plans.parsing.cells import read_cell
from plans.parsing.tables import build_indicators, find_tables, target_years

from .gates import is_empty, unresolved_warnings, warning_states
from .services import ImportInputError, _event, _locked_for_review, row_years

__all__ = ["is_empty", "unresolved_warnings", "warning_states"]

Action = ImportEvent.Action

MAX_PASTE_CHARS = 200_000
MAX_ITEMS = 200


# --------------------------------------------------------------------------- warnings


@transaction.atomic
def import_session_acknowledge_warnings(*, session, indexes: list[int], user) -> int:
    """Acknowledge warnings by index (the reviewer read them and accepts the draft as it is)."""
    locked = _locked_for_review(session)
    document = copy.deepcopy(locked.document)
    warnings = document.get("warnings", [])
    review = document.setdefault("review", {})
    done = set(review.get("acknowledged") or [])
    new = sorted({i for i in indexes if 0 <= i < len(warnings)} - done)
    if not new:
        return 0
    review["acknowledged"] = sorted(done | set(new))
    _save(locked, session, document)
    for i in new:
        _event(locked, Action.CORRECT_ROW, user, {"kind": "acknowledge_warning", "warning": warnings[i]})
    return len(new)


# --------------------------------------------------------------------------- rows


def _save(locked, session, document: dict, mappings: dict | None = None) -> None:
    locked.document = document
    fields = ["document"]
    if mappings is not None:
        locked.row_mappings = mappings
        fields.append("row_mappings")
    locked.save(update_fields=fields)
    session.document = locked.document
    session.row_mappings = locked.row_mappings


def _reorder(document: dict, mappings: dict, order: list[int | None]) -> dict:
    """Rows rearranged to ``order`` (old indexes; None for a new row): 其中 links and mappings follow."""
    rows = document.get("indicators", [])
    new_index = {old: new for new, old in enumerate(order) if old is not None}
    out = []
    for old in order:
        row = dict(rows[old]) if old is not None else None
        if row is not None and row.get("sub_of") is not None:
            row["sub_of"] = new_index.get(row["sub_of"])
        out.append(row)
    document["indicators"] = out
    _relink(out)
    return {str(new_index[int(k)]): code for k, code in mappings.items() if int(k) in new_index}


def _relink(rows: list[dict | None]) -> None:
    """A sub-row belongs to the nearest ordinary row above it."""
    parent = None
    for index, row in enumerate(rows):
        if row is None:
            continue
        if row.get("sub_of") is not None:
            row["sub_of"] = parent
        else:
            parent = index


def _readings(row: dict, target_year: int | None, baseline_year: int | None) -> None:
    cells = row.get("cells") or {}
    for key, year in (("target", target_year), ("baseline", baseline_year)):
        row[key] = None if year is None else {"year": year, **read_cell(cells.get(str(year), "")).to_dict()}


def _table_years(document: dict, table: int) -> tuple[int | None, int | None]:
    for row in document.get("indicators", []):
        if row.get("table", 0) == table and row.get("target"):
            return (row.get("baseline") or {}).get("year"), row["target"]["year"]
    return None, None


@transaction.atomic
def import_session_add_row(*, session, values: Mapping, user, after: int | None = None) -> int:
    """Insert a new indicator row (after row ``after``, else at the end); returns its index."""
    locked = _locked_for_review(session)
    document = copy.deepcopy(locked.document)
    rows = document.setdefault("indicators", [])
    name = "".join(str(values.get("name") or "").split())
    if not name:
        raise ImportInputError(_("指标名称不能为空"))
    table = rows[after].get("table", 0) if after is not None and 0 <= after < len(rows) else 0
    years = row_years(document, after) if rows and after is not None and 0 <= after < len(rows) else []
    years = sorted(set(years) | set((values.get("cells") or {}).keys()))
    cells = {year: str((values.get("cells") or {}).get(year) or "").strip() for year in years}
    row = {
        "domain": str(values.get("domain") or "").strip() or None,
        "seq": str(values.get("seq") or "").strip() or None,
        "name": name,
        "unit": "".join(str(values.get("unit") or "").split()) or None,
        "nature": str(values.get("nature") or "").strip() or None,
        "progress_estimate": None,
        "sub_of": 0 if values.get("is_sub") else None,
        "cells": cells,
        "baseline": None,
        "target": None,
        "line": 1,  # no source line: entered by hand (the plan tables require a positive line)
        "table": table,
        "reviewed": True,
        "entered": "hand",
    }
    baseline, target = _table_years(document, table)
    if target is None and years:
        target = int(years[-1])
        baseline = int(years[-2]) if len(years) > 1 else None
    _readings(row, target, baseline)
    position = len(rows) if after is None or not 0 <= after < len(rows) else after + 1
    order: list[int | None] = list(range(len(rows)))
    order.insert(position, None)
    mappings = _reorder(document, dict(locked.row_mappings or {}), order)
    document["indicators"][position] = row
    _relink(document["indicators"])
    _save(locked, session, document, mappings)
    _event(locked, Action.CORRECT_ROW, user, {"kind": "add_row", "row": position, "after": row})
    return position


@transaction.atomic
def import_session_delete_row(*, session, index: int, user) -> None:
    locked = _locked_for_review(session)
    document = copy.deepcopy(locked.document)
    rows = document.get("indicators", [])
    if not 0 <= index < len(rows):
        raise ImportInputError(_("没有第 %(n)s 行指标") % {"n": index + 1})
    before = rows[index]
    order = [i for i in range(len(rows)) if i != index]
    mappings = _reorder(document, dict(locked.row_mappings or {}), order)
    _save(locked, session, document, mappings)
    _event(locked, Action.CORRECT_ROW, user, {"kind": "delete_row", "row": index, "before": before})


@transaction.atomic
def import_session_move_row(*, session, index: int, offset: int, user) -> int:
    """Move a row up (offset −1) or down (+1); returns its new index."""
    locked = _locked_for_review(session)
    document = copy.deepcopy(locked.document)
    rows = document.get("indicators", [])
    if not 0 <= index < len(rows):
        raise ImportInputError(_("没有第 %(n)s 行指标") % {"n": index + 1})
    target = min(max(index + offset, 0), len(rows) - 1)
    if target == index:
        return index
    order = list(range(len(rows)))
    order.insert(target, order.pop(index))
    mappings = _reorder(document, dict(locked.row_mappings or {}), order)
    _save(locked, session, document, mappings)
    _event(
        locked,
        Action.CORRECT_ROW,
        user,
        {"kind": "move_row", "row": target, "before": {"index": index}, "after": {"index": target}},
    )
    return target


@transaction.atomic
def import_session_set_sub_row(*, session, index: int, is_sub: bool, user) -> bool:
    """Mark a row as a sub-row (其中) of the nearest ordinary row above it, or unmark it."""
    locked = _locked_for_review(session)
    document = copy.deepcopy(locked.document)
    rows = document.get("indicators", [])
    if not 0 <= index < len(rows):
        raise ImportInputError(_("没有第 %(n)s 行指标") % {"n": index + 1})
    if is_sub and index == 0:
        raise ImportInputError(_("第 1 行上方没有指标，不能设为其下的分项"))
    before = rows[index].get("sub_of")
    rows[index]["sub_of"] = 0 if is_sub else None
    _relink(rows)
    if rows[index]["sub_of"] == before:
        return False
    rows[index]["reviewed"] = True
    _save(locked, session, document)
    _event(
        locked,
        Action.CORRECT_ROW,
        user,
        {
            "kind": "sub_row",
            "row": index,
            "before": {"sub_of": before},
            "after": {"sub_of": rows[index]["sub_of"]},
        },
    )
    return True


@transaction.atomic
def import_session_set_target_year(*, session, table: int, year: int, user) -> int:
    """Use column ``year`` as the target of every row of ``table``; the baseline is the latest before it."""
    locked = _locked_for_review(session)
    document = copy.deepcopy(locked.document)
    rows = [row for row in document.get("indicators", []) if row.get("table", 0) == table]
    years = sorted({int(y) for row in rows for y in (row.get("cells") or {})})
    if year not in years:
        raise ImportInputError(_("该表没有 %(year)s 年的列") % {"year": year})
    before_year = _table_years(document, table)[1]
    earlier = [y for y in years if y < year]
    for row in rows:
        _readings(row, year, max(earlier) if earlier else None)
    _save(locked, session, document)
    _event(
        locked,
        Action.CORRECT_ROW,
        user,
        {"kind": "target_year", "table": table, "before": {"year": before_year}, "after": {"year": year}},
    )
    return len(rows)


@transaction.atomic
def import_session_paste_table(*, session, text: str, user, period_end: int | None = None) -> int:
    """Append the rows of a table pasted from a spreadsheet (tab-separated, header first).

    The pasted text is read by the document parser's own table reader, so every header
    wording and cell the parser knows is understood the same way; its warnings are added
    to the session's (and gate publication like the others).
    """
    locked = _locked_for_review(session)
    if len(text) > MAX_PASTE_CHARS:
        raise ImportInputError(_("粘贴的内容过长（上限 %(n)s 字）") % {"n": MAX_PASTE_CHARS})
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    tables = find_tables(lines)
    if not tables:
        raise ImportInputError(
            _("没有读到表格：第一行应为表头（含“指标”和年份列，如“2025年”），各列用制表符分隔")
        )
    document = copy.deepcopy(locked.document)
    metadata = {**(document.get("plan") or {}), **(locked.metadata or {})}
    end = period_end or _int(metadata.get("period_end"))
    start = _int(metadata.get("period_start"))
    new_rows, warnings = build_indicators(tables[:1], lines, end, start)
    if not new_rows:
        raise ImportInputError(_("表格中没有指标行"))
    rows = document.setdefault("indicators", [])
    table_index = max((row.get("table", 0) for row in rows), default=-1) + 1
    offset = len(rows)
    for row in new_rows:
        data = row.to_dict()
        data["table"] = table_index
        data["line"] = 1  # no source line: pasted
        data["entered"] = "paste"
        data["reviewed"] = True
        if data["sub_of"] is not None:
            data["sub_of"] += offset
        rows.append(data)
    for warning in warnings:
        data = warning.to_dict()
        data["message"] = _("粘贴的表格第 %(n)s 行：") % {"n": data["line"]} + data["message"]
        data["line"] = None
        document.setdefault("warnings", []).append(data)
    target = target_years(tables[0], end, start)[1]
    _save(locked, session, document)
    _event(
        locked,
        Action.CORRECT_ROW,
        user,
        {"kind": "paste_table", "rows": len(new_rows), "target_year": target, "text": text[:5000]},
    )
    return len(new_rows)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- key projects


@transaction.atomic
def import_session_save_project(
    *, session, index: int | None, label: str, title: str, items: list[str], user, delete: bool = False
) -> int | None:
    """Add (``index`` None) or edit a key project; ``delete`` removes it. Returns its index."""
    locked = _locked_for_review(session)
    document = copy.deepcopy(locked.document)
    projects = document.setdefault("key_projects", [])
    if index is not None and not 0 <= index < len(projects):
        raise ImportInputError(_("没有第 %(n)s 个重点项目") % {"n": index + 1})
    before = projects[index] if index is not None else None
    if delete:
        if index is None:
            raise ImportInputError(_("没有要删除的重点项目"))
        projects.pop(index)
        _save(locked, session, document)
        _event(
            locked, Action.CORRECT_ROW, user, {"kind": "delete_project", "project": index, "before": before}
        )
        return None
    label = label.strip()[:30]
    items = [item.strip() for item in items if item.strip()][:MAX_ITEMS]
    if not label:
        raise ImportInputError(_("重点项目需要标签（如“专栏2”）"))
    number = "".join(ch for ch in label if ch.isdigit())
    project = {
        "label": label,
        "number": int(number) if number and len(number) <= 4 else (before or {}).get("number"),
        "title": title.strip()[:200] or None,
        "items": items,
        "chapter": (before or {}).get("chapter"),
        "line": (before or {}).get("line") or 1,
    }
    if before == project:
        return index
    if index is None:
        projects.append(project)
        index = len(projects) - 1
    else:
        projects[index] = project
    _save(locked, session, document)
    _event(
        locked,
        Action.CORRECT_ROW,
        user,
        {"kind": "project", "project": index, "before": before, "after": project},
    )
    return index
