"""Entry screens: thin views — check access → form → service → redirect/render."""

from __future__ import annotations

import io
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.uploads import oversized_upload
from plans.access import editable_regions, is_approver, readable_regions, region_for_editor, region_for_reader

from ..models import UploadBatch, ValueSource
from ..services import ValuesRefused, indicator_values_record
from .access import batch_for_editor, region_for_approver, year_of_region
from .batches import UploadRefused, preview_summary, upload_batch_cancel, upload_refusal_record
from .forms import EntryForm, ReasonForm, TemplateYearsForm, UploadForm
from .live import live_rules
from .review import review_items
from .rules import thresholds_for_display
from .selectors import entry_page, entry_rows, plan_years, region_plans, regions_with_years, value_text
from .submissions import (
    SubmissionRefused,
    year_submission_approve,
    year_submission_return,
    year_submission_unlock,
    year_value_versions,
)
from .uploads import upload_batch_confirm, upload_batch_create
from .xlsx_write import entry_template_build

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def entry_index(request):
    """The regions this user can see, with their plan years and each year's review state."""
    editable = set(editable_regions(request.user).values_list("pk", flat=True))
    # Synthetic regions (performance data) never mix with real ones.
    regions = regions_with_years(readable_regions(request.user).filter(synthetic=False))
    pending = []
    if is_approver(request.user):
        pending = [
            (item.region, year)
            for item in regions
            for year, submission in item.years
            if submission is not None and submission.state == "submitted"
        ]
    return render(
        request,
        "indicators/entry/index.html",
        {"regions": regions, "editable": editable, "pending": pending},
    )


def _form_context(request, page, form, *, can_edit: bool) -> dict:
    state = page.state
    can_review = is_approver(request.user) and state == "submitted"
    return {
        "page": page,
        "form": form,
        # submitted: frozen for review; approved: locked (see entry.submissions)
        "can_edit": can_edit and state in ("open", "returned"),
        "can_submit": can_edit and state in ("open", "returned"),
        "can_review": can_review,
        "can_unlock": is_approver(request.user) and state == "approved",
        "review": review_items(page) if can_review else None,
        "seen_versions": json.dumps(year_value_versions(region=page.region, year=page.year))
        if can_review
        else "",
        "thresholds": thresholds_for_display(),
        "live_rules": live_rules(page.rows) if can_edit and not page.locked else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def entry_form(request, region_id: int, year: int):
    """One region, one year: every tracked indicator with its context, history and review state."""
    if request.method == "POST":
        region = region_for_editor(request.user, region_id)
    else:
        region = region_for_reader(request.user, region_id)
    plans = region_plans(region)
    year_of_region(region, year, plans)
    page = entry_page(region, year, plans=plans)
    can_edit = editable_regions(request.user).filter(pk=region.pk).exists()
    if request.method == "GET":
        form = EntryForm(rows=page.rows, year=year)
        return render(
            request, "indicators/entry/form.html", _form_context(request, page, form, can_edit=can_edit)
        )

    form = EntryForm(request.POST, rows=page.rows, year=year)
    if form.is_valid():
        if not form.entries:
            messages.info(request, _("没有修改，未保存任何数值。"))
            return redirect("entry-form", region.pk, year)
        try:
            result = indicator_values_record(
                region=region, entries=form.entries, source=ValueSource.ENTERED, user=request.user
            )
        except ValuesRefused as exc:
            page = entry_page(region, year, plans=plans)
            form = _form_after_refusal(request, page, exc)
            messages.error(request, _("未保存任何数值：请处理标出的问题后再保存。"))
        else:
            messages.success(
                request,
                _("已保存 %(year)s 年 %(count)s 个数值的修改，进展状态已更新。")
                % {"year": year, "count": result.changed},
            )
            return redirect("entry-form", region.pk, year)
    else:
        messages.error(request, _("未保存任何数值：请处理标出的问题后再保存。"))
    return render(
        request, "indicators/entry/form.html", _form_context(request, page, form, can_edit=can_edit)
    )


def _form_after_refusal(request, page, exc: ValuesRefused) -> EntryForm:
    """Re-display the person's input beside the newer values; saving again is then a knowing overwrite."""
    data = request.POST.copy()
    for problem in exc.problems:
        if problem.current is not None:  # a conflict: show theirs as the starting point, keep ours
            data[f"ver_{problem.key[2:]}"] = str(problem.current.version)
            unit = next((r.unit for r in page.rows if r.indicator.pk == problem.indicator.pk), "")
            data[f"initial-{problem.key}"] = value_text(problem.current, unit)
    form = EntryForm(data, rows=page.rows, year=page.year)
    form.is_valid()
    for problem in exc.problems:
        form.add_error(problem.key if problem.key in form.fields else None, problem.message)
    return form


def _after_step(request, region, year):
    return redirect("entry-form", region.pk, year)


@login_required
@require_POST
def entry_approve(request, region_id: int, year: int):
    region = region_for_approver(request.user, region_id)
    year_of_region(region, year)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("请勾选“我已核对下方审核清单中的数值”后再审核通过。"))
        return _after_step(request, region, year)
    try:
        year_submission_approve(
            region=region, year=year, user=request.user, seen=_seen_versions(request.POST.get("versions"))
        )
    except SubmissionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(year)s 年数据已审核通过并锁定。") % {"year": year})
    return _after_step(request, region, year)


def _seen_versions(text: str | None) -> dict[str, int] | None:
    """The ``{value id: version}`` set the review page showed; None when missing or malformed."""
    try:
        seen = json.loads(text or "")
    except ValueError:
        return None
    if not isinstance(seen, dict) or not all(isinstance(v, int) for v in seen.values()):
        return None
    return seen


def _reasoned_step(request, region_id: int, year: int, service, done: str):
    region = region_for_approver(request.user, region_id)
    year_of_region(region, year)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写原因（不超过 500 字）。"))
        return _after_step(request, region, year)
    try:
        service(region=region, year=year, user=request.user, reason=form.cleaned_data["reason"])
    except SubmissionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done % {"year": year})
    return _after_step(request, region, year)


@login_required
@require_POST
def entry_return(request, region_id: int, year: int):
    return _reasoned_step(
        request, region_id, year, year_submission_return, _("%(year)s 年数据已退回录入员。")
    )


@login_required
@require_POST
def entry_unlock(request, region_id: int, year: int):
    return _reasoned_step(
        request, region_id, year, year_submission_unlock, _("%(year)s 年数据已解锁，可以修改。")
    )


@login_required
@require_GET
def entry_template(request, region_id: int):
    """The pre-filled Excel template for the chosen years (all plan years when none is chosen)."""
    region = region_for_reader(request.user, region_id)
    plans = region_plans(region)
    years = plan_years(plans)
    form = TemplateYearsForm(request.GET, years=years)
    if not years or not form.is_valid():
        messages.error(request, _("请选择本地区规划期内的年份。"))
        return redirect("entry-index")
    chosen = sorted(form.cleaned_data["year"]) or years
    pages = [(year, entry_rows(region, year, plans, with_history=False)) for year in chosen]
    data = entry_template_build(region=region, pages=pages)
    span = str(chosen[0]) if len(chosen) == 1 else f"{chosen[0]}-{chosen[-1]}"
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"{region.short_name}_{span}年_填报模板.xlsx",
        content_type=XLSX,
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_upload(request, region_id: int):
    """Upload a filled template; a clean file goes to the preview, problems are listed here."""
    region = region_for_editor(request.user, region_id)
    batch = None
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, oversized=oversized_upload(request))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
            batch = upload_batch_create(region=region, user=request.user, file_name=upload.name, data=data)
            if batch.state == UploadBatch.State.PREVIEW:
                return redirect("entry-upload-preview", batch.pk)
            messages.error(request, _("文件有问题，未保存任何数据：请按下列位置修改后重新上传。"))
        else:
            upload = request.FILES.get("file")
            oversized = oversized_upload(request)
            upload_refusal_record(
                region=region,
                user=request.user,
                file_name=upload.name if upload else (oversized[0] if oversized else ""),
                reasons=[str(e) for errors in form.errors.values() for e in errors],
            )
            messages.error(request, _("上传失败，未保存任何数据。"))
    else:
        form = UploadForm()
    recent = UploadBatch.objects.filter(region=region, kind=UploadBatch.Kind.VALUES).select_related(
        "uploaded_by"
    )[:10]
    return render(
        request,
        "indicators/entry/upload.html",
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
    batch = batch_for_editor(request.user, batch_id)
    return render(
        request,
        "indicators/entry/upload_preview.html",
        {"batch": batch, "region": batch.region, "summary": preview_summary(batch)},
    )


@login_required
@require_POST
def upload_confirm(request, batch_id: int):
    batch = batch_for_editor(request.user, batch_id)
    try:
        outcome = upload_batch_confirm(batch=batch, user=request.user)
    except UploadRefused as exc:
        messages.error(request, exc.message)
        return redirect("entry-upload-preview", batch.pk)
    if outcome.saved:
        messages.success(
            request,
            _("已保存上传文件中 %(count)s 个数值的修改，进展状态已更新。")
            % {"count": outcome.result.changed},
        )
    else:
        messages.error(request, _("未保存任何数据：预览之后数据已被修改或锁定，请重新下载模板并上传。"))
    return redirect("entry-upload-preview", batch.pk)


@login_required
@require_POST
def upload_cancel(request, batch_id: int):
    batch = batch_for_editor(request.user, batch_id)
    try:
        upload_batch_cancel(batch=batch, user=request.user)
    except UploadRefused as exc:
        messages.error(request, exc.message)
        return redirect("entry-upload-preview", batch.pk)
    messages.info(request, _("已取消该上传，未保存任何数据。"))
    return redirect("entry-upload", batch.region_id)
