"""我的待办: what each role has to do, and the counts shown as badges in the navigation.

What counts as an item (the badge is the number of items; the page lists the same items):
- 录入员: each year of their own districts that is 已退回, plus each year still 填报中 for which an
  administrator has set a deadline (a year without a deadline is not being asked for yet);
- 审核员 (and 管理员, who may approve): each year waiting in 已提交待审核;
- 规划人员: each review step (submit / approve / return / unlock) and each new plan since the last visit;
- 管理员: each import in review and each plan row no catalog entry matched.
Synthetic (performance) regions are left out everywhere, as on the entry index.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from indicators.models import PlanIndicator, SubmissionEvent, YearSubmission
from plans.access import (
    attached_division_ids,
    editable_regions,
    is_admin,
    is_approver,
    is_editor,
    is_planner,
    readable_regions,
    reads_everything,
)
from plans.models import ImportSession, Plan

from ..models import InboxVisit
from .completeness import Cell, region_cells

State = YearSubmission.State
FIRST_VISIT_WINDOW = datetime.timedelta(days=30)  # a first-time planner sees the last 30 days
LIST_LIMIT = 200  # rows listed per section; the count is always the full count


@dataclass
class Waiting:
    submission: YearSubmission
    since: datetime.datetime | None

    @property
    def days(self) -> int | None:
        if self.since is None:
            return None
        return (timezone.localdate() - timezone.localdate(self.since)).days


@dataclass
class Inbox:
    editor: list[Cell] | None = None
    editor_other: list[Cell] | None = None  # open years without a deadline: listed, not counted
    approver: list[Waiting] | None = None
    approver_count: int = 0
    planner_since: datetime.datetime | None = None
    planner_events: list[SubmissionEvent] | None = None
    planner_plans: list[Plan] | None = None
    planner_count: int = 0
    imports: list[ImportSession] | None = None
    unmatched_count: int = 0

    @property
    def editor_count(self) -> int:
        return len(self.editor or [])

    @property
    def admin_count(self) -> int:
        return len(self.imports or []) + self.unmatched_count

    @property
    def total(self) -> int:
        return self.editor_count + self.approver_count + self.planner_count + self.admin_count


def editor_item(cell: Cell) -> bool:
    if cell.state == State.RETURNED:
        return True
    return cell.state == State.OPEN and cell.due is not None


def _editor_regions(user):
    return editable_regions(user).filter(synthetic=False)


def editor_cells(user, *, light: bool) -> tuple[list[Cell], list[Cell]]:
    """(the editor's to-do cells: returned first, then the nearest deadline; other years open for entry)."""
    cells = region_cells(_editor_regions(user), light=light)
    items = sorted(
        (c for c in cells if editor_item(c)),
        key=lambda c: (c.state != State.RETURNED, c.due or datetime.date.max, c.region.name),
    )
    others = [c for c in cells if c.state == State.OPEN and c.due is None]
    return items, list(reversed(others))


def _in_scope(queryset, user, field: str):
    """Only what lies in the regions this user reads (a prefecture's approver: its counties)."""
    if reads_everything(user):
        return queryset
    return queryset.filter(**{f"{field}__in": readable_regions(user)})


def waiting_submissions(user):
    return _in_scope(
        YearSubmission.objects.filter(state=State.SUBMITTED, region__synthetic=False), user, "region"
    )


def planner_since(user) -> datetime.datetime:
    visit = InboxVisit.objects.filter(user=user).first()
    return visit.since if visit else timezone.now() - FIRST_VISIT_WINDOW


def planner_changes(user, since):
    """Status changes in the regions the planner reads; new plans there and, for a planner attached
    to a prefecture or province, the plans above it (their references)."""
    events = _in_scope(
        SubmissionEvent.objects.filter(at__gt=since, submission__region__synthetic=False),
        user,
        "submission__region",
    )
    plans = Plan.objects.filter(imported_at__gt=since, region__synthetic=False)
    attached = attached_division_ids(user)
    if attached:  # the same plans the plan list shows them (plans.views.plan_list)
        from divisions.selectors import regions_in_view

        plans = plans.filter(region__in=regions_in_view(attached))
    return events, plans


def imports_in_review():
    return ImportSession.objects.filter(state=ImportSession.State.REVIEW)


def unmatched_rows():
    return PlanIndicator.objects.filter(indicator__local_to_plan__isnull=False)


def badge_counts(user) -> dict[str, int]:
    """The navigation badges: the same items as the inbox, counted in a constant number of queries."""
    counts = {"editor": 0, "approver": 0, "planner": 0, "admin": 0}
    if not user.is_authenticated:
        return counts
    if is_editor(user):
        counts["editor"] = len(editor_cells(user, light=True)[0])
    if is_approver(user):
        counts["approver"] = waiting_submissions(user).count()
    if is_planner(user):
        events, plans = planner_changes(user, planner_since(user))
        counts["planner"] = events.count() + plans.count()
    if is_admin(user):
        counts["admin"] = imports_in_review().count() + unmatched_rows().count()
    counts["total"] = sum(counts.values())
    return counts


def inbox_for(user) -> Inbox:
    """The inbox page: one section per role the person holds."""
    inbox = Inbox()
    if is_editor(user):
        inbox.editor, inbox.editor_other = editor_cells(user, light=False)
        returned = {c.submission.pk: c for c in inbox.editor if c.state == State.RETURNED}
        for event in (
            SubmissionEvent.objects.filter(
                action=SubmissionEvent.Action.RETURN,
                submission__state=State.RETURNED,
                submission__region__in=_editor_regions(user),
            )
            .select_related("user")
            .order_by("at", "id")
        ):
            if event.submission_id in returned:
                returned[event.submission_id].last_return = event  # the newest return wins
    if is_approver(user):
        waiting = waiting_submissions(user)
        inbox.approver_count = waiting.count()
        submitted = dict(
            SubmissionEvent.objects.filter(
                submission__in=waiting.values("pk"), action=SubmissionEvent.Action.SUBMIT
            )
            .values("submission_id")
            .annotate(last=Max("at"))
            .values_list("submission_id", "last")
        )
        rows = waiting.select_related("region").order_by("updated_at", "id")[:LIST_LIMIT]
        inbox.approver = sorted(
            (Waiting(s, submitted.get(s.pk)) for s in rows),
            key=lambda w: (w.since or timezone.now(), w.submission.pk),
        )
    if is_planner(user):
        since = planner_since(user)
        events, plans = planner_changes(user, since)
        inbox.planner_since = since
        inbox.planner_count = events.count() + plans.count()
        inbox.planner_events = list(
            events.select_related("submission__region", "user").order_by("-at", "-id")[:LIST_LIMIT]
        )
        inbox.planner_plans = list(
            plans.select_related("region").order_by("-imported_at", "-id")[:LIST_LIMIT]
        )
    if is_admin(user):
        inbox.imports = list(imports_in_review().select_related("uploaded_by").order_by("uploaded_at", "id"))
        inbox.unmatched_count = unmatched_rows().count()
    return inbox
