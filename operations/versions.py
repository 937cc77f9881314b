"""Data versions: one stamp per kind of derived data, read before a cached answer, renewed by writers.

A reader puts :func:`data_version` in its cache key *before* reading the data; a writer calls
:func:`data_version_bump` inside its transaction, after its rows. Either the reader sees the old
stamp (and may cache data that is, if anything, newer) or the new one with the new rows.
"""

from __future__ import annotations

import secrets

from django.utils import timezone

from .models import DataVersion


def data_version(name: str) -> str:
    """The current stamp ("" before the first write): one indexed read."""
    return DataVersion.objects.filter(name=name).values_list("stamp", flat=True).first() or ""


def data_version_bump(name: str) -> str:
    """A new stamp for ``name``, in the caller's transaction."""
    stamp = secrets.token_hex(16)
    if not DataVersion.objects.filter(name=name).update(stamp=stamp, changed_at=timezone.now()):
        DataVersion.objects.update_or_create(name=name, defaults={"stamp": stamp})
    return stamp
