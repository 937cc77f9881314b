"""The import services: nothing is written before publication; each step is recorded; publication is one transaction."""

from __future__ import annotations

import pytest
from django.apps import apps

from indicators.catalog import catalog_load
from indicators.models import Indicator, PlanIndicator
from plans.imports.services import (
    ImportInputError,
    document_for_publish,
    import_session_correct_row,
    import_session_discard,
    import_session_edit_metadata,
    import_session_map_rows,
    import_session_publish,
    import_session_upload,
)
from plans.models import ImportEvent, ImportSession, Plan
from plans.parsing import parse_bytes
from plans.seed import CATALOG_FILE
from plans.services import ImportRejected, plan_import
from tests.conftest import make_plan
from tests.plans.conftest import source_path
from tests.plans.test_docx import seed_docx


@pytest.fixture
def catalog(db):
    catalog_load(CATALOG_FILE)


def plan_tables() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for label in ("plans", "indicators", "projects")
        for model in apps.get_app_config(label).get_models()
        if model not in (ImportSession, ImportEvent)
    }


def uploaded(prefix: str, user) -> ImportSession:
    path = source_path(prefix)
    return import_session_upload(file_name=path.name, data=path.read_bytes(), user=user)


def test_an_upload_writes_nothing_to_the_plan_tables(catalog, admin_user):
    before = plan_tables()
    session = uploaded("003", admin_user)
    assert plan_tables() == before
    assert session.state == "review" and session.file_kind == "text"
    assert session.metadata["title"] == "攀枝花市仁和区“十四五”卫生健康发展规划"
    event = session.events.get()
    assert event.action == "upload" and event.user == admin_user
    assert event.detail["indicators"] == 22 and event.detail["sha256"] == session.file_sha256


def test_a_word_upload_is_recorded_as_word(catalog, admin_user):
    session = import_session_upload(file_name="003.docx", data=seed_docx("003"), user=admin_user)
    assert session.file_kind == "docx" and session.document["source"]["encoding"] == "docx"
    assert "领域\t" in session.source_text  # the converted text is kept for line references


def test_editing_metadata_records_what_changed_and_nothing_when_nothing_did(catalog, admin_user):
    session = uploaded("001", admin_user)
    assert import_session_edit_metadata(session=session, metadata={"title": "甲规划"}, user=admin_user)
    assert not import_session_edit_metadata(session=session, metadata={"title": "甲规划"}, user=admin_user)
    (event,) = session.events.filter(action="edit_metadata")
    assert event.detail == {"before": {"title": None}, "after": {"title": "甲规划"}}


def test_mapping_refuses_unknown_codes_and_rows(catalog, admin_user):
    session = uploaded("002", admin_user)
    with pytest.raises(ImportInputError, match="没有编码为"):
        import_session_map_rows(session=session, mappings={0: "NO-SUCH"}, user=admin_user)
    with pytest.raises(ImportInputError, match="没有第"):
        import_session_map_rows(session=session, mappings={999: ""}, user=admin_user)
    Indicator.objects.create(code="LOCAL-X", name="x", local_to_plan=make_plan())
    with pytest.raises(ImportInputError):
        import_session_map_rows(session=session, mappings={0: "LOCAL-X"}, user=admin_user)
    assert not session.events.filter(action="map_row").exists()


def test_setting_a_mapping_back_to_automatic_is_recorded_and_forgotten(catalog, admin_user):
    session = uploaded("002", admin_user)
    code = Indicator.objects.filter(local_to_plan__isnull=True).first().code
    assert import_session_map_rows(session=session, mappings={3: code}, user=admin_user) == 1
    assert import_session_map_rows(session=session, mappings={3: code}, user=admin_user) == 0
    assert import_session_map_rows(session=session, mappings={3: ""}, user=admin_user) == 1
    session.refresh_from_db()
    assert session.row_mappings == {}
    assert [(e.detail["before"], e.detail["after"]) for e in session.events.filter(action="map_row")] == [
        ("", code),
        (code, ""),
    ]


def test_a_corrected_cell_gets_a_fresh_target_reading(catalog, admin_user):
    session = uploaded("000", admin_user)
    row = session.document["indicators"][0]
    assert row["target"]["raw"] == "82"
    changed = import_session_correct_row(
        session=session,
        index=0,
        values={"cells": {"2025": "83.63", "2030": "≥84"}},
        user=admin_user,
    )
    assert changed
    row = session.document["indicators"][0]
    assert row["target"] == {
        "year": 2030,
        "raw": "≥84",
        "kind": "absolute",
        "comparator": ">=",
        "value": 84.0,
        "params": {},
    }
    assert row["baseline"]["raw"] == "83.63"
    event = session.events.get(action="correct_row")
    assert event.detail["before"] == {"cells": {"2025": "83.63", "2030": "82"}}
    assert event.detail["after"] == {"cells": {"2025": "83.63", "2030": "≥84"}}


def test_a_correction_that_changes_nothing_is_not_recorded(catalog, admin_user):
    session = uploaded("000", admin_user)
    row = session.document["indicators"][2]
    values = {key: row[key] or "" for key in ("domain", "seq", "name", "unit", "nature", "progress_estimate")}
    values["cells"] = row["cells"]
    assert not import_session_correct_row(session=session, index=2, values=values, user=admin_user)
    assert not session.events.filter(action="correct_row").exists()


def test_an_empty_name_is_refused(catalog, admin_user):
    session = uploaded("000", admin_user)
    with pytest.raises(ImportInputError, match="名称不能为空"):
        import_session_correct_row(session=session, index=0, values={"name": "  "}, user=admin_user)


def test_excluded_rows_are_left_out_and_the_rows_after_them_renumbered(catalog, admin_user):
    session = uploaded("000", admin_user)
    rows = session.document["indicators"]
    sub = next(i for i, r in enumerate(rows) if r["sub_of"] is not None)
    parent = rows[sub]["sub_of"]
    code = Indicator.objects.filter(local_to_plan__isnull=True).order_by("code").last().code
    import_session_map_rows(session=session, mappings={sub: code}, user=admin_user)
    import_session_correct_row(session=session, index=1, values={"excluded": True}, user=admin_user)

    document, mappings = document_for_publish(session)
    assert len(document["indicators"]) == len(rows) - 1
    assert document["indicators"][sub - 1]["sub_of"] == parent - 1
    assert mappings == {sub - 1: Indicator.objects.get(code=code)}

    outcome = import_session_publish(session=session, user=admin_user)
    plan = outcome.result.plan
    assert plan.indicator_rows.count() == len(rows) - 1
    assert not plan.indicator_rows.filter(name=rows[1]["name"]).exists()
    sub_row = plan.indicator_rows.get(order=sub - 1)
    assert sub_row.parent.name == rows[parent]["name"] and sub_row.indicator.code == code


def test_publishing_is_recorded_and_closes_the_session(catalog, admin_user):
    session = uploaded("003", admin_user)
    outcome = import_session_publish(session=session, user=admin_user)
    session.refresh_from_db()
    assert session.state == "published" and session.published_plan == outcome.result.plan
    event = session.events.get(action="publish")
    assert event.user == admin_user
    assert event.detail["plan"] == outcome.result.plan.pk and event.detail["outcome"] == "created"
    with pytest.raises(ImportInputError, match="已发布"):
        import_session_publish(session=session, user=admin_user)
    with pytest.raises(ImportInputError):
        import_session_edit_metadata(session=session, metadata={"title": "x"}, user=admin_user)


def test_a_refused_publication_saves_nothing_and_keeps_the_session_open(catalog, admin_user):
    session = uploaded("001", admin_user)  # no title line, none supplied
    before = plan_tables()
    with pytest.raises(ImportRejected) as refused:
        import_session_publish(session=session, user=admin_user)
    assert "标题" in refused.value.problems[0]
    assert plan_tables() == before
    session.refresh_from_db()
    assert session.state == "review" and not session.events.filter(action="publish").exists()


def test_a_discarded_session_cannot_be_published(catalog, admin_user):
    session = uploaded("002", admin_user)
    import_session_discard(session=session, user=admin_user)
    session.refresh_from_db()
    assert session.state == "discarded" and session.events.filter(action="discard").exists()
    with pytest.raises(ImportInputError):
        import_session_publish(session=session, user=admin_user)
    assert Plan.objects.count() == 0


def test_the_same_file_published_twice_changes_nothing(catalog, admin_user):
    first = import_session_publish(session=uploaded("002", admin_user), user=admin_user).result.plan
    before = plan_tables()
    again = import_session_publish(session=uploaded("002", admin_user), user=admin_user)
    assert again.result.outcome == "unchanged" and again.result.plan == first
    assert again.session.published_plan == first
    assert plan_tables() == before


def test_a_mapping_to_a_code_removed_since_is_a_clear_refusal(catalog, admin_user):
    session = uploaded("002", admin_user)
    spare = Indicator.objects.create(code="ZZ-SPARE", name="备用指标")
    import_session_map_rows(session=session, mappings={0: "ZZ-SPARE"}, user=admin_user)
    spare.delete()
    with pytest.raises(ImportRejected, match="ZZ-SPARE"):
        import_session_publish(session=session, user=admin_user)


# --------------------------------------------------------------------------- plan_import(mappings=…)


def _parsed(prefix: str):
    path = source_path(prefix)
    return parse_bytes(path.read_bytes(), name=path.name)


def test_plan_import_uses_the_given_mappings_instead_of_automatic_matching(catalog):
    parsed = _parsed("003")
    chosen = Indicator.objects.get(code=Indicator.objects.filter(local_to_plan__isnull=True).last().code)
    result = plan_import(document=parsed.to_dict(), source_text=parsed.text, mappings={0: chosen, 1: None})
    rows = PlanIndicator.objects.filter(plan=result.plan).order_by("order")
    assert rows[0].indicator == chosen and not rows[0].extra_indicators.exists()
    assert rows[1].indicator.local_to_plan == result.plan  # None: plan-local although the name matches
    assert rows[2].indicator.local_to_plan is None  # not mentioned: automatic matching as before


def test_plan_import_without_mappings_matches_automatically_as_before(catalog):
    parsed = _parsed("003")
    result = plan_import(document=parsed.to_dict(), source_text=parsed.text)
    assert not PlanIndicator.objects.filter(plan=result.plan, indicator__local_to_plan__isnull=False).exists()
