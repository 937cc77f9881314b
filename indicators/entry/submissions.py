"""Submit → approve → lock: the review of one region's values for one year.

Every step writes a ``SubmissionEvent`` (who, when, reason) in the same transaction as the
state change; the row is locked first so two approvers (or an approval and a value write,
see ``indicators.services.indicator_value_record``) never interleave.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import SubmissionEvent, YearSubmission

State = YearSubmission.State
Action = SubmissionEvent.Action


class SubmissionRefused(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _locked_submission(region, year: int) -> YearSubmission:
    submission, _created = YearSubmission.objects.get_or_create(region=region, year=year)
    return YearSubmission.objects.select_for_update().get(pk=submission.pk)


def _step(submission: YearSubmission, *, action: str, state: str, user, reason: str = "") -> YearSubmission:
    submission.state = state
    submission.full_clean()
    submission.save()
    event = SubmissionEvent(submission=submission, action=action, user=user, reason=reason.strip())
    event.full_clean()
    event.save()
    return submission


def _require_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise SubmissionRefused(_("请填写原因。"))


@transaction.atomic
def year_submission_submit(*, region, year: int, user) -> YearSubmission:
    """An editor declares the year complete and asks for review."""
    submission = _locked_submission(region, year)
    if submission.state == State.SUBMITTED:
        raise SubmissionRefused(_("%(year)s 年已提交，正在等待审核。") % {"year": year})
    if submission.state == State.APPROVED:
        raise SubmissionRefused(_("%(year)s 年已审核锁定，无需再提交。") % {"year": year})
    return _step(submission, action=Action.SUBMIT, state=State.SUBMITTED, user=user)


@transaction.atomic
def year_submission_approve(*, region, year: int, user) -> YearSubmission:
    """An approver accepts a submitted year; from now on it is locked against every write path."""
    submission = _locked_submission(region, year)
    if submission.state != State.SUBMITTED:
        raise SubmissionRefused(
            _("只能审核已提交的年度（当前：%(state)s）。") % {"state": submission.get_state_display()}
        )
    return _step(submission, action=Action.APPROVE, state=State.APPROVED, user=user)


@transaction.atomic
def year_submission_return(*, region, year: int, user, reason: str) -> YearSubmission:
    """An approver sends a submitted year back to the editor, saying why."""
    _require_reason(reason)
    submission = _locked_submission(region, year)
    if submission.state != State.SUBMITTED:
        raise SubmissionRefused(
            _("只能退回已提交的年度（当前：%(state)s）。") % {"state": submission.get_state_display()}
        )
    return _step(submission, action=Action.RETURN, state=State.RETURNED, user=user, reason=reason)


@transaction.atomic
def year_submission_unlock(*, region, year: int, user, reason: str) -> YearSubmission:
    """An approver reopens an approved year for corrections, saying why."""
    _require_reason(reason)
    submission = _locked_submission(region, year)
    if submission.state != State.APPROVED:
        raise SubmissionRefused(
            _("只能解锁已审核锁定的年度（当前：%(state)s）。") % {"state": submission.get_state_display()}
        )
    return _step(submission, action=Action.UNLOCK, state=State.OPEN, user=user, reason=reason)
