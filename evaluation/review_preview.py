"""The draft review of an import session before it is published: the reviewed document is saved
inside a transaction, reviewed, and rolled back — nothing of it stays in the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from plans.imports.services import document_for_publish
from plans.services import ImportRejected, plan_import

from .review import draft_review_build
from .review_export import review_header, review_intro, review_rows


@dataclass
class ReviewPreview:
    intro: list[str]
    header: list[str]
    rows: list[list[str]]
    flags: list[list[str]]
    problems: list[str]


def draft_review_preview(session) -> ReviewPreview:
    """What the draft review will show once this session is published (rolled back: writes nothing)."""
    try:
        with transaction.atomic():
            document, mappings = document_for_publish(session)
            result = plan_import(
                document=document, source_text=session.source_text, user=None, mappings=mappings
            )
            review = draft_review_build(result.plan)
            preview = ReviewPreview(
                intro=review_intro(review),
                header=review_header(review),
                rows=review_rows(review),
                flags=[row.flags for row in review.rows],
                problems=[],
            )
            transaction.set_rollback(True)
    except ImportRejected as exc:
        return ReviewPreview([], [], [], [], list(exc.problems))
    return preview
