"""Import events in words: what the audit page and the session page say about each step."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import ImportEvent

from .services import NO_MATCH

Action = ImportEvent.Action

FIELD_LABELS = {
    "title": gettext_lazy("标题"),
    "region": gettext_lazy("地区"),
    "region_short": gettext_lazy("地区简称"),
    "period_start": gettext_lazy("起始年"),
    "period_end": gettext_lazy("终止年"),
    "status": gettext_lazy("状态"),
    "draft_marker": gettext_lazy("稿次标记"),
    "issuer": gettext_lazy("印发机关"),
    "doc_number": gettext_lazy("文号"),
    "issue_date": gettext_lazy("印发日期"),
    "domain": gettext_lazy("领域"),
    "seq": gettext_lazy("序号"),
    "name": gettext_lazy("指标名称"),
    "unit": gettext_lazy("单位"),
    "nature": gettext_lazy("指标性质"),
    "progress_estimate": gettext_lazy("预计进度"),
    "cells": gettext_lazy("各年份数值"),
    "excluded": gettext_lazy("不导入此行"),
}
_OUTCOMES = {
    "created": gettext_lazy("新建规划"),
    "new_version": gettext_lazy("新版本"),
    "unchanged": gettext_lazy("内容未变"),
}
_KINDS = {"docx": gettext_lazy("Word 文档"), "text": gettext_lazy("文本文件")}
_MAX_SHOWN = 120


def _shown(value) -> str:
    if value is None or value == "":
        return _("（空）")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dict):
        parts = [
            _("%(year)s年：%(value)s") % {"year": k, "value": _shown(v)} for k, v in sorted(value.items())
        ]
        return "；".join(parts) or _("（空）")
    text = str(value)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"


def _mapping(code: str) -> str:
    if not code:
        return _("自动匹配")
    if code == NO_MATCH:
        return _("不映射（规划内指标）")
    return code


def _changes(detail: dict) -> list[str]:
    before, after = detail.get("before") or {}, detail.get("after") or {}
    order = list(FIELD_LABELS)
    keys = sorted(set(before) | set(after), key=lambda k: (order.index(k) if k in order else len(order), k))
    return [
        _("%(field)s：%(before)s → %(after)s")
        % {
            "field": FIELD_LABELS.get(key, key),
            "before": _shown(before.get(key)),
            "after": _shown(after.get(key)),
        }
        for key in keys
    ]


def _row(detail: dict) -> int:
    try:
        return int(detail.get("row", 0)) + 1
    except (TypeError, ValueError):
        return 0


def event_lines(event: ImportEvent) -> list[str]:
    """The event's detail as short lines (the template renders them escaped)."""
    detail = event.detail if isinstance(event.detail, dict) else {}
    if event.action == Action.UPLOAD:
        kind = detail.get("kind") or ""
        return [
            _("%(kind)s，%(size)s 字节，编码 %(encoding)s")
            % {
                "kind": _KINDS.get(kind, kind),
                "size": detail.get("size", 0),
                "encoding": detail.get("encoding") or "—",
            },
            _("章节 %(chapters)s，指标 %(indicators)s，重点项目 %(projects)s，解析提示 %(warnings)s")
            % {
                "chapters": detail.get("chapters", 0),
                "indicators": detail.get("indicators", 0),
                "projects": detail.get("key_projects", 0),
                "warnings": detail.get("warnings", 0),
            },
        ]
    if event.action == Action.REJECT:
        return [_("拒收原因：%(reason)s") % {"reason": detail.get("reason", "")}]
    if event.action == Action.EDIT_METADATA:
        return _changes(detail)
    if event.action == Action.CORRECT_ROW:
        return [_("第 %(n)s 行") % {"n": _row(detail)}, *_changes(detail)]
    if event.action == Action.MAP_ROW:
        return [
            _("第 %(n)s 行“%(name)s”：") % {"n": _row(detail), "name": _shown(detail.get("name"))},
            f"{_mapping(detail.get('before', ''))} → {_mapping(detail.get('after', ''))}",
        ]
    if event.action == Action.PUBLISH:
        lines = [
            _("%(outcome)s：规划 #%(plan)s「%(title)s」")
            % {
                "outcome": _OUTCOMES.get(detail.get("outcome"), ""),
                "plan": detail.get("plan"),
                "title": detail.get("title", ""),
            }
        ]
        if detail.get("revises"):
            lines.append(_("修订自规划 #%(plan)s") % {"plan": detail["revises"]})
        counts = detail.get("counts") or {}
        if counts:
            lines.append("，".join(f"{label} {n}" for label, n in counts.items()))
        return lines
    return []
