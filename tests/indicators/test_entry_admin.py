"""The admin writes values through the same service (history, locks, versions, ranges); history is untouchable."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import IndicatorValue, SubmissionEvent, ValueChange, YearSubmission
from indicators.services import indicator_value_record
from tests.indicators.excel_samples import entry_world

YEAR = 2023


@pytest.fixture
def value(region):
    _plan, indicators = entry_world(region)
    return indicator_value_record(
        region=region, indicator=indicators[0], year=YEAR, value=Decimal(70), raw="70", source="entered"
    ).value


def admin_post_data(client, url, **changes) -> dict:
    """What the admin's change page would post: its form and inline management data, with edits."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for item in formset.forms:
            for name in item.fields:
                value = item[name].value()
                data[item.add_prefix(name)] = "" if value is None else value
    data.update(changes)
    return data


def _change(client, stored, **changes):
    url = reverse("admin:indicators_indicatorvalue_change", args=[stored.pk])
    changes = {"value": "71", "comment": "后台更正", **changes}
    return client.post(url, admin_post_data(client, url, **changes))


def test_an_admin_edit_goes_through_the_service_and_writes_history(client, admin_user, value):
    client.force_login(admin_user)
    response = _change(client, value)
    assert response.status_code == 302, response.context["adminform"].form.errors
    value.refresh_from_db()
    assert (value.value, value.raw, value.source, value.version) == (Decimal(71), "71", "admin", 2)
    change = ValueChange.objects.filter(value=value).order_by("id").last()
    assert (change.old_value, change.new_value, change.changed_by, change.comment) == (
        Decimal(70),
        Decimal(71),
        admin_user,
        "后台更正",
    )


def test_an_admin_edit_keeps_the_decimals_typed(client, admin_user, value):
    client.force_login(admin_user)
    assert _change(client, value, value="71.50").status_code == 302
    value.refresh_from_db()
    assert (value.raw, value.value) == ("71.50", Decimal("71.5"))
    assert ValueChange.objects.filter(value=value).order_by("id").last().new_raw == "71.50"


def test_a_stale_admin_edit_is_refused_with_the_newer_value(client, admin_user, value):
    indicator_value_record(
        region=value.region,
        indicator=value.indicator,
        year=YEAR,
        value=Decimal(73),
        raw="73",
        source="entered",
        expected_version=1,
    )
    client.force_login(admin_user)
    response = _change(client, value, expected_version="1")
    assert response.status_code == 200
    assert "改为 73" in response.content.decode()
    assert IndicatorValue.objects.get(pk=value.pk).value == Decimal(73)


def test_an_out_of_range_admin_edit_is_refused(client, admin_user, value):
    client.force_login(admin_user)
    response = _change(client, value, value="150")
    assert response.status_code == 200
    assert "不能大于 100%" in response.content.decode()
    assert IndicatorValue.objects.get(pk=value.pk).value == Decimal(70)


def test_an_admin_cannot_add_a_value_into_a_locked_year(client, admin_user, value, region):
    YearSubmission.objects.create(region=region, year=2022, state="approved")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:indicators_indicatorvalue_add"),
        {
            "region": region.pk,
            "indicator": value.indicator.pk,
            "year": 2022,
            "value": "66",
            "comparator": "",
            "raw": "",
            "comment": "",
            "expected_version": "0",
        },
    )
    assert response.status_code == 200
    assert "已审核锁定" in response.content.decode()
    assert not IndicatorValue.objects.filter(year=2022).exists()


def test_values_cannot_be_deleted_in_the_admin(client, admin_user, value):
    client.force_login(admin_user)
    url = reverse("admin:indicators_indicatorvalue_delete", args=[value.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert IndicatorValue.objects.filter(pk=value.pk).exists()


def test_history_cannot_be_added_changed_or_deleted_in_the_admin(client, admin_user, value):
    change = ValueChange.objects.get(value=value)
    client.force_login(admin_user)
    assert client.get(reverse("admin:indicators_valuechange_add")).status_code == 403
    url = reverse("admin:indicators_valuechange_change", args=[change.pk])
    assert client.get(url).status_code == 200  # visible, read-only
    client.post(url, {"comment": "改写历史"})
    assert (
        client.post(
            reverse("admin:indicators_valuechange_delete", args=[change.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    change.refresh_from_db()
    assert change.comment == ""
    response = client.post(
        reverse("admin:indicators_valuechange_changelist"),
        {"action": "delete_selected", "_selected_action": [change.pk], "post": "yes"},
    )
    assert ValueChange.objects.filter(pk=change.pk).exists()
    assert response.status_code in (200, 302)


def test_review_records_are_read_only_in_the_admin(client, admin_user, region, value):
    submission = YearSubmission.objects.create(region=region, year=YEAR, state="submitted")
    event = SubmissionEvent.objects.create(submission=submission, action="submit", user=admin_user)
    client.force_login(admin_user)
    client.post(
        reverse("admin:indicators_yearsubmission_change", args=[submission.pk]), {"state": "approved"}
    )
    submission.refresh_from_db()
    assert submission.state == "submitted"
    assert (
        client.post(
            reverse("admin:indicators_submissionevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_only_administrators_reach_the_admin(client, editor_a, planner, approver, value):
    for user in (editor_a, planner, approver):
        client.force_login(user)
        response = client.get(reverse("admin:indicators_indicatorvalue_change", args=[value.pk]))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
