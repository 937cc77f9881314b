"""Who may open which roll-up page: the rule of ``plans.access`` applied to divisions.

Administrators and planners/approvers attached nowhere read the whole country; one attached
to a prefecture or province reads it and what lies below; editors stay at their county (404).
"""

from __future__ import annotations

from django.http import Http404

from plans.access import attached_division_ids, reads_everything

from .models import Division

GEOMETRY = ("geometry", "geometry_coarse")  # not needed to check access or draw the page


def nation_for_reader(user) -> None:
    if not reads_everything(user):
        raise Http404


def reads_rollups(user) -> bool:
    """Whether the roll-up pages open for this user at all (the navigation hides them otherwise)."""
    return reads_everything(user) or bool(attached_division_ids(user))


def division_for_reader(user, code: str) -> Division:
    division = (
        Division.objects.select_related("parent", "province", "prefecture")
        .defer(
            *(f"{rel}{field}" for rel in ("", "parent__", "province__", "prefecture__") for field in GEOMETRY)
        )
        .filter(code=code)
        .first()
    )
    if division is None:
        raise Http404
    if reads_everything(user):
        return division
    attached = set(attached_division_ids(user))
    if attached & {division.pk, division.province_id, division.prefecture_id}:
        return division
    raise Http404


def home_divisions(user) -> list[Division]:
    """Where a user's roll-up starts: the attached divisions (empty for national readers)."""
    ids = attached_division_ids(user)
    return list(Division.objects.filter(pk__in=ids).order_by("code")) if ids else []
