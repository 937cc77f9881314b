"""The five seed plans: regenerating their fixtures and loading them.

``fixtures/sources/`` holds the documents verbatim; ``fixtures/plans/`` holds
the parser's interchange document for each, regenerated deterministically so a
parser change shows up as a reviewable diff. ``fixtures/plan_overrides.json``
supplies what a document does not say (001 has no title line), as an
administrator would at import.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.conf import settings

from indicators.catalog import CatalogLoadResult, catalog_load

from .parsing import parse_bytes
from .services import ImportResult, PlanOverrides, plan_import

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
SOURCES_DIR = FIXTURES_DIR / "sources"
PLANS_DIR = FIXTURES_DIR / "plans"
OVERRIDES_FILE = FIXTURES_DIR / "plan_overrides.json"
CATALOG_FILE = FIXTURES_DIR / "catalog.json"


class SeedError(RuntimeError):
    pass


def interchange_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def seed_fixtures_regenerate(*, sources: Path = SOURCES_DIR, target: Path = PLANS_DIR) -> list[Path]:
    """Rewrite one interchange JSON per source document; byte-identical on every run."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(sources.glob("*.txt")):
        document = parse_bytes(source.read_bytes(), name=source.name).to_dict()
        out = target / f"{source.stem}.json"
        out.write_text(interchange_json(document), encoding="utf-8")
        written.append(out)
    return written


def _overrides() -> dict[str, PlanOverrides]:
    if not OVERRIDES_FILE.exists():
        return {}
    raw = json.loads(OVERRIDES_FILE.read_text(encoding="utf-8"))
    return {name: PlanOverrides(**values) for name, values in raw.items()}


def seed_load(*, user=None) -> tuple[CatalogLoadResult, list[ImportResult]]:
    """Everything `make run` loads: the catalog first, so the plans' rows match it."""
    return catalog_load(CATALOG_FILE), seed_plans_load(user=user)


def seed_plans_load(*, user=None) -> list[ImportResult]:
    """Import every fixture plan; re-running changes nothing."""
    overrides = _overrides()
    results = []
    fixture_files = sorted(PLANS_DIR.glob("*.json"))
    if not fixture_files:
        raise SeedError(f"{PLANS_DIR} 中没有规划数据，请先运行 regenerate_fixtures")
    for fixture in fixture_files:
        document = json.loads(fixture.read_text(encoding="utf-8"))
        source_name = document["source"]["name"]
        data = (SOURCES_DIR / source_name).read_bytes()
        if hashlib.sha256(data).hexdigest() != document["source"]["sha256"]:
            raise SeedError(f"{fixture.name} 与源文件 {source_name} 不一致，请运行 regenerate_fixtures")
        text = parse_bytes(data, name=source_name).text
        results.append(
            plan_import(
                document=document,
                source_text=text,
                user=user,
                overrides=overrides.get(source_name),
            )
        )
    return results
