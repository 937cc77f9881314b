"""Read-only JSON API for scripts (documented in ``docs/api.md``).

Session authentication; an anonymous request gets a 401 JSON answer, never a login redirect.
Scoping is the pages' scoping: editors read their own regions, planners, approvers and
administrators read all; a region the user may not read is a 404, as on the pages.
Numbers are decimal strings, so no precision is lost on the way through JSON floats.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plans.access import readable_regions, region_for_reader
from plans.models import superseded_plan_ids

from ..models import IndicatorStatus, IndicatorValue, YearSubmission, status_label
from .rules import format_number

API_VERSION = 1


def _json(payload: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


def _error(status: int, code: str, message: str) -> JsonResponse:
    response = _json({"error": {"code": code, "message": message}}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Session realm="plan-monitor"'
    return response


def _number(value) -> str | None:
    return None if value is None else format_number(value)


def _authenticated(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _error(401, "not_authenticated", _("需要登录（会话认证）"))
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return _error(404, "not_found", _("不存在或无权查看"))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _region(region) -> dict:
    return {"id": region.pk, "name": region.name, "short_name": region.short_name}


@require_GET
@_authenticated
def api_regions(request):
    """The real regions this user may read (synthetic performance-test regions are left out)."""
    regions = readable_regions(request.user).filter(synthetic=False).order_by("name")
    return _json({"version": API_VERSION, "regions": [_region(r) for r in regions]})


@require_GET
@_authenticated
def api_region_values(request, region_id: int):
    """A region's yearly values (optionally one year) and its current progress statuses."""
    region = region_for_reader(request.user, region_id)
    year_text = request.GET.get("year", "").strip()
    year = None
    if year_text:
        if not year_text.isdigit() or not 1949 <= int(year_text) <= 2100:
            return _error(400, "bad_year", _("year 必须是四位数年份，如 2024"))
        year = int(year_text)
    values = (
        IndicatorValue.objects.filter(region=region)
        .visible_to(request.user)
        .with_publication()
        .select_related("indicator", "updated_by")
    )
    if year is not None:
        values = values.filter(year=year)
    statuses = (
        IndicatorStatus.objects.filter(region=region)
        .exclude(plan_indicator__plan_id__in=superseded_plan_ids())
        .select_related("indicator", "plan_indicator__plan")
        .order_by("plan_indicator__plan_id", "plan_indicator__order", "indicator__code")
    )
    submissions = YearSubmission.objects.filter(region=region).order_by("year")
    if year is not None:
        submissions = submissions.filter(year=year)
    return _json(
        {
            "version": API_VERSION,
            "region": _region(region),
            "year": year,
            "values": [_value(v) for v in values.order_by("indicator__code", "year")],
            "statuses": [_status(s) for s in statuses],
            "submissions": [
                {"year": s.year, "state": s.state, "state_label": s.get_state_display(), "locked": s.locked}
                for s in submissions
            ],
        }
    )


def _value(value: IndicatorValue) -> dict:
    return {
        "indicator_code": value.indicator.code,
        "indicator_name": value.indicator.name,
        "unit": value.indicator.unit,
        "year": value.year,
        "value": _number(value.value),
        "comparator": value.comparator,
        "raw": value.raw,
        "source": value.source,
        "version": value.version,
        "provisional": not value.published,
        "updated_by": value.updated_by.get_username() if value.updated_by_id else None,
        "updated_at": value.updated_at.isoformat(),
    }


def _status(status: IndicatorStatus) -> dict:
    plan = status.plan_indicator.plan
    return {
        "indicator_code": status.indicator.code,
        "indicator_name": status.indicator.name,
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
        },
        "row_name": status.plan_indicator.name,
        "status": status.status,
        "status_label": status_label(status.status),
        "provisional": status.provisional,
        "target_behind_start": status.target_behind_start,
        "as_of": status.as_of,
        "baseline_year": status.baseline_year,
        "baseline_value": _number(status.baseline_value),
        "latest_year": status.latest_year,
        "latest_value": _number(status.latest_value),
        "latest_comparator": status.latest_comparator,
        "target_year": status.target_year,
        "target_raw": status.target_raw,
        "target_comparator": status.target_comparator,
        "target_value": _number(status.target_value),
        "expected_value": _number(status.expected_value),
        "deviation": _number(status.deviation),
        "progress_ratio": _number(status.progress_ratio),
        "computed_at": status.computed_at.isoformat(),
    }
