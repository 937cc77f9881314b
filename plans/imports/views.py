"""Import screens (administrators), plan version diffs and exports (readers).

Every view: check access → form → service → redirect/render. Service refusals
become messages on the page, never a 500.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.uploads import oversized_upload
from divisions.benchmarks import draft_benchmark_rows
from plans.access import is_admin, readable_regions
from plans.models import ImportEvent, ImportSession, Plan
from plans.services import ImportRejected

from .audit import event_lines
from .diff import plan_diff, plan_versions
from .export import plan_export_interchange, plan_export_xlsx
from .forms import MetadataForm, NewRowForm, PasteTableForm, ProjectForm, RowCorrectionForm, UploadForm
from .review import import_review as build_review
from .services import (
    ImportInputError,
    import_session_correct_row,
    import_session_discard,
    import_session_edit_metadata,
    import_session_map_rows,
    import_session_publish,
    import_session_reject,
    import_session_upload,
    row_years,
    size_label,
    too_large_message,
)

logger = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --------------------------------------------------------------------------- access


def _administrator(request) -> None:
    """Only administrators import plans; everyone else signed in gets 403."""
    if not is_admin(request.user):
        raise PermissionDenied


def _session(session_id: int) -> ImportSession:
    return get_object_or_404(
        ImportSession.objects.select_related("uploaded_by", "published_plan"), pk=session_id
    )


def _event_entries(events) -> list[dict]:
    return [{"event": event, "lines": event_lines(event)} for event in events]


def _readable_plan(request, plan_id: int) -> Plan:
    """A plan whose region this user may read (administrators, planners, approvers: all); 404 otherwise."""
    plan = get_object_or_404(Plan.objects.select_related("region", "revises"), pk=plan_id)
    if not readable_regions(request.user).filter(pk=plan.region_id).exists():
        raise Http404
    return plan


# --------------------------------------------------------------------------- upload


@login_required
@require_GET
def import_list(request):
    _administrator(request)
    sessions = ImportSession.objects.select_related("uploaded_by", "published_plan")[:200]
    return render(
        request,
        "plans/imports/import_list.html",
        {"form": UploadForm(), "sessions": sessions, "limit": size_label(settings.UPLOAD_MAX_BYTES)},
    )


@login_required
@require_POST
def import_upload(request):
    _administrator(request)
    form = UploadForm(request.POST, request.FILES)
    too_large = oversized_upload(request)
    limit = settings.UPLOAD_MAX_BYTES
    if too_large:
        name, size = too_large
        session = import_session_reject(
            file_name=name,
            reason=too_large_message(limit),
            user=request.user,
            size=size,
        )
    elif not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("import-list")
    else:
        upload = form.cleaned_data["file"]
        if upload.size > limit:
            session = import_session_reject(
                file_name=upload.name,
                reason=too_large_message(limit),
                user=request.user,
                size=upload.size,
            )
        else:
            session = import_session_upload(file_name=upload.name, data=upload.read(), user=request.user)
    if session.state == ImportSession.State.REJECTED:
        messages.error(
            request,
            _("“%(name)s”未导入：%(reason)s") % {"name": session.file_name, "reason": session.reject_reason},
        )
        return redirect("import-list")
    messages.success(request, _("已读取“%(name)s”，请核对后发布。") % {"name": session.file_name})
    return redirect("import-review", session.pk)


# --------------------------------------------------------------------------- review


def _render_review(request, session: ImportSession, form: MetadataForm, status: int = 200):
    review = build_review(session)
    for row in review.rows:
        years = [year for year, _raw in row.cells]
        row.form = RowCorrectionForm(
            prefix=f"row{row.index}", years=years, initial=RowCorrectionForm.initial_from(row.row, years)
        )
    years = sorted({year for row in review.rows for year, _raw in row.cells})
    for i, project in enumerate(review.projects):
        project["form"] = ProjectForm(
            prefix=f"p{i}",
            initial={
                "index": i,
                "label": project.get("label"),
                "title": project.get("title") or "",
                "items": "\n".join(project.get("items") or []),
            },
        )
    return render(
        request,
        "plans/imports/import_review.html",
        {
            "session": session,
            "review": review,
            "form": form,
            "new_row_form": NewRowForm(prefix="new", years=years),
            "paste_form": PasteTableForm(),
            "new_project_form": ProjectForm(prefix="pnew"),
            "events": _event_entries(session.events.select_related("user")),
            # issue 15: targets of the plans above (prefecture, province, nation) for the same indicator
            "benchmarks": draft_benchmark_rows((session.metadata or {}).get("region") or "", review.rows),
        },
        status=status,
    )


@login_required
@require_GET
def import_review(request, session_id: int):
    _administrator(request)
    session = _session(session_id)
    if session.state != ImportSession.State.REVIEW:
        return render(
            request,
            "plans/imports/import_detail.html",
            {"session": session, "events": _event_entries(session.events.select_related("user"))},
        )
    form = MetadataForm(initial=MetadataForm.initial_from(session.metadata or {}))
    return _render_review(request, session, form)


def _posted_mappings(post, row_count: int) -> dict[int, str]:
    mappings = {}
    for index in range(row_count):
        key = f"map-{index}"
        if key in post:
            mappings[index] = post.get(key, "").strip()
    return mappings


@login_required
@require_POST
def import_review_save(request, session_id: int):
    """Save the reviewed metadata and row mappings; with ``action=publish``, publish too."""
    _administrator(request)
    session = _session(session_id)
    if session.state != ImportSession.State.REVIEW:
        messages.error(
            request, _("该导入的状态为“%(state)s”，不能再修改。") % {"state": session.get_state_display()}
        )
        return redirect("import-review", session.pk)
    form = MetadataForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("规划信息有误，请按提示修改后再保存。"))
        return _render_review(request, session, form)
    rows = (session.document or {}).get("indicators", [])
    try:
        import_session_edit_metadata(session=session, metadata=form.cleaned_data, user=request.user)
        import_session_map_rows(
            session=session, mappings=_posted_mappings(request.POST, len(rows)), user=request.user
        )
    except ImportInputError as exc:
        messages.error(request, str(exc))
        return redirect("import-review", session.pk)
    if request.POST.get("action") != "publish":
        messages.success(request, _("已保存。"))
        return redirect("import-review", session.pk)
    return _publish(request, session)


def _publish(request, session: ImportSession):
    try:
        outcome = import_session_publish(
            session=session, user=request.user, confirm_empty=request.POST.get("confirm_empty") == "1"
        )
    except ImportRejected as exc:
        messages.error(request, _("未发布：%(problems)s") % {"problems": "；".join(exc.problems)})
        return redirect("import-review", session.pk)
    except ImportInputError as exc:
        messages.error(request, str(exc))
        return redirect("import-review", session.pk)
    except DatabaseError:
        logger.exception("publishing import session %s failed", session.pk)
        messages.error(request, _("未发布：数据库保存失败，已记录错误，请稍后重试。"))
        return redirect("import-review", session.pk)
    plan = outcome.result.plan
    text = {
        "created": _("已发布新规划“%(title)s”。"),
        "new_version": _("已发布“%(title)s”，作为同一地区、同一规划期已有规划的新版本。"),
        "unchanged": _("该文件此前已导入为“%(title)s”，内容未变，未做修改。"),
    }[outcome.result.outcome]
    messages.success(request, text % {"title": plan.title})
    return redirect("plan-list")


@login_required
@require_POST
def import_row_correct(request, session_id: int, index: int):
    _administrator(request)
    session = _session(session_id)
    document = session.document or {}
    if not 0 <= index < len(document.get("indicators", [])):
        raise Http404
    form = RowCorrectionForm(request.POST, prefix=f"row{index}", years=row_years(document, index))
    anchor = reverse("import-review", args=[session.pk]) + f"#row-{index}"
    if not form.is_valid():
        problems = "；".join(f"{form.fields[k].label}：{e}" for k, errs in form.errors.items() for e in errs)
        messages.error(request, _("第 %(n)s 行未更正：%(problems)s") % {"n": index + 1, "problems": problems})
        return redirect(anchor)
    try:
        changed = import_session_correct_row(
            session=session, index=index, values=form.values(), user=request.user
        )
    except ImportInputError as exc:
        messages.error(request, str(exc))
        return redirect(anchor)
    if changed:
        messages.success(request, _("已更正第 %(n)s 行。") % {"n": index + 1})
    return redirect(anchor)


@login_required
@require_POST
def import_discard(request, session_id: int):
    _administrator(request)
    session = _session(session_id)
    try:
        import_session_discard(session=session, user=request.user)
    except ImportInputError as exc:
        messages.error(request, str(exc))
        return redirect("import-review", session.pk)
    messages.success(request, _("已放弃导入“%(name)s”。") % {"name": session.file_name})
    return redirect("import-list")


@login_required
@require_GET
def import_source(request, session_id: int):
    """The text the parser read (for Word files: the converted text), with line numbers."""
    _administrator(request)
    session = _session(session_id)
    lines = list(enumerate((session.source_text or "").split("\n"), start=1))
    return render(request, "plans/imports/import_source.html", {"session": session, "lines": lines})


@login_required
@require_GET
def import_audit(request):
    _administrator(request)
    events = ImportEvent.objects.select_related("session", "user").order_by("-at", "-id")
    action = request.GET.get("action", "")
    if action in ImportEvent.Action.values:
        events = events.filter(action=action)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/imports/import_audit.html",
        {
            "page": page,
            "entries": _event_entries(page.object_list),
            "action": action,
            "actions": ImportEvent.Action.choices,
        },
    )


# --------------------------------------------------------------------------- versions, diff, export


@login_required
@require_GET
def plan_version_list(request):
    plans = (
        Plan.objects.filter(region__in=readable_regions(request.user))
        .select_related("region", "revises")
        .order_by("region__name", "period_start", "id")
    )
    return render(request, "plans/imports/plan_versions.html", {"plans": plans})


@login_required
@require_GET
def plan_diff_view(request, plan_id: int):
    plan = _readable_plan(request, plan_id)
    versions = plan_versions(plan)
    base = plan.revises
    base_id = request.GET.get("base")
    if base_id:
        if not base_id.isdigit():
            raise Http404
        base = _readable_plan(request, int(base_id))
        if base.region_id != plan.region_id or base.pk == plan.pk:
            raise Http404
    diff = plan_diff(old=base, new=plan) if base is not None else None
    return render(
        request,
        "plans/imports/plan_diff.html",
        {"plan": plan, "base": base, "diff": diff, "versions": versions},
    )


@login_required
@require_GET
def plan_export_json(request, plan_id: int):
    plan = _readable_plan(request, plan_id)
    body = json.dumps(plan_export_interchange(plan), ensure_ascii=False, indent=1, allow_nan=False)
    response = HttpResponse(body + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"plan-{plan.pk}-interchange.json")
    return response


@login_required
@require_GET
def plan_export_xlsx_view(request, plan_id: int):
    plan = _readable_plan(request, plan_id)
    response = HttpResponse(plan_export_xlsx(plan), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"plan-{plan.pk}-indicators.xlsx")
    return response
