"""The plan pages: list, detail, methodology — content, escaping, and constant query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import PlanIndicator, Target
from indicators.status import status_refresh_plan
from plans.models import Chapter
from projects.models import KeyProject, KeyProjectItem
from tests.conftest import make_indicator, make_plan, make_region


def test_the_plan_list_shows_all_five_plans(client, seeded):
    response = client.get(reverse("plan-list"))
    assert response.status_code == 200
    html = response.content.decode()
    for title in [
        "克拉玛依市克拉玛依区卫生健康“十五五”专项规划（2026—2030年）",
        "第二师铁门关市“十四五”卫生健康事业发展规划",
        "攀枝花市仁和区“十四五”卫生健康发展规划",
    ]:
        assert title in html
    assert "征求意见稿" in html
    assert "攀仁府办〔2022〕93号" in html


def test_the_plan_page_shows_metadata_indicators_projects_and_chapters(client, seeded):
    plan = next(r.plan for r in seeded if r.plan.region.short_name == "仁和区")
    response = client.get(reverse("plan-detail", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "攀枝花市仁和区人民政府办公室" in html
    assert "2022年10月18日" in html
    assert "孕产妇系统管理率和3岁以下儿童系统管理率（%）" in html
    assert "力争每年降低0.5个百分点" in html
    assert "专栏 1" in html
    # the table of contents links every chapter to its own page; the text is not on the plan page
    assert html.count(f'href="/plans/{plan.pk}/chapters/') == plan.chapters.count()
    assert plan.chapters.exclude(text="").first().text[:30] not in html
    # 预计进度 column and computed status are both shown
    assert "预计进度" in html and "进展状态" in html


def test_the_plan_page_shows_the_authors_forecast_beside_the_status(client, seeded):
    plan = next(r.plan for r in seeded if r.plan.region.short_name == "克拉玛依区")
    html = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "可完成" in html and "未完成" in html
    assert "status-holding" in html and "保持达标" in html
    # 人均期望寿命 83.63 → 82: the target is behind the start, flagged inline (not only on hover)
    assert "目标落后于基期" in html


def test_an_unknown_plan_is_a_404_page(client, db):
    response = client.get(reverse("plan-detail", args=[999999]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_imported_text_is_always_escaped(client, db):
    plan = make_plan(title="<script>alert(1)</script>规划")
    Chapter.objects.create(
        plan=plan,
        order=0,
        level=1,
        marker="第一章",
        title="<b>x</b>",
        heading="第一章<b>x</b>",
        text="<img src=x onerror=alert(2)>",
        line=1,
    )
    indicator = make_indicator()
    PlanIndicator.objects.create(
        plan=plan,
        indicator=indicator,
        order=0,
        name="<i>指标</i>",
        line=2,
        cells={"2025": "<svg onload=alert(3)>"},
    )
    project = KeyProject.objects.create(plan=plan, order=0, label="专栏1", title="<u>t</u>", line=3)
    KeyProjectItem.objects.create(project=project, order=0, text="<script>x</script>")
    html = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    for raw in [
        "<script>alert(1)",
        "<b>x</b>",
        "<img src=x",
        "<i>指标</i>",
        "<svg onload",
        "<u>t</u>",
        "<script>x</script>",
    ]:
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _plan_with_rows(n_rows: int, n_chapters: int, n_projects: int):
    region = make_region(f"测试市{n_rows}区", f"{n_rows}区")
    plan = make_plan(region)
    parent = None
    for i in range(n_chapters):
        parent = Chapter.objects.create(
            plan=plan,
            parent=parent if i % 3 else None,
            order=i,
            level=1 + (i % 3 > 0),
            marker=f"第{i}章",
            title="t",
            heading=f"第{i}章t",
            text="正文",
            line=i + 1,
        )
    for i in range(n_rows):
        row = PlanIndicator.objects.create(
            plan=plan,
            indicator=make_indicator(),
            order=i,
            name=f"指标{i}",
            line=100 + i,
            cells={"2020": "1", "2025": "≥2"},
            nature="binding",
        )
        row.extra_indicators.add(make_indicator()) if i % 5 == 0 else None
        Target.objects.create(
            plan_indicator=row, year=2025, raw="≥2", kind="absolute", comparator=">=", value=Decimal("2")
        )
    for i in range(n_projects):
        project = KeyProject.objects.create(
            plan=plan, order=i, label=f"专栏{i}", number=i, title="t", line=500 + i
        )
        for j in range(3):
            KeyProjectItem.objects.create(project=project, order=j, text=f"条目{j}")
    status_refresh_plan(plan)
    return plan


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_plan_page_query_count_does_not_grow_with_the_plan(client, db):
    small = _plan_with_rows(2, 3, 1)
    large = _plan_with_rows(60, 90, 30)
    assert _queries(client, reverse("plan-detail", args=[small.pk])) == _queries(
        client, reverse("plan-detail", args=[large.pk])
    )


def test_the_plan_list_query_count_does_not_grow_with_the_number_of_plans(client, db):
    _plan_with_rows(1, 1, 1)
    few = _queries(client, reverse("plan-list"))
    for _ in range(30):
        make_plan(make_region(f"另一区{_}", f"区{_}"))
    assert _queries(client, reverse("plan-list")) == few


def test_the_methodology_page_shows_the_thresholds_in_force(client, db, settings):
    settings.PROGRESS_THRESHOLDS = {**settings.PROGRESS_THRESHOLDS, "on_track": "0.9"}
    html = client.get(reverse("methodology")).content.decode()
    assert "进展评估方法" in html
    assert "P ≥ 0.9" in html
    for code in [
        "achieved",
        "on_track",
        "acceleration_needed",
        "limited",
        "moving_away",
        "binding_breached",
        "insufficient_data",
        "manual",
        "no_target",
    ]:
        # Readers see each status's name in its colour, never the internal code or the setting name.
        assert f'class="status status-{code}"' in html
        assert f"<code>{code}</code>" not in html
    assert "PROGRESS_THRESHOLDS" not in html


def test_administrators_also_see_the_status_codes_and_the_setting(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("methodology")).content.decode()
    assert "<code>achieved</code>" in html and "PROGRESS_THRESHOLDS" in html


def test_a_chapter_page_rejoins_paragraphs_and_hides_line_numbers_from_readers(client, admin_user, seeded):
    from plans.models import Chapter

    chapter = (
        Chapter.objects.filter(text__contains="加快推进卫生健康事\n\n业高质量发展")
        .select_related("plan")
        .first()
    )
    assert chapter is not None
    url = reverse("plan-chapter", args=[chapter.plan_id, chapter.order])
    html = client.get(url).content.decode()
    assert "加快推进卫生健康事业高质量发展" in html
    assert f"第{chapter.line}行" not in html
    client.force_login(admin_user)
    assert f"第{chapter.line}行" in client.get(url).content.decode()


def test_the_plan_page_keeps_its_table_of_contents_in_view(client, seeded):
    from plans.models import Plan

    html = client.get(reverse("plan-detail", args=[Plan.objects.first().pk])).content.decode()
    assert 'class="page-toc"' in html and "css/plan_detail.css" in html


@pytest.mark.parametrize("url_name", ["plan-list", "methodology"])
def test_pages_are_served_in_chinese_by_default(client, db, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert '<html lang="zh-hans">' in html
