"""CSV and XLSX files of the dashboards' tables.

Every text cell that a spreadsheet would read as a formula (starting with = + - @, a tab or
a carriage return) is written as text with a leading apostrophe, in both formats, so a
region or indicator name can never run as a formula. Numbers stay numbers; headers are
Chinese and carry the unit (``最新值（/10万）``). XLSX is written with openpyxl's
write-only mode; each sheet has a frozen, filtered header row and columns sized to their
content. Bound signs (``<``) and the text as written are columns of their own.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

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
    """Every sheet readable as opened: a bold frozen header row with a filter, columns as wide as
    their content (CJK counted double, capped), numbers stored as numbers with their decimals."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=_sheet_title(sheet.title))
        rows = [[_cell(v) for v in row] for row in sheet.rows]
        headers = [safe_text(h) for h in sheet.headers]
        for position, width in enumerate(column_widths(headers, rows), start=1):
            worksheet.column_dimensions[get_column_letter(position)].width = width
        worksheet.freeze_panes = "A2"
        if headers:
            worksheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
        worksheet.append([_header_cell(worksheet, h) for h in headers])
        for row in rows:
            worksheet.append([_number_cell(worksheet, v) if isinstance(v, float) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
MAX_WIDTH = 60
SAMPLE_ROWS = 500


def text_width(value) -> int:
    """Display width of a cell's text: CJK and full-width characters count two."""
    if value is None:
        return 0
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(headers: Sequence, rows: Sequence[Sequence]) -> list[float]:
    """Widths from the header and the first ``SAMPLE_ROWS`` rows, between 6 and ``MAX_WIDTH``."""
    widths = [text_width(h) for h in headers]
    for row in rows[:SAMPLE_ROWS]:
        for position, value in enumerate(row[: len(widths)]):
            widths[position] = max(widths[position], text_width(value))
    return [min(max(w + 2, 6), MAX_WIDTH) for w in widths]


def _header_cell(worksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=text)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    return cell


def _number_cell(worksheet, value: float) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=value)
    if value != int(value):
        cell.number_format = "0.0###"
    return cell


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
