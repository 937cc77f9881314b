"""The life of an Excel upload under review, whatever its sheet: stored → previewed → confirmed or cancelled.

Both uploads (indicator values in ``uploads.py``, key-project records in ``projects.uploads``) keep
the parsed rows and the problems in an ``UploadBatch`` row in the database — never on an app
server's disk or in its memory, so the preview and the confirm may land on different servers.
Each kind reads and saves its own rows; this module owns what they share: storing a checked
upload, recording a refusal, logging another district's rows, and the state changes.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import UploadBatch
from .xlsx_read import Problem
from .xlsx_safety import xlsx_safety_problems

State = UploadBatch.State
Kind = UploadBatch.Kind
security_log = logging.getLogger("indicators.security")
MAX_PROBLEMS = 500  # listed per upload; the rest are counted


class UploadRefused(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def file_problem(message: str) -> dict:
    """A problem of the whole file (no sheet, no cell)."""
    return Problem("", "", message).as_dict()


def region_matches(region, text: str) -> bool:
    """Whether a region name written in a sheet (spaces ignored) is this region's full or short name."""
    return "".join(text.split()) in {region.name, region.short_name}


def file_safety_problems(data: bytes) -> list[dict]:
    """Size, zip and XML-bomb checks every upload passes before any parser sees it."""
    return [file_problem(m) for m in xlsx_safety_problems(data, max_bytes=settings.UPLOAD_MAX_BYTES)]


@transaction.atomic
def upload_batch_store(
    *,
    region,
    user,
    kind: str,
    file_name: str,
    data: bytes,
    rows: list[dict],
    problems: list[dict],
    foreign: list[str],
) -> UploadBatch:
    """Keep a checked upload: ``preview`` when clean, ``rejected`` with its problems otherwise.

    ``foreign`` names the other districts the file carried rows for: the upload is refused (a problem
    says so) and recorded and logged as an authorisation failure.
    """
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = [
            *problems[:MAX_PROBLEMS],
            file_problem(_("……另有 %(count)s 个问题未列出。") % {"count": more}),
        ]
    batch = UploadBatch(
        region=region,
        kind=kind,
        uploaded_by=user,
        file_name=(file_name or "upload.xlsx")[:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
        state=State.REJECTED if problems else State.PREVIEW,
        rows=[] if problems else rows,
        problems=problems,
        authorisation_failure=bool(foreign),
    )
    batch.full_clean()
    batch.save()
    if foreign:
        security_log.warning(
            "upload authorisation failure: user=%s region=%s kind=%s file=%r rows for=%s batch=%s",
            user.get_username(),
            region.pk,
            kind,
            batch.file_name,
            "、".join(sorted(set(foreign))),
            batch.pk,
        )
    return batch


@transaction.atomic
def upload_refusal_record(
    *, region, user, file_name: str, reasons: list[str], kind: str = Kind.VALUES
) -> UploadBatch:
    """A file refused before it could be read (too large, wrong type): recorded all the same,
    with who, when, the file name and why, as a ``rejected`` batch."""
    batch = UploadBatch(
        region=region,
        kind=kind,
        uploaded_by=user,
        file_name=(file_name or _("（未收到文件）"))[:255],
        file_sha256=hashlib.sha256(b"").hexdigest(),  # the file was not kept
        state=State.REJECTED,
        problems=[file_problem(reason) for reason in reasons],
    )
    batch.full_clean()
    batch.save()
    return batch


@dataclass
class ConfirmOutcome:
    batch: UploadBatch
    result: object | None = None  # the saving service's result (it has ``changed``)
    problems: list[dict] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return self.result is not None


def upload_batch_lock(batch: UploadBatch) -> UploadBatch:
    """The batch again, locked for this transaction; ``UploadRefused`` unless it is still a preview
    (so two confirms — or a confirm and a cancel — of the same batch never both act)."""
    batch = UploadBatch.objects.select_for_update().select_related("region").get(pk=batch.pk)
    if batch.state != State.PREVIEW:
        raise UploadRefused(
            _("该上传已处理（%(state)s），不能再确认。") % {"state": batch.get_state_display()}
        )
    return batch


def upload_batch_reject(batch: UploadBatch, problems: list[dict]) -> ConfirmOutcome:
    """The confirm found something changed or locked since the preview: nothing saved, a new upload needed."""
    batch.state = State.REJECTED
    batch.problems = problems
    batch.save(update_fields=["state", "problems"])
    return ConfirmOutcome(batch=batch, problems=problems)


def upload_batch_confirmed(batch: UploadBatch, result) -> ConfirmOutcome:
    batch.state = State.CONFIRMED
    batch.confirmed_at = timezone.now()
    batch.save(update_fields=["state", "confirmed_at"])
    return ConfirmOutcome(batch=batch, result=result)


@transaction.atomic
def upload_batch_cancel(*, batch: UploadBatch, user) -> UploadBatch:
    batch = UploadBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != State.PREVIEW:
        raise UploadRefused(
            _("该上传已处理（%(state)s），不能再取消。") % {"state": batch.get_state_display()}
        )
    batch.state = State.CANCELLED
    batch.save(update_fields=["state"])
    return batch


def preview_summary(batch: UploadBatch) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in batch.rows:
        counts[row["outcome"]] += 1
    return {key: counts.get(key, 0) for key in ("new", "changed", "cleared", "unchanged")}
