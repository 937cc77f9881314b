from django.shortcuts import get_object_or_404, render

from indicators.models import PlanIndicator
from projects.models import KeyProject

from .models import Plan
from .tables import PlanIndicatorTable, PlanTable


def plan_list(request):
    table = PlanTable(Plan.objects.for_list())
    return render(request, "plans/plan_list.html", {"table": table})


def plan_detail(request, plan_id: int):
    plan = get_object_or_404(Plan.objects.select_related("region", "revises"), pk=plan_id)
    rows = list(PlanIndicator.objects.for_plan_page(plan))
    years = sorted({year for row in rows for year in (row.cells or {})})
    chapters = list(plan.chapters.order_by("order"))
    projects = KeyProject.objects.filter(plan=plan).select_related("chapter").prefetch_related("items")
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "indicator_table": PlanIndicatorTable(rows, years),
            "chapters": chapters,
            "projects": projects,
            "revisions": plan.revisions.all(),
        },
    )
