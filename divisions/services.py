"""Writes of the divisions app: loading the national list, linking regions, assigning planners."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.status import statuses_changed
from plans.models import Region

from .models import Division, DivisionAlias
from .names import DivisionNames, aliases
from .selectors import division_resolve
from .source import DivisionRecord, package_records

REGION_LEVELS = {"province": Region.Level.PROVINCE, "prefecture": Region.Level.CITY}


@transaction.atomic
def divisions_load(*, records: list[DivisionRecord] | None = None) -> dict[str, int]:
    """Create or update every division and rebuild its aliases; running it twice changes nothing.

    Records come parents first (``records_from_tree``), so each parent is saved before its children.
    """
    records = package_records() if records is None else records
    existing = {d.code: d for d in Division.objects.all()}
    created = updated = 0
    by_code: dict[str, Division] = {}
    fields = ("name", "full_name", "kind", "level", "xpcc_division")
    for level in ("province", "prefecture", "county"):
        new, changed = [], []
        for record in (r for r in records if r.level == level):
            division = existing.get(record.code) or Division(code=record.code)
            values = {f: getattr(record, f) for f in fields}
            values["parent"] = by_code.get(record.parent_code)
            values["province"] = by_code.get(record.province_code)
            values["prefecture"] = by_code.get(record.prefecture_code)
            dirty = division.pk is None or any(getattr(division, k) != v for k, v in values.items())
            for key, value in values.items():
                setattr(division, key, value)
            if division.pk is None:
                new.append(division)  # the database's check constraints guard code and level
            elif dirty:
                changed.append(division)
            by_code[record.code] = division
        Division.objects.bulk_create(new, batch_size=500)
        Division.objects.bulk_update(changed, [*fields, "parent", "province", "prefecture"], batch_size=500)
        created += len(new)
        updated += len(changed)
    DivisionAlias.objects.all().delete()
    alias_rows = []
    for record in records:
        own = aliases(DivisionNames(code=record.code, name=record.name, level=record.level))
        own.add(record.full_name)
        alias_rows += [DivisionAlias(name=n, division=by_code[record.code]) for n in sorted(own)]
    DivisionAlias.objects.bulk_create(alias_rows, batch_size=1000)
    statuses_changed()  # names and the tree the roll-ups group by
    return {"created": created, "updated": updated, "aliases": len(alias_rows)}


def _region_level(division: Division) -> str:
    if division.xpcc_division:
        return Region.Level.DIVISION_CITY
    if division.level in REGION_LEVELS:
        return REGION_LEVELS[division.level]
    return Region.Level.COUNTY if division.name.endswith(("县", "旗")) else Region.Level.DISTRICT


@transaction.atomic
def region_division_attach(*, region: Region, name: str, code: str | None = None) -> Division | None:
    """Link ``region`` to its division, resolved from ``name`` (or the administrator's ``code``).

    Raises ``ValidationError`` when the name is ambiguous and no code was chosen, when the code
    does not fit the name, or when the division already belongs to another region; returns None
    (region left unlinked) only when no division list is loaded or the name is unknown.
    """
    if not Division.objects.exists():
        return None
    if hasattr(region, "division") and region.pk and not code:
        return region.division
    if code:
        division = Division.objects.filter(code=code.strip()).first()
        if division is None:
            raise ValidationError({"region": _("行政区划代码 %(code)s 不存在") % {"code": code}})
    else:
        candidates = division_resolve(name)
        if not candidates:
            return None
        if len(candidates) > 1:
            choices = "；".join(f"{d.code} {d.full_name}" for d in candidates[:10])
            raise ValidationError(
                {
                    "region": _("地区“%(name)s”对应多个行政区划，请选择行政区划代码：%(choices)s")
                    % {"name": name, "choices": choices}
                }
            )
        division = candidates[0]
    if division.region_id and division.region_id != region.pk:
        raise ValidationError(
            {
                "region": _("行政区划 %(division)s 已属于地区“%(region)s”")
                % {"division": division, "region": division.region}
            }
        )
    Division.objects.filter(region=region).exclude(pk=division.pk).update(region=None)
    division.region = region
    division.save(update_fields=["region"])
    statuses_changed()  # the region's rows now count under this division
    level = _region_level(division)
    if region.level != level:
        region.level = level
        region.save(update_fields=["level"])
    return division


@transaction.atomic
def division_assign(*, division: Division, user) -> None:
    """Attach a planner or approver to a prefecture or province: they then read (approve) all below."""
    if division.level == Division.Level.COUNTY:
        raise ValidationError(_("只能挂在地级或省级；区县的录入员请在地区中设置"))
    division.assigned_users.add(user)


def regions_link_all() -> list[str]:
    """Link every unlinked, non-synthetic region whose name resolves to one division; report the rest."""
    problems = []
    for region in Region.objects.filter(division__isnull=True, synthetic=False).order_by("name"):
        try:
            if region_division_attach(region=region, name=region.name) is None:
                problems.append(_("“%(name)s”：行政区划中找不到") % {"name": region.name})
        except ValidationError as exc:
            problems.append("；".join(exc.messages))
    return problems
