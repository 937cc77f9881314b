"""Submit → approve → lock: the review of one region's values for one year.

Every step writes a ``SubmissionEvent`` (who, when, reason) in the same transaction as the
state change; the row is locked first so two approvers (or an approval and a value write,
see ``indicators.services.indicator_value_record``) never interleave.

The review approves what was reviewed:

- Submitting **freezes** the (region, year): no form, upload or admin write until an approver
  returns it (or approves it, then unlocks it).  We chose freezing over "editing resets the year
  to 填报中": a reset would let an editor silently pull a year out from under an approver who is
  reading it, and the approver would have to notice; a freeze makes the one correct path (ask
  for it back) explicit and keeps the submitted set stable while it is reviewed.
- The submit event records the value versions submitted; the approval carries the versions the
  approver saw (``seen``) and is refused if any value changed since (a plan import can still
  write document values), or if ``seen`` is missing.
- Four eyes: the person who submitted cannot approve, administrators included, unless
  ``settings.REVIEW_ALLOW_SINGLE_PERSON`` is on; such an approval is recorded
  (``SubmissionEvent.single_person``).
- Approving and unlocking refresh the region's status rows: the provisional marks follow.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import IndicatorValue, SubmissionEvent, YearSubmission
from ..status import status_refresh_region

State = YearSubmission.State
Action = SubmissionEvent.Action


class SubmissionRefused(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _locked_submission(region, year: int) -> YearSubmission:
    submission, _created = YearSubmission.objects.get_or_create(region=region, year=year)
    return YearSubmission.objects.select_for_update().get(pk=submission.pk)


def _step(
    submission: YearSubmission,
    *,
    action: str,
    state: str,
    user,
    reason: str = "",
    versions: dict | None = None,
    single_person: bool = False,
) -> YearSubmission:
    submission.state = state
    submission.full_clean()
    submission.save()
    event = SubmissionEvent(
        submission=submission,
        action=action,
        user=user,
        reason=reason.strip(),
        versions=versions or {},
        single_person=single_person,
    )
    event.full_clean()
    event.save()
    return submission


def year_value_versions(*, region, year: int) -> dict[str, int]:
    """``{value id: version}`` of every value of the region's year: what a reviewer sees."""
    values = IndicatorValue.objects.filter(region=region, year=year).order_by("pk")
    return {str(pk): version for pk, version in values.values_list("pk", "version")}


def _submitter(submission: YearSubmission):
    event = submission.events.filter(action=Action.SUBMIT).order_by("-at", "-id").first()
    return event.user if event is not None else None


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
    versions = year_value_versions(region=region, year=year)
    return _step(submission, action=Action.SUBMIT, state=State.SUBMITTED, user=user, versions=versions)


@transaction.atomic
def year_submission_approve(*, region, year: int, user, seen: dict[str, int] | None) -> YearSubmission:
    """An approver accepts a submitted year as seen; from now on it is locked against every write path.

    ``seen`` is the ``{value id: version}`` set the approver's review screen showed
    (:func:`year_value_versions` when the page was drawn).
    """
    submission = _locked_submission(region, year)
    if submission.state != State.SUBMITTED:
        raise SubmissionRefused(
            _("只能审核已提交的年度（当前：%(state)s）。") % {"state": submission.get_state_display()}
        )
    submitter = _submitter(submission)
    single_person = submitter is not None and submitter.pk == user.pk
    if single_person and not settings.REVIEW_ALLOW_SINGLE_PERSON:
        raise SubmissionRefused(_("提交人不能审核自己提交的年度（双人审核），请由另一位审核员审核。"))
    if seen is None:
        raise SubmissionRefused(_("审核请求缺少所审核数值的版本信息，未审核。请重新打开审核页面。"))
    current = year_value_versions(region=region, year=year)
    if {str(k): int(v) for k, v in seen.items()} != current:
        raise SubmissionRefused(
            _("自您打开审核页面后，本年度数值已有改动，未审核。请刷新页面，核对最新数值后再审核。")
        )
    _step(
        submission,
        action=Action.APPROVE,
        state=State.APPROVED,
        user=user,
        versions=current,
        single_person=single_person,
    )
    status_refresh_region(region)
    return submission


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
    _step(submission, action=Action.UNLOCK, state=State.OPEN, user=user, reason=reason)
    status_refresh_region(region)
    return submission
