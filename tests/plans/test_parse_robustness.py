"""Never a traceback, never a hang: hostile and random input."""

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.parsing import ParseError, parse_bytes, parse_text

MB = 1_000_000
# A hang guard, not a speed target: linear parsing of 1 MB takes about a second here, while any
# quadratic backtracking on 1 MB would take hours. Generous, so a loaded CI machine never trips it.
SECONDS = 30.0

LONG_LINES = {
    "cjk": "健康" * (MB // 2),
    "heading_without_stop": "第一章" + "健康，" * (MB // 3),
    "numbered": "一、" + "健" * MB,
    "tabs_and_text": "\tx" * (MB // 2),
    "open_bookmarks": "[bookmark: " * (MB // 11),
    "bookmarks": "[bookmark: _Toc1]" * (MB // 17),
    "digits": "1" * MB,
    "leaders": "." * MB + "1",
    "spaces": " " * MB + "x1",
    "box_label": "专栏1" + "健" * MB,
    "divisions": "第一师" * (MB // 3),
    "cities": "克拉玛依市" * (MB // 5),
    "ranges": "2020—" * (MB // 5),
    "dates": "2022年" * (MB // 5),
    "brackets": "（" * MB,
    "doc_numbers": "〔2022〕" * (MB // 6),
    "plans": "规划" * (MB // 2),
    "header_row": "领域\t主要指标\t2025年\t" + "\t".join(["1"] * (MB // 2)),
}


@pytest.mark.parametrize("name", sorted(LONG_LINES))
def test_a_one_megabyte_line_is_parsed_in_bounded_time(name):
    started = time.perf_counter()
    doc = parse_text(LONG_LINES[name])
    assert time.perf_counter() - started < SECONDS
    json.dumps(doc.to_dict(), allow_nan=False)


@pytest.mark.parametrize(
    "text",
    [
        ("第一章 标题\n一、标题。正文\n专栏1 标题\n1.条目\n\n") * (MB // 30),
        ("第一节 x\n重点工程：\n1.条目\n\n\n") * (MB // 20),
        "\t领域\n\t指标\n\t2025年\n\n" + "\t1\n" * (MB // 3),
        "\n" * MB + "x",
    ],
    ids=["many_headings_and_boxes", "many_programme_boxes", "endless_row", "blank_lines"],
)
def test_big_documents_are_parsed_in_bounded_time(text):
    started = time.perf_counter()
    parse_text(text)
    assert time.perf_counter() - started < SECONDS


# Lines that look like pieces of a plan, so random documents exercise every branch.
PIECES = st.sampled_from(
    [
        "",
        "\t",
        "第一章 总则",
        "第2章",
        "第一节发展",
        "一、指导思想。正文。",
        "（一）坚持。",
        "(二) 原则",
        "1.条目。",
        "（1）子条目",
        "——段落。",
        "专栏1 项目",
        "专栏 2",
        "重点项目3",
        "名称：说明。",
        "重点工程：",
        "\t领域",
        "\t指标\n性质",
        "\t2025年",
        "\t2030目标",
        "\t＜5",
        "领域\t序号\t主要指标\t2020 年\t2025 年\t指标性质",
        "健康水平\t1\t人均预期寿命（岁）\t78\t≥80\t预期性",
        "\t\t其中：中医（人）\t1\t2\t约束性",
        "目 录",
        "一、规划背景\t1",
        "[bookmark: _Toc1]",
        "某某市某某区“十四五”卫生健康规划",
        "（征求意见稿）",
        "二〇二二年六月",
        "某府办〔2022〕9号",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=60))
def test_random_documents_never_raise_anything_but_parse_error(pieces):
    text = "\n".join(pieces)
    try:
        doc = parse_text(text)
    except ParseError as exc:
        assert "\n" not in str(exc)
        return
    data = doc.to_dict()
    json.dumps(data, allow_nan=False)
    n = len(doc.chapters)
    assert all(c["parent"] is None or 0 <= c["parent"] < n for c in data["chapters"])
    assert all(p["chapter"] is None or 0 <= p["chapter"] < n for p in data["key_projects"])
    rows = data["indicators"]
    assert all(r["sub_of"] is None or 0 <= r["sub_of"] < len(rows) for r in rows)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise_anything_but_parse_error(data):
    try:
        parse_bytes(data)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
