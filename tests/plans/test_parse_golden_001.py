"""Golden test: 001 第二师铁门关市“十四五”卫生健康事业发展规划 (no title line).

Expected values were read off the source document by hand.
"""

import pytest

DOC = "001"

# (line, domain, seq, name, unit, nature, sub_of, 2020 cell, 2025 cell,
#  target kind, target comparator, target value, baseline kind)
ROWS = [
    (
        102,
        "健康水平",
        "1",
        "人均预期寿命",
        "岁",
        "预期性",
        None,
        "79.36",
        "80.47",
        "absolute",
        None,
        80.47,
        "absolute",
    ),
    (
        110,
        "健康水平",
        "2",
        "健康预期寿命",
        "岁",
        "预期性",
        None,
        "—",
        "同比例提高",
        "relative",
        None,
        None,
        "none",
    ),
    (
        118,
        "健康水平",
        "3",
        "孕产妇死亡率",
        "/10万",
        "预期性",
        None,
        "18",
        "≤12",
        "absolute",
        "<=",
        12.0,
        "absolute",
    ),
    (
        126,
        "健康水平",
        "4",
        "婴儿死亡率",
        "‰",
        "预期性",
        None,
        "1.53",
        "≤5",
        "absolute",
        "<=",
        5.0,
        "absolute",
    ),
    (
        134,
        "健康水平",
        "5",
        "5岁以下儿童死亡率",
        "‰",
        "预期性",
        None,
        "3.05",
        "≤6",
        "absolute",
        "<=",
        6.0,
        "absolute",
    ),
    (
        142,
        "健康水平",
        "6",
        "重大慢性病过早死亡率",
        "%",
        "预期性",
        None,
        "—",
        "≤15",
        "absolute",
        "<=",
        15.0,
        "none",
    ),
    (
        150,
        "健康生活",
        "7",
        "居民健康素养水平",
        "%",
        "预期性",
        None,
        "18.36",
        "25",
        "absolute",
        None,
        25.0,
        "absolute",
    ),
    (
        158,
        "健康生活",
        "8",
        "15岁以上人群吸烟率",
        "%",
        "预期性",
        None,
        "22.40",
        "23.30",
        "absolute",
        None,
        23.3,
        "absolute",
    ),
    (
        166,
        "健康服务",
        "9",
        "每千人口医疗卫生机构床位数",
        "张",
        "预期性",
        None,
        "7.50",
        "7.50",
        "absolute",
        None,
        7.5,
        "absolute",
    ),
    (
        174,
        "健康服务",
        "10",
        "每千人口执业（助理）医师数",
        "人",
        "预期性",
        None,
        "3.65",
        "3.65",
        "absolute",
        None,
        3.65,
        "absolute",
    ),
    (
        182,
        "健康服务",
        None,
        "其中：每千人口中医类别执业（助理）医师数",
        "人",
        "预期性",
        9,
        "0.16",
        "0.57",
        "absolute",
        None,
        0.57,
        "absolute",
    ),
    (
        190,
        "健康服务",
        "11",
        "每千人口注册护士数",
        "人",
        "预期性",
        None,
        "4.86",
        "4.86",
        "absolute",
        None,
        4.86,
        "absolute",
    ),
    (
        198,
        "健康服务",
        "12",
        "每千人口药师（士）数",
        "人",
        "预期性",
        None,
        "0.35",
        "0.63",
        "absolute",
        None,
        0.63,
        "absolute",
    ),
    (
        206,
        "健康服务",
        "13",
        "每万人口全科医生数",
        "人",
        "约束性",
        None,
        "1.80",
        "4.00",
        "absolute",
        None,
        4.0,
        "absolute",
    ),
    (
        214,
        "健康服务",
        "14",
        "每千人口公共卫生人员数",
        "人",
        "预期性",
        None,
        "0.52",
        "0.81",
        "absolute",
        None,
        0.81,
        "absolute",
    ),
    (
        222,
        "健康服务",
        "15",
        "每千人口3岁以下婴幼儿托位数",
        "个",
        "预期性",
        None,
        "—",
        "4.50",
        "absolute",
        None,
        4.5,
        "none",
    ),
    (
        230,
        "健康服务",
        "16",
        "儿童青少年总体近视率",
        "%",
        "约束性",
        None,
        "52.62",
        "每年降低0.5个百分点",
        "relative",
        None,
        None,
        "absolute",
    ),
    (
        238,
        "健康服务",
        "17",
        "65岁及以上老年人城乡社区规范化健康管理服务率",
        "%",
        "预期性",
        None,
        "78",
        "80",
        "absolute",
        None,
        80.0,
        "absolute",
    ),
    (
        246,
        "健康保障",
        "18",
        "个人卫生支出占卫生总费用的比重",
        "%",
        "约束性",
        None,
        "26",
        "27",
        "absolute",
        None,
        27.0,
        "absolute",
    ),
]


def test_it_reads_nineteen_indicator_rows(doc):
    assert len(doc.indicators) == 19


@pytest.mark.parametrize("index", range(len(ROWS)))
def test_every_indicator_row_matches_the_document(doc, index):
    line, domain, seq, name, unit, nature, sub_of, c2020, c2025, kind, comparator, value, base_kind = ROWS[
        index
    ]
    row = doc.indicators[index].to_dict()
    assert row["line"] == line
    assert row["domain"] == domain
    assert row["seq"] == seq
    assert row["name"] == name
    assert row["unit"] == unit
    assert row["nature"] == nature
    assert row["progress_estimate"] is None  # no 预计进度 column in 001
    assert row["sub_of"] == sub_of
    assert row["cells"] == {"2020": c2020, "2025": c2025}
    assert (row["baseline"]["year"], row["baseline"]["raw"], row["baseline"]["kind"]) == (
        2020,
        c2020,
        base_kind,
    )
    target = row["target"]
    assert (target["year"], target["raw"], target["kind"]) == (2025, c2025, kind)
    assert target["comparator"] == comparator
    assert target["value"] == value


def test_relative_targets_carry_their_parameters(doc):
    assert doc.indicators[1].target["params"]["mode"] == "same_ratio"
    myopia = doc.indicators[16].target["params"]
    assert myopia == {"mode": "annual_points", "change_per_year": -0.5}


def test_missing_title_is_inferred_with_warnings(doc):
    assert doc.plan.to_dict() == {
        "title": None,
        "region": "第二师铁门关市",
        "region_short": "铁门关市",
        "period_start": 2021,
        "period_end": 2025,
        "status": "unknown",
        "draft_marker": None,
        "issuer": None,
        "doc_number": None,
        "issue_date": None,
    }
    assert [w.code for w in doc.warnings] == ["missing_title", "region_inferred", "period_inferred"]


def test_chapters(doc):
    assert len(doc.chapters) == 35
    assert [c.heading for c in doc.chapters if c.level == 1] == [
        "第一章 发展基础和环境",
        "第二章 总体要求",
        "第三章   重点任务",
        "第四章  重大工程",
        "第五章  保障措施",
    ]
    first_section = doc.chapters[1]
    assert (first_section.heading, first_section.title, first_section.level, first_section.parent) == (
        "第一节  发展基础",
        "发展基础",
        2,
        0,
    )
    eleventh = next(c for c in doc.chapters if c.marker == "第十一节")
    assert eleventh.heading == "第十一节  推动卫生健康产业发展"
    assert doc.chapters[eleventh.parent].marker == "第三章"


def test_numbered_list_items_are_not_headings(doc):
    assert not any(c.marker.startswith(("（1）", "(1)")) for c in doc.chapters)
    assert "（1）国家基本药物制度覆盖率" in doc.chapters[1].text


def test_the_boxed_indicator_table_is_not_a_key_project(doc):
    assert "专栏1" not in [p.label for p in doc.key_projects]


def test_key_project_boxes(doc):
    projects = doc.key_projects
    assert len(projects) == 14
    assert [p.label for p in projects] == [f"专栏{n}" for n in range(2, 11)] + ["重点工程"] * 5
    assert [p.number for p in projects] == list(range(2, 11)) + [None] * 5
    assert [p.title for p in projects[:9]] == [
        "深入推进健康师市行动",
        "健全公共卫生服务体系",
        "全方位干预主要健康问题",
        "全生命周期健康保障",
        "提升医疗服务能力",
        "中医药传承创新项目",
        "深化医药卫生体制改革",
        "加快全民健康信息化建设",
        "加快卫生健康人才队伍建设",
    ]
    assert [len(p.items) for p in projects] == [4, 5, 4, 5, 11, 3, 3, 2, 3, 3, 3, 2, 2, 2]
    assert [p.line for p in projects] == [
        266,
        293,
        324,
        350,
        386,
        414,
        426,
        460,
        479,
        509,
        520,
        532,
        540,
        570,
    ]


def test_box_items_keep_their_markers(doc):
    zl2 = doc.key_projects[0]
    assert zl2.items[0] == "1.实施健康师市行动15个专项行动。"
    assert zl2.items[2] == "3.推动铁门关市创建省级卫生城市，争创3个兵团卫生团（镇）"
    zl6 = doc.key_projects[4]
    assert (
        zl6.items[4]
        == "5. 传染病救治网络建设：加强师综合医院、人口规模较大团场医院可转换病区和重症监护病区(ICU)建设。"
    )
    assert zl6.items[10] == "11.实现师市医疗机构之间检验检查结果互认。"


def test_item_wrapped_across_a_blank_line_is_joined(doc):
    zl8 = doc.key_projects[6]
    assert (
        zl8.items[2]
        == "3.提升卫生健康综合监管能力，完善医疗卫生行业综合监管制度和信息公开制度，推进信用体系建设。"
    )


def test_mixed_box_with_unnumbered_paragraphs_and_sub_items(doc):
    items = doc.key_projects[1].items
    assert items[0].startswith("加强重大公共卫生能力建设：实施现代化预防控制体系建设工程")
    assert items[1].startswith("早期监测能力建设：")
    assert items[2].startswith("公共卫生人才培养与能力提升:（1）加大对公共卫生医师规范化培训力度。")
    assert "（4）加大医疗人才引进" in items[2]
    assert items[3].startswith("4.加强疾病防治和基本公共卫生服务：")
    assert items[4].startswith("5.持续实施基本公共卫生服务工程。")


def test_major_programme_boxes_take_their_titles_from_the_text(doc):
    boxes = doc.key_projects[9:]
    assert [b.title for b in boxes] == [
        "加强疾病预防控制能力建设",
        "加强卫生监督能力建设",
        "加强妇幼保健服务体系建设",
        "加强采供血机构服务能力建设",
        "强化信息化支撑智慧医疗惠民工程",
    ]
    sections = [doc.chapters[b.chapter].heading for b in boxes]
    assert sections == ["第一节  持续完善现代疾病防控制体系建设工程"] * 4 + [
        "第七节  强化信息化支撑智慧医疗惠民工程"
    ]
    assert boxes[0].items == [
        "1.加强疾控机构建设。进一步改善师团（镇）疾控机构实验室标准化、智能化接种门诊建设。"
        "按照填平补齐原则建设师疾控中心和团（镇）疾控中心基础设施建设。",
        "2.强化师域医共体与疾病预防控制工作深度融合，一体化管理，提升公共卫生服务能力水平。"
        "完善铁门关市城市社区卫生服务机构建设。",
        "3.加快兵地融合发展轮台产业园医疗卫生人员配备和设施设备建设。",
    ]


def test_box_chapters_are_the_enclosing_sections(doc):
    assert doc.chapters[doc.key_projects[0].chapter].heading == "第一节  深入推进健康师市行动"
    assert doc.chapters[doc.key_projects[-1].chapter].marker == "第七节"
