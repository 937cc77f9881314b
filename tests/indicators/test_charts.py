"""Chart data is built by plain functions: checked here without HTTP, and validated by plotly itself."""

from decimal import Decimal
from types import SimpleNamespace

import plotly.graph_objects as go

from indicators.dashboards.charts import (
    DistrictBar,
    TargetLine,
    comparison_bar_figure,
    comparison_line_figure,
    figures_json,
    indicator_figure,
    is_level,
    plan_figures,
    relative_change_figure,
    status_legend,
)
from indicators.dashboards.heatmap import heatmap_payload
from indicators.models import STATUS_CODES


def _trace(figure, name_start):
    return next(t for t in figure["data"] if t["name"].startswith(name_start))


def _life_expectancy():
    return indicator_figure(
        title="人均预期寿命（岁）",
        unit="岁",
        points=[(2015, Decimal("74.9"), ""), (2020, Decimal("76"), ""), (2023, Decimal("77.1"), "")],
        baseline=(2020, Decimal("76")),
        target=TargetLine(2030, Decimal("79"), ">=", "79"),
        expected=(2026, Decimal("77.8")),
    )


def test_the_indicator_figure_is_a_valid_plotly_figure():
    go.Figure(_life_expectancy())  # raises on any property plotly does not know


def test_the_indicator_figure_draws_the_target_as_a_line_at_the_target_value():
    target = _trace(_life_expectancy(), "目标")
    assert target["y"] == [79.0, 79.0]
    assert target["x"][-1] == 2030 and target["x"][0] <= 2015
    assert "≥79" in target["name"] and "2030" in target["name"]
    assert target["line"]["dash"] == "dash"


def test_the_straight_path_runs_from_the_baseline_to_the_target():
    path = _trace(_life_expectancy(), "规划路径")
    assert path["x"] == [2020, 2030] and path["y"] == [76.0, 79.0]


def test_the_values_and_the_expected_value_are_plotted_in_the_unit_on_the_axis():
    figure = _life_expectancy()
    assert figure["layout"]["annotations"][0]["text"] == "岁"  # written horizontally above the axis
    assert _trace(figure, "实际值")["y"] == [74.9, 76.0, 77.1]
    assert "岁" in _trace(figure, "实际值")["hovertemplate"]
    assert _trace(figure, "当年应达值")["x"] == [2026]


def test_bounds_are_drawn_apart_from_the_line_of_exact_values():
    figure = indicator_figure(
        title="重大慢性病过早死亡率（%）",
        unit="%",
        points=[(2025, Decimal("10.5"), "<"), (2026, Decimal("10.1"), "")],
        target=TargetLine(2030, Decimal("10.5"), "<", "＜10.50"),
    )
    go.Figure(figure)
    assert _trace(figure, "实际值")["x"] == [2026]
    bounds = _trace(figure, "界限值")
    assert bounds["text"] == ["<10.5"] and bounds["marker"]["symbol"] == ["triangle-down-open"]


def test_a_figure_without_a_numeric_target_has_no_target_line():
    figure = indicator_figure(title="x", unit="%", points=[(2020, 1, "")])
    assert [t["name"] for t in figure["data"]] == ["实际值"]


def test_plan_figures_read_status_rows_and_their_regions_values():
    row = SimpleNamespace(
        pk=7,
        region_id=1,
        indicator_id=2,
        plan_indicator=SimpleNamespace(name="孕产妇死亡率（1/10万）", unit="1/10万"),
        indicator=SimpleNamespace(unit="/10万"),
        target_value=Decimal("10"),
        target_year=2030,
        target_comparator="<=",
        target_raw="10",
        baseline_year=2020,
        baseline_value=Decimal("20"),
        as_of=2026,
        expected_value=Decimal("14"),
    )
    [(same, figure)] = plan_figures([row], {(1, 2): [(2020, Decimal("20"), ""), (2024, Decimal("16"), "")]})
    assert same is row
    assert figure["layout"]["annotations"][0]["text"] == "1/10万"
    assert _trace(figure, "目标")["y"] == [10.0, 10.0]


def test_the_comparison_bars_set_each_district_against_its_own_target():
    figure = comparison_bar_figure(
        title="孕产妇死亡率（/10万）",
        unit="/10万",
        districts=[
            DistrictBar("甲区", Decimal("18"), 2025, Decimal("12"), "≤12", "binding_breached"),
            DistrictBar("乙区", Decimal("9"), 2025, Decimal("14.5"), "≤14.5", "achieved"),
        ],
        average=Decimal("13.5"),
    )
    go.Figure(figure)
    bars, targets, *legend = figure["data"]
    assert bars["type"] == "bar" and bars["orientation"] == "h"
    assert bars["y"] == ["甲区", "乙区"] and bars["x"] == [18.0, 9.0]  # names on the side, never rotated
    assert targets["x"] == [12.0, 14.5] and targets["text"] == ["≤12", "≤14.5"]
    assert figure["layout"]["annotations"][0]["text"] == "/10万"
    assert figure["layout"]["shapes"][0]["x0"] == 13.5
    assert [t["name"] for t in legend] == ["未达约束性要求", "已达成"]  # a legend entry per status colour
    assert figure["layout"]["xaxis"]["rangemode"] == "tozero"


def test_the_comparison_lines_have_one_trace_per_district():
    figure = comparison_line_figure(
        title="t", unit="%", series=[("甲区", [(2020, Decimal(1)), (2021, Decimal(2))]), ("乙区", [])]
    )
    go.Figure(figure)
    assert [t["name"] for t in figure["data"]] == ["甲区", "乙区"]


def test_the_heatmap_payload_keeps_districts_in_order_and_the_status_legend_in_code_order():
    payload = heatmap_payload(
        horizon=2025,
        rows={2: "5:0;6:3", 1: "5:4"},
        regions=[(1, "甲区"), (2, "乙区"), (3, "无规划区")],
        indicators=[(5, "HL01", "人均预期寿命", "岁"), (6, "HL03", "孕产妇死亡率", "/10万")],
    )
    assert payload["regions"] == ["甲区", "乙区"] and payload["region_ids"] == [1, 2]
    assert payload["rows"] == ["5:4", "5:0;6:3"]
    assert [s["code"] for s in payload["statuses"]] == STATUS_CODES
    assert payload["indicators"][1]["unit"] == "/10万"


def test_the_status_legend_has_a_colour_and_a_chinese_label_for_every_status():
    legend = status_legend()
    assert {item["label"] for item in legend} >= {"已达成", "倒退", "数据不足"}
    assert all(item["colour"].startswith("#") for item in legend)


def test_embedded_figures_cannot_close_their_script_element():
    text = figures_json({"c": {"data": [{"name": "</script><script>alert(1)</script> & co"}]}})
    assert "</script>" not in text and "<" not in text and "&" not in text


def test_level_indicators_are_dots_on_an_axis_that_does_not_start_at_zero():
    figure = comparison_bar_figure(
        title="人均预期寿命（岁）",
        unit="岁",
        districts=[
            DistrictBar("甲区", Decimal("78.2"), 2025, Decimal("79"), "79", "on_track"),
            DistrictBar("乙区", Decimal("80.1"), 2025, Decimal("80"), "80", "achieved"),
        ],
    )
    go.Figure(figure)
    assert figure["data"][0]["type"] == "scatter" and figure["data"][0]["mode"] == "markers"
    assert figure["layout"]["xaxis"]["rangemode"] == "normal" and not figure["layout"]["xaxis"]["zeroline"]


def test_no_data_is_said_on_the_row_and_is_not_a_zero_bar():
    figure = comparison_bar_figure(
        title="t",
        unit="%",
        districts=[
            DistrictBar("甲区", Decimal("0"), 2025, Decimal("5"), "5", "achieved"),
            DistrictBar("乙区", None, None, Decimal("5"), "5", "insufficient_data"),
        ],
    )
    go.Figure(figure)
    assert figure["data"][0]["x"] == [0.0, None]
    notes = [a for a in figure["layout"]["annotations"] if a.get("y") == "乙区"]
    assert [a["text"] for a in notes] == ["无数据"]
    assert not [a for a in figure["layout"]["annotations"] if a.get("y") == "甲区"]


def test_is_level_tells_levels_from_rates():
    assert (
        is_level([78.0, 80.5, 79])
        and not is_level([0.5, 9.0])
        and not is_level([])
        and not is_level([-1, -2])
    )


def test_the_relative_change_view_is_per_cent_of_each_baseline():
    figure = relative_change_figure(
        title="t",
        districts=[
            DistrictBar("甲区", Decimal("9"), 2024, None, "", "on_track", baseline=Decimal("12")),
            DistrictBar("乙区", Decimal("110"), 2024, None, "", "achieved", baseline=Decimal("100")),
            DistrictBar("丙区", None, None, None, "", "insufficient_data", baseline=Decimal("5")),
        ],
    )
    go.Figure(figure)
    assert figure["data"][0]["y"] == ["甲区", "乙区"] and figure["data"][0]["x"] == [-25.0, 10.0]
    assert figure["layout"]["xaxis"]["ticksuffix"] == "%"
