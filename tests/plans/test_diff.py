"""Draft diffs: rows matched by catalog indicator then by name; renumbered chapters are not changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import PlanIndicator, Target
from plans.imports.diff import (
    ChapterSnapshot,
    PlanSnapshot,
    ProjectSnapshot,
    RowSnapshot,
    diff_snapshots,
    plan_snapshot,
    plan_versions,
)
from projects.models import KeyProject, KeyProjectItem
from tests.conftest import make_indicator, make_plan


def row(order, name, *, code=None, unit="%", nature="预期性", year=2025, raw="≥90"):
    return RowSnapshot(
        order=order,
        name=name,
        unit=unit,
        nature=nature,
        target_year=year,
        target_raw=raw,
        indicator_code=code,
    )


def snapshot(rows=(), chapters=(), projects=()):
    return PlanSnapshot(rows=list(rows), chapters=list(chapters), projects=list(projects))


def test_rows_are_matched_by_catalog_indicator_even_when_renamed():
    old = snapshot([row(0, "人均期望寿命", code="LE", unit="岁", raw="82")])
    new = snapshot([row(0, "人均预期寿命", code="LE", unit="岁", raw="82")])
    diff = diff_snapshots(old, new)
    assert not diff.rows_added and not diff.rows_removed
    ((change),) = diff.rows_changed
    assert [(f.field, f.before, f.after) for f in change.changes] == [
        ("name", "人均期望寿命", "人均预期寿命")
    ]


def test_rows_without_a_catalog_entry_are_matched_by_normalised_name():
    old = snapshot([row(0, "托位数（个）", unit="个", raw="3")])
    new = snapshot([row(0, "托位数", unit="个", raw="4.5")])
    ((change),) = diff_snapshots(old, new).rows_changed
    assert [(f.field, f.before, f.after) for f in change.changes] == [("target", "2025年 3", "2025年 4.5")]


def test_target_unit_and_nature_changes_are_listed_and_spelling_is_not_a_change():
    old = snapshot(
        [
            row(0, "a", code="A", raw="＜5"),
            row(1, "b", code="B", unit="1/10万"),
            row(2, "c", code="C", nature="预期性"),
            row(3, "d", code="D", unit="%"),
        ]
    )
    new = snapshot(
        [
            row(0, "a", code="A", raw="<5"),  # full width → half width: same target
            row(1, "b", code="B", unit="/10 万"),  # same unit written differently
            row(2, "c", code="C", nature="约束性"),
            row(3, "d", code="D", unit="‰"),
        ]
    )
    diff = diff_snapshots(old, new)
    assert {c.new.name: [f.field for f in c.changes] for c in diff.rows_changed} == {
        "c": ["nature"],
        "d": ["unit"],
    }
    assert diff.rows_unchanged == 2


def test_a_new_target_year_is_a_target_change():
    old = snapshot([row(0, "a", code="A", year=2025, raw="≥90")])
    new = snapshot([row(0, "a", code="A", year=2030, raw="≥90")])
    ((change),) = diff_snapshots(old, new).rows_changed
    assert (change.changes[0].before, change.changes[0].after) == ("2025年 ≥90", "2030年 ≥90")


def test_added_and_removed_rows_come_in_document_order():
    old = snapshot([row(0, "a", code="A"), row(1, "b", code="B"), row(2, "c")])
    new = snapshot([row(0, "x"), row(1, "a", code="A"), row(2, "y", code="Y")])
    diff = diff_snapshots(old, new)
    assert [r.name for r in diff.rows_removed] == ["b", "c"]
    assert [r.name for r in diff.rows_added] == ["x", "y"]


def test_a_row_listed_twice_pairs_in_order():
    old = snapshot([row(0, "a", code="A", raw="1"), row(1, "a", code="A", raw="2")])
    new = snapshot([row(0, "a", code="A", raw="1")])
    diff = diff_snapshots(old, new)
    assert [r.target_raw for r in diff.rows_removed] == ["2"] and diff.rows_unchanged == 1


def test_renumbered_chapters_are_not_changes_but_new_and_dropped_titles_are():
    old = snapshot(
        chapters=[
            ChapterSnapshot("第一章 发展基础", "发展基础", 1),
            ChapterSnapshot("第二章 总体要求", "总体要求", 1),
            ChapterSnapshot("第三章 保障措施", "保障措施", 1),
        ]
    )
    new = snapshot(
        chapters=[
            ChapterSnapshot("第一章 发展基础", "发展基础", 1),
            ChapterSnapshot("第二章 重点任务", "重点任务", 1),
            ChapterSnapshot("第三章 保障措施", "保障措施", 1),
        ]
    )
    diff = diff_snapshots(old, new)
    assert [c.heading for c in diff.chapters_added] == ["第二章 重点任务"]
    assert [c.heading for c in diff.chapters_removed] == ["第二章 总体要求"]


def test_key_projects_are_matched_by_title_and_their_items_compared():
    old = snapshot(
        projects=[
            ProjectSnapshot("专栏 1", "公共卫生", ("1.甲。", "2.乙。")),
            ProjectSnapshot("专栏 2", "中医药", ("1.丙。",)),
        ]
    )
    new = snapshot(
        projects=[
            ProjectSnapshot("专栏 1", "公共卫生", ("1.甲。", "2.丁。")),
            ProjectSnapshot("专栏 2", "信息化", ("1.戊。",)),
        ]
    )
    diff = diff_snapshots(old, new)
    ((change),) = diff.projects_changed
    assert (change.items_added, change.items_removed) == (["2.丁。"], ["2.乙。"])
    assert [p.title for p in diff.projects_added] == ["信息化"]
    assert [p.title for p in diff.projects_removed] == ["中医药"]


def test_identical_versions_have_an_empty_diff():
    same = snapshot(
        [row(0, "a", code="A")], [ChapterSnapshot("一、x", "x", 1)], [ProjectSnapshot("专栏1", "p", ("i",))]
    )
    assert diff_snapshots(same, same).is_empty


# --------------------------------------------------------------------------- from the database


def _plan_with(region, revises=None, rows=(), projects=()):
    plan = make_plan(region, revises=revises)
    for order, (indicator, name, raw) in enumerate(rows):
        plan_row = PlanIndicator.objects.create(
            plan=plan,
            indicator=indicator,
            order=order,
            name=name,
            unit="%",
            line=order + 1,
            cells={"2025": raw},
        )
        Target.objects.create(plan_indicator=plan_row, year=2025, raw=raw, kind="qualitative")
    for order, (label, title, items) in enumerate(projects):
        project = KeyProject.objects.create(plan=plan, order=order, label=label, title=title, line=1)
        for position, text in enumerate(items):
            KeyProjectItem.objects.create(project=project, order=position, text=text)
    return plan


def test_the_snapshot_of_a_plan_takes_a_constant_number_of_queries(region):
    indicator = make_indicator()
    small = _plan_with(region, rows=[(indicator, "a", "1")], projects=[("专栏1", "p", ["x"])])
    big = _plan_with(
        region,
        rows=[(make_indicator(), f"r{i}", str(i)) for i in range(20)],
        projects=[(f"专栏{i}", f"p{i}", ["x", "y"]) for i in range(8)],
    )
    with CaptureQueriesContext(connection) as few:
        plan_snapshot(small)
    with CaptureQueriesContext(connection) as many:
        plan_snapshot(big)
    assert len(many) == len(few)


def test_the_version_chain_runs_from_the_first_draft_to_the_latest(region):
    first = make_plan(region)
    second = make_plan(region, revises=first)
    third = make_plan(region, revises=second)
    assert plan_versions(second) == [first, second, third]


def test_the_diff_page_of_a_first_version_says_there_is_nothing_to_compare(client, admin_user, region):
    plan = make_plan(region)
    client.force_login(admin_user)
    response = client.get(reverse("plan-diff", args=[plan.pk]))
    assert response.status_code == 200 and response.context["diff"] is None
    assert "第一个版本" in response.content.decode()


@pytest.mark.parametrize("explicit_base", [False, True])
def test_the_diff_page_lists_the_changes_between_versions(client, planner, region, explicit_base):
    kept, dropped = make_indicator(name="保留指标"), make_indicator(name="删除指标")
    first = _plan_with(
        region, rows=[(kept, "保留指标", "达到国家平均水平"), (dropped, "删除指标", "持续改善")]
    )
    second = _plan_with(
        region,
        revises=first,
        rows=[(kept, "保留指标", "高于国家平均水平"), (make_indicator(), "<b>新增</b>指标", "持续改善")],
    )
    client.force_login(planner)
    url = reverse("plan-diff", args=[second.pk])
    response = client.get(url, {"base": first.pk} if explicit_base else {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;b&gt;新增&lt;/b&gt;指标" in html and "<b>新增" not in html
    assert "删除指标" in html and "高于国家平均水平" in html
    diff = response.context["diff"]
    assert [r.name for r in diff.rows_removed] == ["删除指标"]
