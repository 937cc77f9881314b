"""Every entry URL × every persona × own and other region: the status code, and no change when refused.

Region A belongs to ``editor_a``, region B to ``editor_b``.  Planners read everything and write
nothing; approvers read everything and approve; administrators do everything.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from indicators.entry.submissions import year_value_versions
from indicators.models import IndicatorValue, SubmissionEvent, UploadBatch, ValueChange, YearSubmission
from indicators.services import indicator_value_record
from projects.models import KeyProject, ProjectRecord, ProjectRecordChange
from tests.indicators.excel_samples import entry_world, workbook_bytes

YEAR = 2023
PERSONAS = ["anonymous", "editor_a", "editor_b", "planner", "approver", "admin_user"]


@dataclass
class Side:
    region: object
    indicators: list
    value: IndicatorValue
    batch: UploadBatch
    project: KeyProject
    project_batch: UploadBatch


@pytest.fixture
def world(region, other_region, editor_a, editor_b):
    sides = {}
    for key, where, owner, prefix in (("A", region, editor_a, "A"), ("B", other_region, editor_b, "B")):
        plan, indicators = entry_world(where, code_prefix=prefix)
        project = KeyProject.objects.create(plan=plan, order=1, label="专栏 1", title="项目", line=1)
        value = indicator_value_record(
            region=where, indicator=indicators[0], year=YEAR, value=Decimal(70), raw="70", source="entered"
        ).value
        batch = UploadBatch.objects.create(
            region=where,
            uploaded_by=owner,
            file_name="x.xlsx",
            file_sha256="0" * 64,
            rows=[
                {
                    "sheet": "Sheet1",
                    "cell": "F2",
                    "place": "Sheet1!F2",
                    "indicator_id": indicators[1].pk,
                    "code": indicators[1].code,
                    "name": indicators[1].name,
                    "unit": "%",
                    "year": YEAR,
                    "value": "71",
                    "comparator": "",
                    "raw": "71",
                    "comment": "",
                    "old": "",
                    "version": 0,
                    "outcome": "new",
                    "warnings": [],
                    "conflict": "",
                }
            ],
        )
        project_batch = UploadBatch.objects.create(
            region=where,
            kind=UploadBatch.Kind.PROJECTS,
            uploaded_by=owner,
            file_name="p.xlsx",
            file_sha256="0" * 64,
            rows=[
                {
                    "sheet": "重点项目",
                    "cell": "G5",
                    "place": "重点项目!G5",
                    "key": f"p{project.pk}",
                    "project_id": project.pk,
                    "item_id": None,
                    "project": str(project),
                    "item": "",
                    "year": YEAR,
                    "values": {
                        "status": "in_progress",
                        "percent": "40",
                        "milestone": "",
                        "investment_planned": None,
                        "investment_spent": None,
                        "note": "",
                    },
                    "changes": [],
                    "version": 0,
                    "outcome": "new",
                }
            ],
        )
        sides[key] = Side(where, indicators, value, batch, project, project_batch)
    return sides


def _submission(side: Side, state: str) -> None:
    YearSubmission.objects.create(region=side.region, year=YEAR, state=state)


def _form_post(side: Side) -> dict:
    first = side.indicators[0]
    return {f"v_i{first.pk}": "72", f"initial-v_i{first.pk}": "70", f"ver_i{first.pk}": "1"}


def _submit_post(side: Side) -> dict:
    """A reason for every indicator: whichever are blank, each has its reason."""
    return {f"reason_{indicator.pk}": "数据尚未发布" for indicator in side.indicators}


def _upload_post(side: Side) -> dict:
    indicator = side.indicators[1]
    data = workbook_bytes([[side.region.name, indicator.code, indicator.name, "%", YEAR, "66", "", 0]])
    return {"file": SimpleUploadedFile("x.xlsx", data)}


def _project_upload_post(side: Side) -> dict:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "重点项目"
    sheet["B1"] = side.region.name
    row = [side.region.name, f"p{side.project.pk}", "", "", "", YEAR, "推进中", "50", "", "", "", "", 0]
    for column, value in enumerate(row, start=1):
        sheet.cell(row=5, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {"file": SimpleUploadedFile("p.xlsx", buffer.getvalue())}


def _admin_post(side: Side) -> dict:
    return {
        "value": "75",
        "comparator": "",
        "comment": "",
        "expected_version": "1",
        "history-TOTAL_FORMS": "1",
        "history-INITIAL_FORMS": "1",
        "history-MIN_NUM_FORMS": "0",
        "history-MAX_NUM_FORMS": "1000",
        "history-0-id": str(side.value.history.get().pk),
        "history-0-value": str(side.value.pk),
    }


@dataclass(frozen=True)
class Route:
    method: str
    url: object  # Side -> str
    kind: str  # read | write | approve | batch | admin
    prepare: object = None  # Side -> None
    data: object = None  # Side -> dict
    success: int = 200


ROUTES = {
    "entry-form GET": Route("get", lambda s: reverse("entry-form", args=[s.region.pk, YEAR]), "read"),
    "entry-template GET": Route("get", lambda s: reverse("entry-template", args=[s.region.pk]), "read"),
    "api-region-values GET": Route("get", lambda s: reverse("api-region-values", args=[s.region.pk]), "api"),
    "entry-form POST": Route(
        "post",
        lambda s: reverse("entry-form", args=[s.region.pk, YEAR]),
        "write",
        data=_form_post,
        success=302,
    ),
    # The one submit path: every blank needs a reason (reporting.services.year_submit_with_reasons).
    "reporting-submit POST": Route(
        "post",
        lambda s: reverse("reporting-submit", args=[s.region.pk, YEAR]),
        "write",
        data=_submit_post,
        success=302,
    ),
    "entry-upload GET": Route("get", lambda s: reverse("entry-upload", args=[s.region.pk]), "write"),
    "entry-upload POST": Route(
        "post", lambda s: reverse("entry-upload", args=[s.region.pk]), "write", data=_upload_post, success=302
    ),
    "entry-approve POST": Route(
        "post",
        lambda s: reverse("entry-approve", args=[s.region.pk, YEAR]),
        "approve",
        prepare=lambda s: _submission(s, "submitted"),
        data=lambda s: {
            "confirm": "1",
            "versions": json.dumps(year_value_versions(region=s.region, year=YEAR)),
        },
        success=302,
    ),
    "entry-return POST": Route(
        "post",
        lambda s: reverse("entry-return", args=[s.region.pk, YEAR]),
        "approve",
        prepare=lambda s: _submission(s, "submitted"),
        data=lambda s: {"reason": "请补充"},
        success=302,
    ),
    "entry-unlock POST": Route(
        "post",
        lambda s: reverse("entry-unlock", args=[s.region.pk, YEAR]),
        "approve",
        prepare=lambda s: _submission(s, "approved"),
        data=lambda s: {"reason": "更正"},
        success=302,
    ),
    "entry-upload-preview GET": Route(
        "get", lambda s: reverse("entry-upload-preview", args=[s.batch.pk]), "batch"
    ),
    "entry-upload-confirm POST": Route(
        "post", lambda s: reverse("entry-upload-confirm", args=[s.batch.pk]), "batch", success=302
    ),
    "entry-upload-cancel POST": Route(
        "post", lambda s: reverse("entry-upload-cancel", args=[s.batch.pk]), "batch", success=302
    ),
    "project-upload GET": Route("get", lambda s: reverse("project-upload", args=[s.region.pk]), "write"),
    "project-upload POST": Route(
        "post",
        lambda s: reverse("project-upload", args=[s.region.pk]),
        "write",
        data=_project_upload_post,
        success=302,
    ),
    "project-upload-preview GET": Route(
        "get", lambda s: reverse("project-upload-preview", args=[s.project_batch.pk]), "batch"
    ),
    "project-upload-confirm POST": Route(
        "post", lambda s: reverse("project-upload-confirm", args=[s.project_batch.pk]), "batch", success=302
    ),
    "project-upload-cancel POST": Route(
        "post", lambda s: reverse("project-upload-cancel", args=[s.project_batch.pk]), "batch", success=302
    ),
    "admin value GET": Route(
        "get", lambda s: reverse("admin:indicators_indicatorvalue_change", args=[s.value.pk]), "admin"
    ),
    "admin value POST": Route(
        "post",
        lambda s: reverse("admin:indicators_indicatorvalue_change", args=[s.value.pk]),
        "admin",
        data=_admin_post,
        success=302,
    ),
}


def expected(route: Route, persona: str, target: str) -> tuple[int, bool]:
    """(status code, whether the request is allowed to do its work)."""
    own = (persona, target) in {("editor_a", "A"), ("editor_b", "B")}
    editor = persona in ("editor_a", "editor_b")
    if persona == "anonymous":
        return (401 if route.kind == "api" else 302), False
    if route.kind == "admin":
        allowed = persona == "admin_user"
        return (route.success if allowed else 302), allowed  # everyone else: to the admin login
    if editor and not own:
        return 404, False
    if route.kind in ("read", "api"):
        return 200, True
    if route.kind in ("write", "batch"):
        allowed = own or persona == "admin_user"
    elif route.kind == "approve":
        allowed = persona in ("approver", "admin_user")
    else:
        raise AssertionError(route.kind)
    return (route.success if allowed else 403), allowed


def snapshot():
    return (
        list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "raw", "version", "source")),
        ValueChange.objects.count(),
        list(YearSubmission.objects.order_by("pk").values_list("region_id", "year", "state")),
        SubmissionEvent.objects.count(),
        list(UploadBatch.objects.order_by("pk").values_list("pk", "state")),
        list(ProjectRecord.objects.order_by("pk").values_list("pk", "status", "version")),
        ProjectRecordChange.objects.count(),
    )


@pytest.mark.parametrize("target", ["A", "B"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route_name", list(ROUTES))
def test_permission_matrix(client, request, world, route_name, persona, target):
    route = ROUTES[route_name]
    side = world[target]
    if route.prepare:
        route.prepare(side)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    before = snapshot()
    url = route.url(side)
    data = route.data(side) if route.data else {}
    response = getattr(client, route.method)(url, data)
    status, allowed = expected(route, persona, target)
    assert response.status_code == status, (route_name, persona, target, response.status_code)
    if persona == "anonymous" and route.kind != "api":
        login = "/admin/login/" if route.kind == "admin" else reverse("login")
        assert login in response["Location"]
    if route.method == "post":
        if allowed:
            assert snapshot() != before, "an allowed write changed nothing"
        else:
            assert snapshot() == before, "a refused write changed the database"


def test_the_index_needs_login_and_lists_only_readable_regions(client, world, editor_b, planner):
    response = client.get(reverse("entry-index"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(editor_b)
    html = client.get(reverse("entry-index")).content.decode()
    assert world["B"].region.name in html and world["A"].region.name not in html
    client.force_login(planner)
    html = client.get(reverse("entry-index")).content.decode()
    assert world["A"].region.name in html and world["B"].region.name in html


def test_the_api_region_list_needs_login(client, world):
    assert client.get(reverse("api-regions")).status_code == 401


POST_ONLY = [
    name
    for name, r in ROUTES.items()
    if r.method == "post"
    and r.kind != "admin"
    and name not in ("entry-form POST", "entry-upload POST", "project-upload POST")
]


@pytest.mark.parametrize("route_name", POST_ONLY)
def test_post_only_urls_refuse_get(client, world, admin_user, route_name):
    route = ROUTES[route_name]
    client.force_login(admin_user)
    before = snapshot()
    assert client.get(route.url(world["A"])).status_code == 405
    assert snapshot() == before
