"""The header search: plans, catalog indicators and regions whose name contains the words typed.

Three small queries whatever the data size (each capped at ``LIMIT`` hits), plus one for the
plans of the regions found. Plans and the catalog are public; region hits say whether the
reader may open the region's numbers (``readable``), so the page never links into a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from indicators.models import Indicator
from plans.access import readable_regions
from plans.models import Plan, Region

LIMIT = 20
MAX_QUERY = 50


@dataclass
class SearchResults:
    query: str
    plans: list[Plan] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    readable_region_ids: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.plans) + len(self.indicators) + len(self.regions)


def clean_query(text: str | None) -> str:
    """Whitespace collapsed, full-width spaces included, capped at ``MAX_QUERY`` characters."""
    return " ".join((text or "").replace("\u3000", " ").split())[:MAX_QUERY]


def _all_words(fields: list[str], words: list[str]) -> Q:
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def site_search(*, user, text: str) -> SearchResults:
    query = clean_query(text)
    results = SearchResults(query=query)
    words = query.split()
    if not words:
        return results
    results.plans = list(
        Plan.objects.filter(_all_words(["title", "region__name", "region__short_name"], words))
        .select_related("region")
        .order_by("region__name", "-period_end", "-id")[:LIMIT]
    )
    indicator_ids = (
        Indicator.objects.filter(local_to_plan__isnull=True)
        .filter(_all_words(["name", "name_en", "code", "aliases__name"], words))
        .values("pk")
    )
    results.indicators = list(Indicator.objects.filter(pk__in=indicator_ids).order_by("code")[:LIMIT])
    results.regions = list(
        Region.objects.filter(_all_words(["name", "short_name"], words))
        .prefetch_related(Prefetch("plans", queryset=Plan.objects.order_by("-period_end", "-id")))
        .order_by("name")[:LIMIT]
    )
    if results.regions:
        results.readable_region_ids = set(
            readable_regions(user).filter(pk__in=[r.pk for r in results.regions]).values_list("pk", flat=True)
        )
    return results
