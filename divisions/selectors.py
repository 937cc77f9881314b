"""Reads of the divisions app: resolving a region name, and the regions under a division."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from plans.models import Region

from .models import Division, DivisionAlias
from .names import NATIONAL_NAMES, prefix_matches

_ANCESTORS = ("province", "prefecture")


def division_resolve(name: str) -> list[Division]:
    """Every division ``name`` may mean, best match first; one query for the aliases, one for ancestors.

    The longest tail of the name that is some division's name decides the candidates; what stands
    before it must be that division's province and/or prefecture (full or short), so
    新疆哈密市巴里坤县 and 巴里坤县 both give 650521, while 攀枝花市巴里坤县 gives nothing.
    """
    text = "".join((name or "").split())
    if not text:
        return []
    tails = {text[i:]: i for i in range(len(text))}
    hits = list(
        DivisionAlias.objects.filter(name__in=tails.keys()).select_related(
            "division__province", "division__prefecture"
        )
    )
    best: list[Division] = []
    for tail in sorted({h.name for h in hits}, key=len, reverse=True):
        prefix = text[: tails[tail]]
        found = []
        for hit in (h for h in hits if h.name == tail):
            division = hit.division
            chain = tuple(getattr(division, a).name for a in _ANCESTORS if getattr(division, a) is not None)
            if prefix_matches(prefix, chain, division.code) and division not in found:
                found.append(division)
        if found:
            best = found
            break
    return sorted(best, key=lambda d: d.code)


def regions_below(divisions) -> QuerySet[Region]:
    """The regions linked to these divisions or to any unit under them."""
    return Region.objects.filter(
        Q(division__in=divisions)
        | Q(division__province__in=divisions)
        | Q(division__prefecture__in=divisions)
    )


def regions_in_view(division_ids) -> QuerySet[Region]:
    """What a planner attached to these divisions works with: the regions below them, and the
    regions of the levels above (their province, the nation), whose plans are their references."""
    above = set()
    for province_id, prefecture_id in Division.objects.filter(pk__in=division_ids).values_list(
        "province_id", "prefecture_id"
    ):
        above.update(pk for pk in (province_id, prefecture_id) if pk)
    return Region.objects.filter(
        Q(pk__in=regions_below(division_ids).values("pk"))
        | Q(division__in=above)
        | Q(name__in=NATIONAL_NAMES)
    )


def assigned_divisions(user) -> QuerySet[Division]:
    return Division.objects.filter(assigned_users=user) if user.is_authenticated else Division.objects.none()


def division_choice_problem(name: str, code: str | None) -> str | None:
    """What to ask the administrator about ``name`` (and the code they chose), or None if all is clear.

    Used by the import review form: an ambiguous name needs a code, a chosen code must exist.
    Without a loaded division list nothing is asked (the portal then works on names alone).
    """
    from django.utils.translation import gettext as _

    if not Division.objects.exists():
        return None
    if code:
        if not Division.objects.filter(code=code.strip()).exists():
            return _("行政区划代码 %(code)s 不存在") % {"code": code}
        return None
    candidates = division_resolve(name)
    if len(candidates) > 1:
        return _("地区“%(name)s”对应多个行政区划，请填写其中一个代码：%(choices)s") % {
            "name": name,
            "choices": "；".join(f"{d.code} {d.full_name}" for d in candidates[:10]),
        }
    return None
