"""Reads of the key-project screens, each with a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.entry.selectors import region_plans

from .models import KeyProject, KeyProjectItem, ProjectRecord


@dataclass
class RecordRow:
    """One line of the entry page: a project (item None) or one of its items, with this year's record."""

    project: KeyProject
    item: KeyProjectItem | None
    record: ProjectRecord | None

    @property
    def key(self) -> str:
        return f"i{self.item.pk}" if self.item is not None else f"p{self.project.pk}"


@dataclass
class PlanProjects:
    plan: object
    rows: list[RecordRow] = field(default_factory=list)


def project_entry_page(region, year: int) -> list[PlanProjects]:
    """The region's current plans covering ``year``, each with its projects, items and this year's records."""
    plans = [p for p in region_plans(region) if p.period_start - 1 <= year <= p.period_end]
    projects = list(
        KeyProject.objects.filter(plan__in=plans).prefetch_related("items").order_by("plan_id", "order")
    )
    records = {
        (r.project_id, r.item_id): r
        for r in ProjectRecord.objects.filter(region=region, year=year, project__in=projects).select_related(
            "evidence", "updated_by"
        )
    }
    pages = {plan.pk: PlanProjects(plan) for plan in plans}
    for project in projects:
        rows = pages[project.plan_id].rows
        rows.append(RecordRow(project, None, records.get((project.pk, None))))
        for item in project.items.all():
            rows.append(RecordRow(project, item, records.get((project.pk, item.pk))))
    return [page for page in pages.values() if page.rows]


def project_history(region, year: int) -> dict[int, list]:
    """Each record's history on this page, newest first (one query)."""
    from .models import ProjectRecordChange

    out: dict[int, list] = {}
    changes = (
        ProjectRecordChange.objects.filter(record__region=region, record__year=year)
        .select_related("changed_by", "record__project", "record__item")
        .order_by("-changed_at", "-id")
    )
    for change in changes:
        change.old_text = snapshot_text(change.old)
        change.new_text = snapshot_text(change.new)
        out.setdefault(change.record_id, []).append(change)
    return out


def snapshot_text(snapshot: dict) -> str:
    """A history snapshot as a person reads it: 推进中；60%；计划 120 万元 …"""
    if not snapshot:
        return ""
    from django.utils.translation import gettext as _

    from .models import ProjectStatus

    parts = [str(ProjectStatus(snapshot["status"]).label)] if snapshot.get("status") else []
    if snapshot.get("percent") is not None:
        parts.append(f"{snapshot['percent']}%")
    if snapshot.get("milestone"):
        parts.append(snapshot["milestone"])
    if snapshot.get("investment_planned") is not None:
        parts.append(_("计划投资 %(n)s 万元") % {"n": snapshot["investment_planned"]})
    if snapshot.get("investment_spent") is not None:
        parts.append(_("已完成投资 %(n)s 万元") % {"n": snapshot["investment_spent"]})
    if snapshot.get("note"):
        parts.append(snapshot["note"])
    if snapshot.get("evidence_id"):
        parts.append(_("佐证材料 #%(n)s") % {"n": snapshot["evidence_id"]})
    return "；".join(parts)


@dataclass
class ProjectLatest:
    project: KeyProject
    record: ProjectRecord | None
    items_total: int
    items_by_status: dict[str, int]


def plan_project_status(plan) -> list[ProjectLatest]:
    """Each project of a plan with its latest record and its items' latest statuses (three queries)."""
    projects = list(KeyProject.objects.filter(plan=plan).prefetch_related("items").order_by("order"))
    latest = ProjectRecord.objects.latest_for_plan(plan)
    out = []
    for project in projects:
        counts: dict[str, int] = {}
        items = list(project.items.all())
        for item in items:
            record = latest.get((project.pk, item.pk))
            if record is not None:
                label = record.get_status_display()
                counts[label] = counts.get(label, 0) + 1
        out.append(ProjectLatest(project, latest.get((project.pk, None)), len(items), counts))
    return out
