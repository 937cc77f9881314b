from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from indicators.models import IndicatorStatus, PlanIndicator, status_label
from indicators.progress import STATUS_LABELS
from indicators.status import published_statuses
from projects.models import KeyProject

from .access import attached_division_ids, sees_provisional
from .chapters import chapter_section
from .models import Chapter, Plan
from .tables import PlanIndicatorTable, PlanTable


def plan_statuses_for(user, plan, rows: list[PlanIndicator]) -> list[IndicatorStatus]:
    """The status rows this user may see: the stored ones (provisional values included, marked)
    for those who may see the region's provisional values; otherwise computed from published
    values only (``indicators.publication``)."""
    if sees_provisional(user, plan.region):
        return list(IndicatorStatus.objects.for_plan(plan))
    return published_statuses(rows)


def plan_list(request):
    """Every current plan; a planner attached to a prefecture or province sees their own counties'
    plans and the plans above them by default, and may ask for every public plan (``?scope=all``)."""
    plans = Plan.objects.for_list()
    attached = attached_division_ids(request.user)
    scoped = bool(attached) and request.GET.get("scope") != "all"
    if scoped:
        from divisions.selectors import regions_in_view

        plans = plans.filter(region__in=regions_in_view(attached))
    context = {"table": PlanTable(plans), "attached": bool(attached), "scoped": scoped}
    return render(request, "plans/plan_list.html", context)


def plan_detail(request, plan_id: int):
    plan = get_object_or_404(Plan.objects.for_detail(), pk=plan_id)
    rows = list(PlanIndicator.objects.for_plan_page(plan))
    statuses: dict[int, list[IndicatorStatus]] = {}
    for status in plan_statuses_for(request.user, plan, rows):
        statuses.setdefault(status.plan_indicator_id, []).append(status)
    years = sorted({year for row in rows for year in (row.cells or {})})
    records = [
        {
            "row": row,
            "statuses": statuses.get(row.pk, []),
            **{f"y{y}": (row.cells or {}).get(y, "") for y in years},
        }
        for row in rows
    ]
    # The document part (key projects, table of contents) is rendered once per plan version and
    # cached (templates/plans/plan_detail.html): these querysets only run on a cache miss.
    # Chapter text lives on the chapter pages.
    chapters = Chapter.objects.toc(plan)
    projects = KeyProject.objects.filter(plan=plan).select_related("chapter").prefetch_related("items")
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "indicator_table": PlanIndicatorTable(records, years),
            "chapters": chapters,
            "projects": projects,
            "revisions": plan.revisions.only("id", "title"),
            "superseded": plan.revisions.exists(),
            "document_cache_seconds": settings.PLAN_DOCUMENT_CACHE_SECONDS,
        },
    )


def plan_chapter(request, plan_id: int, order: int):
    """One chapter of the plan's text with its sections, so the plan page stays light."""
    plan = get_object_or_404(Plan.objects.for_detail(), pk=plan_id)
    section = chapter_section(plan, order)
    if section is None:
        raise Http404
    return render(request, "plans/plan_chapter.html", {"plan": plan, **section})


def methodology(request):
    """How progress is rated: the thresholds in force and the meaning of each status."""
    return render(
        request,
        "plans/methodology.html",
        {
            "thresholds": settings.PROGRESS_THRESHOLDS,
            "statuses": {code: status_label(code) for code in STATUS_LABELS},
        },
    )
