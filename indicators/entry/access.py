"""Access helpers of the entry screens, on top of ``plans.access``: return the object or raise.

"Not yours" is a 404 (existence not revealed), "you may read but not do this" is a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from plans.access import is_admin, is_approver, region_for_editor, region_for_reader

from ..models import UploadBatch
from .selectors import plan_years, region_plans


def region_for_approver(user, region_id: int):
    """The region if this user may approve, return or unlock its years.

    Editors of another district get 404; editors of this one and planners get 403.
    """
    region = region_for_reader(user, region_id)
    if not is_approver(user):
        raise PermissionDenied
    return region


def year_of_region(region, year: int, plans=None) -> int:
    """The year if the region's plans cover it (base year to end year, not after this year); else 404."""
    plans = region_plans(region) if plans is None else plans
    if year not in plan_years(plans):
        raise Http404
    return year


def batch_for_editor(user, batch_id: int, kind: str = UploadBatch.Kind.VALUES) -> UploadBatch:
    """An upload batch of this kind, of a region this user may edit, uploaded by this user
    (administrators: any); 404 otherwise — a batch is only ever shown on its own kind's pages."""
    batch = UploadBatch.objects.select_related("region", "uploaded_by").filter(pk=batch_id, kind=kind).first()
    if batch is None:
        raise Http404
    region_for_editor(user, batch.region_id)
    if batch.uploaded_by_id != user.pk and not is_admin(user):
        raise Http404
    return batch
