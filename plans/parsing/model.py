"""Plain dataclasses for a parsed plan document and its interchange form.

The interchange dictionary (``ParsedDocument.to_dict``) is the contract other apps code
against, so every field is JSON-safe: strings, ints, floats (never Decimal/NaN/inf),
lists, dicts and None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMAT_NAME = "plan-interchange"
FORMAT_VERSION = 1


class ParseError(ValueError):
    """Input that cannot be parsed at all (empty, binary, undecodable, no content).

    ``str(err)`` is a single line of Chinese meant for the person who uploaded the file.
    """


@dataclass
class SourceInfo:
    name: str = ""
    sha256: str | None = None
    encoding: str | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "sha256": self.sha256, "encoding": self.encoding}


@dataclass
class PlanMeta:
    title: str | None = None
    region: str | None = None
    region_short: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    status: str = "unknown"  # "draft" | "issued" | "unknown"
    draft_marker: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    issue_date: str | None = None  # "YYYY-MM-DD" or "YYYY-MM"

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "region": self.region,
            "region_short": self.region_short,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "status": self.status,
            "draft_marker": self.draft_marker,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "issue_date": self.issue_date,
        }


@dataclass
class Chapter:
    level: int
    marker: str
    title: str
    heading: str
    line: int
    parent: int | None = None
    text: str = ""
    scheme: str = ""  # "pian" | "zhang" | "jie" | "yi" | "paren" (not exported)
    rest: str = ""  # body text sharing the heading's line (not exported)

    def to_dict(self) -> dict:
        return {
            "level": self.level,
            "marker": self.marker,
            "title": self.title,
            "heading": self.heading,
            "line": self.line,
            "parent": self.parent,
            "text": self.text,
        }


@dataclass
class IndicatorRow:
    domain: str | None
    seq: str | None
    name: str
    unit: str | None
    nature: str | None
    progress_estimate: str | None
    sub_of: int | None
    cells: dict[str, str]
    baseline: dict | None
    target: dict | None
    line: int
    table: int = 0

    def to_dict(self) -> dict:
        return {
            "domain": self.domain,
            "seq": self.seq,
            "name": self.name,
            "unit": self.unit,
            "nature": self.nature,
            "progress_estimate": self.progress_estimate,
            "sub_of": self.sub_of,
            "cells": dict(self.cells),
            "baseline": None if self.baseline is None else dict(self.baseline),
            "target": None if self.target is None else dict(self.target),
            "line": self.line,
            "table": self.table,
        }


@dataclass
class KeyProject:
    label: str
    number: int | None
    title: str | None
    items: list[str]
    chapter: int | None
    line: int

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "number": self.number,
            "title": self.title,
            "items": list(self.items),
            "chapter": self.chapter,
            "line": self.line,
        }


@dataclass
class ParseWarning:
    line: int | None
    code: str
    message: str

    def to_dict(self) -> dict:
        return {"line": self.line, "code": self.code, "message": self.message}


@dataclass
class ParsedDocument:
    source: SourceInfo
    text: str
    plan: PlanMeta
    chapters: list[Chapter] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    key_projects: list[KeyProject] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "source": self.source.to_dict(),
            "plan": self.plan.to_dict(),
            "chapters": [c.to_dict() for c in self.chapters],
            "indicators": [r.to_dict() for r in self.indicators],
            "key_projects": [p.to_dict() for p in self.key_projects],
            "warnings": [w.to_dict() for w in self.warnings],
        }
