"""Golden test: 002 鄂尔多斯市康巴什区“十四五”卫生健康事业发展规划 (TOC, row-per-line table)."""

DOC = "002"


def test_it_reads_twenty_four_rows_with_units_from_the_name(doc):
    rows = doc.indicators
    assert len(rows) == 24
    first = rows[0].to_dict()
    assert first["name"] == "人均预期寿命(岁)"
    assert first["unit"] == "岁"
    assert first["domain"] == "健康水平"
    assert first["seq"] is None
    assert first["nature"] == "预期性"
    assert first["cells"] == {"2025": "77.6"}
    assert first["baseline"] is None  # only a 2025 column
    assert (first["target"]["year"], first["target"]["raw"], first["target"]["value"]) == (2025, "77.6", 77.6)
    assert first["line"] == 113


def test_spot_rows(doc):
    by_name = {r.name: r for r in doc.indicators}
    mmr = by_name["孕产妇死亡率(/10万)"]
    assert (mmr.unit, mmr.domain, mmr.cells["2025"]) == ("/10万", "健康水平", "<20")
    assert (mmr.target["comparator"], mmr.target["value"]) == ("<", 20.0)
    ncd = by_name["重大慢性疾病过早死亡率(%)"]
    assert ncd.target["kind"] == "relative"
    assert ncd.target["params"]["change_pct"] == -10.0
    literacy = by_name["居民健康素养水平(%)"]
    assert (literacy.domain, literacy.nature, literacy.cells["2025"]) == ("健康生活", "指导性", "≥23")
    doctors = by_name["每千人执业(助理)医师数(人)"]
    assert (doctors.unit, doctors.domain, doctors.nature) == ("人", "资源配置", "指导性")
    childcare = by_name["每千人3岁以下婴幼儿托位数(个)"]
    assert childcare.target["kind"] == "qualitative"
    assert childcare.cells == {"2025": "达到国家平均水平"}
    combined = by_name["孕产妇系统管理率和3岁以下儿童系统管理率(%)"]
    assert combined.line == 120
    assert doc.indicators[-1].to_dict()["domain"] == "健康保障"
    assert doc.indicators[-1].line == 136
    assert all(r.progress_estimate is None and r.sub_of is None for r in doc.indicators)


def test_metadata(doc):
    assert doc.plan.to_dict() == {
        "title": "鄂尔多斯市康巴什区“十四五”卫生健康事业发展规划",
        "region": "鄂尔多斯市康巴什区",
        "region_short": "康巴什区",
        "period_start": 2021,
        "period_end": 2025,
        "status": "issued",
        "draft_marker": None,
        "issuer": "康巴什区卫生健康委员会",
        "doc_number": None,
        "issue_date": "2022-06",
    }


def test_table_of_contents_is_skipped(doc):
    assert len(doc.chapters) == 18
    assert doc.chapters[0].line == 38
    assert all(c.line > 34 for c in doc.chapters)


def test_headings_with_both_bracket_styles(doc):
    headings = [(c.level, c.heading) for c in doc.chapters]
    assert headings[:3] == [
        (1, "一、规划背景"),
        (2, "（一）“十三五”期间卫生健康改革和发展取得的成绩"),
        (2, "（二）存在的问题"),
    ]
    half_width = doc.chapters[8]
    assert (half_width.marker, half_width.heading, half_width.parent) == (
        "(一)",
        "(一) 推进“健康康巴什”建设，全方位、全周期保障人民健康",
        7,
    )
    assert half_width.title == "推进“健康康巴什”建设，全方位、全周期保障人民健康"
    assert doc.chapters[-1].heading == "四、保障措施"


def test_numbered_items_stay_in_the_text(doc):
    assert not any(c.marker[0].isdigit() for c in doc.chapters)
    assert doc.chapters[8].text.startswith("1. 积极推动建立“将健康融入所有政策”的长效机制。")


def test_no_key_projects_and_no_warnings(doc):
    assert doc.key_projects == []
    assert doc.warnings == []
