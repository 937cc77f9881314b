"""Golden test: 004 巴里坤哈萨克自治县健康巴里坤“2030”规划纲要 (issued, 巴政办发〔2022〕8号)."""

from tests.plans.conftest import parsed

DOC = "004"


def test_it_reads_ten_rows_without_a_nature_column(doc):
    rows = doc.indicators
    assert len(rows) == 10
    assert all(r.nature is None and r.progress_estimate is None and r.seq is None for r in rows)


def test_spot_rows(doc):
    rows = doc.indicators
    life = rows[0].to_dict()
    assert life["name"] == "人均预期寿命（岁）"
    assert life["unit"] == "岁"
    assert life["cells"] == {"2015": "74.9", "2020": "76", "2030": "79"}
    assert (life["baseline"]["year"], life["baseline"]["raw"]) == (2020, "76")
    assert (life["target"]["year"], life["target"]["raw"], life["target"]["value"]) == (2030, "79", 79.0)
    assert life["line"] == 52
    mmr = rows[3]
    assert (mmr.name, mmr.unit, mmr.cells["2015"]) == ("孕产妇死亡率（1/10万）", "1/10万", "77.49")
    doctors = rows[6]
    assert doctors.domain == "健康服务与保障"
    assert doctors.name == "每千常住人口执业（助理）医师数（人）"
    air = rows[8]
    assert air.domain == "健康环境"
    assert air.target["raw"] == "达到自治区约束性指标要求"
    assert air.target["kind"] == "qualitative"
    water = rows[9]
    assert (water.domain, water.line, water.cells["2030"]) == ("健康环境", 106, "100")


def test_metadata(doc):
    assert doc.plan.to_dict() == {
        "title": "巴里坤哈萨克自治县健康巴里坤“2030”规划纲要",
        "region": "哈密市巴里坤哈萨克自治县",
        "region_short": "巴里坤哈萨克自治县",
        "period_start": 2021,
        "period_end": 2030,
        "status": "issued",
        "draft_marker": None,
        "issuer": None,
        "doc_number": "巴政办发〔2022〕8号",
        "issue_date": "2022-03-01",
    }
    assert [w.code for w in doc.warnings] == ["region_inferred", "period_start_inferred"]


def test_chapters(doc):
    assert len(doc.chapters) == 87
    assert [c.heading for c in doc.chapters if c.level == 1] == [
        "第一篇  总体战略",
        "第二篇  普及健康生活",
        "第三篇  提高健康服务水平",
        "第四篇  完善健康保障",
        "第五篇  营造健康环境",
        "第六篇  发展健康产业",
        "第七篇  健全支撑与保障",
    ]
    first = doc.chapters[0]
    assert (first.marker, first.title, first.line) == ("第一篇", "总体战略", 16)
    literacy = doc.chapters[6]
    assert (literacy.heading, literacy.level, literacy.parent) == ("（一）提高全民健康素养", 3, 5)
    assert literacy.text.startswith("健康素养是国民素质的重要标志。")


def test_part_six_headings_share_their_line_with_text(doc):
    part_six = next(i for i, c in enumerate(doc.chapters) if c.marker == "第六篇")
    children = [c for c in doc.chapters if c.parent == part_six]
    assert [c.heading for c in children] == [
        "一、优化发展环境",
        "二、发展健康养老产业",
        "三、发展健康旅游产业",
        "四、发展健身休闲运动产业",
        "五、发展健康食品、医药、医疗器械及康复器具等大健康产业",
    ]
    assert all(c.level == 2 for c in children)
    assert children[0].text.startswith("以丝绸之路经济带核心区医疗服务中心建设为契机")
    assert children[4].text.startswith("立足区域和民族特色")


def test_no_key_projects(doc):
    assert doc.key_projects == []


def test_the_five_plans_hold_ninety_one_indicator_rows():
    counts = {prefix: len(parsed(prefix).indicators) for prefix in ("000", "001", "002", "003", "004")}
    assert counts == {"000": 16, "001": 19, "002": 24, "003": 22, "004": 10}
    assert sum(counts.values()) == 91
