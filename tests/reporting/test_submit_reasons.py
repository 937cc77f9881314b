"""The entry form shows "已填 x/y" and asks for a reason for each blank before submitting."""

from django.urls import reverse

from indicators.models import YearSubmission
from reporting.models import BlankReason

from .conftest import record

YEAR = 2023


def _submit_url(region):
    return reverse("reporting-submit", args=[region.pk, YEAR])


def test_the_form_shows_filled_over_expected_and_one_reason_box_per_blank(client, world, editor_a):
    record(world.region_a, world.indicators_a[0], YEAR)
    client.force_login(editor_a)
    html = client.get(reverse("entry-form", args=[world.region_a.pk, YEAR])).content.decode()
    assert "已填 1/2" in html
    assert f'name="reason_{world.indicators_a[1].pk}"' in html
    assert f'name="reason_{world.indicators_a[0].pk}"' not in html


def test_submitting_with_a_blank_and_no_reason_is_refused(client, world, editor_a):
    record(world.region_a, world.indicators_a[0], YEAR)
    client.force_login(editor_a)
    response = client.post(_submit_url(world.region_a), follow=True)
    assert "请为每个空缺填写原因" in response.content.decode()
    assert not YearSubmission.objects.filter(region=world.region_a, year=YEAR).exists()
    assert not BlankReason.objects.exists()


def test_reasons_are_stored_with_the_submission(client, world, editor_a):
    record(world.region_a, world.indicators_a[0], YEAR)
    client.force_login(editor_a)
    blank = world.indicators_a[1]
    assert (
        client.post(_submit_url(world.region_a), {f"reason_{blank.pk}": "统计局尚未公布"}).status_code == 302
    )
    assert YearSubmission.objects.get(region=world.region_a, year=YEAR).state == "submitted"
    reason = BlankReason.objects.get()
    assert (reason.indicator, reason.reason, reason.given_by, reason.year) == (
        blank,
        "统计局尚未公布",
        editor_a,
        YEAR,
    )


def test_a_complete_year_needs_no_reason(client, world, editor_a):
    for indicator in world.indicators_a:
        record(world.region_a, indicator, YEAR)
    client.force_login(editor_a)
    html = client.get(reverse("entry-form", args=[world.region_a.pk, YEAR])).content.decode()
    assert "已填 2/2" in html
    assert client.post(_submit_url(world.region_a)).status_code == 302
    assert YearSubmission.objects.get(region=world.region_a, year=YEAR).state == "submitted"


def test_an_already_submitted_year_is_refused_and_keeps_its_reasons(client, world, editor_a):
    client.force_login(editor_a)
    reasons = {f"reason_{i.pk}": "暂缺" for i in world.indicators_a}
    client.post(_submit_url(world.region_a), reasons)
    response = client.post(_submit_url(world.region_a), {k: "改了" for k in reasons}, follow=True)
    assert "已提交" in response.content.decode()
    assert set(BlankReason.objects.values_list("reason", flat=True)) == {"暂缺"}  # all or nothing


def test_the_access_checklist(client, world, editor_b, planner):
    url = _submit_url(world.region_a)
    assert client.post(url).status_code == 302 and "/accounts/login/" in client.post(url)["Location"]
    client.force_login(editor_b)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 404  # another district
    client.force_login(planner)
    assert client.post(url).status_code == 403  # read-only
    assert not YearSubmission.objects.exists()


def test_the_approver_reads_the_reasons_on_the_form(client, world, editor_a, approver):
    record(world.region_a, world.indicators_a[0], YEAR)
    client.force_login(editor_a)
    client.post(_submit_url(world.region_a), {f"reason_{world.indicators_a[1].pk}": "统计局尚未公布"})
    client.force_login(approver)
    html = client.get(reverse("entry-form", args=[world.region_a.pk, YEAR])).content.decode()
    assert "已填 1/2" in html and f"{world.indicators_a[1].name}：统计局尚未公布" in html
    assert 'id="submit-form"' not in html
