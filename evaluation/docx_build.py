"""The evaluation report as an editable Word document (python-docx), byte-identical for the same data."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from . import findings
from .charts import indicator_chart_png
from .report import EvaluationReport, money, project_status_label

_FIXED = datetime(2000, 1, 1)


def table_header(report: EvaluationReport) -> list[str]:
    return [
        _("指标"),
        _("单位"),
        _("性质"),
        _("基期"),
        _("目标"),
        *[str(y) for y in report.years],
        _("最新值"),
        _("路径应达值"),
        _("状态"),
        _("偏离"),
    ]


def table_rows(report: EvaluationReport) -> list[list[str]]:
    return [
        [
            line.name,
            line.unit or "—",
            line.nature_label or "—",
            line.baseline_text,
            line.target_text,
            *line.year_texts,
            line.latest_text,
            line.expected_text,
            line.status_label,
            line.deviation_text,
        ]
        for line in report.lines
    ]


def project_header() -> list[str]:
    return [
        _("项目"),
        _("最新状态"),
        _("年份"),
        _("进度"),
        _("计划投资（万元）"),
        _("已完成投资（万元）"),
        _("条目情况"),
        _("说明"),
    ]


def project_rows(report: EvaluationReport) -> list[list[str]]:
    out = []
    for p in report.projects:
        r = p.record
        items = "、".join(f"{project_status_label(c)} {n}" for c, n in p.items_by_status.items())
        if p.items_total and not items:
            items = _("%(n)s 项未填报") % {"n": p.items_total}
        out.append(
            [
                f"{p.project.label} {p.project.title}".strip(),
                project_status_label(r.status) if r else _("未填报"),
                str(r.year) if r else "—",
                (r.progress_text or "—") if r else "—",
                money(r.investment_planned) if r else "—",
                money(r.investment_spent) if r else "—",
                items or "—",
                (r.note or "—") if r else "—",
            ]
        )
    return out


def gap_rows(report: EvaluationReport) -> list[list[str]]:
    return [
        [
            line.name,
            "、".join(str(y) for y in line.gaps) or "—",
            "、".join(str(y) for y in line.provisional) or "—",
        ]
        for line in report.lines
        if line.gaps or line.provisional
    ]


def _table(document, header: list[str], rows: list[list[str]], *, size: int = 8) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(size)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(size)


def _paragraphs(document, texts: list[str]) -> None:
    for text in texts:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(21)


def report_docx(report: EvaluationReport) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(11)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    heading = document.add_heading(report.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        _("%(region)s · 评估截至 %(year)s 年 · 数据截至 %(stamp)s")
        % {"region": report.plan.region.name, "year": report.as_of, "stamp": report.data_as_of_text}
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, key in enumerate(report.sections, start=1):
        document.add_heading(f"{number}. {report.section_label(key)}", level=1)
        if key == "summary":
            _paragraphs(document, findings.summary_paragraphs(report))
        elif key == "finding":
            _paragraphs(document, findings.finding_paragraphs(report))
        elif key == "table":
            _table(document, table_header(report), table_rows(report), size=7)
            document.add_paragraph(_("注：* 表示该年度尚未审核锁定的待审核数值；“—”表示无数值。"))
        elif key == "charts":
            for line in report.lines:
                document.add_picture(io.BytesIO(indicator_chart_png(line)), width=Cm(16))
        elif key == "projects":
            _paragraphs(document, findings.project_paragraphs(report))
            if report.projects:
                _table(document, project_header(), project_rows(report))
        elif key == "gaps":
            _paragraphs(document, findings.gap_paragraphs(report))
            rows = gap_rows(report)
            if rows:
                _table(document, [_("指标"), _("缺报年份"), _("待审核年份")], rows)
        elif key == "method":
            _paragraphs(document, findings.method_paragraphs(report))
    properties = document.core_properties
    properties.title = report.title
    properties.author = properties.last_modified_by = _("规划指标监测平台")
    stamp = (report.data_as_of or _FIXED).replace(tzinfo=None, microsecond=0)
    properties.created = properties.modified = stamp
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed member dates so the same report gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
