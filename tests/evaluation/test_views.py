"""The report page (print-ready HTML), the Word download and the chart endpoint over HTTP."""

import base64
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from indicators.models import IndicatorStatus, status_label

NO_CHARTS = "kind=final&as_of=2025" + "".join(
    f"&sections={s}" for s in ("summary", "finding", "table", "projects", "gaps", "method")
)


def _url(plan, query=NO_CHARTS):
    return reverse("evaluation-report", args=[plan.pk]) + "?" + query


def test_access_follows_the_region_rules(client, renhe, editor_a, planner):
    assert client.get(_url(renhe)).status_code == 302  # anonymous → login
    client.force_login(editor_a)  # editor of 克拉玛依区, not 仁和区
    assert client.get(_url(renhe)).status_code == 404
    assert client.get(reverse("evaluation-docx", args=[renhe.pk])).status_code == 404
    client.force_login(planner)
    assert client.get(_url(renhe)).status_code == 200
    assert client.post(_url(renhe)).status_code == 405


def test_the_print_page_shows_the_same_numbers_and_sentences(client, renhe, planner):
    client.force_login(planner)
    page = client.get(_url(renhe)).content.decode()
    assert "攀枝花市仁和区“十四五”卫生健康发展规划终期评估报告" in page
    assert "规划共设主要指标 23 项（预期性 19 项、约束性 4 项），重点项目（专栏）10 个。" in page
    assert 'href="/static/css/evaluation.css"' in page or "evaluation" in page
    assert "<script>" not in page and "onclick" not in page.replace('onchange="this.form.submit()"', "")
    for status in IndicatorStatus.objects.for_plan(renhe):
        assert f"<td>{status_label(status.status)}</td>" in page
    assert 'id="section-charts"' not in page


def test_the_print_page_has_one_image_per_indicator_and_each_image_loads(client, renhe, planner):
    client.force_login(planner)
    page = client.get(_url(renhe, "kind=final&as_of=2025&sections=charts")).content.decode()
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 23
    assert all(base64.b64decode(data).startswith(b"\x89PNG") for data in images)
    links = re.findall(r'<a class="no-print" href="([^"]+)">PNG</a>', page)
    response = client.get(links[0].replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_the_word_download_matches_the_chosen_options(client, renhe, planner):
    client.force_login(planner)
    response = client.get(
        reverse("evaluation-docx", args=[renhe.pk]) + "?kind=midterm&as_of=2023&sections=summary"
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "中期评估报告" in text and "评估截至 2023 年" in text


def test_an_out_of_range_year_falls_back_to_the_defaults(client, renhe, planner):
    client.force_login(planner)
    response = client.get(_url(renhe, "kind=final&as_of=1999"))
    assert response.status_code == 200
    assert "评估年份须在 2021—2025 之间" in response.content.decode()
    assert response.context["report"].as_of == 2025


def test_the_report_page_runs_a_constant_number_of_queries(client, seeded, planner, admin_user):
    from plans.models import Plan
    from tests.evaluation.conftest import enter_path_values

    client.force_login(planner)
    plan = Plan.objects.get(region__short_name="仁和区")
    url = _url(plan)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    enter_path_values(plan.region, admin_user)
    connection.queries_log.clear()  # the log is a bounded deque: the bulk save above filled it
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    other = Plan.objects.get(region__short_name="铁门关市")
    client.get(_url(other))
    with CaptureQueriesContext(connection) as other_plan:
        client.get(_url(other))
    assert len(before) == len(after) == len(other_plan)
