"""Plan-document parser: pure Python, no Django.

Bytes or text in, a ``ParsedDocument`` out, whose ``to_dict()`` is the plan interchange
document (format ``plan-interchange``, version 1).
"""

from plans.parsing.document import parse_bytes, parse_text
from plans.parsing.encoding import decode_bytes
from plans.parsing.model import (
    Chapter,
    IndicatorRow,
    KeyProject,
    ParsedDocument,
    ParseError,
    ParseWarning,
    PlanMeta,
    SourceInfo,
)

__all__ = [
    "Chapter",
    "IndicatorRow",
    "KeyProject",
    "ParseError",
    "ParseWarning",
    "ParsedDocument",
    "PlanMeta",
    "SourceInfo",
    "decode_bytes",
    "parse_bytes",
    "parse_text",
]
