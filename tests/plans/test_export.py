"""Exports: the interchange JSON rebuilt from the database, and the indicator table as .xlsx."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.catalog import catalog_load
from indicators.models import Indicator, PlanIndicator, Target
from plans.imports.export import plan_export_interchange, plan_export_xlsx
from plans.parsing import parse_bytes
from plans.seed import CATALOG_FILE
from plans.services import PlanOverrides, plan_import
from tests.conftest import make_indicator, make_plan
from tests.plans.conftest import source_path

SEEDS = ["000", "001", "002", "003", "004"]
TITLE_001 = "第二师铁门关市“十四五”卫生健康事业发展规划"


@pytest.fixture
def catalog(db):
    catalog_load(CATALOG_FILE)


def imported(prefix: str):
    path = source_path(prefix)
    parsed = parse_bytes(path.read_bytes(), name=path.name)
    overrides = PlanOverrides(title=TITLE_001) if prefix == "001" else None
    result = plan_import(document=parsed.to_dict(), source_text=parsed.text, overrides=overrides)
    return parsed.to_dict(), result.plan


@pytest.mark.parametrize("prefix", SEEDS)
def test_the_exported_interchange_document_is_the_parsed_one(catalog, prefix):
    document, plan = imported(prefix)
    if prefix == "001":
        document["plan"]["title"] = TITLE_001  # supplied at import
    exported = plan_export_interchange(plan)
    assert exported == document
    json.dumps(exported, allow_nan=False)  # JSON-safe


def test_an_exported_document_imports_back_to_the_same_plan(catalog):
    _document, plan = imported("003")
    exported = plan_export_interchange(plan)
    again = plan_import(document=exported, source_text=plan.source_text)
    assert again.outcome == "unchanged" and again.plan == plan


def test_the_json_export_is_a_utf8_attachment(client, planner, catalog):
    _document, plan = imported("002")
    client.force_login(planner)
    response = client.get(reverse("plan-export-json", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content.decode("utf-8"))
    assert data["format"] == "plan-interchange" and data["plan"]["title"] == plan.title
    assert "鄂尔多斯市康巴什区" in response.content.decode("utf-8")  # not \\u-escaped


def test_the_xlsx_export_holds_every_row_of_the_indicator_table(client, planner, catalog):
    _document, plan = imported("000")
    client.force_login(planner)
    response = client.get(reverse("plan-export-xlsx", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(response.content))["主要指标"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("行号", "领域", "序号", "指标名称", "单位", "2025年", "2030年")
    assert len(rows) == 1 + plan.indicator_rows.count()
    first = rows[1]
    assert first[3] == "人均期望寿命" and first[5] == "83.63" and first[6] == "82"


FORMULAS = ['=HYPERLINK("http://evil.example","点我")', "+1+1", "-2+3", "@SUM(A1:A2)", "=1+1"]


def test_formula_like_text_is_exported_as_text_never_as_a_formula(db):
    plan = make_plan(title="=cmd|' /C calc'!A0")
    indicator = make_indicator()
    for order, text in enumerate(FORMULAS):
        row = PlanIndicator.objects.create(
            plan=plan,
            indicator=indicator,
            order=order,
            name=text,
            unit="@",
            line=order + 1,
            domain="=A1",
            cells={"2025": text},
        )
        Target.objects.create(plan_indicator=row, year=2025, raw=text, kind="qualitative")
    data = plan_export_xlsx(plan)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert all("<f>" not in xml and "<f " not in xml for xml in sheets)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["主要指标"]
    names = [sheet.cell(row=r, column=4) for r in range(2, 2 + len(FORMULAS))]
    assert [c.value for c in names] == FORMULAS
    assert all(c.data_type == "s" and c.quotePrefix for c in names)
    title = workbook["规划信息"].cell(row=1, column=2)
    assert title.value.startswith("=cmd") and title.data_type == "s" and title.quotePrefix


def test_ordinary_text_is_not_quote_prefixed(db):
    plan = make_plan()
    PlanIndicator.objects.create(
        plan=plan,
        indicator=make_indicator(),
        order=0,
        name="人均预期寿命",
        unit="岁",
        line=1,
        cells={"2025": "80"},
    )
    sheet = load_workbook(io.BytesIO(plan_export_xlsx(plan)))["主要指标"]
    assert sheet.cell(row=2, column=4).value == "人均预期寿命"
    assert not sheet.cell(row=2, column=4).quotePrefix


def test_a_plan_local_indicator_exports_its_code(db):
    plan = make_plan()
    local = Indicator.objects.create(code="LOCAL-9-1", name="本地指标", local_to_plan=plan)
    PlanIndicator.objects.create(plan=plan, indicator=local, order=0, name="本地指标", line=1, cells={})
    sheet = load_workbook(io.BytesIO(plan_export_xlsx(plan)))["主要指标"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("目录指标编码") + 1).value == "LOCAL-9-1"
