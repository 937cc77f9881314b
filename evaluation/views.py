"""Evaluation report screens: options → print-ready HTML page, Word file, one PNG chart per indicator."""

from __future__ import annotations

import base64
import logging
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from indicators.dashboards.selectors import plan_for_reader
from indicators.status import current_year

from . import findings
from .charts import CJKFontMissing, indicator_chart_png
from .docx_build import gap_rows, project_header, project_rows, report_docx, table_header, table_rows
from .forms import ReportOptionsForm
from .report import report_build

logger = logging.getLogger(__name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(request, plan_id: int):
    plan = plan_for_reader(request.user, plan_id)
    form = ReportOptionsForm(request.GET or None, plan=plan, current_year=current_year())
    options = form.options()
    report = report_build(plan, kind=options["kind"], as_of=options["as_of"], sections=options["sections"])
    return plan, form, report


def _font_missing(request, plan, exc: CJKFontMissing):
    logger.error("evaluation report: %s", exc)
    response = render(request, "evaluation/font_missing.html", {"plan": plan, "message": str(exc)})
    response.status_code = 503
    return response


@login_required
@require_GET
def evaluation_report(request, plan_id: int):
    """The options form and, below it, the report as a print-ready page (charts are <img> PNGs)."""
    plan, form, report = _report(request, plan_id)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("评估选项有误，已按默认选项生成。"))
    charts = []
    if "charts" in report.sections:
        # Embedded in the page, so that printing never waits for (or misses) a separate image request.
        try:
            charts = [(line, base64.b64encode(indicator_chart_png(line)).decode()) for line in report.lines]
        except CJKFontMissing as exc:
            return _font_missing(request, plan, exc)
    return render(
        request,
        "evaluation/report.html",
        {
            "plan": plan,
            "form": form,
            "report": report,
            "query": request.GET.urlencode(),
            "charts": charts,
            "sections": [(key, report.section_label(key)) for key in report.sections],
            "summary": findings.summary_paragraphs(report),
            "finding": findings.finding_paragraphs(report),
            "project_text": findings.project_paragraphs(report),
            "gap_text": findings.gap_paragraphs(report),
            "method": findings.method_paragraphs(report),
            "header": table_header(report),
            "rows": list(zip(report.lines, table_rows(report), strict=True)),
            "project_header": project_header(),
            "project_rows": project_rows(report),
            "gap_rows": gap_rows(report),
        },
    )


@login_required
@require_GET
def evaluation_docx(request, plan_id: int):
    plan, _form, report = _report(request, plan_id)
    try:
        data = report_docx(report)
    except CJKFontMissing as exc:
        return _font_missing(request, plan, exc)
    name = f"{plan.region.short_name}_{report.kind_label}报告_{report.as_of}.docx"
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename=\"report.docx\"; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_GET
def evaluation_chart(request, plan_id: int, key: str):
    plan, _form, report = _report(request, plan_id)
    line = next((line for line in report.lines if line.key == key), None)
    if line is None:
        raise Http404
    try:
        data = indicator_chart_png(line)
    except CJKFontMissing as exc:
        return _font_missing(request, plan, exc)
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response
