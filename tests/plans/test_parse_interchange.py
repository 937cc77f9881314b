"""The interchange document's shape: the keys other apps code against."""

import json

import pytest

from tests.plans.conftest import parsed

PLAN_KEYS = {
    "title",
    "region",
    "region_short",
    "period_start",
    "period_end",
    "status",
    "draft_marker",
    "issuer",
    "doc_number",
    "issue_date",
}
CHAPTER_KEYS = {"level", "marker", "title", "heading", "line", "parent", "text"}
INDICATOR_KEYS = {
    "domain",
    "seq",
    "name",
    "unit",
    "nature",
    "progress_estimate",
    "sub_of",
    "cells",
    "baseline",
    "target",
    "line",
}
READING_KEYS = {"year", "raw", "kind", "comparator", "value", "params"}
PROJECT_KEYS = {"label", "number", "title", "items", "chapter", "line"}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_interchange_document_has_every_specified_key(prefix):
    data = json.loads(json.dumps(parsed(prefix).to_dict(), allow_nan=False, ensure_ascii=False))
    assert (data["format"], data["version"]) == ("plan-interchange", 1)
    assert set(data["source"]) == {"name", "sha256", "encoding"}
    assert data["source"]["encoding"] == "utf-8"
    assert set(data["plan"]) >= PLAN_KEYS
    assert data["plan"]["status"] in {"draft", "issued", "unknown"}
    for chapter in data["chapters"]:
        assert set(chapter) >= CHAPTER_KEYS
    for row in data["indicators"]:
        assert set(row) >= INDICATOR_KEYS
        assert all(len(year) == 4 and year.isdigit() for year in row["cells"])
        assert set(row["target"]) >= READING_KEYS
        assert row["baseline"] is None or set(row["baseline"]) >= READING_KEYS
        assert row["nature"] in {None, "预期性", "约束性", "指导性"}
        assert row["progress_estimate"] in {None, "已完成", "可完成", "未完成"}
    for project in data["key_projects"]:
        assert set(project) >= PROJECT_KEYS
        assert all(isinstance(item, str) and item == item.strip() for item in project["items"])
    for warning in data["warnings"]:
        assert set(warning) == {"line", "code", "message"}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_text_is_the_decoded_original(prefix):
    from tests.plans.conftest import source_path

    assert parsed(prefix).text == source_path(prefix).read_text(encoding="utf-8")
