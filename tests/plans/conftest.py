"""Shared helpers for the plan-parser tests: the five real documents, parsed once.

Pure Python on purpose: the parser tests run with ``-p no:django``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from plans.parsing import ParsedDocument, parse_bytes

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"


def source_path(prefix: str) -> Path:
    """The fixture document whose file name starts with ``prefix`` (``"000"`` … ``"004"``)."""
    (path,) = SOURCES.glob(f"{prefix}_*.txt")
    return path


@cache
def parsed(prefix: str) -> ParsedDocument:
    path = source_path(prefix)
    return parse_bytes(path.read_bytes(), name=path.name)


@pytest.fixture(scope="module")
def doc(request) -> ParsedDocument:
    """The parsed document named by the test module's ``DOC`` constant."""
    return parsed(request.module.DOC)
