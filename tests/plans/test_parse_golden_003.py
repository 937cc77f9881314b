"""Golden test: 003 攀枝花市仁和区“十四五”卫生健康发展规划 (issued, 攀仁府办〔2022〕93号)."""

DOC = "003"


def test_it_reads_twenty_two_rows_across_the_blank_line(doc):
    rows = doc.indicators
    assert len(rows) == 22
    assert [r.seq for r in rows] == [str(n) for n in range(1, 23)]
    twelfth = rows[11]
    assert (twelfth.line, twelfth.name, twelfth.domain) == (120, "每千常住人口药师（士）数（人）", "健康服务")


def test_spot_rows(doc):
    rows = doc.indicators
    life = rows[0].to_dict()
    assert life["name"] == "人均预期寿命（岁）"
    assert life["unit"] == "岁"
    assert life["cells"] == {"2020": "78.84", "2025": "79.5"}
    assert (life["baseline"]["year"], life["baseline"]["value"]) == (2020, 78.84)
    assert (life["target"]["year"], life["target"]["value"]) == (2025, 79.5)
    mmr = rows[2]
    assert (mmr.name, mmr.unit) == ("孕产妇死亡率（/10万）", "/10万")
    assert (mmr.target["comparator"], mmr.target["value"]) == ("<=", 14.5)
    under5 = rows[4]
    assert under5.name == "5岁以下儿童死亡率（‰）"
    vaccine = rows[13]
    assert vaccine.name == "以乡镇（街道）为单位适龄儿童免疫规划疫苗接种率（%）"
    assert (vaccine.unit, vaccine.nature) == ("%", "约束性")
    assert vaccine.cells == {"2020": ">90", "2025": ">90"}
    myopia = rows[16]
    assert myopia.target["raw"] == "力争每年降低0.5个百分点"
    assert myopia.target["kind"] == "relative"
    stay = rows[19]
    assert (stay.name, stay.unit, stay.cells["2025"]) == ("三级综合医院平均住院日（天）", "天", "8")
    industry = rows[21]
    assert (industry.domain, industry.unit) == ("健康产业", "亿元")
    assert industry.target["kind"] == "none" and industry.baseline["kind"] == "none"
    assert industry.line == 130


def test_metadata_ignores_the_quoted_draft(doc):
    assert doc.plan.to_dict() == {
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


def test_chapters(doc):
    assert len(doc.chapters) == 57
    assert sum(c.level == 1 for c in doc.chapters) == 12
    first = doc.chapters[0]
    assert (first.heading, first.title, first.line) == (
        "第一章 “十四五”发展规划背景",
        "“十四五”发展规划背景",
        23,
    )
    last = doc.chapters[-1]
    assert (last.heading, last.level, doc.chapters[last.parent].heading) == (
        "第三节 做好监测评估",
        2,
        "第十二章 强化发展规划组织实施",
    )
    assert any(c.heading == "第十一章 促进卫生健康协同发展" for c in doc.chapters)


def test_key_project_boxes(doc):
    projects = doc.key_projects
    assert [p.label for p in projects] == [f"专栏 {n}" for n in range(1, 11)]
    assert [p.number for p in projects] == list(range(1, 11))
    assert [len(p.items) for p in projects] == [3, 7, 2, 6, 1, 1, 1, 1, 1, 5]
    assert projects[0].title == "构建强大公共卫生体系项目"
    assert projects[9].title == "健康信息化建设工程"
    assert projects[0].items[2] == "卫生应急队伍建设。卫生应急管理 and 专业人员培训。"
    assert doc.chapters[projects[0].chapter].heading == "第一节 构建强大公共卫生体系"


def test_box_items_wrapped_across_blank_lines_are_joined(doc):
    assert doc.key_projects[1].items[6] == (
        "城乡社区慢性病医防融合能力提升工程。依托国家基本公共卫生服务项目，以高血压、II 型糖尿病患者管理为突破口，"
        "为每个乡镇卫生院、社区卫生服务中心培训具备医、防、管等能力的复合型人才，为基层医疗卫生机构"
        "配备数字化、智能化辅助诊疗、随访、信息采集等设备，构建基层慢性病医疗卫生服务质控体系，定期开展健康档案大数据分析。"
    )
    assert "出生缺陷综合防治；0—6岁儿童孤独症筛查和干预" in doc.key_projects[3].items[1]
    assert (
        doc.key_projects[9]
        .items[2]
        .startswith("公共卫生能力提升工程。公共卫生大数据中心；公共卫生应急指挥平台；")
    )


def test_no_warnings(doc):
    assert doc.warnings == []
