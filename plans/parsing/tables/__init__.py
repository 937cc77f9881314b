"""Indicator tables: find them in any layout real documents use and read their rows."""

from plans.parsing.tables.build import (
    build_indicators,
    table_years,
    target_years,
    unit_from_name,
    year_columns,
)
from plans.parsing.tables.find import RawRow, Table
from plans.parsing.tables.header import NATURES, PROGRESS, classify_header
from plans.parsing.tables.scan import find_tables

__all__ = [
    "NATURES",
    "PROGRESS",
    "RawRow",
    "Table",
    "build_indicators",
    "classify_header",
    "find_tables",
    "table_years",
    "target_years",
    "unit_from_name",
    "year_columns",
]
