"""The multi-year grid: one region, several years side by side, saved at once.

The same pieces as the yearly form: one ``EntryForm`` per year (field names prefixed with the
year), the same rules, and one call of ``indicator_values_record`` for all years, so the save is
all-or-nothing. Approved (locked) years are shown read-only. Editors of the region only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans.access import region_for_editor

from ..models import ValueSource
from ..services import ValuesRefused, indicator_values_record
from .forms import EntryForm
from .live import live_rules
from .selectors import EntryPage, entry_page, plan_years, region_plans

MAX_YEARS = 5


def grid_years(available: list[int], asked: str | None) -> list[int]:
    """The years asked for (``2022,2023``) that the plans cover, at most ``MAX_YEARS``; by default
    the last three years of the plans (the ones being filled in now)."""
    chosen = []
    for part in (asked or "").replace("，", ",").split(","):
        part = part.strip()
        if part.isdigit() and int(part) in available and int(part) not in chosen:
            chosen.append(int(part))
    return sorted(chosen)[:MAX_YEARS] if chosen else available[-3:]


@dataclass
class GridColumn:
    page: EntryPage
    form: EntryForm | None  # None: the year is locked (approved)

    @property
    def year(self) -> int:
        return self.page.year


def grid_rows(columns: list[GridColumn]) -> list[dict]:
    """One line per indicator (in the order of the earliest year), with each year's cell."""
    lines: dict[int, dict] = {}
    for position, column in enumerate(columns):
        fields = {}
        if column.form is not None:
            fields = {fields_of_row[0].key: fields_of_row for fields_of_row in column.form.row_fields()}
        for row in column.page.rows:
            line = lines.setdefault(row.indicator.pk, {"row": row, "cells": [None] * len(columns)})
            line["cells"][position] = {
                "row": row,
                "field": fields.get(row.key),
                "locked": column.form is None,
            }
    return list(lines.values())


def _columns(region, years: list[int], plans, data=None) -> list[GridColumn]:
    columns = []
    for year in years:
        page = entry_page(region, year, plans=plans)
        form = None if page.locked else EntryForm(data, rows=page.rows, year=year, prefix=str(year))
        columns.append(GridColumn(page, form))
    return columns


def _context(region, available, columns) -> dict:
    rules = {"fields": {}, "thresholds": {}, "messages": {}}
    for column in columns:
        if column.form is not None:
            part = live_rules(column.page.rows, prefix=f"{column.year}-")
            rules["fields"].update(part["fields"])
            rules |= {"thresholds": part["thresholds"], "messages": part["messages"]}
    return {
        "region": region,
        "available": available,
        "columns": columns,
        "years": [c.year for c in columns],
        "lines": grid_rows(columns),
        "any_open": any(c.form is not None for c in columns),
        "live_rules": rules if rules["fields"] else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def entry_grid(request, region_id: int):
    region = region_for_editor(request.user, region_id)
    plans = region_plans(region)
    available = plan_years(plans)
    years = grid_years(available, ",".join(request.GET.getlist("y")) or request.GET.get("years"))
    if request.method == "GET":
        return render(
            request, "indicators/entry/grid.html", _context(region, available, _columns(region, years, plans))
        )

    columns = _columns(region, years, plans, request.POST)
    forms = [c.form for c in columns if c.form is not None]
    valid = [form.is_valid() for form in forms]  # every year validated: errors shown for all at once
    if all(valid):
        entries = [entry for form in forms for entry in form.entries]
        if not entries:
            messages.info(request, _("没有修改，未保存任何数值。"))
            return redirect(request.get_full_path())
        try:
            result = indicator_values_record(
                region=region, entries=entries, source=ValueSource.ENTERED, user=request.user
            )
        except ValuesRefused as exc:
            for problem in exc.problems:
                messages.error(request, f"{problem.year}：{problem.message}")
        else:
            messages.success(
                request, _("已保存 %(count)s 个数值的修改，进展状态已更新。") % {"count": result.changed}
            )
            return redirect(request.get_full_path())
    else:
        messages.error(request, _("未保存任何数值：请处理标出的问题后再保存。"))
    return render(request, "indicators/entry/grid.html", _context(region, available, columns))
