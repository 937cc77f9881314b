"""What the entry page's live checks need (static/js/entry_form.js): per box, the same numbers
the server's rules use (range, previous year, path), and the thresholds and messages.

The browser only warns while typing; the server (``rules.range_problem``/``soft_warnings`` in
the form) stays the authority on every save. Pure: reads the rows already built for the page.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from .rules import (
    JUMP_FROM_PREVIOUS,
    PATH_DEVIATION_OF_PLANNED_CHANGE,
    PATH_DEVIATION_RELATIVE,
    valid_range,
)
from .selectors import EntryRow


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def live_rules(rows: list[EntryRow], *, prefix: str = "") -> dict:
    """{"fields": {input name: numbers}, "thresholds": …, "messages": …} for ``json_script``."""
    fields = {}
    for row in rows:
        low, high = valid_range(row.indicator)
        fields[f"{prefix}v_{row.key}"] = {
            "name": row.indicator.name,
            "unit": row.unit,
            "min": _num(low),
            "max": _num(high),
            "previous": _num(row.previous_number),
            "expected": _num(row.expected),
            "baseline": _num(row.baseline_number),
            "target": _num(row.target_value),
        }
    return {
        "fields": fields,
        "thresholds": {
            "jump": float(JUMP_FROM_PREVIOUS),
            "pathShare": float(PATH_DEVIATION_OF_PLANNED_CHANGE),
            "pathRelative": float(PATH_DEVIATION_RELATIVE),
        },
        "messages": {
            "notNumber": _("不是数字：请只填写数字（可带 < ≤ > ≥ 表示界限）"),
            "tooLow": _("不能小于 {low}{unit}"),
            "tooHigh": _("不能大于 {high}{unit}"),
            "jump": _("较上年数值 {previous} 变化 {pct}%，保存时须填写说明"),
            "path": _("偏离规划路径应达值 {expected} 较多，保存时须填写说明"),
            "unsaved": _("有尚未保存的修改，离开本页将丢失这些修改。"),
            "history": _("修改记录"),
            "close": _("关闭"),
        },
    }
