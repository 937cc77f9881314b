"""Headings: every numbering scheme, shared-line headings, TOC skipping, nesting."""

import pytest

from plans.parsing import parse_text
from plans.parsing.headings import match_heading


@pytest.mark.parametrize(
    ("line", "scheme", "marker", "title", "heading"),
    [
        ("第一篇  总体战略", "pian", "第一篇", "总体战略", "第一篇  总体战略"),
        ("第一章发展基础", "zhang", "第一章", "发展基础", "第一章发展基础"),
        ("第2章 形势与挑战", "zhang", "第2章", "形势与挑战", "第2章 形势与挑战"),
        ("第十二章 强化组织实施", "zhang", "第十二章", "强化组织实施", "第十二章 强化组织实施"),
        ("第一节  发展基础", "jie", "第一节", "发展基础", "第一节  发展基础"),
        ("第十一节  推动产业发展 ", "jie", "第十一节", "推动产业发展", "第十一节  推动产业发展"),
        ("一、指导思想", "yi", "一、", "指导思想", "一、指导思想"),
        ("（一）指导思想", "paren", "（一）", "指导思想", "（一）指导思想"),
        ("(一) 推进建设，保障健康。", "paren", "(一)", "推进建设，保障健康", "(一) 推进建设，保障健康"),
        (" 第四章重点任务", "zhang", "第四章", "重点任务", "第四章重点任务"),
        ("**一、规划背景**", "yi", "一、", "规划背景", "一、规划背景"),
    ],
)
def test_each_heading_scheme(line, scheme, marker, title, heading):
    match = match_heading(line)
    assert match is not None
    assert (match.scheme, match.marker, match.title, match.heading) == (scheme, marker, title, heading)


def test_a_heading_sharing_its_line_is_cut_at_the_first_full_stop():
    match = match_heading("（一）坚持健康优先，预防为主。将保障人民健康放在优先发展的战略位置。推动…")
    assert match.title == "坚持健康优先，预防为主"
    assert match.heading == "（一）坚持健康优先，预防为主"
    assert match.rest == "将保障人民健康放在优先发展的战略位置。推动…"


def test_a_trailing_full_stop_is_dropped():
    match = match_heading("一、加强妇幼健康服务体系与能力建设。")
    assert (match.title, match.rest) == ("加强妇幼健康服务体系与能力建设", "")


@pytest.mark.parametrize(
    "line",
    [
        "1、医疗卫生资源进一步增加。",
        "1. 积极推动建立长效机制。",
        "1.压实企业主体责任。",
        "（1）国家基本药物制度覆盖率。",
        "(2) 基层医疗机构专业技术人员比例。",
        "——新冠疫情防控科学精准。坚决贯彻区委决策部署。",
        "一是积极研究探索健康促进联动机制。",
        "专栏2 深入推进健康师市行动",
        "一、" + "很长的段落" * 20,
        "一、规划背景\t1",
        "",
    ],
)
def test_things_that_are_not_headings(line):
    assert match_heading(line) is None


def test_levels_and_parents_follow_the_schemes_present():
    text = "\n".join(
        [
            "第一篇 总体战略",
            "一、指导思想",
            "（一）坚持党的领导。正文。",
            "(二) 坚持人民至上",
            "二、规划目标",
            "第二篇 普及健康生活",
            "一、加强健康教育",
        ]
    )
    doc = parse_text(text)
    assert [(c.level, c.parent) for c in doc.chapters] == [
        (1, None),
        (2, 0),
        (3, 1),
        (3, 1),
        (2, 0),
        (1, None),
        (2, 5),
    ]


def test_a_skipped_level_still_finds_its_parent():
    doc = parse_text(
        "第三章 规划基本思路\n一、指导思想\n正文。\n第四章 重点任务\n第一节 深化改革\n一、促进协同。正文。\n"
    )
    levels = [(c.heading, c.level, c.parent) for c in doc.chapters]
    assert levels == [
        ("第三章 规划基本思路", 1, None),
        ("一、指导思想", 3, 0),
        ("第四章 重点任务", 1, None),
        ("第一节 深化改革", 2, 2),
        ("一、促进协同", 3, 3),
    ]


def test_bookmarks_are_stripped_from_headings_and_text():
    doc = parse_text(
        "[bookmark: _Toc1267][bookmark: _Toc21059]第一章发展基础\n[bookmark: OLE_LINK2]——成效显著。\n"
    )
    (chapter,) = doc.chapters
    assert (chapter.heading, chapter.line) == ("第一章发展基础", 1)
    assert chapter.text == "——成效显著。"


def test_table_of_contents_is_skipped():
    text = "\n".join(
        [
            "某区“十四五”卫生健康事业发展规划",
            "",
            "目 录",
            "",
            "某区“十四五”卫生健康事业发展规划\t1",
            "一、规划背景\t1",
            "(一) “十三五”期间取得的成绩\t1",
            "",
            "（二）存在的问题\t6",
            "二、规划总则……………7",
            "",
            "某区“十四五”卫生健康事业 发展规划",
            "",
            "一、规划背景",
            "（一）“十三五”期间取得的成绩",
            "正文。",
        ]
    )
    doc = parse_text(text)
    assert [(c.heading, c.line) for c in doc.chapters] == [
        ("一、规划背景", 14),
        ("（一）“十三五”期间取得的成绩", 15),
    ]


def test_title_lines_are_not_chapters():
    doc = parse_text("某某区卫生健康“十四五”规划\n（征求意见稿）\n\n前言。\n第一章 发展基础\n")
    assert [c.heading for c in doc.chapters] == ["第一章 发展基础"]


def test_chapter_text_runs_to_the_next_heading():
    doc = parse_text("第一章 总则\n第一段。\n\n第二段。\n二、原则。第三段。\n第四段。\n")
    first, second = doc.chapters
    assert first.text == "第一段。\n\n第二段。"
    assert second.text == "第三段。\n第四段。"
