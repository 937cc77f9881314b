"""Without a loaded division list the portal works on region names alone (nothing is asked)."""

import pytest

from plans.services import plan_import

pytestmark = pytest.mark.django_db


def _document(region: str, sha: str) -> dict:
    return {
        "source": {"sha256": sha, "name": "t.txt"},
        "plan": {"title": "测试规划", "region": region, "period_start": 2021, "period_end": 2025},
        "indicators": [],
    }


def test_without_a_division_list_imports_work_on_names_alone(db):
    result = plan_import(document=_document("朝阳区", "c" * 64), source_text="x")
    assert not hasattr(result.plan.region, "division")
