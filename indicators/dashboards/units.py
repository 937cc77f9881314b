"""Which unit spellings are the same unit, and which units convert into which.

The catalog gives each indicator one unit; a plan row can write it differently
(``1/10万`` for ``/10万``) or, once an administrator has mapped a row by hand, in
another unit altogether (``‰`` for a rate the catalog keeps per 100 000). Numbers are
compared only in the same unit: spellings are folded by ``normalize_unit`` (the rule the
catalog matcher uses), and units of one kind convert by the scales below. Anything else
is kept apart, and the page says so.
"""

from __future__ import annotations

from decimal import Decimal

from indicators.catalog import normalize_unit

# unit (normalised) → (kind, size in the kind's base unit)
_SCALES: dict[str, tuple[str, Decimal]] = {
    "%": ("ratio", Decimal("0.01")),
    "‰": ("ratio", Decimal("0.001")),
    "‱": ("ratio", Decimal("0.0001")),
    "/千": ("ratio", Decimal("0.001")),
    "/万": ("ratio", Decimal("0.0001")),
    "/10万": ("ratio", Decimal("0.00001")),
    "/100万": ("ratio", Decimal("0.000001")),
    "元": ("money", Decimal(1)),
    "千元": ("money", Decimal(1000)),
    "万元": ("money", Decimal(10000)),
    "百万元": ("money", Decimal(1000000)),
    "亿元": ("money", Decimal(100000000)),
    "天": ("days", Decimal(1)),
    "日": ("days", Decimal(1)),
}


def unit_key(unit: str | None) -> str:
    """The unit as compared: ``1/10万`` and ``/10 万`` give ``/10万``; ``％`` gives ``%``."""
    return normalize_unit(unit or "")


def conversion_factor(unit: str | None, reference: str | None) -> Decimal | None:
    """What a number in ``unit`` is multiplied by to be in ``reference``; None when it cannot be.

    A blank unit counts as the reference unit (the row did not say, the catalog did).
    """
    source, target = unit_key(unit), unit_key(reference)
    if not source or source == target:
        return Decimal(1)
    if source in _SCALES and target in _SCALES:
        (kind, size), (target_kind, target_size) = _SCALES[source], _SCALES[target]
        if kind == target_kind:
            return size / target_size
    return None


def convert(value: Decimal | None, factor: Decimal | None) -> Decimal | None:
    if value is None or factor is None:
        return None
    return value if factor == 1 else value * factor
