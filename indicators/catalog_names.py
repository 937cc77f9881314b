"""The catalog's units and domains as translatable messages, so English pages show them in English.

Indicator names have their English in the catalog itself (``Indicator.name_en``); units and
domains are a small closed set, listed here with ``gettext_noop`` so the message extraction
(and tests/test_translations.py) sees them. ``unit_label``/``domain_label`` translate at runtime
and return anything unknown unchanged.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

UNITS = [
    gettext_noop("岁"), gettext_noop("/10万"), gettext_noop("个"), gettext_noop("人"),
    gettext_noop("亿元"), gettext_noop("天"), gettext_noop("张"),
]  # fmt: skip
DOMAINS = [
    gettext_noop("健康产业"), gettext_noop("健康保障"), gettext_noop("健康服务"), gettext_noop("健康水平"),
    gettext_noop("健康环境"), gettext_noop("健康生活"), gettext_noop("资源配置"),
]  # fmt: skip


def unit_label(unit: str | None) -> str:
    return gettext(unit) if unit else ""


def domain_label(domain: str | None) -> str:
    return gettext(domain) if domain else ""
