"""The Word report of the seeded 十四五 plans after 2021–2025 values are entered: opened with python-docx,
every number checked against the status table the dashboards read."""

import io
from decimal import Decimal

import pytest
from docx import Document

from evaluation.docx_build import report_docx
from evaluation.report import report_build
from indicators.dashboards.charts import shown
from indicators.models import IndicatorStatus, status_label
from projects.models import KeyProject
from projects.services import RecordInput, project_record_save

NO_CHARTS = ["summary", "finding", "table", "projects", "gaps", "method"]


def _docx(plan, **options):
    options.setdefault("sections", NO_CHARTS)  # charts are drawn in their own tests (slow)
    report = report_build(
        plan, kind=options.pop("kind", "final"), as_of=options.pop("as_of", 2025), **options
    )
    return report, Document(io.BytesIO(report_docx(report)))


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("fixture", ["renhe", "tiemenguan"])
def test_every_number_in_the_word_table_equals_the_dashboard_status_table(request, fixture):
    _assert_word_table_equals_dashboard(request.getfixturevalue(fixture))


def test_values_entered_through_the_entry_form_reach_the_word_report(client, seeded):
    """铁门关市's editor fills 2021–2025 on the entry form over HTTP, as in the browser."""
    from django.urls import reverse

    from indicators.models import IndicatorValue
    from plans.models import Plan
    from plans.roles import EDITOR
    from tests.conftest import make_user

    from .conftest import path_values

    plan = Plan.objects.select_related("region").get(region__short_name="铁门关市")
    client.force_login(make_user("editor_tmg", EDITOR, regions=[plan.region]))
    entered = 0
    for year, values in sorted(path_values(plan.region).items()):
        url = reverse("entry-form", args=[plan.region.pk, year])
        form = client.get(url).context["form"]
        data = {}
        for name in form.fields:
            value = form[name].value()
            data[name] = "" if value is None else value
            if form.fields[name].show_hidden_initial:
                data[f"initial-{name}"] = data[name]
        for indicator, value in values.items():
            data[f"v_i{indicator.pk}"] = str(value)
            data[f"c_i{indicator.pk}"] = "按卫生统计年报填报"
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        entered += len(values)
    assert IndicatorValue.objects.filter(region=plan.region, source="entered").count() == entered >= 25
    _assert_word_table_equals_dashboard(plan)


def _assert_word_table_equals_dashboard(plan):
    report, document = _docx(plan)
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[5:10] == ["2021", "2022", "2023", "2024", "2025"]
    dashboard = list(IndicatorStatus.objects.for_plan(plan))  # what the plan dashboard shows
    body = table.rows[1:]
    assert len(body) == len(dashboard) == len(report.lines)
    checked = 0
    for row, status in zip(body, dashboard, strict=True):
        cells = [c.text for c in row.cells]
        assert cells[0] == status.plan_indicator.name
        assert cells[-2] == status_label(status.status)
        if status.latest_value is not None:
            assert (
                cells[-4]
                == f"{shown(status.latest_comparator, status.latest_value)}（{status.latest_year}年）"
            )
        if status.target_raw:
            assert cells[4] == f"{status.target_raw}（{status.target_year}年）"
        if status.expected_value is not None:
            assert cells[-3] == shown("", status.expected_value)
        if status.latest_year == 2025 and status.latest_value is not None:
            assert cells[9].rstrip("*") == shown(status.latest_comparator, status.latest_value)
            checked += 1
    assert checked >= 5


def test_renhe_final_report_states_real_counts_and_names(renhe):
    report, document = _docx(renhe)
    text = _text(document)
    assert "《攀枝花市仁和区“十四五”卫生健康发展规划》" in text
    assert "攀仁府办〔2022〕93号" in text
    assert "规划共设主要指标 23 项（预期性 19 项、约束性 4 项），重点项目（专栏）10 个。" in text
    counts = {label: n for _code, label, n in report.counts}
    assert sum(counts.values()) == 23
    sentence = next(p for p in text.split("\n") if p.startswith("截至 2025 年，23 项指标中可评估"))
    for label, n in counts.items():
        assert f"{label} {n} 项" in sentence
    assert f"可评估 {report.assessed} 项" in sentence
    binding = next(p for p in text.split("\n") if p.startswith("约束性指标 4 项"))
    assert "以乡镇（街道）为单位适龄儿童免疫规划疫苗接种率" in binding
    # binding targets come before the overall counts
    assert text.index("约束性指标 4 项") < text.index("截至 2025 年，23 项指标")
    assert "本报告为终期评估，评估截至 2025 年" in text
    assert "已审核锁定的年度：无。" in text and "待审核的临时数据" in text
    assert "0.95" in text  # thresholds in force


def test_one_chart_image_per_indicator(renhe):
    report, document = _docx(renhe, sections=["charts"])
    assert len(document.inline_shapes) == len(report.lines) == 23


def test_key_projects_status_and_spending_are_reported(renhe, admin_user):
    project = KeyProject.objects.filter(plan=renhe).order_by("order").first()
    project_record_save(
        region=renhe.region,
        year=2025,
        entry=RecordInput(
            project=project,
            item=None,
            status="completed",
            percent=Decimal(100),
            investment_planned=Decimal("1200"),
            investment_spent=Decimal("1150.5"),
        ),
        user=admin_user,
        source="entered",
    )
    _report, document = _docx(renhe, sections=["projects"])
    text = _text(document)
    assert "重点项目（专栏）10 个，截至 2025 年已填报实施情况 1 个：已完成 1 个。" in text
    assert "计划投资合计 1200 万元，已完成投资合计 1150.5 万元（完成率 95.9%）" in text
    assert "另有 9 个项目尚未填报实施情况。" in text
    table = document.tables[0]
    first = [c.text for c in table.rows[1].cells]
    assert first[1:6] == ["已完成", "2025", "100%", "1200", "1150.5"]
    assert len(document.inline_shapes) == 0  # charts not selected


def test_sections_can_be_left_out(renhe):
    _report, document = _docx(renhe, sections=["summary", "method"])
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["1. 规划概况", "2. 评估方法"]
    assert not document.tables


def test_the_same_data_gives_byte_identical_files(renhe):
    first = report_docx(report_build(renhe, kind="final", as_of=2025))
    second = report_docx(report_build(renhe, kind="final", as_of=2025))
    assert first == second


def test_a_midterm_report_stops_at_its_year(renhe):
    report, document = _docx(renhe, kind="midterm", as_of=2023)
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header[5:8] == ["2021", "2022", "2023"] and "2024" not in header
    assert "本报告为中期评估，评估截至 2023 年" in _text(document)
    assert all(line.status.latest_year is None or line.status.latest_year <= 2023 for line in report.lines)


def test_a_binding_target_held_since_the_start_is_reported_as_met_not_missed(seeded):
    """仁和区 without entries: its binding immunisation rate (>90 at the start, target ≥90) holds the line."""
    from evaluation.findings import binding_groups
    from plans.models import Plan

    plan = Plan.objects.get(region__short_name="仁和区")
    met, missed, _other = binding_groups(report_build(plan, kind="final", as_of=2025))
    held = [line for line in met if line.status.status == "holding"]
    assert held, [line.status.status for line in met + missed]
    assert all(line.status.status not in ("holding", "achieved") for line in missed)
