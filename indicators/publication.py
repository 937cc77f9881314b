"""Published vs provisional values: the one rule, used by every page, export and API.

A value is **published** when it comes from a plan document itself (its baseline columns,
``source = plan``) or when its region's year has been approved (审核锁定).  Every other value
— saved by a person but not yet approved — is **provisional** (暂定).

Who sees provisional values of a region is an access rule and lives in ``plans.access``
(:func:`plans.access.sees_provisional`): the region's own editors, approvers, planners and
administrators.  Everyone else (anonymous visitors, other districts' editors) sees published
values only, and statuses computed from published values only.

Reusable pieces (other apps import these, never re-implement them):

- :func:`published_condition` — a ``Q`` over ``IndicatorValue`` for "published".
- ``IndicatorValue.objects.published()`` / ``.with_publication()`` (annotates ``published``)
  / ``.visible_to(user)``.
- :func:`value_is_published` — the same rule for one value already in memory.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from .models import ValueSource, YearSubmission


def approved_years():
    """``YearSubmission`` rows whose values are published (approved and locked)."""
    return YearSubmission.objects.filter(state=YearSubmission.State.APPROVED)


def published_condition(prefix: str = "") -> Q:
    """``Q`` that holds for published values; ``prefix`` for a related lookup (``"value__"``)."""
    approved = approved_years().filter(
        region_id=OuterRef(f"{prefix}region_id"), year=OuterRef(f"{prefix}year")
    )
    return Q(**{f"{prefix}source": ValueSource.PLAN}) | Q(Exists(approved))


def value_is_published(value, approved: set[tuple[int, int]]) -> bool:
    """The same rule for one value; ``approved`` holds the (region_id, year) pairs approved."""
    return value.source == ValueSource.PLAN or (value.region_id, value.year) in approved
