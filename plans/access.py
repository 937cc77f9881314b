"""Who may do what: the portal's roles, checked on the server on every path.

Helpers either return the object asked for or raise: "not yours" is a 404 (the
object's existence is not revealed), "you may read but not write" is a 403.
Views, uploads, exports, the API and the admin all go through these.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Region
from .roles import ADMINISTRATOR, APPROVER, EDITOR, PLANNER


def _in_group(user, name: str) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_role_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_names = cache
    return name in cache


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _in_group(user, ADMINISTRATOR))


def is_approver(user) -> bool:
    return is_admin(user) or _in_group(user, APPROVER)


def is_planner(user) -> bool:
    return _in_group(user, PLANNER)


def is_editor(user) -> bool:
    return _in_group(user, EDITOR)


def attached_division_ids(user) -> list[int]:
    """Issue 15: the prefectures/provinces a planner or approver is attached to (cached per request).

    Empty for everyone else and for a planner/approver attached nowhere (national scope).
    """
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_division_ids", None)
    if cache is None:
        cache = list(user.assigned_divisions.values_list("pk", flat=True))
        user._division_ids = cache
    return cache


def reads_everything(user) -> bool:
    """Administrators, and planners/approvers attached to no division, see every region; editors their own."""
    if is_admin(user):
        return True
    # Issue 15: a planner/approver attached to a prefecture or province reads only what lies below it.
    return (is_approver(user) or is_planner(user)) and not attached_division_ids(user)


def editable_regions(user) -> QuerySet[Region]:
    """Regions whose values this user may write (administrators: all; editors: their own)."""
    if is_admin(user):
        return Region.objects.all()
    if is_editor(user):
        return Region.objects.filter(editors=user)
    return Region.objects.none()


def readable_regions(user) -> QuerySet[Region]:
    if reads_everything(user):
        return Region.objects.all()
    scope = Region.objects.none()
    if (is_approver(user) or is_planner(user)) and attached_division_ids(user):
        # Issue 15: every region linked to the attached divisions or to a unit below them.
        from divisions.selectors import regions_below

        scope = regions_below(attached_division_ids(user))
    if is_editor(user):
        own = Region.objects.filter(editors=user)
        return Region.objects.filter(pk__in=scope.values("pk")) | Region.objects.filter(
            pk__in=own.values("pk")
        )
    return scope


def provisional_regions(user) -> QuerySet[Region]:
    """Regions whose provisional (saved, not yet approved) values this user may see.

    The same people who read the region's entry data: its own editors, approvers, planners
    and administrators.  Anonymous visitors and other districts' editors see published values
    only (``indicators.publication``).
    """
    return readable_regions(user)


def sees_all_provisional(user) -> bool:
    return reads_everything(user)


def sees_provisional(user, region) -> bool:
    """Whether this user may see ``region``'s provisional values (and statuses computed from them)."""
    if sees_all_provisional(user):
        return True
    region_id = getattr(region, "pk", region)
    return provisional_regions(user).filter(pk=region_id).exists()


def region_for_reader(user, region_id: int) -> Region:
    """The region if this user may read its values; 404 otherwise."""
    region = readable_regions(user).filter(pk=region_id).first()
    if region is None:
        raise Http404
    return region


def region_for_editor(user, region_id: int) -> Region:
    """The region if this user may write its values.

    Read-only roles (planner, approver) get 403 for a region they can read;
    an editor asking for another district gets 404.
    """
    region = editable_regions(user).filter(pk=region_id).first()
    if region is not None:
        return region
    if readable_regions(user).filter(pk=region_id).exists():
        raise PermissionDenied
    raise Http404
