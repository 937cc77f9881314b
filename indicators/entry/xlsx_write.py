"""The entry template: one row per (indicator, year), pre-filled, ready to be uploaded again.

The value column is formatted as text so what a person types keeps its precision (``7.50``);
the region is marked above the header and in every row; the version column lets the upload
refuse a row someone else changed after the download.  Only the value and comment cells are
unlocked (the sheet is protected without a password, to prevent accidents, not to secure).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from projects.xlsx import project_sheet_add

from .selectors import EntryRow

HEADER_ROW = 4
COLUMNS = [
    ("地区", 24),
    ("指标编码", 10),
    ("指标名称", 40),
    ("单位", 8),
    ("年份", 8),
    ("数值", 14),
    ("备注", 30),
    ("上年数值", 12),
    ("基期", 16),
    ("目标", 16),
    ("路径应达值", 12),
    ("版本（请勿修改）", 10),
]
VALUE_COLUMN, COMMENT_COLUMN = 6, 7
_INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
_HEADER_FILL = PatternFill("solid", fgColor="E8EEF7")


def _text(cell, text: str) -> None:
    cell.number_format = "@"
    if text:
        cell.value = text
        cell.data_type = "s"  # never a formula, even if the text starts with "="


def entry_template_build(*, region, pages: list[tuple[int, list[EntryRow]]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "填报"
    sheet["A1"] = _("填报地区")
    sheet["B1"] = region.name
    sheet["A1"].font = sheet["B1"].font = Font(bold=True)
    sheet["A2"] = _("说明")
    sheet["B2"] = _(
        "只填写“数值”和“备注”两列：空白、—、-、无 表示不修改已有数值（不是 0，也不会清除）；"
        "要清除已保存的数值，请在数值列填写“清除”，预览中会显示为“将清除”；可写 <10.5 等界限；不要使用公式或合并单元格；"
        "“版本”列用于防止覆盖他人在下载后所做的修改，请勿改动。上传后先预览，确认后才保存。"
    )
    for position, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=position, value=_(title))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = width
    line = HEADER_ROW
    for year, rows in pages:
        for row in rows:
            line += 1
            values = [
                region.name,
                row.indicator.code,
                row.indicator.name,
                row.unit,
                year,
                None,
                None,
                row.previous_text,
                f"{row.baseline.year}：{row.baseline_raw}" if row.baseline and row.baseline_raw else "",
                f"{row.target_year}：{row.target_raw}" if row.target_year and row.target_raw else "",
                row.expected_text,
                row.version,
            ]
            for position, value in enumerate(values, start=1):
                cell = sheet.cell(row=line, column=position)
                if position in (VALUE_COLUMN, COMMENT_COLUMN):
                    _text(cell, row.text if position == VALUE_COLUMN else "")
                    cell.protection = Protection(locked=False)
                    cell.fill = _INPUT_FILL
                elif isinstance(value, str):
                    _text(cell, value)
                else:
                    cell.value = value
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{line}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.autoFilter = False
    sheet.protection.sort = False
    project_sheet_add(workbook, region=region, years=[year for year, _rows in pages])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
