"""The sanity warnings of the status table (``IndicatorStatus.warnings``) in the active language.

They are stored as ``{"code", "message"}`` with the message in Chinese and the numbers of the
plan in it (resolution.sanity_warnings). Chinese pages show that message; other languages show
the translated explanation of its code, so no Chinese is left on an English page.
"""

from __future__ import annotations

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_noop as _noop

BY_CODE = {
    "already_met": _noop("基期值已满足目标：保持达标（每年复核），不计为已达成"),
    "wrong_direction": _noop("目标朝不利方向变化，请核对"),
    "unit_mismatch": _noop("规划中的单位与指标目录的单位不一致，不能直接比较"),
}


def warning_text(warning: dict) -> str:
    message = warning.get("message", "")
    if (get_language() or "").startswith("zh") or warning.get("code") not in BY_CODE:
        return message
    return gettext(BY_CODE[warning["code"]])
