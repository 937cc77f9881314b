"""Publication gates of a reviewed import: warnings not yet fixed or acknowledged, empty drafts.

Pure functions of the session's interchange document (no database).

A warning on a row is fixed once the row is corrected, excluded or deleted; any other
warning needs an explicit acknowledgement. Warnings that only say which metadata was
inferred are not gates: the metadata form shows those values and publication validates
them.
"""

from __future__ import annotations

# Warnings about the metadata the parser inferred: shown, but not gates.
METADATA_CODES = frozenset(
    {
        "missing_title",
        "region_inferred",
        "period_inferred",
        "period_start_inferred",
        "missing_region",
        "missing_period",
    }
)

# Warnings about one row: fixed by correcting, excluding or deleting that row.
_ROW_CODES = frozenset(
    {
        "row_missing_cells",
        "row_extra_cells",
        "row_joined",
        "unrecognised_cell",
        "duplicate_indicator",
        "nature_unresolved",
    }
)


def warning_states(document: dict) -> list[dict]:
    """Each warning with ``index``, ``blocking``, ``resolved`` and ``how`` ("acknowledged" / "fixed")."""
    review = document.get("review") or {}
    acknowledged = set(review.get("acknowledged") or [])
    rows = document.get("indicators", [])
    by_line: dict[int, list[dict]] = {}
    for row in rows:
        if row.get("line") and not row.get("entered"):
            by_line.setdefault(row["line"], []).append(row)
    out = []
    for index, warning in enumerate(document.get("warnings", [])):
        code = warning.get("code")
        blocking = code not in METADATA_CODES
        how = ""
        if index in acknowledged:
            how = "acknowledged"
        elif code == "no_indicator_table" and rows:
            how = "fixed"
        elif code in _ROW_CODES and warning.get("line"):
            same = by_line.get(warning["line"], [])
            if not same or all(r.get("reviewed") or r.get("excluded") for r in same):
                how = "fixed"
        out.append({**warning, "index": index, "blocking": blocking, "resolved": bool(how), "how": how})
    return out


def unresolved_warnings(document: dict) -> list[dict]:
    return [w for w in warning_states(document) if w["blocking"] and not w["resolved"]]


def is_empty(document: dict) -> bool:
    """No indicator, no chapter and no key project: nothing a plan is made of."""
    return not (document.get("indicators") or document.get("chapters") or document.get("key_projects"))
