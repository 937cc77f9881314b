"""Review-screen corrections (administrators): warnings, rows, target year, pasted table, projects.

Thin POST views: the form is read, one service in :mod:`plans.imports.corrections` does the
work in one transaction and records it, and the browser goes back to the review screen
with a message. Nothing here renders its own page.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .corrections import (
    import_session_acknowledge_warnings,
    import_session_add_row,
    import_session_delete_row,
    import_session_move_row,
    import_session_paste_table,
    import_session_save_project,
    import_session_set_sub_row,
    import_session_set_target_year,
)
from .forms import NewRowForm, PasteTableForm, ProjectForm
from .services import ImportInputError
from .views import _administrator, _session

_PROJECT_PREFIX = re.compile(r"p(?:\d{1,4}|new)")


def _back(session, anchor: str = ""):
    return redirect(reverse("import-review", args=[session.pk]) + (f"#{anchor}" if anchor else ""))


def _run(request, session, anchor: str, action, success: str | None):
    try:
        result = action()
    except ImportInputError as exc:
        messages.error(request, str(exc))
        return _back(session, anchor)
    if success and result is not False:
        messages.success(request, success)
    return _back(session, anchor)


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
@require_POST
def import_warnings_ack(request, session_id: int):
    _administrator(request)
    session = _session(session_id)
    indexes = [i for i in (_int(v) for v in request.POST.getlist("ack")) if i is not None]
    if not indexes:
        messages.error(request, _("请勾选要确认的提示。"))
        return _back(session, "review-warnings")
    return _run(
        request,
        session,
        "review-warnings",
        lambda: import_session_acknowledge_warnings(session=session, indexes=indexes, user=request.user),
        _("已确认所选提示。"),
    )


@login_required
@require_POST
def import_row_add(request, session_id: int):
    _administrator(request)
    session = _session(session_id)
    rows = (session.document or {}).get("indicators", [])
    years = sorted({year for row in rows for year in (row.get("cells") or {})})
    form = NewRowForm(request.POST, prefix="new", years=years)
    if not form.is_valid():
        problems = "；".join(f"{form.fields[k].label}：{e}" for k, errs in form.errors.items() for e in errs)
        messages.error(request, _("未添加：%(problems)s") % {"problems": problems})
        return _back(session, "indicators")
    after = _int(request.POST.get("after"))
    return _run(
        request,
        session,
        "indicators",
        lambda: import_session_add_row(session=session, values=form.values(), user=request.user, after=after),
        _("已添加指标行。"),
    )


@login_required
@require_POST
def import_row_edit(request, session_id: int, index: int):
    """Move, delete or (un)mark as sub-row one indicator row: ``op`` says which."""
    _administrator(request)
    session = _session(session_id)
    if not 0 <= index < len((session.document or {}).get("indicators", [])):
        raise Http404
    op = request.POST.get("op")
    user = request.user
    actions = {
        "up": (lambda: import_session_move_row(session=session, index=index, offset=-1, user=user), None),
        "down": (lambda: import_session_move_row(session=session, index=index, offset=1, user=user), None),
        "delete": (
            lambda: import_session_delete_row(session=session, index=index, user=user),
            _("已删除第 %(n)s 行。") % {"n": index + 1},
        ),
        "sub": (
            lambda: import_session_set_sub_row(session=session, index=index, is_sub=True, user=user),
            _("已将第 %(n)s 行设为上一指标的分项。") % {"n": index + 1},
        ),
        "unsub": (
            lambda: import_session_set_sub_row(session=session, index=index, is_sub=False, user=user),
            _("第 %(n)s 行不再是分项。") % {"n": index + 1},
        ),
    }
    if op not in actions:
        messages.error(request, _("未知操作。"))
        return _back(session, "indicators")
    action, success = actions[op]
    return _run(request, session, "indicators", action, success)


@login_required
@require_POST
def import_target_year(request, session_id: int):
    _administrator(request)
    session = _session(session_id)
    table, year = _int(request.POST.get("table"), 0), _int(request.POST.get("year"))
    if year is None:
        messages.error(request, _("请选择目标年份列。"))
        return _back(session, "indicators")
    return _run(
        request,
        session,
        "indicators",
        lambda: import_session_set_target_year(session=session, table=table, year=year, user=request.user),
        _("已将 %(year)s 年列设为目标。") % {"year": year},
    )


@login_required
@require_POST
def import_paste_table(request, session_id: int):
    _administrator(request)
    session = _session(session_id)
    form = PasteTableForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return _back(session, "paste-table")
    return _run(
        request,
        session,
        "indicators",
        lambda: import_session_paste_table(
            session=session, text=form.cleaned_data["text"], user=request.user
        ),
        _("已从粘贴的表格读入指标行，请核对。"),
    )


@login_required
@require_POST
def import_project_save(request, session_id: int):
    _administrator(request)
    session = _session(session_id)
    prefix = request.POST.get("form_prefix", "")
    form = ProjectForm(request.POST, prefix=prefix if _PROJECT_PREFIX.fullmatch(prefix) else None)
    if not form.is_valid():
        problems = "；".join(f"{form.fields[k].label}：{e}" for k, errs in form.errors.items() for e in errs)
        messages.error(request, _("重点项目未保存：%(problems)s") % {"problems": problems})
        return _back(session, "projects")
    data = form.cleaned_data
    return _run(
        request,
        session,
        "projects",
        lambda: import_session_save_project(
            session=session,
            index=data["index"],
            label=data["label"],
            title=data["title"],
            items=data["items"].splitlines(),
            user=request.user,
            delete=data["delete"],
        ),
        _("重点项目已保存。") if not data["delete"] else _("重点项目已删除。"),
    )
