"""Review-screen corrections: warnings gate publication; rows, target year, pasted tables and
key projects can be fixed by hand, each recorded in the audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators.models import PlanIndicator
from plans.imports.corrections import (
    import_session_add_row,
    import_session_delete_row,
    import_session_move_row,
    import_session_set_target_year,
    unresolved_warnings,
)
from plans.imports.services import ImportInputError, import_session_publish
from plans.models import ImportEvent, ImportSession
from plans.services import ImportRejected
from projects.models import KeyProject
from tests.plans.test_imports_flow import latest_session, publish, upload

TITLE = "某某市某某区卫生健康“十四五”规划\n\n第一章 主要指标\n"
NO_TABLE = TITLE + "到2025年，人均预期寿命达到80岁，婴儿死亡率控制在5‰以内。\n\n第二章 保障措施\n加强领导。\n"
PASTED = "领域\t主要指标\t单位\t2020年\t2025年\t指标性质\n健康水平\t人均预期寿命\t岁\t79\t80\t预期性\n健康水平\t婴儿死亡率\t‰\t4\t≤5\t约束性\n"
SHORT_ROW = (
    TITLE
    + "领域\t指标\t单位\t2020年\t2025年\t性质\n健康水平\t人均预期寿命\t岁\t79\t80\t预期性\n健康水平\t婴儿死亡率\t4\n"
)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _session(client, text: str, name: str = "plan.txt") -> ImportSession:
    upload(client, name, text.encode())
    session = latest_session()
    assert session.state == ImportSession.State.REVIEW, session.reject_reason
    return session


def _corrections(session) -> list[dict]:
    return [e.detail for e in session.events.filter(action=ImportEvent.Action.CORRECT_ROW).order_by("id")]


def test_a_short_row_blocks_publish_until_it_is_fixed(admin_client, admin_user):
    session = _session(admin_client, SHORT_ROW)
    page = admin_client.get(reverse("import-review", args=[session.pk])).content.decode()
    assert page.index('id="review-warnings"') < page.index('id="indicators"')  # warnings at the top
    assert "row_missing_cells" in page and "待处理" in page
    response = publish(admin_client, session)
    session.refresh_from_db()
    assert session.state == ImportSession.State.REVIEW
    assert response.status_code == 302
    with pytest.raises(ImportRejected) as excinfo:
        import_session_publish(session=session, user=admin_user)
    assert "第 6 行" in excinfo.value.problems[0]

    # Fix the row: name, unit and cells entered by hand.
    fields = {
        "row1-domain": "健康水平",
        "row1-name": "婴儿死亡率",
        "row1-unit": "‰",
        "row1-nature": "约束性",
        "row1-cell_2020": "4",
        "row1-cell_2025": "≤5",
    }
    admin_client.post(reverse("import-row-correct", args=[session.pk, 1]), fields)
    session.refresh_from_db()
    assert unresolved_warnings(session.document) == []
    publish(admin_client, session)
    session.refresh_from_db()
    assert session.state == ImportSession.State.PUBLISHED
    row = PlanIndicator.objects.get(plan=session.published_plan, name="婴儿死亡率")
    assert (row.unit, row.nature, row.cells) == ("‰", "binding", {"2020": "4", "2025": "≤5"})


def test_other_warnings_need_an_acknowledgement(admin_client):
    text = (
        TITLE
        + "领域\t指标\t2025年\t性质\n健康水平\t婴儿死亡率（‰）\t大概很好吧\t预期性\n健康水平\t婴儿死亡率（‰）\t≤5\t预期性\n"
    )
    session = _session(admin_client, text)
    codes = [(w["code"], w["line"]) for w in unresolved_warnings(session.document)]
    assert ("duplicate_indicator", 6) in codes and ("unrecognised_cell", 5) in codes
    indexes = [w["index"] for w in unresolved_warnings(session.document)]
    admin_client.post(reverse("import-warnings-ack", args=[session.pk]), {"ack": indexes})
    session.refresh_from_db()
    assert unresolved_warnings(session.document) == []
    assert [d["kind"] for d in _corrections(session)] == ["acknowledge_warning"] * len(indexes)
    publish(admin_client, session)
    session.refresh_from_db()
    assert session.state == ImportSession.State.PUBLISHED


def test_a_table_that_was_not_found_can_be_pasted_and_published(admin_client):
    session = _session(admin_client, NO_TABLE)
    assert [w["code"] for w in unresolved_warnings(session.document)] == ["no_indicator_table"]
    page = admin_client.get(reverse("import-review", args=[session.pk])).content.decode()
    assert 'id="paste-table" open' in page
    admin_client.post(reverse("import-paste-table", args=[session.pk]), {"text": PASTED})
    session.refresh_from_db()
    rows = session.document["indicators"]
    assert [(r["name"], r["unit"], r["nature"], r["target"]["year"], r["target"]["raw"]) for r in rows] == [
        ("人均预期寿命", "岁", "预期性", 2025, "80"),
        ("婴儿死亡率", "‰", "约束性", 2025, "≤5"),
    ]
    assert unresolved_warnings(session.document) == []  # no_indicator_table is fixed by the paste
    assert _corrections(session)[0]["kind"] == "paste_table"
    publish(admin_client, session)
    session.refresh_from_db()
    assert session.state == ImportSession.State.PUBLISHED
    assert PlanIndicator.objects.filter(plan=session.published_plan).count() == 2


def test_rows_can_be_added_moved_deleted_and_marked_as_sub_rows(admin_client, admin_user):
    session = _session(admin_client, TITLE + PASTED)
    import_session_add_row(
        session=session,
        values={"name": "每千人口医师数", "unit": "人", "cells": {"2020": "3", "2025": "3.5"}},
        user=admin_user,
        after=1,
    )
    assert [r["name"] for r in session.document["indicators"]] == [
        "人均预期寿命",
        "婴儿死亡率",
        "每千人口医师数",
    ]
    added = session.document["indicators"][2]
    assert (added["target"]["year"], added["target"]["value"], added["baseline"]["raw"]) == (2025, 3.5, "3")
    admin_client.post(
        reverse("import-row-add", args=[session.pk]),
        {"new-name": "其中：中医类别医师数", "new-unit": "人", "new-is_sub": "on", "new-cell_2025": "0.5"},
    )
    session.refresh_from_db()
    assert session.document["indicators"][3]["sub_of"] == 2
    import_session_move_row(session=session, index=0, offset=1, user=admin_user)
    assert [r["name"] for r in session.document["indicators"]][:2] == ["婴儿死亡率", "人均预期寿命"]
    import_session_delete_row(session=session, index=0, user=admin_user)
    names = [r["name"] for r in session.document["indicators"]]
    assert names == ["人均预期寿命", "每千人口医师数", "其中：中医类别医师数"]
    assert session.document["indicators"][2]["sub_of"] == 1  # the link follows the rows
    admin_client.post(reverse("import-row-edit", args=[session.pk, 2]), {"op": "unsub"})
    admin_client.post(reverse("import-row-edit", args=[session.pk, 1]), {"op": "sub"})
    session.refresh_from_db()
    assert [r["sub_of"] for r in session.document["indicators"]] == [None, 0, None]
    kinds = [d["kind"] for d in _corrections(session)]
    assert kinds == ["add_row", "add_row", "move_row", "delete_row", "sub_row", "sub_row"]
    deleted = _corrections(session)[3]
    assert deleted["before"]["name"] == "婴儿死亡率"


def test_the_target_year_column_can_be_chosen(admin_client, admin_user):
    text = TITLE + "领域\t指标\t2020年\t2025年\t2035年\n健康水平\t人均预期寿命（岁）\t79\t80\t82\n"
    session = _session(admin_client, text)
    (row,) = session.document["indicators"]
    assert (row["baseline"]["year"], row["target"]["year"]) == (2020, 2025)  # the plan's period decides
    import_session_set_target_year(session=session, table=0, year=2035, user=admin_user)
    (row,) = session.document["indicators"]
    assert (row["baseline"]["year"], row["target"]["year"], row["target"]["value"]) == (2025, 2035, 82.0)
    with pytest.raises(ImportInputError):
        import_session_set_target_year(session=session, table=0, year=2030, user=admin_user)
    assert _corrections(session)[-1] == {
        "kind": "target_year",
        "table": 0,
        "before": {"year": 2025},
        "after": {"year": 2035},
    }


def test_key_projects_can_be_added_and_edited(admin_client):
    session = _session(admin_client, TITLE + PASTED + "\n第二章 重点任务\n专栏1 健康促进\n1.开展行动。\n")
    admin_client.post(
        reverse("import-project-save", args=[session.pk]),
        {
            "form_prefix": "p0",
            "p0-index": "0",
            "p0-label": "专栏1",
            "p0-title": "健康促进行动",
            "p0-items": "1.开展行动。\n2.评估。",
        },
    )
    admin_client.post(
        reverse("import-project-save", args=[session.pk]),
        {
            "form_prefix": "pnew",
            "pnew-label": "专栏2",
            "pnew-title": "医疗服务",
            "pnew-items": "1.建设医院。",
        },
    )
    session.refresh_from_db()
    projects = [(p["label"], p["number"], p["title"], p["items"]) for p in session.document["key_projects"]]
    assert projects == [
        ("专栏1", 1, "健康促进行动", ["1.开展行动。", "2.评估。"]),
        ("专栏2", 2, "医疗服务", ["1.建设医院。"]),
    ]
    publish(admin_client, session)
    session.refresh_from_db()
    assert session.state == ImportSession.State.PUBLISHED, session.document["warnings"]
    saved = KeyProject.objects.filter(plan=session.published_plan).order_by("order")
    assert [(p.label, p.title, p.items.count()) for p in saved] == [
        ("专栏1", "健康促进行动", 2),
        ("专栏2", "医疗服务", 1),
    ]
    assert [d["kind"] for d in _corrections(session)] == ["project", "project"]


def test_an_empty_document_needs_an_audited_confirmation_to_replace_a_version(admin_client, admin_user):
    first = _session(admin_client, TITLE + PASTED, name="v1.txt")
    publish(admin_client, first)
    first.refresh_from_db()
    assert first.state == ImportSession.State.PUBLISHED
    empty = "某某市某某区卫生健康“十四五”规划\n\n加强领导，抓好落实。\n"
    session = _session(admin_client, empty, name="v2.txt")
    indexes = [w["index"] for w in unresolved_warnings(session.document)]
    admin_client.post(reverse("import-warnings-ack", args=[session.pk]), {"ack": indexes})
    session.refresh_from_db()
    page = admin_client.get(reverse("import-review", args=[session.pk])).content.decode()
    assert 'id="confirm-empty"' in page
    with pytest.raises(ImportRejected) as excinfo:
        import_session_publish(session=session, user=admin_user)
    assert "替换现行版本" in excinfo.value.problems[-1]
    data = {"action": "publish", "confirm_empty": "1"}
    from tests.plans.test_imports_flow import metadata_post

    admin_client.post(reverse("import-review-save", args=[session.pk]), {**metadata_post(session), **data})
    session.refresh_from_db()
    assert session.state == ImportSession.State.PUBLISHED
    event = session.events.get(action=ImportEvent.Action.PUBLISH)
    assert event.detail["confirmed_empty_replaces"] == {
        "plan": first.published_plan.pk,
        "title": first.published_plan.title,
    }


def test_an_outlook_column_is_kept_but_never_recorded_as_a_value(admin_client):
    from indicators.models import IndicatorValue

    text = TITLE + "领域\t指标\t2020年\t2025年\t2035年\n健康水平\t人均预期寿命（岁）\t79\t80\t82\n"
    session = _session(admin_client, text)
    publish(admin_client, session)
    session.refresh_from_db()
    row = PlanIndicator.objects.get(plan=session.published_plan)
    assert row.cells == {"2020": "79", "2025": "80", "2035": "82"}
    assert sorted(IndicatorValue.objects.filter(indicator=row.indicator).values_list("year", flat=True)) == [
        2020
    ]
