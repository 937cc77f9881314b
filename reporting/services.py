"""Writes of the reporting app: deadlines, extensions (audited), blank reasons, preferences, visits."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.entry.submissions import year_submission_submit
from indicators.models import YearSubmission

from .models import BlankReason, DeadlineExtension, InboxVisit, ReminderPreference, ReportingDeadline
from .selectors.completeness import in_force, region_year_cell

VISIT_GAP = datetime.timedelta(minutes=30)


class ReportingRefused(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def reporting_deadline_set(*, year: int, due: datetime.date, user) -> ReportingDeadline:
    """Set (or move) the deadline every region reports ``year`` by."""
    deadline = ReportingDeadline.objects.select_for_update().filter(year=year).first()
    deadline = deadline or ReportingDeadline(year=year)
    deadline.due = due
    deadline.set_by = user
    deadline.full_clean()
    deadline.save()
    return deadline


@transaction.atomic
def deadline_extension_grant(
    *, region, year: int, due: datetime.date, reason: str, user
) -> DeadlineExtension:
    """Give one region more time for one year; every extension is kept with who, when, old and new date."""
    deadline = ReportingDeadline.objects.select_for_update().filter(year=year).first()
    if deadline is None:
        raise ReportingRefused(_("%(year)s 年还没有设置截止日期，不能延期。") % {"year": year})
    current = (
        DeadlineExtension.objects.filter(region=region, year=year).order_by("-granted_at", "-id").first()
    )
    old_due, _extended = in_force(deadline.due, current.due if current else None)
    if due <= old_due:
        raise ReportingRefused(
            _("延期后的日期须晚于现行截止日期 %(due)s。") % {"due": old_due.strftime("%Y-%m-%d")}
        )
    if not (reason or "").strip():
        raise ReportingRefused(_("请填写延期原因。"))
    extension = DeadlineExtension(
        region=region, year=year, old_due=old_due, due=due, reason=reason.strip(), granted_by=user
    )
    extension.full_clean()
    extension.save()
    return extension


@transaction.atomic
def year_submit_with_reasons(*, region, year: int, user, reasons: dict[int, str]) -> YearSubmission:
    """Submit a year, first recording why each expected value is blank; every blank needs a reason.

    The reasons and the submission are saved together or not at all; the submission itself is
    ``indicators``' own service, so its rules (states, locking, audit) stay in one place.
    """
    cell = region_year_cell(region, year)
    blanks = cell.blanks if cell else set()
    missing = [pk for pk in blanks if not (reasons.get(pk) or "").strip()]
    if missing:
        raise ReportingRefused(
            _("还有 %(count)s 个应填指标空缺：请为每个空缺填写原因后再提交。") % {"count": len(missing)}
        )
    for indicator_id in sorted(blanks):
        blank = BlankReason.objects.filter(region=region, year=year, indicator_id=indicator_id).first()
        blank = blank or BlankReason(region=region, year=year, indicator_id=indicator_id)
        blank.reason = reasons[indicator_id].strip()
        blank.given_by = user
        blank.full_clean()
        blank.save()
    return year_submission_submit(region=region, year=year, user=user)


@transaction.atomic
def reminder_preference_set(
    *, user, enabled: bool | None = None, language: str | None = None
) -> ReminderPreference:
    """Change what is given (reminders on/off, the language they are written in), keep the rest."""
    preference, _created = ReminderPreference.objects.select_for_update().get_or_create(user=user)
    if enabled is not None:
        preference.enabled = enabled
    if language is not None:
        preference.language = language
    preference.full_clean()
    preference.save()
    return preference


@transaction.atomic
def inbox_visit_record(*, user, now: datetime.datetime | None = None) -> InboxVisit:
    """Note a look at the inbox; a return after ``VISIT_GAP`` starts a new visit.

    ``since`` becomes the start of the previous visit's last look, so what changed while the person
    was away stays listed for the whole of the new visit (refreshing does not empty it).
    """
    now = now or timezone.now()
    visit = InboxVisit.objects.select_for_update().filter(user=user).first()
    if visit is None:
        from .selectors.inbox import FIRST_VISIT_WINDOW

        visit = InboxVisit(user=user, since=now - FIRST_VISIT_WINDOW, seen_at=now)
    elif now - visit.seen_at > VISIT_GAP:
        visit.since, visit.seen_at = visit.seen_at, now
    else:
        visit.seen_at = max(visit.seen_at, now)
    visit.full_clean()
    visit.save()
    return visit
