"""The canonical indicator catalog: loading it, matching plan rows to it, mapping by hand.

Rows are matched by normalised name *and* unit. A row whose name is not a
known alias, or whose unit differs from the catalog's, is never merged
silently: it gets a plan-local entry and appears on the administrators'
"待映射" screen until someone maps it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import Indicator, IndicatorAlias, IndicatorValue, PlanIndicator

_UNIT_PAREN = re.compile(r"[（(]([^（）()]{1,12})[）)]$")


def normalize_indicator_name(name: str) -> str:
    """Reduce a row name to its typographic core: what two spellings of one name share.

    Full-width forms are folded, whitespace removed, the ``其中：`` prefix and a
    trailing unit parenthesis dropped. Wording variants (每千常住人口 / 每千人)
    are catalog aliases, not normalisation rules, so that they stay reviewable.
    """
    text = unicodedata.normalize("NFKC", name or "")
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^其中[:：]", "", text)
    text = _UNIT_PAREN.sub("", text)
    return text


def normalize_unit(unit: str) -> str:
    """``1/10万`` and ``/10 万`` are the same unit; so are ``％`` and ``%``."""
    text = unicodedata.normalize("NFKC", unit or "")
    text = re.sub(r"\s+", "", text)
    if text.startswith("1/"):
        text = text[1:]
    return text


@dataclass(frozen=True)
class CatalogLoadResult:
    created: int
    aliases_added: int


@transaction.atomic
def catalog_load(path: Path) -> CatalogLoadResult:
    """Create the catalog entries and aliases a file lists; never overwrite an administrator's edits."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("format") != "indicator-catalog":
        raise ValueError(f"{path} 不是指标目录文件")
    created = aliases = 0
    by_code: dict[str, Indicator] = {}
    for entry in data["indicators"]:
        indicator, was_created = Indicator.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "name_en": entry.get("name_en", ""),
                "unit": entry.get("unit", ""),
                "direction": entry.get("direction", 0),
                "domain": entry.get("domain", ""),
                "min_value": _decimal(entry.get("min")),
                "max_value": _decimal(entry.get("max")),
            },
        )
        if was_created:
            indicator.full_clean()
            created += 1
        by_code[indicator.code] = indicator
        for alias in [entry["name"], *entry.get("aliases", [])]:
            aliases += _alias_ensure(indicator, alias)
    for entry in data["indicators"]:
        reference = entry.get("ratio_reference")
        indicator = by_code[entry["code"]]
        if reference and indicator.ratio_reference_id is None:
            indicator.ratio_reference = by_code[reference]
            indicator.save(update_fields=["ratio_reference"])
    for composite in data.get("composites", []):
        for code in composite["codes"]:
            aliases += _alias_ensure(by_code[code], composite["alias"])
    return CatalogLoadResult(created=created, aliases_added=aliases)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _alias_ensure(indicator: Indicator, name: str) -> int:
    _alias, created = IndicatorAlias.objects.get_or_create(
        indicator=indicator, normalized=normalize_indicator_name(name), defaults={"name": name}
    )
    return int(created)


@dataclass(frozen=True)
class RowMatch:
    indicators: list[Indicator]  # empty when nothing matched
    reason: str = ""  # why nothing matched, for the mapping screen


def catalog_match(*, name: str, unit: str) -> RowMatch:
    """The catalog entries one plan row tracks: usually one, two for a row naming two indicators."""
    return catalog_match_many([(name, unit)])[0]


def catalog_match_many(rows: list[tuple[str, str]]) -> list[RowMatch]:
    """:func:`catalog_match` for many (name, unit) rows in one query."""
    names = [normalize_indicator_name(name) for name, _ in rows]
    by_name: dict[str, list[Indicator]] = {}
    for alias in IndicatorAlias.objects.filter(
        normalized__in=set(names), indicator__local_to_plan__isnull=True
    ).select_related("indicator"):
        by_name.setdefault(alias.normalized, []).append(alias.indicator)
    return [
        _match(by_name.get(normalized, []), unit) for normalized, (_, unit) in zip(names, rows, strict=True)
    ]


def _match(candidates: list[Indicator], unit: str) -> RowMatch:
    if not candidates:
        return RowMatch([], "目录中没有这个名称")
    row_unit = normalize_unit(unit)
    compatible = [c for c in candidates if not row_unit or normalize_unit(c.unit) == row_unit]
    if not compatible:
        units = "、".join(sorted({c.unit for c in candidates}))
        return RowMatch([], f"名称匹配但单位不同（本行 {unit}，目录 {units}）")
    return RowMatch(sorted(compatible, key=lambda c: c.code))


def indicators_for_row(*, name: str, unit: str, plan) -> list[Indicator]:
    """Catalog entries for a row; a plan-local entry (listed for mapping) when none matches."""
    match = catalog_match(name=name, unit=unit)
    if match.indicators:
        return match.indicators
    return [indicator_local_for_row(name=name, unit=unit, plan=plan)]


def indicator_local_for_row(*, name: str, unit: str, plan) -> Indicator:
    """The plan-local entry of an unmatched row (created once per plan, name and unit)."""
    normalized = normalize_indicator_name(name) or name
    local = Indicator.objects.filter(local_to_plan=plan, name=normalized, unit=unit or "").first()
    if local is None:
        local = Indicator(
            code=f"LOCAL-{plan.pk}-{Indicator.objects.filter(local_to_plan=plan).count() + 1}",
            name=normalized,
            unit=unit or "",
            local_to_plan=plan,
        )
        local.full_clean()
        local.save()
    return local


def catalog_alias_learn(*, indicator: Indicator, name: str) -> bool:
    """Remember a row name an administrator mapped by hand, so the next import matches it."""
    if indicator.local_to_plan_id:
        return False
    return bool(_alias_ensure(indicator, name))


class MappingRefused(ValueError):
    pass


@transaction.atomic
def plan_indicator_map(*, row: PlanIndicator, indicator: Indicator, user=None) -> PlanIndicator:
    """Point an unmatched row at a catalog entry, learn its name as an alias, move its values.

    Values recorded under the plan-local entry move to the catalog entry with
    their history; a year the catalog entry already has for the region is a
    conflict and refuses the whole mapping.
    """
    from .status import status_refresh_for_value, status_refresh_rows

    if indicator.local_to_plan_id:
        raise MappingRefused("只能映射到目录中的正式指标")
    local = row.indicator
    region = row.plan.region
    if local.local_to_plan_id:
        moving = IndicatorValue.objects.filter(region=region, indicator=local)
        clash = IndicatorValue.objects.filter(
            region=region, indicator=indicator, year__in=moving.values("year")
        ).values_list("year", flat=True)
        if clash:
            years = "、".join(str(y) for y in sorted(clash))
            raise MappingRefused(f"{indicator.name} 在 {region.short_name} 已有 {years} 年的数值，无法合并")
        moving.update(indicator=indicator)
    row.indicator = indicator
    row.full_clean()
    row.save(update_fields=["indicator"])
    _alias_ensure(indicator, row.name)
    status_refresh_rows([row])
    # The moved values change every row of the region that tracks the destination indicator.
    status_refresh_for_value(region=region, indicator=indicator)
    return row
