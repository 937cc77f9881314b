"""The light plan page: chapter text on chapter pages, the document part cached, few queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.chapters import section_span
from plans.models import Chapter
from tests.conftest import make_plan


def _chapters(plan, outline):
    for order, (level, text) in enumerate(outline):
        Chapter.objects.create(
            plan=plan, order=order, level=level, marker=f"第{order}章", title=f"t{order}",
            heading=f"第{order}章 标题{order}", text=text, line=order + 1,
        )  # fmt: skip


def test_a_section_spans_its_deeper_chapters():
    outline = [(0, 1), (1, 2), (2, 3), (3, 2), (4, 1), (5, 2)]
    assert section_span(outline, 0) == (0, 3)
    assert section_span(outline, 1) == (1, 2)
    assert section_span(outline, 3) == (3, 3)
    assert section_span(outline, 4) == (4, 5)
    assert section_span(outline, 9) is None


def test_a_chapter_page_shows_the_chapter_and_its_sections_and_links_its_neighbours(client, db):
    plan = make_plan()
    _chapters(plan, [(1, "序言正文"), (1, "第一章正文"), (2, "第一节正文"), (1, "第二章正文")])
    html = client.get(reverse("plan-chapter", args=[plan.pk, 1])).content.decode()
    assert "第一章正文" in html and "第一节正文" in html
    assert "序言正文" not in html and "第二章正文" not in html
    assert f'href="/plans/{plan.pk}/chapters/0/"' in html  # 上一节
    assert f'href="/plans/{plan.pk}/chapters/3/"' in html  # 下一节
    assert client.get(reverse("plan-chapter", args=[plan.pk, 99])).status_code == 404


def test_chapter_text_is_escaped_on_its_page(client, db):
    plan = make_plan()
    _chapters(plan, [(1, "<img src=x onerror=alert(2)>")])
    html = client.get(reverse("plan-chapter", args=[plan.pk, 0])).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html


def test_the_seeded_plan_pages_are_light(client, seeded):
    for result in seeded:
        response = client.get(reverse("plan-detail", args=[result.plan.pk]))
        assert response.status_code == 200
        assert len(response.content) < 60_000  # was up to 138 KB with every chapter's text


def test_the_document_part_is_served_from_the_cache_on_the_second_request(client, seeded):
    plan = seeded[0].plan
    url = reverse("plan-detail", args=[plan.pk])
    with CaptureQueriesContext(connection) as first:
        html_first = client.get(url).content
    with CaptureQueriesContext(connection) as second:
        html_second = client.get(url).content
    assert html_second.count(b"/chapters/") == html_first.count(b"/chapters/") > 0
    assert len(second) <= len(first) - 2  # chapters and key projects (+ items) not queried again
    assert not any("plans_chapter" in q["sql"] for q in second.captured_queries)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_cached_part_follows_the_language(client, seeded, language):
    plan = seeded[0].plan
    client.cookies["django_language"] = language
    html = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert ("点击章节标题阅读正文" in html) == (language == "zh-hans")
