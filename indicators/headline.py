"""Headline figures of a set of status rows: the one definition every page and export uses.

Rows are counted per tracked indicator: a plan row that holds two indicators
(孕产妇系统管理率和3岁以下儿童系统管理率) has two status rows and counts as two, on every page
(plan list, overview, dashboards, exports).

- **可评估 (assessable)**: rows with a status that says something about progress; rows with
  insufficient data, no target, or a qualitative target awaiting a person are not assessable.
- Shares are computed over assessable rows, with that denominator shown beside them
  (``可评估 x/y``).  With nothing assessable there is no share (``None``), never 0 % or 100 %.
- The headline keeps apart: **achieved** through progress since the start (已达成),
  **holding** a target already met at the start (保持达标), **on track** (进展顺利) and
  **behind** (需加快, 进展缓慢, 倒退, 未达约束性要求).

Pure: no database.  ``evaluation`` and ``projects`` import :class:`Headline` and
:func:`headline_of` rather than re-counting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ACHIEVED = ("achieved",)
HOLDING = ("holding",)
ON_TRACK = ("on_track",)
BEHIND = ("acceleration_needed", "limited", "moving_away", "binding_breached")
UNASSESSABLE = ("insufficient_data", "no_target", "manual")
GROUPS = {"achieved": ACHIEVED, "holding": HOLDING, "on_track": ON_TRACK, "behind": BEHIND}


@dataclass(frozen=True)
class Headline:
    """Counts by status code, and the figures derived from them."""

    counts: Mapping[str, int]

    def _sum(self, codes: Iterable[str]) -> int:
        return sum(self.counts.get(code, 0) for code in codes)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def assessable(self) -> int:
        return self.total - self._sum(UNASSESSABLE)

    @property
    def nothing_assessable(self) -> bool:
        return self.assessable == 0

    def count(self, group: str) -> int:
        return self._sum(GROUPS[group])

    def share(self, group: str) -> float | None:
        """Share of the assessable rows in this group (0–1); None when nothing is assessable."""
        return self.count(group) / self.assessable if self.assessable else None

    @property
    def achieved(self) -> int:
        return self.count("achieved")

    @property
    def holding(self) -> int:
        return self.count("holding")

    @property
    def on_track(self) -> int:
        return self.count("on_track")

    @property
    def behind(self) -> int:
        return self.count("behind")

    # Kept for callers of the former single share ("达标或进展顺利"): achieved through progress
    # or on track, holding excluded.
    @property
    def rated(self) -> int:
        return self.assessable

    @property
    def share_on_track(self) -> float | None:
        return (self.achieved + self.on_track) / self.assessable if self.assessable else None

    def figures(self) -> dict:
        """Plain numbers for JSON and exports."""
        return {
            "total": self.total,
            "assessable": self.assessable,
            **{group: self.count(group) for group in GROUPS},
            **{f"{group}_share": self.share(group) for group in GROUPS},
        }


def headline_of(statuses: Iterable[str]) -> Headline:
    """The headline of a list of status codes."""
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return Headline(counts)
