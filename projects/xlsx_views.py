"""Excel upload of key-project records (the 重点项目 sheet of the entry template): upload → preview → confirm."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.uploads import oversized_upload
from indicators.entry.access import batch_for_editor
from indicators.entry.batches import (
    UploadRefused,
    preview_summary,
    upload_batch_cancel,
    upload_refusal_record,
)
from indicators.entry.forms import UploadForm
from indicators.entry.selectors import plan_years, region_plans
from indicators.models import UploadBatch
from plans.access import region_for_editor

from .uploads import project_upload_confirm, project_upload_create

PROJECTS = UploadBatch.Kind.PROJECTS


@login_required
@require_http_methods(["GET", "POST"])
def project_upload(request, region_id: int):
    """Upload a filled 重点项目 sheet; a clean file goes to the preview, problems are listed here."""
    region = region_for_editor(request.user, region_id)
    batch = None
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, oversized=oversized_upload(request))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
            batch = project_upload_create(region=region, user=request.user, file_name=upload.name, data=data)
            if batch.state == UploadBatch.State.PREVIEW:
                return redirect("project-upload-preview", batch.pk)
            messages.error(request, _("文件有问题，未保存任何项目记录：请按下列位置修改后重新上传。"))
        else:
            upload = request.FILES.get("file")
            oversized = oversized_upload(request)
            upload_refusal_record(
                region=region,
                user=request.user,
                kind=PROJECTS,
                file_name=upload.name if upload else (oversized[0] if oversized else ""),
                reasons=[str(e) for errors in form.errors.values() for e in errors],
            )
            messages.error(request, _("上传失败，未保存任何数据。"))
    else:
        form = UploadForm()
    recent = UploadBatch.objects.filter(region=region, kind=PROJECTS).select_related("uploaded_by")[:10]
    return render(
        request,
        "projects/upload.html",
        {
            "region": region,
            "form": form,
            "batch": batch,
            "recent": recent,
            "years": plan_years(region_plans(region)),
            "max_mb": settings.UPLOAD_MAX_BYTES / 1024 / 1024,
        },
    )


@login_required
@require_GET
def upload_preview(request, batch_id: int):
    batch = batch_for_editor(request.user, batch_id, kind=PROJECTS)
    return render(
        request,
        "projects/upload_preview.html",
        {"batch": batch, "region": batch.region, "summary": preview_summary(batch)},
    )


@login_required
@require_POST
def upload_confirm(request, batch_id: int):
    batch = batch_for_editor(request.user, batch_id, kind=PROJECTS)
    try:
        outcome = project_upload_confirm(batch=batch, user=request.user)
    except UploadRefused as exc:
        messages.error(request, exc.message)
        return redirect("project-upload-preview", batch.pk)
    if outcome.saved:
        messages.success(
            request, _("已保存上传文件中 %(count)s 条项目实施记录。") % {"count": outcome.result.changed}
        )
    else:
        messages.error(
            request, _("未保存任何项目记录：预览之后记录已被他人修改或年度已锁定，请重新下载模板并上传。")
        )
    return redirect("project-upload-preview", batch.pk)


@login_required
@require_POST
def upload_cancel(request, batch_id: int):
    batch = batch_for_editor(request.user, batch_id, kind=PROJECTS)
    try:
        upload_batch_cancel(batch=batch, user=request.user)
    except UploadRefused as exc:
        messages.error(request, exc.message)
        return redirect("project-upload-preview", batch.pk)
    messages.info(request, _("已取消该上传，未保存任何数据。"))
    return redirect("project-upload", batch.region_id)
