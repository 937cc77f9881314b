from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .catalog import MappingRefused, catalog_match, plan_indicator_map
from .forms import MapRowForm
from .models import PlanIndicator


@login_required
@permission_required("indicators.change_planindicator", raise_exception=True)
@require_http_methods(["GET"])
def unmatched_list(request):
    """Plan rows no catalog entry matched: an administrator maps each one by hand."""
    rows = (
        PlanIndicator.objects.filter(indicator__local_to_plan__isnull=False)
        .select_related("plan__region", "indicator")
        .order_by("plan__region__name", "plan_id", "order")
    )
    entries = [
        {
            "row": row,
            "reason": catalog_match(name=row.name, unit=row.unit).reason,
            "form": MapRowForm(prefix=f"r{row.pk}"),
        }
        for row in rows
    ]
    return render(request, "indicators/unmatched_list.html", {"entries": entries})


@login_required
@permission_required("indicators.change_planindicator", raise_exception=True)
@require_POST
def unmatched_map(request, row_id: int):
    row = get_object_or_404(
        PlanIndicator.objects.select_related("plan__region", "indicator"),
        pk=row_id,
        indicator__local_to_plan__isnull=False,
    )
    form = MapRowForm(request.POST, prefix=f"r{row.pk}")
    if not form.is_valid():
        messages.error(request, _("请选择要映射到的目录指标。"))
        return redirect("catalog-unmatched")
    try:
        plan_indicator_map(row=row, indicator=form.cleaned_data["indicator"], user=request.user)
    except MappingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已将“%(row)s”映射到 %(code)s")
            % {"row": row.name, "code": form.cleaned_data["indicator"].code},
        )
    return redirect("catalog-unmatched")
