"""The browser import of a plan draft: upload → review (edit, correct, map) → publish or discard.

Until publication everything lives on the :class:`ImportSession` (the parsed
interchange document, the administrator's metadata and row mappings); the plan
tables are written only by :func:`import_session_publish`, through
:func:`plans.services.plan_import`, in one transaction. Every step is recorded as
an :class:`ImportEvent` (who, when, before/after), refused uploads included.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Indicator
from plans.models import ImportEvent, ImportSession, Plan
from plans.parsing import ParsedDocument, ParseError, parse_bytes
from plans.parsing.cells import read_cell
from plans.parsing.docx import parse_docx
from plans.parsing.sniff import KIND_DOCX, sniff_kind
from plans.services import ImportRejected, ImportResult, plan_import

from .gates import is_empty, unresolved_warnings

logger = logging.getLogger(__name__)

State = ImportSession.State
Action = ImportEvent.Action

# Row mapping value meaning "no catalog entry fits: keep the row plan-local".
NO_MATCH = "-"

METADATA_FIELDS = (
    "title",
    "region",
    "region_short",
    "division_code",  # issue 15
    "period_start",
    "period_end",
    "status",
    "draft_marker",
    "issuer",
    "doc_number",
    "issue_date",
)
ROW_FIELDS = ("domain", "seq", "name", "unit", "nature", "progress_estimate")

MSG_TOO_LARGE = gettext_lazy("文件过大：超过 %(limit)s 的上限")
MSG_INTERNAL = gettext_lazy("无法解析文件：内容异常，已记录，请检查文件后重试")
MSG_NOT_IN_REVIEW = gettext_lazy("该导入的状态为“%(state)s”，不能再修改")


class ImportInputError(ValueError):
    """A review action the session cannot take (bad row, unknown catalog code, closed session)."""


@dataclass(frozen=True)
class PublishOutcome:
    session: ImportSession
    result: ImportResult


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return _("%(n)s 字节") % {"n": size}


def too_large_message(limit: int) -> str:
    return MSG_TOO_LARGE % {"limit": size_label(limit)}


def clean_file_name(name: str | None) -> str:
    """The uploaded name without directories or control characters, as short as the column."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 250 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else base[:255]
    return base or str(_("未命名文件"))


def _event(session: ImportSession, action: str, user, detail: dict) -> ImportEvent:
    event = ImportEvent(session=session, action=action, user=user, detail=detail)
    event.full_clean()
    event.save()
    return event


# --------------------------------------------------------------------------- upload


@transaction.atomic
def import_session_reject(
    *, file_name: str, reason: str, user, size: int = 0, sha256: str = "", kind: str = ""
) -> ImportSession:
    """Log a refused upload: a rejected session with its reason, and a ``reject`` event."""
    session = ImportSession(
        state=State.REJECTED,
        file_name=clean_file_name(file_name),
        file_sha256=sha256,
        file_size=size,
        file_kind=kind,
        reject_reason=reason[:500],
        uploaded_by=user,
    )
    session.full_clean()
    session.save()
    _event(session, Action.REJECT, user, {"reason": reason[:500], "size": size})
    logger.info("plan upload refused: %s (%s bytes): %s", session.file_name, size, reason)
    return session


def parse_upload(data: bytes, *, name: str, kind: str | None = None) -> ParsedDocument:
    """Parse by what the bytes are (``sniff_kind``), never by what the name says."""
    if (kind or sniff_kind(data)) == KIND_DOCX:
        return parse_docx(data, name=name)
    return parse_bytes(data, name=name)


def import_session_upload(*, file_name: str, data: bytes, user) -> ImportSession:
    """Parse an uploaded draft into a session under review, or log it as rejected.

    Nothing is written to the plan tables here. A refusal is a session in state
    ``rejected`` whose ``reject_reason`` is the one-line Chinese message.
    """
    name = clean_file_name(file_name)
    size = len(data)
    sha256 = hashlib.sha256(data).hexdigest() if data else ""
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        return import_session_reject(file_name=name, reason=too_large_message(limit), user=user, size=size)
    kind = ""
    try:
        kind = sniff_kind(data)
        parsed = parse_upload(data, name=name, kind=kind)
    except ParseError as exc:
        return import_session_reject(
            file_name=name, reason=str(exc), user=user, size=size, sha256=sha256, kind=kind
        )
    except Exception:  # a hostile file must never become a 500
        logger.exception("plan upload %s could not be parsed", name)
        return import_session_reject(
            file_name=name, reason=str(MSG_INTERNAL), user=user, size=size, sha256=sha256, kind=kind
        )
    document = parsed.to_dict()
    with transaction.atomic():
        session = ImportSession(
            state=State.REVIEW,
            file_name=name,
            file_sha256=sha256,
            file_size=size,
            file_kind=kind,
            document=document,
            source_text=parsed.text,
            metadata={key: document["plan"].get(key) for key in METADATA_FIELDS},
            row_mappings={},
            uploaded_by=user,
        )
        session.full_clean()
        session.save()
        _event(
            session,
            Action.UPLOAD,
            user,
            {
                "kind": kind,
                "size": size,
                "sha256": sha256,
                "encoding": document["source"].get("encoding"),
                "chapters": len(document["chapters"]),
                "indicators": len(document["indicators"]),
                "key_projects": len(document["key_projects"]),
                "warnings": len(document["warnings"]),
            },
        )
    return session


# --------------------------------------------------------------------------- review


def _locked_for_review(session: ImportSession) -> ImportSession:
    locked = ImportSession.objects.select_for_update().get(pk=session.pk)
    if locked.state != State.REVIEW:
        raise ImportInputError(MSG_NOT_IN_REVIEW % {"state": locked.get_state_display()})
    return locked


@transaction.atomic
def import_session_edit_metadata(*, session: ImportSession, metadata: Mapping, user) -> bool:
    """Replace the reviewed plan metadata; records what changed. False when nothing did."""
    locked = _locked_for_review(session)
    current = dict(locked.metadata)
    wanted = {key: metadata.get(key) for key in METADATA_FIELDS if key in metadata}
    before = {key: current.get(key) for key, value in wanted.items() if current.get(key) != value}
    if not before:
        return False
    after = {key: wanted[key] for key in before}
    locked.metadata = {**current, **wanted}
    locked.save(update_fields=["metadata"])
    _event(locked, Action.EDIT_METADATA, user, {"before": before, "after": after})
    session.metadata = locked.metadata
    return True


@transaction.atomic
def import_session_map_rows(*, session: ImportSession, mappings: Mapping[int, str], user) -> int:
    """Set row → catalog choices: ``""`` automatic, a catalog code, or ``NO_MATCH``. Returns rows changed."""
    locked = _locked_for_review(session)
    rows = locked.document.get("indicators", [])
    codes = {code for code in mappings.values() if code not in ("", NO_MATCH)}
    known = set(
        Indicator.objects.filter(code__in=codes, local_to_plan__isnull=True).values_list("code", flat=True)
    )
    current = dict(locked.row_mappings)
    changed = 0
    for index, code in sorted(mappings.items()):
        if not 0 <= index < len(rows):
            raise ImportInputError(_("没有第 %(n)s 行指标") % {"n": index + 1})
        if code not in ("", NO_MATCH) and code not in known:
            raise ImportInputError(_("指标目录中没有编码为“%(code)s”的指标") % {"code": code})
        before = current.get(str(index), "")
        if before == code:
            continue
        if code:
            current[str(index)] = code
        else:
            current.pop(str(index), None)
        _event(
            locked,
            Action.MAP_ROW,
            user,
            {"row": index, "name": rows[index].get("name"), "before": before, "after": code},
        )
        changed += 1
    if changed:
        locked.row_mappings = current
        locked.save(update_fields=["row_mappings"])
        session.row_mappings = current
    return changed


def row_years(document: dict, index: int) -> list[str]:
    """The year columns of the table a row belongs to (a cell the parser lost can be put back)."""
    rows = document.get("indicators", [])
    table = rows[index].get("table", 0)
    return sorted({year for row in rows if row.get("table", 0) == table for year in (row.get("cells") or {})})


def _reading(cells: dict, year: int | None) -> dict | None:
    if year is None:
        return None
    return {"year": year, **read_cell(cells.get(str(year), "")).to_dict()}


@transaction.atomic
def import_session_correct_row(*, session: ImportSession, index: int, values: Mapping, user) -> bool:
    """Correct one indicator row before publication (name, unit, domain, nature, cells, or drop it).

    ``values``: any of domain, seq, name, unit, nature, progress_estimate (text), ``cells``
    (year → raw text) and ``excluded`` (bool). Target and baseline readings are recomputed from
    the corrected cells. The event keeps the row as it was and as it became.
    """
    locked = _locked_for_review(session)
    document = copy.deepcopy(locked.document)
    rows = document.get("indicators", [])
    if not 0 <= index < len(rows):
        raise ImportInputError(_("没有第 %(n)s 行指标") % {"n": index + 1})
    row = rows[index]
    years = row_years(document, index)
    updated = dict(row)
    for key in ROW_FIELDS:
        if key in values:
            text = (
                "".join(str(values[key] or "").split()) if key in ("name", "unit") else str(values[key] or "")
            )
            updated[key] = text.strip() or None
    if not updated.get("name"):
        raise ImportInputError(_("指标名称不能为空"))
    if "cells" in values:
        cells = {year: str((values["cells"] or {}).get(year, "") or "").strip() for year in years}
        updated["cells"] = cells
        target_year = (row.get("target") or {}).get("year") or (int(years[-1]) if years else None)
        baseline_year = (row.get("baseline") or {}).get("year")
        updated["target"] = _reading(cells, target_year)
        updated["baseline"] = _reading(cells, baseline_year)
    if "excluded" in values:
        updated["excluded"] = bool(values["excluded"])
        if not updated["excluded"]:
            updated.pop("excluded")
    fields = (*ROW_FIELDS, "cells", "excluded")
    before = {key: row.get(key) for key in fields if row.get(key) != updated.get(key)}
    if not before and not values.get("confirm"):
        return False
    after = {key: updated.get(key) for key in before}
    updated["reviewed"] = True  # the reviewer has looked at this row: its warnings count as fixed
    rows[index] = updated
    locked.document = document
    locked.save(update_fields=["document"])
    _event(locked, Action.CORRECT_ROW, user, {"row": index, "before": before, "after": after})
    session.document = document
    return True


@transaction.atomic
def import_session_discard(*, session: ImportSession, user) -> ImportSession:
    locked = _locked_for_review(session)
    locked.state = State.DISCARDED
    locked.save(update_fields=["state"])
    _event(locked, Action.DISCARD, user, {})
    return locked


# --------------------------------------------------------------------------- publish


def document_for_publish(session: ImportSession) -> tuple[dict, dict[int, Indicator | None]]:
    """The interchange document as reviewed, and the row mappings re-indexed to it.

    Metadata edits replace the parsed plan block; excluded rows are left out and the
    ``其中`` links and mappings of the rows after them are renumbered.
    """
    document = copy.deepcopy(session.document)
    plan = dict(document.get("plan") or {})
    plan.update({key: value for key, value in (session.metadata or {}).items() if key in METADATA_FIELDS})
    document["plan"] = plan
    rows = document.get("indicators", [])
    kept = [i for i, row in enumerate(rows) if not row.get("excluded")]
    renumber = {old: new for new, old in enumerate(kept)}
    published_rows = []
    document.pop("review", None)
    for old in kept:
        row = dict(rows[old])
        row.pop("excluded", None)
        row.pop("reviewed", None)
        row.pop("entered", None)
        row["sub_of"] = renumber.get(row["sub_of"]) if row.get("sub_of") is not None else None
        published_rows.append(row)
    document["indicators"] = published_rows

    wanted = {int(k): code for k, code in (session.row_mappings or {}).items() if int(k) in renumber}
    catalog = {
        i.code: i
        for i in Indicator.objects.filter(
            code__in=[c for c in wanted.values() if c != NO_MATCH], local_to_plan__isnull=True
        )
    }
    mappings: dict[int, Indicator | None] = {}
    missing = []
    for old, code in sorted(wanted.items()):
        if code == NO_MATCH:
            mappings[renumber[old]] = None
        elif code in catalog:
            mappings[renumber[old]] = catalog[code]
        else:
            missing.append(
                _("第 %(n)s 行映射的目录指标“%(code)s”已不存在，请重新选择") % {"n": old + 1, "code": code}
            )
    if missing:
        raise ImportRejected(missing)
    return document, mappings


def publish_blockers(session: ImportSession, *, confirm_empty: bool = False) -> list[str]:
    """Why this draft may not be published yet: unresolved warnings, or an empty document
    that would replace a current version without the reviewer's explicit confirmation."""
    document = session.document or {}
    problems = [
        _("第 %(line)s 行：%(message)s（请更正该行，或在审核页确认此提示）")
        % {"line": w.get("line") or "?", "message": w.get("message", "")}
        for w in unresolved_warnings(document)
    ]
    if is_empty(document) and not confirm_empty:
        previous = previous_version({**(document.get("plan") or {}), **(session.metadata or {})})
        if previous is not None:
            problems.append(
                _(
                    "文件中没有指标表、章节和重点项目；发布将以空规划替换现行版本“%(title)s”(#%(id)s)，请勾选确认后再发布"
                )
                % {"title": previous.title, "id": previous.pk}
            )
    return problems


def import_session_publish(*, session: ImportSession, user, confirm_empty: bool = False) -> PublishOutcome:
    """Publish the reviewed draft in one transaction: a new plan or a new version of one.

    Raises :class:`ImportRejected` (nothing saved) when the document cannot be saved as it
    is — unresolved parse warnings, or an empty document replacing a current version
    without ``confirm_empty`` — and :class:`ImportInputError` when the session is no
    longer under review.
    """
    with transaction.atomic():
        locked = _locked_for_review(session)
        blockers = publish_blockers(locked, confirm_empty=confirm_empty)
        if blockers:
            raise ImportRejected(blockers)
        replaced = None
        if confirm_empty and is_empty(locked.document or {}):
            previous = previous_version({**(locked.document.get("plan") or {}), **(locked.metadata or {})})
            replaced = {"plan": previous.pk, "title": previous.title} if previous else None
        document, mappings = document_for_publish(locked)
        result = plan_import(document=document, source_text=locked.source_text, user=user, mappings=mappings)
        locked.state = State.PUBLISHED
        locked.published_plan = result.plan
        locked.full_clean()
        locked.save(update_fields=["state", "published_plan"])
        plan = result.plan
        _event(
            locked,
            Action.PUBLISH,
            user,
            {
                "plan": plan.pk,
                "title": plan.title,
                "outcome": result.outcome,
                "revises": plan.revises_id,
                "counts": result.counts,
                "mapped_rows": sorted(mappings),
                **({"confirmed_empty_replaces": replaced} if replaced else {}),
            },
        )
    return PublishOutcome(session=locked, result=result)


def previous_version(metadata: Mapping) -> Plan | None:
    """The plan a publication would revise: the latest version for the same region and period."""
    try:
        start, end = int(metadata.get("period_start")), int(metadata.get("period_end"))
    except (TypeError, ValueError):
        return None
    return (
        Plan.objects.filter(region__name=metadata.get("region") or "", period_start=start, period_end=end)
        .exclude(revisions__isnull=False)
        .order_by("-id")
        .first()
    )
