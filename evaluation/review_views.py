"""The draft review page and its Word/Excel exports."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from indicators.dashboards.selectors import plan_for_reader

from .review import draft_review_build
from .review_export import review_docx, review_header, review_intro, review_rows, review_xlsx

TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_GET
def draft_review(request, plan_id: int):
    plan = plan_for_reader(request.user, plan_id)
    review = draft_review_build(plan)
    return render(
        request,
        "evaluation/review.html",
        {
            "plan": plan,
            "review": review,
            "intro": review_intro(review),
            "header": review_header(review),
            "rows": list(zip(review.rows, review_rows(review), strict=True)),
        },
    )


@login_required
@require_GET
def draft_review_export(request, plan_id: int, fmt: str):
    if fmt not in TYPES:
        raise Http404
    plan = plan_for_reader(request.user, plan_id)
    review = draft_review_build(plan)
    data = review_docx(review) if fmt == "docx" else review_xlsx(review)
    name = f"{plan.region.short_name}_新旧规划对照审查.{fmt}"
    response = HttpResponse(data, content_type=TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename=\"review.{fmt}\"; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_GET
def import_draft_review(request, session_id: int):
    """Administrators see the draft review of an import before publishing it (nothing is saved)."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404

    from plans.access import is_admin
    from plans.models import ImportSession

    from .review_preview import draft_review_preview

    if not is_admin(request.user):
        raise PermissionDenied
    session = get_object_or_404(ImportSession, pk=session_id, state=ImportSession.State.REVIEW)
    preview = draft_review_preview(session)
    return render(
        request,
        "evaluation/import_review.html",
        {"session": session, "preview": preview, "rows": list(zip(preview.flags, preview.rows, strict=True))},
    )
