"""The browser import flow (upload → review → publish) gives the same plan as ``import_plan``.

Each of the five plans is uploaded as its text and as a Word file with real tables, through
the HTTP views an administrator uses, and compared with what ``plan_import`` saves for the
text: metadata, chapter headings, every row with its cells, targets and catalog entry, key
projects, and the baseline values taken from the document.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from indicators.catalog import catalog_load
from indicators.models import Indicator, IndicatorValue, PlanIndicator, ValueChange, ValueSource
from indicators.services import indicator_value_record
from plans.models import ImportEvent, ImportSession, Plan
from plans.parsing import parse_bytes
from plans.roles import EDITOR
from plans.seed import CATALOG_FILE
from plans.services import PlanOverrides, plan_import
from tests.conftest import make_user
from tests.plans.conftest import source_path
from tests.plans.test_docx import docx_from_text, seed_docx, seed_text

SEEDS = ["000", "001", "002", "003", "004"]
TITLE_001 = "第二师铁门关市“十四五”卫生健康事业发展规划"


@pytest.fixture
def catalog(db):
    catalog_load(CATALOG_FILE)


# --------------------------------------------------------------------------- helpers (shared)


def upload(client, name: str, data: bytes):
    return client.post(reverse("import-upload"), {"file": SimpleUploadedFile(name, data)})


def latest_session() -> ImportSession:
    return ImportSession.objects.order_by("-id").first()


def metadata_post(session: ImportSession, **changes) -> dict:
    """The review form as the browser would submit it, with the administrator's changes."""
    data = {}
    for key, value in {**session.metadata, **changes}.items():
        data[key] = "" if value is None else str(value)
    data["status"] = data.get("status") or "unknown"
    return data


def publish(client, session: ImportSession, **changes):
    data = {**metadata_post(session, **changes), "action": "publish"}
    return client.post(reverse("import-review-save", args=[session.pk]), data)


def flow_publish(client, name: str, data: bytes, **changes) -> Plan:
    """Upload, look at the review page, publish; the published plan."""
    response = upload(client, name, data)
    session = latest_session()
    assert session.state == ImportSession.State.REVIEW, session.reject_reason
    assert response.status_code == 302 and response["Location"] == reverse("import-review", args=[session.pk])
    assert client.get(reverse("import-review", args=[session.pk])).status_code == 200
    response = publish(client, session, **changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    session.refresh_from_db()
    assert session.state == ImportSession.State.PUBLISHED, [
        m.message for m in response.wsgi_request._messages
    ]
    return session.published_plan


def _code(indicator: Indicator) -> str:
    return f"LOCAL:{indicator.name}" if indicator.local_to_plan_id else indicator.code


def plan_state(plan: Plan) -> dict:
    """What a plan holds, independent of ids and of the source file's own identity."""
    plan = Plan.objects.select_related("region").get(pk=plan.pk)
    chapters = list(plan.chapters.order_by("order"))
    order_of = {c.pk: c.order for c in chapters}
    rows = list(
        PlanIndicator.objects.filter(plan=plan).select_related("indicator", "parent").order_by("order")
    )
    return {
        "plan": {
            "title": plan.title,
            "region": (plan.region.name, plan.region.short_name, plan.region.level),
            "period": (plan.period_start, plan.period_end),
            "status": (plan.status, plan.draft_marker),
            "issuer": plan.issuer,
            "doc_number": plan.doc_number,
            "issue_date": (plan.issue_date, plan.issue_date_precision),
        },
        "chapters": [
            (c.level, c.marker, c.title, c.heading, order_of.get(c.parent_id), re.sub(r"\n+", "\n", c.text))
            for c in chapters
        ],
        "rows": [
            (
                r.domain,
                r.seq,
                r.name,
                r.unit,
                r.nature,
                r.progress_estimate,
                r.cells,
                r.parent.order if r.parent else None,
                _code(r.indicator),
                sorted(_code(i) for i in r.extra_indicators.all()),
                [
                    (t.year, t.raw, t.kind, t.comparator, t.value, t.params)
                    for t in r.targets.order_by("year")
                ],
            )
            for r in rows
        ],
        "projects": [
            (
                p.label,
                p.number,
                p.title,
                order_of.get(p.chapter_id),
                [i.text for i in p.items.order_by("order")],
            )
            for p in plan.key_projects.order_by("order")
        ],
        "values": sorted(
            (_code(v.indicator), v.year, str(v.value), v.comparator, v.raw)
            for v in IndicatorValue.objects.filter(source_plan=plan).select_related("indicator")
        ),
    }


def expected_state(prefix: str, data: bytes | None = None) -> dict:
    """What ``plan_import`` saves for the seed's text (rolled back afterwards)."""
    path = source_path(prefix)
    parsed = parse_bytes(data if data is not None else path.read_bytes(), name=path.name)
    overrides = PlanOverrides(title=TITLE_001) if prefix == "001" else None
    with transaction.atomic():
        result = plan_import(document=parsed.to_dict(), source_text=parsed.text, overrides=overrides)
        state = plan_state(result.plan)
        transaction.set_rollback(True)
    return state


# --------------------------------------------------------------------------- the five plans


@pytest.mark.parametrize("kind", ["txt", "docx"])
@pytest.mark.parametrize("prefix", SEEDS)
def test_each_seed_imports_through_the_browser_flow_to_the_same_result_as_import_plan(
    client, admin_user, catalog, prefix, kind
):
    expected = expected_state(prefix)
    assert Plan.objects.count() == 0
    client.force_login(admin_user)
    if kind == "txt":
        name, data = source_path(prefix).name, source_path(prefix).read_bytes()
    else:
        name, data = f"{prefix}.docx", seed_docx(prefix)
    changes = {"title": TITLE_001} if prefix == "001" else {}

    plan = flow_publish(client, name, data, **changes)

    assert plan_state(plan) == expected
    assert plan.imported_by == admin_user
    edits = ImportEvent.objects.filter(action=ImportEvent.Action.EDIT_METADATA)
    assert edits.count() == (1 if prefix == "001" else 0)  # unchanged fields are not "edits"
    assert ImportEvent.objects.filter(action="publish", user=admin_user).count() == 1
    assert plan.source_encoding == ("docx" if kind == "docx" else "utf-8")
    assert len(expected["rows"]) > 5 and expected["chapters"]


def test_a_document_without_a_title_line_cannot_be_published_until_the_title_is_filled_in(
    client, admin_user, catalog
):
    client.force_login(admin_user)
    upload(client, "001.txt", source_path("001").read_bytes())
    session = latest_session()
    page = client.get(reverse("import-review", args=[session.pk])).content.decode()
    assert "没有找到规划标题" in page  # the parser's warning is shown
    assert "第二师铁门关市" in page  # the inferred region is prefilled

    response = publish(client, session)  # title left empty
    assert response.status_code == 200
    assert "请填写规划标题" in response.content.decode()
    assert Plan.objects.count() == 0

    flow_publish_existing = publish(client, session, title=TITLE_001)
    assert flow_publish_existing.status_code == 302
    session.refresh_from_db()
    assert session.published_plan.title == TITLE_001
    edit = session.events.get(action=ImportEvent.Action.EDIT_METADATA)
    assert edit.detail["before"]["title"] is None and edit.detail["after"]["title"] == TITLE_001
    assert edit.user == admin_user


# --------------------------------------------------------------------------- versions


def revised_000() -> str:
    """000 as a 送审稿: two targets changed, 5岁以下儿童死亡率 removed, a new indicator added."""
    text = seed_text("000")
    assert "（征求意见稿）" in text
    text = text.replace("（征求意见稿）", "（送审稿）", 1)
    text = text.replace(
        "\t孕产妇死亡率\n\t/10万\n\t0\n\t预期性\n\t可完成\n\t12\n",
        "\t孕产妇死亡率\n\t/10万\n\t0\n\t预期性\n\t可完成\n\t10\n",
    )
    text = text.replace("\t34.84\n\t预期性\n\t已完成\n\t≥38\n", "\t34.84\n\t预期性\n\t已完成\n\t≥40\n")
    removed = "\t\n\t5岁以下儿童死亡率\n\t‰\n\t2.74\n\t预期性\n\t可完成\n\t＜6\n\n"
    assert removed in text
    text = text.replace(removed, "")
    anchor = "\t每万人口全科医生数\n\t人\n\t＞3\n\t约束性\n\t可完成\n\t＞3\n\n"
    added = "\t\n\t每千人口拥有3岁以下婴幼儿托位数\n\t个\n\t3.2\n\t预期性\n\t可完成\n\t4.5\n\n"
    assert anchor in text
    return text.replace(anchor, anchor + added)


def _value(region, name: str, year: int) -> IndicatorValue:
    row = PlanIndicator.objects.filter(plan__region=region, name=name).order_by("id").first()
    return IndicatorValue.objects.get(region=region, indicator=row.indicator, year=year)


def test_a_revised_draft_publishes_as_a_new_version_and_the_diff_lists_exactly_its_changes(
    client, admin_user, catalog
):
    client.force_login(admin_user)
    first = flow_publish(client, source_path("000").name, source_path("000").read_bytes())
    region = first.region
    editor = make_user("editor_klmy", EDITOR, regions=[region])
    infant = PlanIndicator.objects.get(plan=first, name="婴儿死亡率").indicator
    under5 = PlanIndicator.objects.get(plan=first, name="5岁以下儿童死亡率").indicator
    entered = [
        indicator_value_record(
            region=region,
            indicator=infant,
            year=2025,
            value=Decimal("1.20"),
            source=ValueSource.ENTERED,
            user=editor,
            expected_version=1,  # over the plan document's 2025 value
        ).value,
        indicator_value_record(
            region=region,
            indicator=infant,
            year=2027,
            value=Decimal("1.10"),
            source=ValueSource.ENTERED,
            user=editor,
        ).value,
        indicator_value_record(
            region=region,
            indicator=under5,
            year=2027,
            value=Decimal("2.50"),
            source=ValueSource.ENTERED,
            user=editor,
        ).value,
    ]
    before = {v.pk: (v.value, v.source, v.version, v.updated_by_id) for v in entered}
    history_before = ValueChange.objects.filter(value__in=entered).count()

    second = flow_publish(client, "000-送审稿.docx", docx_from_text(revised_000()))

    assert second.pk != first.pk and second.revises == first
    assert (second.status, second.draft_marker) == ("draft", "送审稿")
    assert second.indicator_rows.count() == first.indicator_rows.count()  # one removed, one added
    # values entered before are untouched, history kept; the removed indicator keeps its values
    for value in IndicatorValue.objects.filter(pk__in=before):
        assert (value.value, value.source, value.version, value.updated_by_id) == before[value.pk]
    assert ValueChange.objects.filter(value__in=entered).count() == history_before
    assert _value(region, "婴儿死亡率", 2025).value == Decimal("1.20")
    assert PlanIndicator.objects.filter(plan=first, name="5岁以下儿童死亡率").exists()
    assert IndicatorValue.objects.filter(region=region, indicator=under5, year=2025).exists()

    response = client.get(reverse("plan-diff", args=[second.pk]))
    assert response.status_code == 200
    diff = response.context["diff"]
    assert [r.name for r in diff.rows_added] == ["每千人口拥有3岁以下婴幼儿托位数"]
    assert [r.name for r in diff.rows_removed] == ["5岁以下儿童死亡率"]
    changed = {c.new.name: [(f.field, f.before, f.after) for f in c.changes] for c in diff.rows_changed}
    assert changed == {
        "孕产妇死亡率": [("target", "2030年 12", "2030年 10")],
        "居民健康素养水平": [("target", "2030年 ≥38", "2030年 ≥40")],
    }
    assert diff.chapters_added == diff.chapters_removed == []
    assert diff.projects_added == diff.projects_removed == diff.projects_changed == []
    html = response.content.decode()
    for text in (
        "每千人口拥有3岁以下婴幼儿托位数",
        "5岁以下儿童死亡率",
        "2030年 ≥40",
        "征求意见稿",
        "送审稿",
    ):
        assert text in html


# --------------------------------------------------------------------------- review choices are honoured


def test_a_row_mapped_by_hand_on_the_review_screen_is_published_under_that_catalog_entry(
    client, admin_user, catalog
):
    client.force_login(admin_user)
    upload(client, "000-送审稿.txt", revised_000().encode())
    session = latest_session()
    response = client.get(reverse("import-review", args=[session.pk]))
    review = response.context["review"]
    unmatched = [r for r in review.rows if r.unmatched]
    matched = [r for r in review.rows if r.matched]
    assert [r.row["name"] for r in unmatched] == ["每千人口拥有3岁以下婴幼儿托位数"]
    assert f'id="row-{unmatched[0].index}" class="unmatched' in response.content.decode()  # highlighted
    target = (
        Indicator.objects.filter(local_to_plan__isnull=True)
        .exclude(code__in=[i.code for r in review.rows for i in r.matched])
        .first()
    )
    data = {
        **metadata_post(session),
        f"map-{unmatched[0].index}": target.code,
        f"map-{matched[0].index}": "-",
        "action": "publish",
    }
    assert client.post(reverse("import-review-save", args=[session.pk]), data).status_code == 302

    session.refresh_from_db()
    plan = session.published_plan
    assert plan is not None
    hand = PlanIndicator.objects.get(plan=plan, order=unmatched[0].index)
    assert hand.indicator == target
    kept_local = PlanIndicator.objects.get(plan=plan, order=matched[0].index)
    assert kept_local.indicator.local_to_plan == plan
    events = list(session.events.filter(action=ImportEvent.Action.MAP_ROW).order_by("id"))
    assert {(e.detail["row"], e.detail["before"], e.detail["after"]) for e in events} == {
        (unmatched[0].index, "", target.code),
        (matched[0].index, "", "-"),
    }


def test_a_corrected_row_is_published_as_corrected_and_the_correction_is_recorded(
    client, admin_user, catalog
):
    client.force_login(admin_user)
    upload(client, "000.txt", source_path("000").read_bytes())
    session = latest_session()
    index = next(i for i, r in enumerate(session.document["indicators"]) if r["name"] == "孕产妇死亡率")
    data = {
        f"row{index}-domain": "健康水平",
        f"row{index}-seq": "2",
        f"row{index}-name": "孕产妇 死亡率",
        f"row{index}-unit": "1/10万",
        f"row{index}-nature": "约束性",
        f"row{index}-progress_estimate": "可完成",
        f"row{index}-cell_2025": "0",
        f"row{index}-cell_2030": "≤12",
    }
    response = client.post(reverse("import-row-correct", args=[session.pk, index]), data)
    assert response.status_code == 302
    event = session.events.get(action=ImportEvent.Action.CORRECT_ROW)
    assert event.user == admin_user and event.detail["row"] == index
    assert event.detail["before"]["unit"] == "/10万" and event.detail["after"]["unit"] == "1/10万"
    assert event.detail["before"]["nature"] == "预期性" and event.detail["after"]["nature"] == "约束性"
    assert event.detail["after"]["cells"] == {"2025": "0", "2030": "≤12"}
    assert "已更正" in client.get(reverse("import-review", args=[session.pk])).content.decode()

    session.refresh_from_db()
    assert publish(client, session).status_code == 302
    session.refresh_from_db()
    row = PlanIndicator.objects.get(plan=session.published_plan, order=index)
    assert (row.name, row.unit, row.nature, row.seq) == ("孕产妇死亡率", "1/10万", "binding", "2")
    target = row.targets.get()
    assert (target.raw, target.comparator, target.value) == ("≤12", "<=", Decimal("12"))
