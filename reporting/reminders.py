"""Reminder emails: who is owed which reminder today, and sending each one at most once.

Four kinds, each keyed so the daily run never repeats itself (``ReminderLog``'s unique
``(user, kind, key)``):
- ``due``: to the district's editors, from ``REMINDER_DAYS_BEFORE`` days before the deadline in force
  until the deadline, while the year is 填报中 or 已退回; keyed by region, year and deadline, so an
  extension earns one new reminder;
- ``overdue``: the same people once the deadline has passed without a submission;
- ``returned``: to the district's editors, once per return (keyed by the return event);
- ``waiting``: to every approver who may approve the region (a prefecture's or province's approver:
  only the counties below it), once per submission (keyed by the submit event).
One email per person per run lists all their new reminders, written in the person's language
(``ReminderPreference.language``, the portal's language when they never chose one): a reminder keeps
its untranslated message and values, and each email is rendered under ``translation.override``, dates
as that language writes them. People who turned reminders off, or have no email address, get nothing
and nothing is logged for them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext, gettext_noop, ngettext

from indicators.models import SubmissionEvent, YearSubmission
from plans.access import is_approver, is_editor, readable_regions, reads_everything
from plans.models import Region

from .models import ReminderLog, ReminderPreference
from .selectors.completeness import region_cells

State = YearSubmission.State
Kind = ReminderLog.Kind


@dataclass(frozen=True)
class Reminder:
    """One reminder owed to one person: an untranslated message and its values, rendered when sent."""

    user_id: int
    kind: str
    key: str
    message: str
    params: dict

    def line(self) -> str:
        """The reminder in the active language; dates as that language writes them."""
        values = {
            name: formats.date_format(value) if isinstance(value, datetime.date) else value
            for name, value in self.params.items()
        }
        return gettext(self.message) % values


@dataclass
class RunReport:
    emails: int = 0
    reminders: int = 0
    opted_out: int = 0
    no_email: int = 0
    failed: int = 0


def _url(name: str, *args) -> str:
    return settings.PORTAL_URL.rstrip("/") + reverse(name, args=args)


def _deadline_reminders(cells, editors, today: datetime.date, days_before: int) -> list[Reminder]:
    result = []
    for cell in cells:
        if cell.due is None or cell.state not in (State.OPEN, State.RETURNED):
            continue
        if today > cell.due:
            kind = Kind.OVERDUE
            message = gettext_noop(
                "%(region)s %(year)s 年数据已逾期（截止 %(due)s），请尽快填报并提交：%(url)s"
            )
        elif (cell.due - today).days <= days_before:
            kind = Kind.DUE
            message = gettext_noop(
                "%(region)s %(year)s 年数据将于 %(due)s 截止，已填 %(filled)s/%(expected)s：%(url)s"
            )
        else:
            continue
        params = {
            "region": cell.region.short_name,
            "year": cell.year,
            "due": cell.due,
            "filled": cell.filled_count,
            "expected": cell.expected_count,
            "url": _url("entry-form", cell.region.pk, cell.year),
        }
        key = f"r{cell.region.pk}-y{cell.year}-d{cell.due:%Y-%m-%d}"
        result += [Reminder(user.pk, kind, key, message, params) for user in editors[cell.region.pk]]
    return result


def _returned_reminders(cells, editors) -> list[Reminder]:
    returned = {c.submission.pk: c for c in cells if c.state == State.RETURNED}
    last: dict[int, SubmissionEvent] = {}
    for event in SubmissionEvent.objects.filter(
        submission__in=list(returned), action=SubmissionEvent.Action.RETURN
    ).order_by("at", "id"):
        last[event.submission_id] = event
    result = []
    for submission_id, event in last.items():
        cell = returned[submission_id]
        message = gettext_noop(
            "%(region)s %(year)s 年数据已被退回，原因：%(reason)s。请修改后重新提交：%(url)s"
        )
        params = {
            "region": cell.region.short_name,
            "year": cell.year,
            "reason": event.reason,
            "url": _url("entry-form", cell.region.pk, cell.year),
        }
        result += [
            Reminder(user.pk, Kind.RETURNED, f"e{event.pk}", message, params)
            for user in editors[cell.region.pk]
        ]
    return result


def _waiting_reminders(approvers) -> list[Reminder]:
    last: dict[int, SubmissionEvent] = {}
    for event in (
        SubmissionEvent.objects.filter(
            submission__state=State.SUBMITTED,
            submission__region__synthetic=False,
            action=SubmissionEvent.Action.SUBMIT,
        )
        .select_related("submission__region")
        .order_by("at", "id")
    ):
        last[event.submission_id] = event
    result = []
    for event in last.values():
        region = event.submission.region
        message = gettext_noop("%(region)s %(year)s 年数据已提交，等待审核：%(url)s")
        params = {
            "region": region.short_name,
            "year": event.submission.year,
            "url": _url("entry-form", region.pk, event.submission.year),
        }
        result += [
            Reminder(user.pk, Kind.WAITING, f"e{event.pk}", message, params)
            for user, scope in approvers
            if scope is None or region.pk in scope
        ]
    return result


def _approver_scopes(users) -> list[tuple]:
    """(approver, the region ids they may approve, or None for every region): a prefecture's or a
    province's approver hears only of the counties below it (``plans.access``)."""
    return [
        (user, None if reads_everything(user) else set(readable_regions(user).values_list("pk", flat=True)))
        for user in users
        if is_approver(user)
    ]


def reminders_due(today: datetime.date, *, days_before: int | None = None) -> list[Reminder]:
    """Every reminder someone is owed today, sent or not (the log decides what is new)."""
    days_before = settings.REMINDER_DAYS_BEFORE if days_before is None else days_before
    regions = Region.objects.filter(synthetic=False).prefetch_related("editors")
    cells = region_cells(regions, today=today)
    editors = defaultdict(list)
    for region in regions:
        editors[region.pk] = [u for u in region.editors.all() if u.is_active and is_editor(u)]
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    approvers = _approver_scopes(users)
    return (
        _deadline_reminders(cells, editors, today, days_before)
        + _returned_reminders(cells, editors)
        + _waiting_reminders(approvers)
    )


def _new_for_user(user, reminders: list[Reminder]) -> list[Reminder]:
    sent = set(
        ReminderLog.objects.filter(user=user, kind__in={r.kind for r in reminders}).values_list("kind", "key")
    )
    return [r for r in reminders if (r.kind, r.key) not in sent]


def _send(user, reminders: list[Reminder], language: str) -> None:
    """Log first, then send, in one transaction: a failed send logs nothing, a second run sends nothing.

    Subject and body are written in ``language``."""
    with transaction.atomic(), translation.override(language):
        for reminder in reminders:
            log = ReminderLog(user=user, kind=reminder.kind, key=reminder.key, email=user.email)
            log.full_clean(validate_constraints=False)  # the database constraint settles races
            log.save()
        lines = "\n".join(f"· {r.line()}" for r in reminders)
        body = gettext(
            "您好，%(name)s：\n\n%(lines)s\n\n我的待办：%(inbox)s\n不想再收到提醒，或想换一种语言？在此设置：%(prefs)s\n"
        ) % {
            "name": user.get_full_name() or user.get_username(),
            "lines": lines,
            "inbox": _url("inbox"),
            "prefs": _url("reminder-preferences"),
        }
        subject = ngettext(
            "规划指标监测平台：%(count)s 项待办提醒", "规划指标监测平台：%(count)s 项待办提醒", len(reminders)
        ) % {"count": len(reminders)}
        send_mail(subject, body, None, [user.email])


def reminders_send(
    *, today: datetime.date, days_before: int | None = None, dry_run: bool = False
) -> RunReport:
    """Send what is owed and not yet sent; safe to run any number of times a day."""
    report = RunReport()
    by_user: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in reminders_due(today, days_before=days_before):
        by_user[reminder.user_id].append(reminder)
    opted_out = set(ReminderPreference.objects.filter(enabled=False).values_list("user_id", flat=True))
    languages = dict(ReminderPreference.objects.values_list("user_id", "language"))
    users = get_user_model().objects.in_bulk(list(by_user))
    for user_id, reminders in sorted(by_user.items()):
        user = users[user_id]
        if user_id in opted_out:
            report.opted_out += 1
            continue
        if not user.email:
            report.no_email += 1
            continue
        new = _new_for_user(user, reminders)
        if not new:
            continue
        if dry_run:
            report.emails += 1
            report.reminders += len(new)
            continue
        try:
            _send(user, new, languages.get(user_id, settings.LANGUAGE_CODE))
        except IntegrityError:  # another run logged them first: it sends them
            continue
        except OSError:  # the mail server refused or is unreachable: retried on the next run
            report.failed += 1
            continue
        report.emails += 1
        report.reminders += len(new)
    return report
