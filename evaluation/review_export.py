"""The draft review as Word and Excel files (same rows and flags as the page)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from .docx_build import _deterministic_zip
from .review import DraftReview


def review_header(review: DraftReview) -> list[str]:
    return [
        _("指标"),
        _("单位"),
        _("上一轮规划目标"),
        _("最新实际值"),
        _("新规划基期值"),
        _("新规划目标"),
        _("指标性质（旧→新）"),
        _("提示"),
        _("说明"),
    ]


def review_rows(review: DraftReview) -> list[list[str]]:
    return [
        [
            row.name,
            row.unit or "—",
            row.old_target_text,
            row.latest_text,
            row.new_baseline_raw or "—",
            row.new_targets_text,
            row.nature_text,
            "；".join(row.flag_labels) or "—",
            "；".join(row.notes) or "—",
        ]
        for row in review.rows
    ]


def review_intro(review: DraftReview) -> list[str]:
    earlier = (
        _("上一轮规划：《%(title)s》（%(period)s）。")
        % {"title": review.earlier.title, "period": review.earlier.period_label}
        if review.earlier
        else _("平台中没有本地区的上一轮规划，仅对照平台记录的 %(year)s 年数值。")
        % {"year": review.base_year}
    )
    counts = "、".join(f"{label} {n} 项" for _code, label, n in review.flag_counts if n)
    return [
        _("审查对象：《%(title)s》（%(region)s，%(period)s，%(status)s）。")
        % {
            "title": review.plan.title,
            "region": review.plan.region.name,
            "period": review.plan.period_label,
            "status": review.plan.get_status_display(),
        },
        earlier,
        _("共对照指标 %(n)s 项；提示：%(counts)s。") % {"n": len(review.rows), "counts": counts or _("无")},
        _("数据截至：%(stamp)s。")
        % {"stamp": review.data_as_of.strftime("%Y-%m-%d %H:%M") if review.data_as_of else "—"},
    ]


def review_docx(review: DraftReview) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.5)
    document.add_heading(_("新旧规划对照审查：%(title)s") % {"title": review.plan.title}, level=0)
    for text in review_intro(review):
        document.add_paragraph(text)
    header, rows = review_header(review), review_rows(review)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)
    buffer = io.BytesIO()
    document.core_properties.title = review.plan.title
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def review_xlsx(review: DraftReview) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("对照审查")
    line = 0
    for text in review_intro(review):
        line += 1
        sheet.cell(row=line, column=1, value=text).data_type = "s"
    line += 2
    for position, title in enumerate(review_header(review), start=1):
        sheet.cell(row=line, column=position, value=title).font = Font(bold=True)
    for values in review_rows(review):
        line += 1
        for position, text in enumerate(values, start=1):
            cell = sheet.cell(row=line, column=position, value=text)
            cell.data_type = "s"  # never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
