"""Never silently short: whatever the parser cannot place is a warning at its exact line."""

import pytest

from plans.parsing import parse_text

from .layouts import NAMED, load_seed, render

TITLE = "某某市某某区卫生健康“十四五”规划\n\n第一章 主要指标\n"
HEADER = "领域\t指标\t单位\t2020年\t2025年\t性质\n"


def _codes(doc) -> list[tuple[str, int | None]]:
    return [(w.code, w.line) for w in doc.warnings]


@pytest.mark.parametrize(
    "layout", ["cells", "lines_repeat", "tabs_repeat", "spaces_repeat", "furniture_cells"]
)
@pytest.mark.parametrize("seed", ["001", "003"])
def test_a_cell_lost_from_any_row_is_flagged_at_that_row_and_nothing_slides(seed, layout):
    text, expected = render(load_seed(seed), NAMED[layout])
    lines = text.split("\n")
    victim = expected["rows"][len(expected["rows"]) // 2 + 1]
    # The row's name is written once; drop the unit that follows it (cell per line) or its
    # unit cell (row per line), so the row is one cell short.
    name_line = next(
        i for i, line in enumerate(lines) if line.strip() == victim["name"] or victim["name"] in line
    )
    if NAMED[layout].sep in ("cells", "lines"):
        start = name_line
        while start > 0 and lines[start - 1] != "":
            start -= 1
        del lines[name_line + 1]
        row_line = start + 1
    else:
        sep = "\t" if NAMED[layout].sep == "tabs" else "  "
        cells = lines[name_line].split(sep)
        cells.remove(victim["unit"])
        lines[name_line] = sep.join(cells)
        row_line = name_line + 1
    doc = parse_text("\n".join(lines))
    assert ("row_missing_cells", row_line) in _codes(doc)
    flagged = next(r for r in doc.indicators if r.line == row_line)
    assert set(flagged.cells.values()) == {""} and flagged.target is None  # no value guessed
    others = [r.name for r in doc.indicators if r.line != row_line]
    assert others == [r["name"] for r in expected["rows"] if r is not victim]


def test_a_stray_line_between_rows_is_reported_not_dropped():
    text = (
        TITLE
        + HEADER
        + "健康水平\t人均预期寿命\t岁\t79\t80\t预期性\n见附件\n健康水平\t婴儿死亡率\t‰\t4\t≤5\t约束性\n"
    )
    doc = parse_text(text)
    assert [r.name for r in doc.indicators] == ["人均预期寿命", "婴儿死亡率"]
    assert ("table_line_unplaced", 6) in _codes(doc)


def test_a_table_that_seems_to_stop_early_is_reported():
    text = (
        TITLE
        + HEADER
        + "健康水平\t人均预期寿命\t岁\t79\t80\t预期性\n\n\n\n"
        + "健康水平\t婴儿死亡率\t‰\t4\t≤5\t约束性\n"
    )
    doc = parse_text(text)
    assert [r.name for r in doc.indicators] == ["人均预期寿命"]
    assert ("table_stopped_early", 9) in _codes(doc)


def test_duplicates_after_normalisation_are_reported_with_both_lines():
    text = (
        TITLE
        + HEADER
        + "健康水平\t人均预期\u200b寿命\t岁\t79\t80\t预期性\n健康水平\t人均预期寿命\u3000\t岁\t79\t80\t预期性\n"
    )
    doc = parse_text(text)
    assert [r.name for r in doc.indicators] == ["人均预期寿命", "人均预期寿命"]
    (warning,) = [w for w in doc.warnings if w.code == "duplicate_indicator"]
    assert warning.line == 6 and "第 5 行" in warning.message


def test_a_mark_the_note_does_not_explain_is_unresolved():
    text = (
        TITLE
        + "领域\t指标\t单位\t2025年\n健康水平\t人均预期寿命▲\t岁\t80\n健康水平\t婴儿死亡率★\t‰\t≤5\n"
        + "注：带★为约束性指标，其余为预期性指标。\n"
    )
    doc = parse_text(text)
    assert [(r.name, r.nature) for r in doc.indicators] == [("人均预期寿命", None), ("婴儿死亡率", "约束性")]
    assert ("nature_unresolved", 5) in _codes(doc)


def test_marks_without_a_note_are_read_by_convention_and_warned():
    text = TITLE + "领域\t指标\t单位\t2025年\n健康水平\t人均预期寿命\t岁\t80\n健康水平\t婴儿死亡率★\t‰\t≤5\n"
    doc = parse_text(text)
    assert [r.nature for r in doc.indicators] == ["预期性", "约束性"]
    assert ("nature_mark_without_note", 4) in _codes(doc)


def test_a_unit_line_applies_to_rows_whose_name_has_no_unit():
    text = (
        TITLE
        + "单位：%\n领域\t指标\t2020年\t2025年\n健康水平\t居民健康素养水平\t20\t25\n健康水平\t人均预期寿命（岁）\t79\t80\n"
    )
    doc = parse_text(text)
    assert [(r.name, r.unit) for r in doc.indicators] == [
        ("居民健康素养水平", "%"),
        ("人均预期寿命（岁）", "岁"),
    ]


def test_a_row_broken_inside_a_cell_is_joined_and_reported():
    text = (
        TITLE
        + HEADER
        + "健康水平\t每千人口医疗卫生\n机构床位数\t张\t7.5\t7.5\t预期性\n"
        + "健康水平\t婴儿死亡率\t‰\t4\t≤5\t约束性\n"
    )
    doc = parse_text(text)
    assert [(r.name, r.unit, r.cells, r.line) for r in doc.indicators] == [
        ("每千人口医疗卫生机构床位数", "张", {"2020": "7.5", "2025": "7.5"}, 5),
        ("婴儿死亡率", "‰", {"2020": "4", "2025": "≤5"}, 7),
    ]
    assert _codes(doc) == [("row_joined", 5)]
