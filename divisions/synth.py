"""The synthetic national dataset on the real division list (issue 15, item 6).

Regions get the real names and codes of China's county-level units, prefixed ``合成-`` and
flagged ``synthetic`` (the generator refuses databases with real plans or values, so they live
in their own database); only the values are invented. The roll-up and map pages then run on
the real shape of the country.
"""

from __future__ import annotations

from plans.models import Region

from .models import Division

SYNTHETIC_PREFIX = "合成-"


def synthetic_division_regions(count: int) -> list[Region]:
    """Unsaved regions for the first ``count`` county-level units by code (all of them: ≈2,850)."""
    counties = Division.objects.counties().filter(region__isnull=True).order_by("code")[:count]
    regions = []
    for division in counties:
        level = Region.Level.COUNTY if division.name.endswith(("县", "旗")) else Region.Level.DISTRICT
        regions.append(
            Region(
                name=f"{SYNTHETIC_PREFIX}{division.full_name}"[:100],
                short_name=division.name[:50],
                level=Region.Level.DIVISION_CITY if division.xpcc_division else level,
                synthetic=True,
            )
        )
    if not regions:
        raise ValueError("行政区划未载入：请先运行 load_divisions")
    return regions


def synthetic_division_regions_link() -> int:
    """Link each synthetic region to the division it was named after: two queries and one bulk update."""
    by_name = {
        f"{SYNTHETIC_PREFIX}{d.full_name}"[:100]: d
        for d in Division.objects.counties().filter(region__isnull=True)
    }
    changed = []
    for region in Region.objects.filter(synthetic=True, division__isnull=True):
        division = by_name.get(region.name)
        if division is not None:
            division.region = region
            changed.append(division)
    Division.objects.bulk_update(changed, ["region"], batch_size=500)
    return len(changed)
