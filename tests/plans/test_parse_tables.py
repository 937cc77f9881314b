"""Indicator tables on small synthetic texts: both layouts and every header quirk."""

import pytest

from plans.parsing import parse_text
from plans.parsing.tables import classify_header, unit_from_name

TITLE = "某某市某某区卫生健康“十四五”规划\n\n第一章 主要指标\n"


def cells_per_line(*rows: list[str]) -> str:
    """The cell-per-line layout: each cell a tab-indented line, rows split by blank lines."""
    return "\n\n".join("\n".join("\t" + cell for cell in row) for row in rows) + "\n"


def rows_per_line(*rows: list[str]) -> str:
    return "\n".join("\t".join(row) for row in rows) + "\n"


def test_cell_per_line_layout_with_wrapped_header_cells():
    header = "\t领域\n\t主要指标\n\t单位\n\t2025年\n\t指标\n性质\n\t预计\n进度\n\t2030年\n\n"
    body = cells_per_line(
        ["健康水平", "人均期望寿命", "岁", "83.63", "预期性", "可完成", "82"],
        ["", "婴儿死亡率", "‰", "1.37", "约束性", "已完成", "＜5"],
    )
    doc = parse_text(TITLE.replace("十四五", "十五五") + header + body)  # 2026–2030: 2030 is the target
    first, second = (r.to_dict() for r in doc.indicators)
    assert first["name"] == "人均期望寿命"
    assert (first["unit"], first["nature"], first["progress_estimate"]) == ("岁", "预期性", "可完成")
    assert first["cells"] == {"2025": "83.63", "2030": "82"}
    assert first["line"] == 14
    assert second["domain"] == "健康水平"  # filled down from the row above
    assert (second["nature"], second["progress_estimate"]) == ("约束性", "已完成")
    assert (second["target"]["comparator"], second["target"]["value"]) == ("<", 5.0)
    assert second["line"] == 22  # the (empty) domain cell's line


def test_row_per_line_layout_with_unit_in_the_name():
    table = rows_per_line(
        ["类别", "主要指标", "2025年", "指标性质"],
        ["健康水平", "人均预期寿命(岁)", "77.6", "预期性"],
        ["", "孕产妇死亡率（/10 万）", "<20", "指导性"],
    )
    doc = parse_text(TITLE + table)
    life, mmr = doc.indicators
    assert (life.name, life.unit, life.domain) == ("人均预期寿命(岁)", "岁", "健康水平")
    assert (mmr.name, mmr.unit, mmr.domain) == ("孕产妇死亡率（/10万）", "/10万", "健康水平")
    assert mmr.nature == "指导性"
    assert life.baseline is None
    assert life.target["year"] == 2025


def test_unit_column_wins_over_the_name_parenthesis():
    table = rows_per_line(
        ["领域", "指标", "单位", "2020年", "2025年"], ["健康服务", "接种率（%）", "%", "90", "95"]
    )
    (row,) = parse_text(TITLE + table).indicators
    assert (row.name, row.unit) == ("接种率（%）", "%")


def test_empty_unit_cell_falls_back_to_the_name():
    table = rows_per_line(["领域", "指标", "单位", "2025年"], ["健康服务", "平均住院日（天）", "", "8"])
    (row,) = parse_text(TITLE + table).indicators
    assert row.unit == "天"


@pytest.mark.parametrize(
    ("header", "year"),
    [
        ("2020年", "2020"),
        ("2020 年", "2020"),
        ("2030目标", "2030"),
        ("２０３０年", "2030"),
        ("2030年目标值", "2030"),
    ],
)
def test_year_header_forms(header, year):
    assert classify_header(header) == ("year", year)


@pytest.mark.parametrize("header", ["指标性质", "性质", "指标属性", "指标\n性质"])
def test_nature_header_forms(header):
    assert classify_header(header) == ("nature", None)


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("领域", "domain"),
        ("类别", "domain"),
        ("序号", "seq"),
        ("主要指标", "name"),
        ("指标", "name"),
        ("单位", "unit"),
        ("预计进度", "progress"),
        ("预计\n进度", "progress"),
        ("说明文字", "unknown"),
    ],
)
def test_other_header_words(header, kind):
    assert classify_header(header)[0] == kind


def test_year_keys_are_ascii_and_target_is_the_first_year_after_a_period_it_lacks():
    table = rows_per_line(
        ["领域", "指标", "2015 年", "２０２０年", "2030目标"],
        ["健康水平", "人均预期寿命（岁）", "74.9", "76", "79"],
    )
    doc = parse_text(TITLE + table)
    (row,) = doc.indicators
    assert [(w.code, w.line) for w in doc.warnings] == [("target_year_not_in_table", 4)]
    assert row.cells == {"2015": "74.9", "2020": "76", "2030": "79"}
    assert (row.baseline["year"], row.baseline["raw"]) == (2020, "76")
    assert (row.target["year"], row.target["raw"]) == (2030, "79")


def test_sub_rows_point_at_their_parent_row():
    table = rows_per_line(
        ["领域", "序号", "主要指标", "单位", "2020年", "2025年", "性质"],
        ["健康服务", "1", "每千人口执业（助理）医师数", "人", "3.65", "3.65", "预期性"],
        ["", "", "其中：每千人口中医类别执业（助理）医师数", "人", "0.16", "0.57", "预期性"],
        ["", "2", "每千人口注册护士数", "人", "4.86", "4.86", "预期性"],
    )
    doctors, tcm, nurses = parse_text(TITLE + table).indicators
    assert tcm.name.startswith("其中：")
    assert (tcm.seq, tcm.sub_of, tcm.domain) == (None, 0, "健康服务")
    assert (doctors.sub_of, nurses.sub_of) == (None, None)
    assert nurses.seq == "2"


def test_sub_of_is_an_index_into_the_whole_indicator_list():
    first = rows_per_line(["领域", "指标", "2025年"], ["健康水平", "人均预期寿命（岁）", "80"])
    second = rows_per_line(
        ["领域", "指标", "2025年"], ["资源配置", "医师数（人）", "3"], ["", "其中：中医（人）", "1"]
    )
    doc = parse_text(TITLE + first + "\n正文。\n\n" + second)
    assert [r.sub_of for r in doc.indicators] == [None, None, 1]
    assert [r.table for r in doc.indicators] == [0, 1, 1]


def test_table_ends_where_a_heading_follows_without_a_blank_line():
    header = "\t领域\n\t主要指标\n\t2025年\n\t2030年\n\n"
    body = cells_per_line(["健康服务", "严重精神障碍管理率", "＞90", "＞90"])
    doc = parse_text(TITLE + header + body.rstrip("\n") + "\n 第四章重点任务\n第一节 深化改革\n正文。\n")
    assert len(doc.indicators) == 1
    assert doc.indicators[0].cells == {"2025": "＞90", "2030": "＞90"}
    assert [c.heading for c in doc.chapters] == ["第一章 主要指标", "第四章重点任务", "第一节 深化改革"]


def test_a_blank_line_inside_a_row_per_line_table():
    table = rows_per_line(
        ["领域", "序号", "主要指标", "2020 年", "2025 年", "指标性质"],
        ["健康服务", "1", "甲（人）", "1", "2", "预期性"],
    )
    table += "\n" + rows_per_line(["", "2", "乙（人）", "3", "4", "预期性"])
    doc = parse_text(TITLE + table + "\n2035年远景目标。全面建成。\n")
    assert [r.name for r in doc.indicators] == ["甲（人）", "乙（人）"]
    assert doc.indicators[1].domain == "健康服务"


def test_table_lines_are_left_out_of_the_chapter_text():
    table = rows_per_line(["领域", "指标", "2025年"], ["健康水平", "人均预期寿命（岁）", "80"])
    doc = parse_text(TITLE + "前言段落。\n主要指标表\n" + table + "\n表后段落。\n")
    text = doc.chapters[0].text
    assert "人均预期寿命" not in text
    assert text == "前言段落。\n主要指标表\n\n表后段落。"


def test_bookmarks_around_a_table_are_ignored():
    table = "[bookmark: _Toc1]主要指标\n" + rows_per_line(
        ["领域", "指标", "2025年"], ["健康水平", "婴儿死亡率（‰）", "≤5"]
    )
    (row,) = parse_text(TITLE + table).indicators
    assert row.name == "婴儿死亡率（‰）"


def test_short_rows_are_flagged_never_slid():
    table = rows_per_line(
        ["领域", "指标", "2020年", "2025年", "指标性质"], ["健康水平", "婴儿死亡率（‰）", "3"]
    )
    doc = parse_text(TITLE + table)
    (row,) = doc.indicators
    # No cell is guessed into a column: the row carries its cells as text for the reviewer.
    assert row.cells == {"2020": "", "2025": ""}
    assert row.name == "健康水平｜婴儿死亡率（‰）｜3"
    assert (row.unit, row.nature, row.target) == (None, None, None)
    assert [(w.code, w.line) for w in doc.warnings] == [("row_missing_cells", 5)]


def test_unknown_nature_and_unreadable_targets_are_warned():
    table = rows_per_line(
        ["领域", "指标", "2025年", "性质"], ["健康水平", "婴儿死亡率（‰）", "大概很好吧", "随便性"]
    )
    doc = parse_text(TITLE + table)
    (row,) = doc.indicators
    assert row.nature is None
    assert row.cells["2025"] == "大概很好吧"
    codes = [w.code for w in doc.warnings]
    assert codes.count("unrecognised_cell") >= 1
    assert all(w.line == 5 for w in doc.warnings)


def test_a_document_without_a_table_is_warned():
    doc = parse_text(TITLE + "正文。\n")
    assert doc.indicators == []
    assert [w.code for w in doc.warnings] == ["no_indicator_table"]


def test_tab_indented_box_items_are_not_a_table():
    text = TITLE + "\t专栏2 深入推进\n\n\t1.实施行动。\n\n2.开展评估。\n"
    doc = parse_text(text)
    assert doc.indicators == []
    assert doc.key_projects[0].items == ["1.实施行动。", "2.开展评估。"]


def test_unit_from_name():
    assert unit_from_name("人均预期寿命(岁)") == "岁"
    assert unit_from_name("孕产妇死亡率（1/10万）") == "1/10万"
    assert unit_from_name("每千人口执业（助理）医师数") is None
    assert unit_from_name("以乡镇（街道）为单位接种率（%）") == "%"


def test_rows_that_lost_their_blank_separator_are_split_by_the_header_width():
    header = "\t领域\n\t主要指标\n\t2025年\n\n"
    body = "\t健康水平\n\t婴儿死亡率（‰）\n\t≤5\n\t\n\t孕产妇死亡率（/10万）\n\t≤12\n"
    doc = parse_text(TITLE + header + body)
    assert [(r.name, r.domain, r.line) for r in doc.indicators] == [
        ("婴儿死亡率（‰）", "健康水平", 8),
        ("孕产妇死亡率（/10万）", "健康水平", 11),
    ]
    assert doc.warnings == []


def test_a_paragraph_right_after_an_incomplete_row_is_not_a_wrapped_cell():
    header = "\t领域\n\t主要指标\n\t2025年\n\t指标性质\n\n"
    body = "\t健康水平\n\t婴儿死亡率（‰）\n\t≤5\n2035年远景目标。卫生健康体系基本实现现代化。\n"
    doc = parse_text(TITLE + header + body)
    (row,) = doc.indicators
    assert row.cells == {"2025": ""}  # three cells for four columns: flagged, not slid
    assert row.name == "健康水平｜婴儿死亡率（‰）｜≤5"
    assert [(w.code, w.line) for w in doc.warnings] == [("row_missing_cells", 9)]
    assert doc.chapters[0].text == "2035年远景目标。卫生健康体系基本实现现代化。"


def test_more_header_wordings_and_a_nature_written_in_the_name():
    table = rows_per_line(
        ["一级指标", "指标名称（单位）", "到2025年", "2020年实际"],
        ["健康水平", "人均预期寿命（约束性）（岁）", "80", "79"],
    )
    doc = parse_text(TITLE + table)
    (row,) = doc.indicators
    assert (row.domain, row.name, row.unit, row.nature) == ("健康水平", "人均预期寿命（岁）", "岁", "约束性")
    assert row.cells == {"2025": "80", "2020": "79"}
    assert (row.baseline["year"], row.target["year"]) == (2020, 2025)
    assert doc.warnings == []


@pytest.mark.parametrize(
    ("header", "year"),
    [
        ("基期值（2015年）", "2015"),
        ("现状值（2020年）", "2020"),
        ("2025年目标值", "2025"),
        ("目标值（2030年）", "2030"),
        ("2020年基准值", "2020"),
        ("2025年期末值", "2025"),
        ("2035年远景目标", "2035"),
        ("展望（2035年）", "2035"),
    ],
)
def test_a_year_in_brackets_after_the_word_is_that_years_column(header, year):
    assert classify_header(header) == ("year", year)
