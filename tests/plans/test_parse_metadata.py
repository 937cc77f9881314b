"""Plan metadata: title, region, period, status, draft markers, issuer, number, date."""

import pytest

from plans.parsing import parse_text

BODY = "\n前言段落，制定本规划。\n第一章 发展基础\n正文。\n"


def plan(head: str, body: str = BODY):
    return parse_text(head + body).plan


def test_title_with_period_and_separate_draft_marker():
    meta = plan("克拉玛依市克拉玛依区卫生健康“十五五”专项规划（2026—2030年）\n（征求意见稿）\n")
    assert meta.title == "克拉玛依市克拉玛依区卫生健康“十五五”专项规划（2026—2030年）"
    assert (meta.region, meta.region_short) == ("克拉玛依市克拉玛依区", "克拉玛依区")
    assert (meta.period_start, meta.period_end) == (2026, 2030)
    assert (meta.status, meta.draft_marker) == ("draft", "征求意见稿")


@pytest.mark.parametrize("marker", ["征求意见稿", "送审稿", "讨论稿"])
def test_draft_marker_inside_the_title_line(marker):
    meta = plan(f"某某市某某区“十四五”卫生健康规划（{marker}）\n")
    assert (meta.status, meta.draft_marker) == ("draft", marker)
    assert meta.title == "某某市某某区“十四五”卫生健康规划"


def test_a_draft_quoted_in_the_body_does_not_make_a_draft():
    head = "攀枝花市仁和区人民政府办公室文件\n\n攀仁府办〔2022〕93号\n\n攀枝花市仁和区人民政府办公室\n\n2022年10月18日\n\n攀枝花市仁和区“十四五”卫生健康发展规划\n"
    body = "\n根据有关文件，编制了《攀枝花市仁和区“十四五”卫生健康发展规划（送审稿）》，明确总体要求。\n第一章 背景\n"
    meta = plan(head, body)
    assert meta.to_dict() == {
        "title": "攀枝花市仁和区“十四五”卫生健康发展规划",
        "region": "攀枝花市仁和区",
        "region_short": "仁和区",
        "period_start": 2021,
        "period_end": 2025,
        "status": "issued",
        "draft_marker": None,
        "issuer": "攀枝花市仁和区人民政府办公室",
        "doc_number": "攀仁府办〔2022〕93号",
        "issue_date": "2022-10-18",
    }


def test_title_over_two_lines_and_vision_year_period():
    head = "巴政办发〔2022〕8号\n关于印发 健康巴里坤“2030”规划纲要\n\n 的通知\n\n2022年3月1日\n巴里坤哈萨克自治县健康巴里坤“2030”\n规划纲要\n"
    meta = plan(head)
    assert meta.title == "巴里坤哈萨克自治县健康巴里坤“2030”规划纲要"
    assert (meta.region, meta.region_short) == ("巴里坤哈萨克自治县", "巴里坤哈萨克自治县")
    assert (meta.period_start, meta.period_end) == (None, 2030)  # no table to infer the start from
    assert (meta.doc_number, meta.issue_date, meta.status) == ("巴政办发〔2022〕8号", "2022-03-01", "issued")


def test_vision_plan_start_year_comes_from_the_table_baseline():
    head = "某某县健康某某“2030”规划纲要\n"
    table = "领域\t指标\t2015年\t2020年\t2030目标\n健康水平\t人均预期寿命（岁）\t74.9\t76\t79\n"
    doc = parse_text(head + BODY + table)
    assert (doc.plan.period_start, doc.plan.period_end) == (2021, 2030)
    assert "period_start_inferred" in [w.code for w in doc.warnings]


def test_the_parent_city_is_taken_from_the_parent_plan():
    body = "\n按照《健康中国“2030”规划纲要》《健康哈密“2030”规划纲要》，结合哈密市实际。\n第一篇 总体战略\n"
    doc = parse_text("巴里坤哈萨克自治县健康巴里坤“2030”\n规划纲要\n" + body)
    assert (doc.plan.region, doc.plan.region_short) == ("哈密市巴里坤哈萨克自治县", "巴里坤哈萨克自治县")
    assert "region_inferred" in [w.code for w in doc.warnings]


def test_cover_title_issuer_and_chinese_month_date():
    head = "\n\n附件\n\n鄂尔多斯市康巴什区 “十四五”卫生健康事业发展规划\n\n康巴什区卫生健康委员会\n\n二〇二二年六月\n\n"
    meta = plan(head)
    assert meta.title == "鄂尔多斯市康巴什区“十四五”卫生健康事业发展规划"
    assert (meta.region, meta.region_short) == ("鄂尔多斯市康巴什区", "康巴什区")
    assert (meta.issuer, meta.issue_date, meta.status) == ("康巴什区卫生健康委员会", "2022-06", "issued")
    assert (meta.period_start, meta.period_end) == (2021, 2025)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2022年10月18日", "2022-10-18"),
        ("2022 年 3 月 1 日", "2022-03-01"),
        ("２０２２年３月１日", "2022-03-01"),
        ("二〇二二年六月", "2022-06"),
        ("二〇二一年十二月三十一日", "2021-12-31"),
        ("2022年6月", "2022-06"),
    ],
)
def test_issue_date_forms(line, expected):
    assert plan(f"某某区“十四五”卫生健康规划\n{line}\n").issue_date == expected


def test_title_followed_by_its_period_line():
    meta = plan("某某市某某区卫生健康事业发展规划\n（2021—2025年）\n")
    assert meta.title == "某某市某某区卫生健康事业发展规划（2021—2025年）"
    assert (meta.period_start, meta.period_end) == (2021, 2025)


def test_fifteenth_plan_period():
    meta = plan("某某市某某区“十五五”卫生健康规划\n")
    assert (meta.period_start, meta.period_end, meta.status) == (2026, 2030, "unknown")


def test_no_title_infers_region_and_period_from_the_text():
    text = (
        "“十四五”期间，根据《第二师铁门关市国民经济和社会发展第十四个五年规划》，制定本规划。\n"
        "第一章 发展基础\n师市卫生健康事业发展，铁门关市人民医院，第二师铁门关市，“十四五”时期。\n"
    )
    doc = parse_text(text)
    assert doc.plan.title is None
    assert (doc.plan.region, doc.plan.region_short) == ("第二师铁门关市", "铁门关市")
    assert (doc.plan.period_start, doc.plan.period_end) == (2021, 2025)
    assert doc.plan.status == "unknown"
    codes = [w.code for w in doc.warnings]
    assert codes[:3] == ["missing_title", "region_inferred", "period_inferred"]
    assert all(w.message and "\n" not in w.message for w in doc.warnings)


def test_notice_titles_are_not_the_plan_title():
    head = "某某区人民政府办公室 关于印发《某某区“十四五”卫生健康 发展规划》的通知\n\n某某区“十四五”卫生健康发展规划\n"
    assert plan(head).title == "某某区“十四五”卫生健康发展规划"


def test_unknown_region_and_period_are_warned():
    doc = parse_text("卫生健康工作要点\n第一章 总则\n正文。\n")
    assert (doc.plan.region, doc.plan.period_start, doc.plan.period_end) == (None, None, None)
    codes = [w.code for w in doc.warnings]
    assert "missing_region" in codes and "missing_period" in codes
