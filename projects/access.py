"""Access helpers of the key-project screens: the rules themselves live in ``plans.access``."""

from __future__ import annotations

from django.http import Http404

from plans.access import readable_regions, region_for_editor

from .models import ProjectEvidence, ProjectRecord


def record_for_editor(user, record_id: int) -> ProjectRecord:
    """A record of a region this user may edit; 404 when unknown or not theirs, 403 for read-only roles."""
    record = ProjectRecord.objects.select_related("region", "project", "item").filter(pk=record_id).first()
    if record is None:
        raise Http404
    region_for_editor(user, record.region_id)
    return record


def evidence_for_reader(user, evidence_id: int) -> ProjectEvidence:
    """An evidence file of a region this user may read; 404 otherwise (existence not revealed)."""
    evidence = ProjectEvidence.objects.filter(pk=evidence_id, region__in=readable_regions(user)).first()
    if evidence is None:
        raise Http404
    return evidence
