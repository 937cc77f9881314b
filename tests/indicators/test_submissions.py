"""Submit → approve → lock: every step audited and visible; approved years refuse every write path."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import (
    Indicator,
    IndicatorValue,
    SubmissionEvent,
    UploadBatch,
    ValueChange,
    YearSubmission,
)
from indicators.services import indicator_value_record
from tests.indicators.excel_samples import HEADER, entry_world, workbook_bytes

YEAR = 2023


@pytest.fixture
def world(region):
    plan, indicators = entry_world(region)
    indicator_value_record(
        region=region, indicator=indicators[0], year=YEAR, value=Decimal("70"), raw="70", source="entered"
    )
    return plan, indicators


def _seen(client, region, year=YEAR) -> str:
    """The value versions the approver's review page shows (its hidden ``versions`` field)."""
    return client.get(reverse("entry-form", args=[region.pk, year])).context["seen_versions"]


def _step(client, name, region, year=YEAR, **data):
    if name == "approve" and "versions" not in data:
        data = {"versions": _seen(client, region, year), "confirm": "1", **data}
    if name == "submit":  # the one submit path: a reason for each blank
        reasons = {f"reason_{pk}": "尚未统计" for pk in Indicator.objects.values_list("pk", flat=True)}
        return client.post(reverse("reporting-submit", args=[region.pk, year]), {**reasons, **data})
    return client.post(reverse(f"entry-{name}", args=[region.pk, year]), data)


def _value(indicator):
    return IndicatorValue.objects.get(indicator=indicator, year=YEAR)


def _approved(client, editor_a, approver, region):
    client.force_login(editor_a)
    _step(client, "submit", region)
    client.force_login(approver)
    _step(client, "approve", region)
    assert YearSubmission.objects.get(region=region, year=YEAR).locked


def test_an_editor_submits_and_an_approver_approves(client, editor_a, approver, region, world):
    client.force_login(editor_a)
    assert _step(client, "submit", region).status_code == 302
    assert YearSubmission.objects.get(region=region, year=YEAR).state == "submitted"
    client.force_login(approver)
    assert _step(client, "approve", region).status_code == 302
    assert YearSubmission.objects.get(region=region, year=YEAR).state == "approved"
    events = list(SubmissionEvent.objects.values_list("action", "user__username"))
    assert events == [("submit", "editor_a"), ("approve", "approver_q")]


def test_every_step_is_visible_on_the_page(client, editor_a, approver, region, world):
    _approved(client, editor_a, approver, region)
    _step(client, "unlock", region, reason="更正2023年床位数")
    html = client.get(reverse("entry-form", args=[region.pk, YEAR])).content.decode()
    for text in ("提交", "审核通过", "解锁", "更正2023年床位数", "editor_a", "approver_q"):
        assert text in html


def test_approvers_see_the_years_waiting_for_review(client, editor_a, approver, region, world):
    client.force_login(editor_a)
    _step(client, "submit", region)
    client.force_login(approver)
    html = client.get(reverse("entry-index")).content.decode()
    assert "待审核" in html and reverse("entry-form", args=[region.pk, YEAR]) + "#review" in html


def test_a_return_needs_a_reason(client, editor_a, approver, region, world):
    client.force_login(editor_a)
    _step(client, "submit", region)
    client.force_login(approver)
    response = _step(client, "return", region, reason="  ")
    assert response.status_code == 302
    assert YearSubmission.objects.get(region=region, year=YEAR).state == "submitted"
    _step(client, "return", region, reason="数据不完整")
    submission = YearSubmission.objects.get(region=region, year=YEAR)
    assert submission.state == "returned"
    assert submission.events.last().reason == "数据不完整"


def test_a_returned_year_can_be_submitted_again(client, editor_a, approver, region, world):
    client.force_login(editor_a)
    _step(client, "submit", region)
    client.force_login(approver)
    _step(client, "return", region, reason="补充")
    client.force_login(editor_a)
    _step(client, "submit", region)
    assert YearSubmission.objects.get(region=region, year=YEAR).state == "submitted"


def test_an_approver_cannot_approve_a_year_that_was_not_submitted(client, approver, region, world):
    client.force_login(approver)
    response = _step(client, "approve", region)
    assert response.status_code == 302
    assert not YearSubmission.objects.exists()
    assert not SubmissionEvent.objects.exists()


def test_an_editor_cannot_approve_their_own_year(client, editor_a, region, world):
    client.force_login(editor_a)
    _step(client, "submit", region)
    assert _step(client, "approve", region).status_code == 403
    assert YearSubmission.objects.get(region=region, year=YEAR).state == "submitted"


def test_approved_data_is_locked_against_the_form(client, editor_a, approver, region, world):
    _plan, (first, _second) = world
    _approved(client, editor_a, approver, region)
    client.force_login(editor_a)
    url = reverse("entry-form", args=[region.pk, YEAR])
    response = client.get(url)
    assert 'class="value-input"' not in response.content.decode()
    data = {f"v_i{first.pk}": "75", f"initial-v_i{first.pk}": "70", f"ver_i{first.pk}": "1"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "已审核锁定" in response.content.decode()
    assert _value(first).value == Decimal("70")
    assert ValueChange.objects.filter(value__year=YEAR).count() == 1


def test_approved_data_is_locked_against_uploads(client, editor_a, approver, region, world):
    _plan, (first, _second) = world
    _approved(client, editor_a, approver, region)
    client.force_login(editor_a)
    data = workbook_bytes([[region.name, first.code, first.name, "%", YEAR, "75", "", 1]], header=HEADER)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("v.xlsx", data)
    response = client.post(reverse("entry-upload", args=[region.pk]), {"file": upload})
    assert response.status_code == 200
    assert "已审核锁定" in response.content.decode()
    assert UploadBatch.objects.get().state == "rejected"
    assert _value(first).value == Decimal("70")


def test_a_lock_that_happens_between_preview_and_confirm_is_honoured(
    client, editor_a, approver, region, world
):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    data = workbook_bytes([[region.name, first.code, first.name, "%", YEAR, "75", "", 1]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(reverse("entry-upload", args=[region.pk]), {"file": SimpleUploadedFile("v.xlsx", data)})
    batch = UploadBatch.objects.get()
    assert batch.state == "preview"
    _approved(client, editor_a, approver, region)
    client.force_login(editor_a)
    client.post(reverse("entry-upload-confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == "rejected" and "已审核锁定" in batch.problems[0]["message"]
    assert _value(first).value == Decimal("70")


def test_approved_data_is_locked_against_the_admin(client, editor_a, approver, admin_user, region, world):
    _plan, (first, _second) = world
    _approved(client, editor_a, approver, region)
    client.force_login(admin_user)
    value = _value(first)
    url = reverse("admin:indicators_indicatorvalue_change", args=[value.pk])
    response = client.post(
        url, {"value": "75", "comparator": "", "raw": "", "comment": "", "expected_version": "1"}
    )
    assert response.status_code == 200
    assert "已审核锁定" in response.content.decode()
    assert _value(first).value == Decimal("70")
    assert ValueChange.objects.filter(value=value).count() == 1


def test_unlocking_needs_a_reason_and_then_editing_works(client, editor_a, approver, region, world):
    _plan, (first, _second) = world
    _approved(client, editor_a, approver, region)
    _step(client, "unlock", region, reason="")
    assert YearSubmission.objects.get(region=region, year=YEAR).locked
    _step(client, "unlock", region, reason="发现录入错误")
    assert YearSubmission.objects.get(region=region, year=YEAR).state == "open"
    client.force_login(editor_a)
    url = reverse("entry-form", args=[region.pk, YEAR])
    data = {f"v_i{first.pk}": "72", f"initial-v_i{first.pk}": "70", f"ver_i{first.pk}": "1"}
    assert client.post(url, data).status_code == 302
    assert _value(first).value == Decimal("72")
    assert SubmissionEvent.objects.filter(action="unlock", reason="发现录入错误").exists()
