"""Golden test: 000 克拉玛依区卫生健康“十五五”专项规划（征求意见稿）.

Expected values were read off the source document by hand (line numbers are 1-based
source lines).
"""

import json

import pytest

DOC = "000"

# (line, domain, name, unit, nature, progress, sub_of, 2025 cell, 2030 cell,
#  target kind, target comparator, target value)
ROWS = [
    (78, "健康水平", "人均期望寿命", "岁", "预期性", "可完成", None, "83.63", "82", "absolute", None, 82.0),
    (86, "健康水平", "孕产妇死亡率", "/10万", "预期性", "可完成", None, "0", "12", "absolute", None, 12.0),
    (94, "健康水平", "婴儿死亡率", "‰", "预期性", "可完成", None, "1.37", "＜5", "absolute", "<", 5.0),
    (
        102,
        "健康水平",
        "5岁以下儿童死亡率",
        "‰",
        "预期性",
        "可完成",
        None,
        "2.74",
        "＜6",
        "absolute",
        "<",
        6.0,
    ),
    (
        110,
        "健康水平",
        "重大慢性病过早死亡率",
        "%",
        "预期性",
        "可完成",
        None,
        "＜10.50",
        "＜10.50",
        "absolute",
        "<",
        10.5,
    ),
    (
        118,
        "健康生活",
        "居民健康素养水平",
        "%",
        "预期性",
        "已完成",
        None,
        "34.84",
        "≥38",
        "absolute",
        ">=",
        38.0,
    ),
    (
        126,
        "健康生活",
        "15岁以上人群吸烟率",
        "%",
        "预期性",
        "已完成",
        None,
        "＜21",
        "＜21",
        "absolute",
        "<",
        21.0,
    ),
    (
        134,
        "资源配置",
        "每千人口医疗卫生机构床位数",
        "张",
        "预期性",
        "未完成",
        None,
        ">7",
        ">7",
        "absolute",
        ">",
        7.0,
    ),
    (
        142,
        "资源配置",
        "每千人口执业（助理）医师数",
        "人",
        "预期性",
        "可完成",
        None,
        "＞4.50",
        "＞4.50",
        "absolute",
        ">",
        4.5,
    ),
    (
        150,
        "资源配置",
        "其中：每千人口中医类别执业（助理）医师数",
        "人",
        "预期性",
        "已完成",
        8,
        "≥0.57",
        "≥0.57",
        "absolute",
        ">=",
        0.57,
    ),
    (
        158,
        "资源配置",
        "每千人口注册护士数",
        "人",
        "预期性",
        "已完成",
        None,
        "＞4",
        "＞4",
        "absolute",
        ">",
        4.0,
    ),
    (
        166,
        "资源配置",
        "每万人口全科医生数",
        "人",
        "约束性",
        "可完成",
        None,
        "＞3",
        "＞3",
        "absolute",
        ">",
        3.0,
    ),
    (
        174,
        "健康服务",
        "高血压、2型糖尿病患者基层规范管理服务率",
        "%",
        "预期性",
        "可完成",
        None,
        "≥70",
        "≥70",
        "absolute",
        ">=",
        70.0,
    ),
    (
        182,
        "健康服务",
        "适龄儿童免疫规划疫苗接种率（%）",
        "%",
        "约束性",
        "可完成",
        None,
        "＞90",
        "≥95",
        "absolute",
        ">=",
        95.0,
    ),
    (
        190,
        "健康服务",
        "65岁以上老人城乡社区规范健康管理服务率",
        "%",
        "预期性",
        "可完成",
        None,
        "≥70",
        "≥70",
        "absolute",
        ">=",
        70.0,
    ),
    (
        198,
        "健康服务",
        "严重精神障碍管理率",
        "%",
        "预期性",
        "可完成",
        None,
        "＞90",
        "＞90",
        "absolute",
        ">",
        90.0,
    ),
]


def test_it_reads_sixteen_indicator_rows(doc):
    assert len(doc.indicators) == 16


@pytest.mark.parametrize("index", range(len(ROWS)))
def test_every_indicator_row_matches_the_document(doc, index):
    line, domain, name, unit, nature, progress, sub_of, c2025, c2030, kind, comparator, value = ROWS[index]
    row = doc.indicators[index].to_dict()
    assert row["line"] == line
    assert row["domain"] == domain
    assert row["seq"] is None  # the 000 table has no 序号 column
    assert row["name"] == name
    assert row["unit"] == unit
    assert row["nature"] == nature
    assert row["progress_estimate"] == progress
    assert row["sub_of"] == sub_of
    assert row["cells"] == {"2025": c2025, "2030": c2030}
    assert row["baseline"]["year"] == 2025
    assert row["baseline"]["raw"] == c2025
    target = row["target"]
    assert (target["year"], target["raw"], target["kind"]) == (2030, c2030, kind)
    assert target["comparator"] == comparator
    assert target["value"] == value


def test_baseline_bounds_stay_bounds(doc):
    """The 2025 column holds bounds as well as exact values (DOMAIN §3)."""
    smoking = doc.indicators[6].baseline
    assert (smoking["comparator"], smoking["value"]) == ("<", 21.0)
    beds = doc.indicators[7].baseline
    assert (beds["kind"], beds["comparator"], beds["value"]) == ("absolute", ">", 7.0)
    life = doc.indicators[0].baseline
    assert (life["comparator"], life["value"]) == (None, 83.63)


def test_life_expectancy_target_is_below_its_baseline_as_written(doc):
    row = doc.indicators[0]
    assert row.target["value"] < row.baseline["value"]


def test_metadata(doc):
    assert doc.plan.to_dict() == {
        "title": "克拉玛依市克拉玛依区卫生健康“十五五”专项规划（2026—2030年）",
        "region": "克拉玛依市克拉玛依区",
        "region_short": "克拉玛依区",
        "period_start": 2026,
        "period_end": 2030,
        "status": "draft",
        "draft_marker": "征求意见稿",
        "issuer": None,
        "doc_number": None,
        "issue_date": None,
    }


def test_chapter_count_and_top_level(doc):
    assert len(doc.chapters) == 128
    top = [c.heading for c in doc.chapters if c.level == 1]
    assert top == [
        "第一章发展基础",
        "第2章 形势与挑战",
        "第三章规划基本思路",
        "第四章重点任务",
        "第五章 保障措施与实施机制",
    ]


def test_bookmarked_heading_and_mixed_digit_chapter(doc):
    first, second = doc.chapters[0], doc.chapters[1]
    assert (first.marker, first.title, first.line, first.level, first.parent) == (
        "第一章",
        "发展基础",
        5,
        1,
        None,
    )
    assert (second.marker, second.title, second.heading, second.line) == (
        "第2章",
        "形势与挑战",
        "第2章 形势与挑战",
        19,
    )
    assert "[bookmark" not in first.text


def test_levels_follow_the_schemes_present(doc):
    by_line = {c.line: c for c in doc.chapters}
    assert by_line[20].level == 2 and by_line[20].heading == "第一节发展新形势与新要求"
    assert by_line[22].level == 3 and by_line[22].parent == 2
    assert by_line[51].heading == "一、指导思想"
    assert by_line[51].level == 3
    assert doc.chapters[by_line[51].parent].heading == "第三章规划基本思路"
    assert by_line[206].heading == "第一节 深化体制机制改革，提升治理效能"
    assert by_line[206].title == "深化体制机制改革，提升治理效能"


def test_shared_line_headings_are_cut_at_the_first_full_stop(doc):
    by_line = {c.line: c for c in doc.chapters}
    principle = by_line[55]
    assert principle.marker == "（一）"
    assert principle.title == "坚持健康优先，预防为主"
    assert principle.heading == "（一）坚持健康优先，预防为主"
    assert principle.level == 4
    assert principle.text.startswith("将保障人民健康放在优先发展的战略位置")
    reform = by_line[212]
    assert reform.title == "强化医疗卫生综合监管与法治保障"
    assert reform.text.startswith("构建以信用管理为基础")
    title_only = by_line[258]
    assert title_only.heading == "一、加强妇幼健康服务体系与能力建设"


def test_table_ends_at_the_heading_that_follows_without_a_blank_line(doc):
    by_line = {c.line: c for c in doc.chapters}
    assert by_line[205].heading == "第四章重点任务"
    assert doc.indicators[-1].cells["2030"] == "＞90"


def test_indicator_table_lines_are_not_chapter_text(doc):
    goals = next(c for c in doc.chapters if c.line == 59)
    assert "人均期望寿命" not in goals.text
    assert "可完成" not in goals.text
    assert goals.text.startswith("到2030年（“十五五”期末）")


def test_list_items_are_not_headings(doc):
    assert not any(c.marker.startswith(("1", "2")) for c in doc.chapters)
    assert "1.压实企业主体责任" in next(c for c in doc.chapters if c.line == 324).text


def test_key_projects_are_named_projects(doc):
    projects = doc.key_projects
    assert [p.label for p in projects] == [f"重点项目{n}" for n in range(1, 7)]
    assert [p.number for p in projects] == [1, 2, 3, 4, 5, 6]
    assert [p.line for p in projects] == [228, 230, 252, 272, 274, 276]
    assert [p.title for p in projects] == [
        "克拉玛依区老旧小区、街区改造项目（十期）建设项目",
        "克拉玛依市克拉玛依区基层医疗机构设备更新换代项目",
        "克拉玛依市克拉玛依区卫生应急物资储备中心建设项目",
        "克拉玛依市克拉玛依区公办幼儿园托育设施建设项目",
        "昆仑路街道康城养老服务中心（社区医养结合服务中心）改建项目",
        "北疆区域城市医养结合服务高地项目",
    ]
    assert all(len(p.items) == 1 for p in projects)
    assert projects[0].items[0].startswith("对辖区内银河路、胜利路")
    assert projects[0].items[0].endswith("提升“15分钟医疗服务圈”覆盖密度与设施安全水平。")
    assert projects[2].items[0].startswith("对现有建筑单体进行改造，建成一座建筑面积1500—3000平方米")


def test_key_projects_point_at_the_enclosing_heading(doc):
    chapters = doc.chapters
    assert chapters[doc.key_projects[0].chapter].heading == "（二）深化医疗资源统筹与协同机制"
    assert chapters[doc.key_projects[2].chapter].heading == "（四）完善心理健康和精神卫生服务体系"
    assert chapters[doc.key_projects[5].chapter].heading == "（四）营造生育友好型社会环境"


def test_no_warnings_and_json_safe(doc):
    assert doc.warnings == []
    data = doc.to_dict()
    assert data["format"] == "plan-interchange" and data["version"] == 1
    json.dumps(data, allow_nan=False)
