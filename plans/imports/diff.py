"""What changed between two versions of a plan: the page a planner reads when a revised draft arrives.

Indicator rows are matched across versions by catalog indicator first (the same
indicator written 人均期望寿命 in one draft and 人均预期寿命 in the next is one
row), then by normalised name for rows the catalog does not know. Chapters are
matched by title without their number (inserting a chapter renumbers the rest
but changes nothing else); key projects by title, else by label.

The comparison itself (:func:`diff_snapshots`) works on plain snapshots, so it
is testable without a database; :func:`plan_snapshot` reads one from a plan.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators.catalog import normalize_indicator_name, normalize_unit
from indicators.models import PlanIndicator
from projects.models import KeyProject

from ..models import Plan


@dataclass(frozen=True)
class RowSnapshot:
    order: int
    name: str
    unit: str
    nature: str  # 预期性 / 约束性 / 指导性 or ""
    target_year: int | None
    target_raw: str
    indicator_code: str | None  # catalog code; None for a plan-local entry
    indicator_name: str = ""

    @property
    def target_label(self) -> str:
        if self.target_year is None:
            return "—"
        return _("%(year)s年 %(raw)s") % {"year": self.target_year, "raw": self.target_raw or "—"}


@dataclass(frozen=True)
class ChapterSnapshot:
    heading: str
    title: str
    level: int


@dataclass(frozen=True)
class ProjectSnapshot:
    label: str
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class PlanSnapshot:
    rows: list[RowSnapshot]
    chapters: list[ChapterSnapshot]
    projects: list[ProjectSnapshot]


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RowChange:
    old: RowSnapshot
    new: RowSnapshot
    changes: list[FieldChange]


@dataclass(frozen=True)
class ProjectChange:
    old: ProjectSnapshot
    new: ProjectSnapshot
    items_added: list[str]
    items_removed: list[str]


@dataclass
class PlanDiff:
    rows_added: list[RowSnapshot] = field(default_factory=list)
    rows_removed: list[RowSnapshot] = field(default_factory=list)
    rows_changed: list[RowChange] = field(default_factory=list)
    rows_unchanged: int = 0
    chapters_added: list[ChapterSnapshot] = field(default_factory=list)
    chapters_removed: list[ChapterSnapshot] = field(default_factory=list)
    projects_added: list[ProjectSnapshot] = field(default_factory=list)
    projects_removed: list[ProjectSnapshot] = field(default_factory=list)
    projects_changed: list[ProjectChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.rows_added
            or self.rows_removed
            or self.rows_changed
            or self.chapters_added
            or self.chapters_removed
            or self.projects_added
            or self.projects_removed
            or self.projects_changed
        )


def _text_key(text: str) -> str:
    """Typographic core of a text: full-width folded, whitespace gone."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _row_changes(old: RowSnapshot, new: RowSnapshot) -> list[FieldChange]:
    changes = []
    if (old.target_year, _text_key(old.target_raw)) != (new.target_year, _text_key(new.target_raw)):
        changes.append(FieldChange("target", _("目标"), old.target_label, new.target_label))
    if normalize_unit(old.unit) != normalize_unit(new.unit):
        changes.append(FieldChange("unit", _("单位"), old.unit or "—", new.unit or "—"))
    if old.nature != new.nature:
        changes.append(FieldChange("nature", _("指标性质"), old.nature or "—", new.nature or "—"))
    if normalize_indicator_name(old.name) != normalize_indicator_name(new.name):
        changes.append(FieldChange("name", _("名称"), old.name, new.name))
    return changes


def _pair_rows(old: list[RowSnapshot], new: list[RowSnapshot]):
    """(pairs, unmatched old, unmatched new): by catalog code, then by normalised name, in order."""
    pairs: list[tuple[RowSnapshot, RowSnapshot]] = []
    left_old, left_new = list(old), list(new)
    for key in (
        lambda r: r.indicator_code,
        lambda r: normalize_indicator_name(r.name),
    ):
        waiting: dict[str, list[RowSnapshot]] = defaultdict(list)
        for row in left_old:
            k = key(row)
            if k:
                waiting[k].append(row)
        still_new = []
        for row in left_new:
            k = key(row)
            if k and waiting.get(k):
                partner = waiting[k].pop(0)
                pairs.append((partner, row))
                left_old.remove(partner)
            else:
                still_new.append(row)
        left_new = still_new
    return pairs, left_old, left_new


def _multiset_difference(items: list, keys: list[str], other_keys: list[str]) -> list:
    """Items whose key occurs more often here than in ``other_keys``, in document order."""
    budget = Counter(other_keys)
    out = []
    for item, key in zip(items, keys, strict=True):
        if budget[key] > 0:
            budget[key] -= 1
        else:
            out.append(item)
    return out


def text_key(text: str) -> str:
    """Public name of the text key, for the other rules that pair two versions' contents."""
    return _text_key(text)


def project_key(title: str, label: str) -> str:
    """How two versions' key projects are paired (the diff and the carry-over of records): by
    title, else by label."""
    return _text_key(title) or _text_key(label)


def pair_in_order(old: list, new: list, key) -> tuple[list[tuple], list, list]:
    """Pair the items of two lists whose keys are equal, first with first.

    Returns (pairs, unpaired old items in old order, unpaired new items in new order).
    """
    waiting: dict[str, list] = defaultdict(list)
    for item in old:
        waiting[key(item)].append(item)
    pairs, added = [], []
    for item in new:
        partners = waiting.get(key(item))
        if partners:
            pairs.append((partners.pop(0), item))
        else:
            added.append(item)
    paired = {id(before) for before, _after in pairs}
    return pairs, [item for item in old if id(item) not in paired], added


def diff_snapshots(old: PlanSnapshot, new: PlanSnapshot) -> PlanDiff:
    result = PlanDiff()
    pairs, removed, added = _pair_rows(old.rows, new.rows)
    result.rows_removed = sorted(removed, key=lambda r: r.order)
    result.rows_added = sorted(added, key=lambda r: r.order)
    for before, after in sorted(pairs, key=lambda pair: pair[1].order):
        changes = _row_changes(before, after)
        if changes:
            result.rows_changed.append(RowChange(before, after, changes))
        else:
            result.rows_unchanged += 1

    old_titles = [_text_key(c.title) for c in old.chapters]
    new_titles = [_text_key(c.title) for c in new.chapters]
    result.chapters_removed = _multiset_difference(old.chapters, old_titles, new_titles)
    result.chapters_added = _multiset_difference(new.chapters, new_titles, old_titles)

    pairs, result.projects_removed, result.projects_added = pair_in_order(
        old.projects, new.projects, lambda p: project_key(p.title, p.label)
    )
    for before, project in pairs:
        old_items = [_text_key(i) for i in before.items]
        new_items = [_text_key(i) for i in project.items]
        items_added = _multiset_difference(list(project.items), new_items, old_items)
        items_removed = _multiset_difference(list(before.items), old_items, new_items)
        if items_added or items_removed:
            result.projects_changed.append(ProjectChange(before, project, items_added, items_removed))
    return result


def plan_snapshot(plan: Plan) -> PlanSnapshot:
    """A plan's rows, chapters and key projects as the diff compares them (four queries)."""
    rows = []
    for row in PlanIndicator.objects.for_plan_page(plan):
        targets = list(row.targets.all())
        target = targets[-1] if targets else None
        local = row.indicator.local_to_plan_id is not None
        rows.append(
            RowSnapshot(
                order=row.order,
                name=row.name,
                unit=row.unit,
                nature=row.get_nature_display() if row.nature else "",
                target_year=target.year if target else None,
                target_raw=target.raw if target else "",
                indicator_code=None if local else row.indicator.code,
                indicator_name="" if local else row.indicator.name,
            )
        )
    chapters = [
        ChapterSnapshot(heading=c.heading, title=c.title, level=c.level)
        for c in plan.chapters.order_by("order")
    ]
    projects = [
        ProjectSnapshot(label=p.label, title=p.title, items=tuple(i.text for i in p.items.all()))
        for p in KeyProject.objects.filter(plan=plan).prefetch_related("items").order_by("order")
    ]
    return PlanSnapshot(rows=rows, chapters=chapters, projects=projects)


def plan_diff(*, old: Plan, new: Plan) -> PlanDiff:
    return diff_snapshots(plan_snapshot(old), plan_snapshot(new))


def plan_versions(plan: Plan) -> list[Plan]:
    """Every version in the plan's chain, oldest first (following ``revises`` both ways)."""
    first = plan
    seen = {plan.pk}
    while first.revises_id and first.revises_id not in seen:
        first = Plan.objects.select_related("region").get(pk=first.revises_id)
        seen.add(first.pk)
    chain = [first]
    while True:
        later = Plan.objects.filter(revises=chain[-1]).order_by("id").first()
        if later is None or later.pk in {p.pk for p in chain}:
            break
        chain.append(later)
    return chain
