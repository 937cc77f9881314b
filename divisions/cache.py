"""Roll-up reads kept in the cache under the status table's version: never older than the data.

Every figure of the roll-up pages and maps is derived from the status table, read with the
plans and the division tree. Whatever changes those renews the table's version stamp in its own
transaction (``indicators.status.statuses_changed``: value entry, imports, approvals, manual
judgements, rebuilds, division links and boundaries). A key here carries the stamp read at the
start of the request, so a write is seen by the next request, on every app server, whatever the
cache backend. ``ROLLUP_CACHE_SECONDS`` bounds the life of an entry (and of what an
administrator changes outside the services, such as a catalog unit); 0 turns the cache off.

The entries are the same for everyone who may open the division (they all see its provisional
values, ``plans.access``): the views check access first and key by division, target year,
indicator and the language, which is what changes the output — never by user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from indicators.status import statuses_version

from .models import Division

T = TypeVar("T")
_MISSING = object()


class RollupCache:
    """One request's view of the cache: the version stamp is read once, when it is made."""

    def __init__(self, division: Division | None):
        self.seconds = settings.ROLLUP_CACHE_SECONDS
        place = division.code if division is not None else "nation"
        stamp = statuses_version() if self.seconds else ""
        self.prefix = f"rollup:{stamp}:{get_language()}:{place}"

    def key(self, name: str, *parts) -> str:
        return ":".join((self.prefix, name, *(str(p) for p in parts)))

    def get(self, name: str, *parts, compute: Callable[[], T]) -> T:
        """The cached value of ``compute()`` for ``name`` and ``parts`` (computed on a miss)."""
        if not self.seconds:
            return compute()
        key = self.key(name, *parts)
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            cache.set(key, value, self.seconds)
        return value
