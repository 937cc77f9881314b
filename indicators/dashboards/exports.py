"""CSV and XLSX files of the dashboards' tables.

Every text cell that a spreadsheet would read as a formula (starting with = + - @, a tab or
a carriage return) is written as text with a leading apostrophe, in both formats, so a
region or indicator name can never run as a formula. Numbers stay numbers; headers are
Chinese and carry the unit (``最新值（/10万）``). XLSX is written with openpyxl's
write-only mode, which streams rows instead of building a cell object per value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_text(text: str) -> str:
    """A text cell that cannot run as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def header(label: str, unit: str = "") -> str:
    return f"{label}（{unit}）" if unit else label


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


def _cell(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, date):
        return value.isoformat()
    return safe_text(str(value))


def _csv_cell(value) -> str:
    if isinstance(value, Decimal) and value.is_finite():
        return f"{value.normalize():f}"
    value = _cell(value)
    return "" if value is None else str(value)


def write_csv(sheet: Sheet) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in sheet.headers])
    for row in sheet.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=_sheet_title(sheet.title))
        worksheet.append([safe_text(h) for h in sheet.headers])
        for row in sheet.rows:
            worksheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet"


def export_response(sheets: Sequence[Sheet], fmt: str, filename: str) -> HttpResponse:
    """The file as a download; CSV holds the first sheet."""
    if fmt not in FORMATS:
        raise Http404
    content = write_csv(sheets[0]) if fmt == "csv" else write_xlsx(sheets)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    return response
