"""The review approves what was reviewed (issue 9, item 6) and the approver's review list (item 8)."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.entry.submissions import (
    SubmissionRefused,
    year_submission_approve,
    year_submission_submit,
    year_value_versions,
)
from indicators.models import Indicator, IndicatorValue, SubmissionEvent, YearSubmission
from indicators.services import ValueFrozen, ValueVersionMissing, indicator_value_record
from tests.indicators.excel_samples import entry_world

YEAR = 2023


@pytest.fixture
def world(region):
    plan, indicators = entry_world(region)
    indicator_value_record(
        region=region, indicator=indicators[0], year=YEAR, value=Decimal("70"), raw="70", source="entered"
    )
    return plan, indicators


def _url(name, region, year=YEAR):
    # Submitting goes through the one submit path, which asks a reason for each blank.
    return reverse("reporting-submit" if name == "submit" else f"entry-{name}", args=[region.pk, year])


def _reasons() -> dict:
    return {f"reason_{pk}": "尚未统计" for pk in Indicator.objects.values_list("pk", flat=True)}


def _seen(client, region) -> str:
    return client.get(_url("form", region)).context["seen_versions"]


def _state(region) -> str:
    return YearSubmission.objects.get(region=region, year=YEAR).state


def _value(indicator) -> Decimal:
    return IndicatorValue.objects.get(indicator=indicator, year=YEAR).value


def _submit(client, user, region):
    client.force_login(user)
    assert client.post(_url("submit", region), _reasons()).status_code == 302
    assert _state(region) == "submitted"


# --------------------------------------------------------------------------- frozen while submitted


def test_an_edit_after_submit_is_refused_on_the_form(client, editor_a, region, world):
    _plan, (first, _second) = world
    _submit(client, editor_a, region)
    page = client.get(_url("form", region))
    assert page.context["can_edit"] is False
    response = client.post(_url("form", region), {f"v_i{first.pk}": "75", f"ver_i{first.pk}": "1"})
    assert response.status_code == 200
    assert "已提交待审核" in response.content.decode()
    assert _value(first) == Decimal("70")


def test_an_edit_after_submit_is_refused_by_the_service_for_every_person_source(region, world, editor_a):
    _plan, (first, _second) = world
    year_submission_submit(region=region, year=YEAR, user=editor_a)
    for source in ("entered", "uploaded", "admin"):
        with pytest.raises(ValueFrozen):
            indicator_value_record(
                region=region,
                indicator=first,
                year=YEAR,
                value=Decimal("75"),
                source=source,
                expected_version=1,
            )
    assert _value(first) == Decimal("70")


def test_a_returned_year_can_be_edited_again(client, editor_a, approver, region, world):
    _plan, (first, _second) = world
    _submit(client, editor_a, region)
    client.force_login(approver)
    client.post(_url("return", region), {"reason": "请核对"})
    client.force_login(editor_a)
    client.post(_url("form", region), {f"v_i{first.pk}": "75", f"ver_i{first.pk}": "1"})
    assert _value(first) == Decimal("75")


# --------------------------------------------------------------------------- approval carries what was seen


def test_approval_after_a_change_since_review_is_refused(client, editor_a, approver, region, world):
    plan, (_first, second) = world
    _submit(client, editor_a, region)
    client.force_login(approver)
    seen = _seen(client, region)
    # A value appears after the approver opened the page (a plan import can still write values).
    indicator_value_record(
        region=region, indicator=second, year=YEAR, value=Decimal("71"), source="plan", source_plan=plan
    )
    response = client.post(_url("approve", region), {"versions": seen, "confirm": "1"}, follow=True)
    assert "数值已有改动" in response.content.decode()
    assert _state(region) == "submitted"
    # Reloading shows the new set; approving that works.
    client.post(_url("approve", region), {"versions": _seen(client, region), "confirm": "1"})
    assert _state(region) == "approved"


def test_approval_refuses_a_changed_version(region, world, editor_a, approver):
    _plan, (first, _second) = world
    year_submission_submit(region=region, year=YEAR, user=editor_a)
    seen = year_value_versions(region=region, year=YEAR)
    IndicatorValue.objects.filter(indicator=first, year=YEAR).update(version=2)  # changed behind the screen
    with pytest.raises(SubmissionRefused):
        year_submission_approve(region=region, year=YEAR, user=approver, seen=seen)
    assert _state(region) == "submitted"


def test_approval_without_the_versions_seen_or_without_confirmation_is_refused(
    client, editor_a, approver, region, world
):
    _submit(client, editor_a, region)
    client.force_login(approver)
    client.post(_url("approve", region), {"confirm": "1"})
    assert _state(region) == "submitted"
    client.post(_url("approve", region), {"versions": _seen(client, region)})
    assert _state(region) == "submitted"
    client.post(_url("approve", region), {"versions": "not json", "confirm": "1"})
    assert _state(region) == "submitted"


def test_the_approval_event_records_the_versions_approved(client, editor_a, approver, region, world):
    _plan, (first, _second) = world
    _submit(client, editor_a, region)
    client.force_login(approver)
    client.post(_url("approve", region), {"versions": _seen(client, region), "confirm": "1"})
    event = SubmissionEvent.objects.get(action="approve")
    value = IndicatorValue.objects.get(indicator=first, year=YEAR)
    assert event.versions[str(value.pk)] == 1
    assert event.single_person is False


# --------------------------------------------------------------------------- four eyes


def test_the_submitter_cannot_approve_their_own_year_even_as_administrator(client, admin_user, region, world):
    _submit(client, admin_user, region)
    response = client.post(
        _url("approve", region), {"versions": _seen(client, region), "confirm": "1"}, follow=True
    )
    assert "双人审核" in response.content.decode()
    assert _state(region) == "submitted"


def test_single_person_approval_when_allowed_is_recorded(client, admin_user, region, world, settings):
    settings.REVIEW_ALLOW_SINGLE_PERSON = True
    _submit(client, admin_user, region)
    client.post(_url("approve", region), {"versions": _seen(client, region), "confirm": "1"})
    assert _state(region) == "approved"
    event = SubmissionEvent.objects.get(action="approve")
    assert event.single_person is True and event.user == admin_user
    assert "单人审核" in client.get(_url("form", region)).content.decode()


def test_single_person_approval_is_off_by_default():
    from django.conf import settings

    assert settings.REVIEW_ALLOW_SINGLE_PERSON is False


# --------------------------------------------------------------------------- versions are mandatory


def test_a_form_post_without_a_version_never_overwrites(client, editor_a, region, world):
    _plan, (first, _second) = world
    client.force_login(editor_a)
    response = client.post(_url("form", region), {f"v_i{first.pk}": "79"})
    assert response.status_code == 200
    assert "未说明修改的是哪个版本" in response.content.decode()
    assert _value(first) == Decimal("70")


def test_the_service_refuses_a_person_write_without_a_version_over_a_stored_value(region, world):
    _plan, (first, _second) = world
    with pytest.raises(ValueVersionMissing):
        indicator_value_record(
            region=region, indicator=first, year=YEAR, value=Decimal("79"), source="entered"
        )
    assert _value(first) == Decimal("70")


def test_an_admin_change_without_a_version_never_overwrites(client, admin_user, region, world):
    _plan, (first, _second) = world
    value = IndicatorValue.objects.get(indicator=first, year=YEAR)
    client.force_login(admin_user)
    url = reverse("admin:indicators_indicatorvalue_change", args=[value.pk])
    response = client.post(url, {"raw": "79", "comment": "", "_save": "1"})
    assert response.status_code == 200
    assert _value(first) == Decimal("70")


# --------------------------------------------------------------------------- the review list (item 8)


def test_the_review_list_puts_flags_changes_and_blanks_first(client, editor_a, approver, region, world):
    _plan, (first, _second) = world
    # 2022 approved with 40 for `first`; 2023 has 70
    indicator_value_record(
        region=region, indicator=first, year=YEAR - 1, value=Decimal("40"), raw="40", source="entered"
    )
    YearSubmission.objects.create(region=region, year=YEAR - 1, state="approved")
    _submit(client, editor_a, region)
    client.force_login(approver)
    response = client.get(_url("form", region))
    review = response.context["review"]
    categories = [item.category for item in review]
    # first: 40 → 70 is a 75 % jump (flagged, before "changed"); second: blank
    assert categories == ["flagged", "blank"]
    html = response.content.decode()
    assert "审核清单" in html and 'name="confirm"' in html
    assert json.loads(response.context["seen_versions"])
