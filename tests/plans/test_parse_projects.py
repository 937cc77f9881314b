"""Key-project boxes: 专栏 item forms, 重点项目 name：description, 重点工程 boxes."""

from plans.parsing import parse_text
from plans.parsing.projects import match_label


def projects(text: str):
    return parse_text(text).key_projects


def test_numbered_items_with_blank_lines_between():
    text = "第一节 健康行动\n\n\t专栏2 深入推进健康师市行动\n\n\t1.实施专项行动。\n\n2.开展综合评估。\n\n3.争创卫生团（镇）\n\n4.提升能力建设。\n\n\n第二节 下一节\n"
    (box,) = projects(text)
    assert (box.label, box.number, box.title, box.line, box.chapter) == (
        "专栏2",
        2,
        "深入推进健康师市行动",
        3,
        0,
    )
    assert box.items == ["1.实施专项行动。", "2.开展综合评估。", "3.争创卫生团（镇）", "4.提升能力建设。"]


def test_an_item_wrapped_across_a_blank_line_is_joined():
    text = "\t专栏8 深化改革\n\n\t1.深化建设。\n\n2.落实制度。\n\n3.完善监管制度和信息\n\n公开制度，推进信用体系建设。\n\n\n——完善现代医院管理。正文。\n"
    (box,) = projects(text)
    assert box.items[-1] == "3.完善监管制度和信息公开制度，推进信用体系建设。"
    assert len(box.items) == 3


def test_unnumbered_title_paragraph_items():
    text = (
        "第一节 公共卫生\n专栏 1 构建强大公共卫生体系项目\n\n"
        "重大疫情应急能力提升。公共卫生医疗救治中心；医疗机构实验室建设。\n\n"
        "疾控机构实验室能力建设。区疾控机构建设；疾控骨干人才培养（训）。\n\n"
        "城乡社区医防融合能力提升工程。为基层医疗卫生机构\n\n配备数字化设备。\n\n"
        "第二节 下一节\n"
    )
    (box,) = projects(text)
    assert (box.label, box.number, box.title) == ("专栏 1", 1, "构建强大公共卫生体系项目")
    assert box.items == [
        "重大疫情应急能力提升。公共卫生医疗救治中心；医疗机构实验室建设。",
        "疾控机构实验室能力建设。区疾控机构建设；疾控骨干人才培养（训）。",
        "城乡社区医防融合能力提升工程。为基层医疗卫生机构配备数字化设备。",
    ]


def test_mixed_box_sub_items_belong_to_the_item_before():
    text = (
        "\t专栏3  健全公共卫生服务体系\n\n"
        "\t加强重大公共卫生能力建设：实施工程。\n\n"
        "早期监测能力建设：完善哨点。\n\n"
        "公共卫生人才培养与能力提升:\n\n"
        "（1）加大培训力度。 \n\n"
        "（2）实施专项计划。\n\n"
        "4.加强疾病防治：加强筛查。\n\n"
        "5.持续实施服务工程。\n\n\n"
        "第三节  下一节\n"
    )
    (box,) = projects(text)
    assert box.items == [
        "加强重大公共卫生能力建设：实施工程。",
        "早期监测能力建设：完善哨点。",
        "公共卫生人才培养与能力提升:（1）加大培训力度。（2）实施专项计划。",
        "4.加强疾病防治：加强筛查。",
        "5.持续实施服务工程。",
    ]


def test_running_text_after_numbered_items_ends_the_box():
    text = "专栏4 干预\n1.强化教育。\n2.继续实施。\n推动医药产业发展。支持临床应用。\n"
    (box,) = projects(text)
    assert box.items == ["1.强化教育。", "2.继续实施。"]


def test_named_projects_split_at_the_colon():
    text = (
        "（二）深化协同机制。正文。\n\n\t重点项目1\n老旧小区改造项目（十期）建设项目：对9个社区卫生服务中心实施修缮。\n"
        "重点项目2\n设备更新换代项目：更新医疗设备134台（套）。\n\n\n第三节 下一节\n"
    )
    first, second = projects(text)
    assert (first.label, first.number, first.title) == ("重点项目1", 1, "老旧小区改造项目（十期）建设项目")
    assert first.items == ["对9个社区卫生服务中心实施修缮。"]
    assert (second.label, second.title, second.items) == (
        "重点项目2",
        "设备更新换代项目",
        ["更新医疗设备134台（套）。"],
    )
    assert first.chapter == second.chapter == 0


def test_major_programme_box_alone_takes_the_section_title():
    text = "第七节  强化信息化支撑智慧医疗惠民工程\n\n建设诊断中心。\n\n\t重点工程：\n\n1.完善互联互通。\n\n2.完善支撑系统。\n\n\n第八节  人才\n"
    (box,) = projects(text)
    assert (box.label, box.number, box.title) == ("重点工程", None, "强化信息化支撑智慧医疗惠民工程")
    assert box.items == ["1.完善互联互通。", "2.完善支撑系统。"]


def test_several_major_programme_boxes_take_their_lead_clause():
    text = (
        "第一节  疾病防控工程\n加强疾病预防控制能力建设，按照标准优化配置。\n\t 重点工程： \n\n1.加强疾控机构建设。\n\n\n"
        "加强卫生监督能力建设。组建执法队伍。\n\n\t重点工程：\n\n1.建立执法设施。\n\n2.配备装备。\n\n\n\n"
        "第二节  下一节\n"
    )
    first, second = projects(text)
    assert (first.title, first.items) == ("加强疾病预防控制能力建设", ["1.加强疾控机构建设。"])
    assert (second.title, second.items) == ("加强卫生监督能力建设", ["1.建立执法设施。", "2.配备装备。"])
    assert first.chapter == second.chapter == 0


def test_a_boxed_indicator_table_is_not_a_key_project():
    text = "专栏1“十四五”时期主要指标\n\t领域\n\t主要指标\n\t2025年\n\n\t健康水平\n\t婴儿死亡率（‰）\n\t≤5\n\n\n专栏2 行动\n1.实施。\n"
    doc = parse_text(text)
    assert [p.label for p in doc.key_projects] == ["专栏2"]
    assert len(doc.indicators) == 1


def test_labels():
    assert match_label("\t专栏 10 健康信息化建设工程").label == "专栏 10"
    assert match_label("专栏１ 项目").number == 1
    assert match_label("重点工程：").kind == "gongcheng"
    assert match_label("专栏2 中提到的项目要按期完成，确保各项任务落到实处。") is None
    assert match_label("重点工程建设要加快推进。") is None


def test_a_box_ends_at_the_next_heading_and_chapter_is_enclosing():
    text = "第一章 总则\n第一节 行动\n专栏 1 项目\n甲项目。内容。\n第二节 其他\n正文段落。\n"
    (box,) = projects(text)
    assert box.items == ["甲项目。内容。"]
    assert box.chapter == 1


def test_a_named_project_with_its_title_on_the_label_line():
    (box,) = projects("重点项目7 智慧医院建设项目\n1.建设平台。\n2.升级系统。\n")
    assert (box.label, box.number, box.title) == ("重点项目7", 7, "智慧医院建设项目")
    assert box.items == ["1.建设平台。", "2.升级系统。"]


def test_an_empty_box_is_warned():
    doc = parse_text("专栏5 空栏目\n\n\n第一章 下一章\n")
    assert doc.key_projects[0].items == []
    assert ("empty_key_project", 1) in [(w.code, w.line) for w in doc.warnings]
