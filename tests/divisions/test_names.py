from divisions.names import XPCC_DIVISIONS, DivisionNames, aliases, level_for, prefix_matches, short_names


def test_autonomous_county_short_names_drop_the_nationality():
    assert short_names("巴里坤哈萨克自治县") == ["巴里坤县", "巴里坤"]
    assert short_names("双江拉祜族佤族布朗族傣族自治县") == ["双江县", "双江"]
    assert short_names("互助土族自治县") == ["互助县", "互助"]


def test_plain_names_lose_their_unit_but_never_to_one_character():
    assert short_names("仁和区") == ["仁和"]
    assert short_names("新疆维吾尔自治区") == ["新疆"]
    assert short_names("四川省") == ["四川"]
    assert short_names("城区") == []


def test_a_shi_shi_answers_to_its_division_of_the_corps():
    names = aliases(DivisionNames(code="659006", name="铁门关市", level="county"))
    assert {"第二师铁门关市", "第二师", "新疆生产建设兵团第二师", "铁门关"} <= names
    assert len(XPCC_DIVISIONS) == 12


def test_levels_follow_depth_and_kind():
    assert level_for(0, "自治区") == "province"
    assert level_for(1, "地级市") == "prefecture"
    assert level_for(1, "市辖区") == "county"  # a 直辖市's district
    assert level_for(1, "县级市") == "county"  # 省直辖县级市, 兵团师市
    assert level_for(2, "自治县") == "county"


def test_prefix_must_be_made_of_the_ancestors_names():
    chain = ("新疆维吾尔自治区", "哈密市")
    assert prefix_matches("", chain)
    assert prefix_matches("哈密市", chain)
    assert prefix_matches("新疆哈密", chain)
    assert prefix_matches("新疆维吾尔自治区哈密市", chain)
    assert not prefix_matches("攀枝花市", chain)
    assert prefix_matches("新疆生产建设兵团", ("新疆维吾尔自治区",), "659006")
