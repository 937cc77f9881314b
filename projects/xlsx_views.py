"""Excel upload of key-project records (the 重点项目 sheet of the entry template)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.uploads import oversized_upload
from indicators.entry.forms import UploadForm
from indicators.entry.selectors import plan_years, region_plans
from plans.access import region_for_editor

from .xlsx import UploadProblems, project_records_upload


@login_required
@require_http_methods(["GET", "POST"])
def project_upload(request, region_id: int):
    region = region_for_editor(request.user, region_id)
    years = plan_years(region_plans(region))
    problems: list[str] = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, oversized=oversized_upload(request))
        if form.is_valid():
            data = form.cleaned_data["file"].read(settings.UPLOAD_MAX_BYTES + 1)
            try:
                result = project_records_upload(region=region, user=request.user, data=data, years=years)
            except UploadProblems as exc:
                problems = exc.problems
                messages.error(request, _("文件有问题，未保存任何项目记录：请按下列位置修改后重新上传。"))
            else:
                messages.success(
                    request, _("已保存上传文件中 %(count)s 条项目实施记录。") % {"count": result.changed}
                )
                return redirect("project-upload", region.pk)
        else:
            messages.error(request, _("上传失败，未保存任何数据。"))
    else:
        form = UploadForm()
    return render(
        request,
        "projects/upload.html",
        {"region": region, "form": form, "problems": problems, "years": years},
    )
