"""Key-project screens: thin views — check access → form → service → redirect/render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.uploads import oversized_upload
from indicators.entry.access import year_of_region
from indicators.services import year_is_frozen
from plans.access import editable_regions, region_for_editor, region_for_reader

from .access import evidence_for_reader, record_for_editor
from .forms import EvidenceForm, ProjectRecordsForm
from .selectors import project_entry_page, project_history
from .services import RecordRefused, RecordsRefused, project_record_attach_evidence, project_records_save


def _rows(pages):
    return [row for page in pages for row in page.rows]


@login_required
@require_http_methods(["GET", "POST"])
def project_entry(request, region_id: int, year: int):
    """One region, one year: every key project and item of its plans with this year's record."""
    if request.method == "POST":
        region = region_for_editor(request.user, region_id)
    else:
        region = region_for_reader(request.user, region_id)
    year_of_region(region, year)
    pages = project_entry_page(region, year)
    locked = year_is_frozen(region=region, year=year)
    can_edit = not locked and editable_regions(request.user).filter(pk=region.pk).exists()
    form = ProjectRecordsForm(request.POST or None, rows=_rows(pages))
    if request.method == "POST":
        if form.is_valid():
            if not form.entries:
                messages.info(request, _("没有修改，未保存任何项目记录。"))
                return redirect("project-entry", region.pk, year)
            try:
                result = project_records_save(
                    region=region, year=year, entries=form.entries, user=request.user, source="entered"
                )
            except RecordsRefused as exc:
                for problem in exc.problems:
                    form.add_error(f"{problem.key}-status", problem.message)
                messages.error(request, _("未保存任何项目记录：请处理标出的问题后再保存。"))
            else:
                messages.success(
                    request,
                    _("已保存 %(year)s 年 %(count)s 条项目实施记录。")
                    % {"year": year, "count": result.changed},
                )
                return redirect("project-entry", region.pk, year)
        else:
            messages.error(request, _("未保存任何项目记录：请处理标出的问题后再保存。"))
    return render(
        request,
        "projects/entry.html",
        {
            "region": region,
            "year": year,
            "pages": pages,
            "form": form,
            "locked": locked,
            "can_edit": can_edit,
            "history": project_history(region, year),
            "max_mb": round(settings.PROJECT_EVIDENCE_MAX_BYTES / 1024 / 1024, 1),
        },
    )


@login_required
@require_POST
def project_evidence_upload(request, record_id: int):
    record = record_for_editor(request.user, record_id)
    form = EvidenceForm(request.POST, request.FILES, oversized=oversized_upload(request))
    if not form.is_valid():
        messages.error(request, _("佐证材料未保存：文件过大或未选择文件。"))
        return redirect("project-entry", record.region_id, record.year)
    upload = form.cleaned_data["file"]
    data = upload.read(settings.PROJECT_EVIDENCE_MAX_BYTES + 1)
    try:
        project_record_attach_evidence(record=record, file_name=upload.name, data=data, user=request.user)
    except RecordRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("佐证材料已保存。"))
    return redirect("project-entry", record.region_id, record.year)


@login_required
@require_GET
def project_evidence_download(request, evidence_id: int):
    """The stored bytes, as an attachment with the sniffed type, never rendered inline."""
    evidence = evidence_for_reader(request.user, evidence_id)
    response = HttpResponse(bytes(evidence.data), content_type=evidence.content_type)
    response["Content-Disposition"] = _attachment(evidence.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"evidence.{name.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(name)}"
