"""Draft review of the seeded 克拉玛依区 十五五 draft: flags after entering 2025 values, a revised draft
updates the review, exports to Word and Excel, and a region with an earlier plan."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from evaluation.review import draft_review_build, earlier_plan
from indicators.models import Indicator, ValueSource
from indicators.services import ValueInput, indicator_values_record
from plans.models import Plan
from plans.parsing import parse_bytes
from plans.services import plan_import
from tests.conftest import current_version

SOURCE = Path(settings.BASE_DIR) / "fixtures" / "sources" / "000_dccfb5a39fe87950.txt"


@pytest.fixture
def karamay(seeded, admin_user):
    plan = Plan.objects.select_related("region").get(region__short_name="克拉玛依区")
    literacy = Indicator.objects.get(plan_rows__plan=plan, plan_rows__name="居民健康素养水平")
    indicator_values_record(
        region=plan.region,
        entries=[
            ValueInput(
                indicator=literacy,
                year=2025,
                value=Decimal("39.2"),
                raw="39.2",
                expected_version=current_version(plan.region, literacy, 2025),
            )
        ],
        source=ValueSource.ENTERED,
        user=admin_user,
    )
    return plan


def _row(review, name):
    return next(row for row in review.rows if row.name == name)


def test_rows_already_meeting_their_2030_target_are_flagged(karamay):
    review = draft_review_build(karamay)
    assert review.earlier is None and review.base_year == 2025
    life = _row(review, "人均期望寿命")  # 2025: 83.63, 2030 target 82 — already met
    assert "already_met" in life.flags
    assert "2025 年数值 83.63 已满足 2030 年目标 82" in life.notes
    literacy = _row(review, "居民健康素养水平")  # entered 39.2 ≥ 38
    assert literacy.latest_text == "39.2（2025年）"
    assert "already_met" in literacy.flags
    assert "baseline_differs" in literacy.flags  # the draft prints 34.84, the portal holds 39.2
    assert "新规划写 34.84，平台记录 39.2（网页录入）" in literacy.notes
    vaccination = _row(review, "适龄儿童免疫规划疫苗接种率（%）")  # >90 against ≥95: not known to be met
    assert "already_met" not in vaccination.flags
    flagged = {row.name for row in review.rows if "already_met" in row.flags}
    assert {"人均期望寿命", "孕产妇死亡率", "婴儿死亡率", "居民健康素养水平"} <= flagged


def test_a_revised_draft_changing_a_target_updates_the_review(karamay, admin_user):
    text = (
        SOURCE.read_bytes()
        .decode("utf-8")
        .replace("\t34.84\n\t预期性\n\t已完成\n\t≥38", "\t34.84\n\t预期性\n\t已完成\n\t≥40")
    )
    assert "≥40" in text
    document = parse_bytes(text.encode("utf-8"), name="000_revised.txt")
    result = plan_import(document=document.to_dict(), source_text=document.text, user=admin_user)
    revised = result.plan
    assert revised.revises_id == karamay.pk
    literacy = _row(draft_review_build(revised), "居民健康素养水平")
    assert literacy.new_targets_text == "2030：≥40"
    assert "already_met" not in literacy.flags


def test_a_region_with_an_earlier_plan_gets_earlier_targets_and_dropped_rows(seeded, admin_user):
    renhe = Plan.objects.get(region__short_name="仁和区")
    text = (
        SOURCE.read_bytes()
        .decode("utf-8")
        .replace("克拉玛依市克拉玛依区", "攀枝花市仁和区")
        .replace("克拉玛依区", "仁和区")
    )
    document = parse_bytes(text.encode("utf-8"), name="renhe_15.txt")
    new = plan_import(document=document.to_dict(), source_text=document.text, user=admin_user).plan
    assert new.region_id == renhe.region_id
    assert earlier_plan(new) == renhe
    review = draft_review_build(new)
    flags = {flag for row in review.rows for flag in row.flags}
    assert {"dropped", "new"} <= flags
    infant = _row(review, "婴儿死亡率")
    assert infant.old_target_text == "≤4.8（2025年）"
    assert infant.new_targets_text == "2030：＜5"
    assert "weaker_than_earlier" in infant.flags  # <5 is a higher ceiling than ≤4.8
    binding = [row for row in review.rows if "nature_changed" in row.flags]
    for row in binding:
        assert "约束性" in row.nature_text


def test_the_review_page_and_exports(client, karamay, planner, editor_b):
    client.force_login(editor_b)
    assert client.get(reverse("draft-review", args=[karamay.pk])).status_code == 404
    client.force_login(planner)
    page = client.get(reverse("draft-review", args=[karamay.pk])).content.decode()
    assert "新目标已被最新值达到" in page and "平台中没有本地区的上一轮规划" in page
    response = client.get(reverse("draft-review-export", args=[karamay.pk, "docx"]))
    document = Document(io.BytesIO(response.content))
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    life = next(row for row in cells if row[0] == "人均期望寿命")
    assert life[3] == "83.63（2025年）" and life[5] == "2030：82" and "新目标已被最新值达到" in life[7]
    response = client.get(reverse("draft-review-export", args=[karamay.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[0] == "居民健康素养水平" and row[3] == "39.2（2025年）" for row in values)
    assert client.get(reverse("draft-review-export", args=[karamay.pk, "pdf"])).status_code == 404


def test_the_same_data_gives_the_same_review_files(client, karamay, planner):
    client.force_login(planner)
    url = reverse("draft-review-export", args=[karamay.pk, "docx"])
    assert client.get(url).content == client.get(url).content


def test_administrators_see_the_review_of_an_upload_before_publishing_it(
    client, karamay, admin_user, planner
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from plans.models import ImportSession

    text = (
        SOURCE.read_bytes()
        .decode("utf-8")
        .replace("\t34.84\n\t预期性\n\t已完成\n\t≥38", "\t34.84\n\t预期性\n\t已完成\n\t≥40")
    )
    client.force_login(admin_user)
    client.post(reverse("import-upload"), {"file": SimpleUploadedFile("000_v2.txt", text.encode("utf-8"))})
    session = ImportSession.objects.latest("pk")
    review_page = client.get(reverse("import-review", args=[session.pk])).content.decode()
    assert reverse("import-draft-review", args=[session.pk]) in review_page
    plans_before = Plan.objects.count()
    page = client.get(reverse("import-draft-review", args=[session.pk])).content.decode()
    assert "2030：≥40" in page and "新目标已被最新值达到" in page
    assert Plan.objects.count() == plans_before  # rolled back
    session.refresh_from_db()
    assert session.state == "review"
    client.force_login(planner)
    assert client.get(reverse("import-draft-review", args=[session.pk])).status_code == 403


def test_the_review_page_runs_a_constant_number_of_queries(client, seeded, planner, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(planner)
    counts = []
    for short in ("克拉玛依区", "仁和区", "铁门关市"):
        url = reverse("draft-review", args=[Plan.objects.get(region__short_name=short).pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
