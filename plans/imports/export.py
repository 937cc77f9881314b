"""A plan back out of the database: the interchange JSON (docs/interchange.md) and an Excel table.

The JSON is rebuilt from what was saved, not from the parser's output, so it shows
what the portal holds (including an administrator's corrections). Re-importing it
changes nothing: its ``source.sha256`` is the plan's. The one field the database
does not keep is an indicator row's ``table`` (which table of the document it came
from): exports write 0.

Spreadsheet cells are text written by other people: any cell starting with
``= + - @`` (or a tab / carriage return) is stored as a quoted string, never as a
formula (CSV/formula injection).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Nature, PlanIndicator
from plans.parsing.cells import read_cell
from plans.parsing.model import FORMAT_NAME, FORMAT_VERSION
from projects.models import KeyProject

from ..models import Plan

NATURE_TEXT = {Nature.EXPECTED: "预期性", Nature.BINDING: "约束性", Nature.ADVISORY: "指导性"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _or_none(text: str | None) -> str | None:
    return text if text else None


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _issue_date(plan: Plan) -> str | None:
    if plan.issue_date is None:
        return None
    if plan.issue_date_precision == Plan.DatePrecision.MONTH:
        return plan.issue_date.strftime("%Y-%m")
    return plan.issue_date.isoformat()


def _years(cells: dict) -> list[int]:
    return sorted(int(year) for year in cells if str(year).isdigit())


def _reading(cells: dict, year: int | None) -> dict | None:
    if year is None:
        return None
    return {"year": year, **read_cell(cells.get(str(year), "")).to_dict()}


def _indicator_rows(plan: Plan) -> list[dict]:
    rows = list(PlanIndicator.objects.for_plan_page(plan))
    index_of = {row.pk: i for i, row in enumerate(rows)}
    out = []
    for row in rows:
        cells = dict(row.cells or {})
        years = _years(cells)
        targets = list(row.targets.all())
        target = targets[-1] if targets else None
        target_year = target.year if target else (years[-1] if years else None)
        earlier = [y for y in years if target_year is None or y < target_year]
        out.append(
            {
                "domain": _or_none(row.domain),
                "seq": _or_none(row.seq),
                "name": row.name,
                "unit": _or_none(row.unit),
                "nature": NATURE_TEXT.get(row.nature),
                "progress_estimate": _or_none(row.progress_estimate),
                "sub_of": index_of.get(row.parent_id),
                "cells": cells,
                "baseline": _reading(cells, earlier[-1] if earlier else None),
                "target": None
                if target is None
                else {
                    "year": target.year,
                    "raw": target.raw,
                    "kind": target.kind,
                    "comparator": _or_none(target.comparator),
                    "value": _number(target.value),
                    "params": dict(target.params or {}),
                },
                "line": row.line,
                "table": 0,
            }
        )
    return out


def plan_export_interchange(plan: Plan) -> dict:
    """The plan as a ``plan-interchange`` version 1 document, rebuilt from the database."""
    chapters = list(plan.chapters.order_by("order"))
    chapter_index = {c.pk: i for i, c in enumerate(chapters)}
    projects = KeyProject.objects.filter(plan=plan).prefetch_related("items").order_by("order")
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "source": {
            "name": plan.source_name,
            "sha256": plan.source_sha256,
            "encoding": _or_none(plan.source_encoding),
        },
        "plan": {
            "title": plan.title,
            "region": plan.region.name,
            "region_short": plan.region.short_name,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "status": plan.status,
            "draft_marker": _or_none(plan.draft_marker),
            "issuer": _or_none(plan.issuer),
            "doc_number": _or_none(plan.doc_number),
            "issue_date": _issue_date(plan),
        },
        "chapters": [
            {
                "level": c.level,
                "marker": c.marker,
                "title": c.title,
                "heading": c.heading,
                "line": c.line,
                "parent": chapter_index.get(c.parent_id),
                "text": c.text,
            }
            for c in chapters
        ],
        "indicators": _indicator_rows(plan),
        "key_projects": [
            {
                "label": p.label,
                "number": p.number,
                "title": _or_none(p.title),
                "items": [item.text for item in p.items.all()],
                "chapter": chapter_index.get(p.chapter_id),
                "line": p.line,
            }
            for p in projects
        ],
        "warnings": list(plan.parse_warnings or []),
    }


def is_formula_like(value) -> bool:
    """Text a spreadsheet would run as a formula (``=1+1``, ``+cmd``, ``@SUM``, ``-2+3``)."""
    return isinstance(value, str) and value.startswith(_FORMULA_STARTS)


def write_text_cell(sheet, row: int, column: int, value):
    """Write a value; text is always a string cell, formula-like text also quote-prefixed."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell


def _fit_columns(sheet) -> None:
    """Column widths from the content (CJK counted double), as in every other export."""
    from openpyxl.utils import get_column_letter

    from indicators.dashboards.exports import column_widths

    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    if rows:
        for position, width in enumerate(column_widths(rows[0], rows[1:]), start=1):
            sheet.column_dimensions[get_column_letter(position)].width = width


def plan_export_xlsx(plan: Plan) -> bytes:
    """The plan's indicator table as an .xlsx workbook (plus a sheet of plan metadata)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = list(PlanIndicator.objects.for_plan_page(plan))
    years = sorted({year for row in rows for year in (row.cells or {})})
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("主要指标")
    header = [
        _("行号"),
        _("领域"),
        _("序号"),
        _("指标名称"),
        _("单位"),
        *[_("%(year)s年") % {"year": year} for year in years],
        _("指标性质"),
        _("预计进度"),
        _("目标年"),
        _("目标原文"),
        _("目录指标编码"),
        _("目录指标名称"),
        _("源文件行号"),
        _("目标比较符"),
        _("目标值（数值）"),
        _("来源"),
    ]
    for column, title in enumerate(header, start=1):
        write_text_cell(sheet, 1, column, title).font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        targets = list(row.targets.all())
        target = targets[-1] if targets else None
        values = [
            row.order + 1,
            row.domain,
            row.seq,
            row.name,
            row.unit,
            *[(row.cells or {}).get(year, "") for year in years],
            NATURE_TEXT.get(row.nature, ""),
            row.progress_estimate,
            target.year if target else None,
            target.raw if target else "",
            row.indicator.code,
            row.indicator.name,
            row.line,
            target.comparator if target else "",
            float(target.value) if target and target.value is not None else None,
            _("规划文本"),
        ]
        for column, value in enumerate(values, start=1):
            write_text_cell(sheet, r, column, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _fit_columns(sheet)

    info = workbook.create_sheet(_("规划信息"))
    for r, (label, value) in enumerate(
        [
            (_("标题"), plan.title),
            (_("地区"), plan.region.name),
            (_("规划期"), plan.period_label),
            (_("状态"), plan.get_status_display()),
            (_("稿次标记"), plan.draft_marker),
            (_("印发机关"), plan.issuer),
            (_("文号"), plan.doc_number),
            (_("印发日期"), plan.issue_date_label),
            (_("源文件"), plan.source_name),
            (_("源文件 SHA-256"), plan.source_sha256),
        ],
        start=1,
    ):
        write_text_cell(info, r, 1, label).font = Font(bold=True)
        write_text_cell(info, r, 2, value)
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 60

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
