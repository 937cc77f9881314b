"""send_reminders with the locmem mail backend: due, overdue, returned, waiting; idempotent; opt-out."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from indicators.entry.submissions import year_submission_return, year_submission_submit
from reporting.models import ReminderLog, ReminderPreference
from reporting.services import deadline_extension_grant, reminder_preference_set, reporting_deadline_set

from .conftest import day


@pytest.fixture
def people(editor_a, editor_b, approver, admin_user, planner):
    for user in (editor_a, editor_b, approver, admin_user, planner):
        user.email = f"{user.username}@example.cn"
        user.save()
    return editor_a, editor_b, approver


def _run(today: str, *extra) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", today, *extra, stdout=out)
    return out.getvalue()


def _to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_editors_are_reminded_before_the_deadline(world, people, admin_user):
    reporting_deadline_set(year=2024, due=day("2025-03-31"), user=admin_user)
    _run("2025-03-20")  # 11 days ahead: too early with the default 7 days
    assert mail.outbox == []
    _run("2025-03-25")
    assert len(_to("editor_a@example.cn")) == 1 and len(_to("editor_b@example.cn")) == 1
    body = _to("editor_a@example.cn")[0].body
    assert "2025-03-31" in body and "克拉玛依区 2024" in body and "已填 0/2" in body
    assert "/entry/" in body and "/reporting/reminders/" in body
    assert not _to("planner_p@example.cn") and not _to("approver_q@example.cn")
    assert set(ReminderLog.objects.values_list("kind", flat=True)) == {"due"}


def test_overdue_years_are_reminded_once_after_the_deadline(world, people, admin_user):
    reporting_deadline_set(year=2024, due=day("2025-03-31"), user=admin_user)
    _run("2025-04-02")
    assert [m.to for m in mail.outbox] == [["editor_a@example.cn"], ["editor_b@example.cn"]]
    assert "已逾期" in mail.outbox[0].body
    _run("2025-04-03")
    assert len(mail.outbox) == 2


def test_a_submitted_year_gets_no_deadline_reminder_and_approvers_are_told_it_waits(
    world, people, admin_user
):
    editor_a, _editor_b, _approver = people
    reporting_deadline_set(year=2024, due=day("2025-03-31"), user=admin_user)
    year_submission_submit(region=world.region_a, year=2024, user=editor_a)
    _run("2025-03-30")
    assert _to("editor_a@example.cn") == []
    assert len(_to("editor_b@example.cn")) == 1
    waiting = _to("approver_q@example.cn")
    assert len(waiting) == 1 and "等待审核" in waiting[0].body and "克拉玛依区 2024" in waiting[0].body
    assert len(_to("admin_x@example.cn")) == 1  # administrators approve too


def test_a_returned_year_is_reported_to_its_editors_with_the_reason(world, people):
    editor_a, _editor_b, approver = people
    year_submission_submit(region=world.region_a, year=2023, user=editor_a)
    year_submission_return(region=world.region_a, year=2023, user=approver, reason="床位数与卫统年报不符")
    _run("2025-01-10")
    returned = _to("editor_a@example.cn")
    assert len(returned) == 1 and "床位数与卫统年报不符" in returned[0].body
    assert _to("editor_b@example.cn") == []
    assert ReminderLog.objects.get(user=editor_a).kind == "returned"


def test_running_twice_sends_nothing_new(world, people, admin_user):
    editor_a, editor_b, approver = people
    reporting_deadline_set(year=2024, due=day("2025-03-31"), user=admin_user)
    year_submission_submit(region=world.region_b, year=2023, user=editor_b)
    year_submission_return(region=world.region_b, year=2023, user=approver, reason="请补充")
    year_submission_submit(region=world.region_a, year=2023, user=editor_a)
    assert "emails=4" in _run("2025-03-30")  # editor_a (due), editor_b (due + returned), approver, admin
    sent = len(mail.outbox)
    logs = ReminderLog.objects.count()
    assert "emails=0 reminders=0" in _run("2025-03-30")
    assert "emails=0 reminders=0" in _run("2025-03-31")
    assert (len(mail.outbox), ReminderLog.objects.count()) == (sent, logs)


def test_a_new_return_or_an_extension_is_a_new_reminder(world, people, admin_user):
    editor_a, _editor_b, approver = people
    reporting_deadline_set(year=2024, due=day("2025-03-31"), user=admin_user)
    _run("2025-03-30")
    deadline_extension_grant(
        region=world.region_a, year=2024, due=day("2025-04-05"), reason="停电", user=admin_user
    )
    _run("2025-04-01")  # B is now overdue; A is due again under its new deadline
    a_mails = _to("editor_a@example.cn")
    assert len(a_mails) == 2 and "2025-04-05" in a_mails[1].body
    year_submission_submit(region=world.region_a, year=2023, user=editor_a)
    year_submission_return(region=world.region_a, year=2023, user=approver, reason="第一次")
    year_submission_submit(region=world.region_a, year=2023, user=editor_a)
    year_submission_return(region=world.region_a, year=2023, user=approver, reason="第二次")
    _run("2025-04-01")
    assert "第二次" in _to("editor_a@example.cn")[-1].body


def test_people_who_turned_reminders_off_get_none(world, people, admin_user):
    editor_a, _editor_b, _approver = people
    reminder_preference_set(user=editor_a, enabled=False)
    reporting_deadline_set(year=2024, due=day("2025-03-31"), user=admin_user)
    assert "opted_out=1" in _run("2025-03-30")
    assert _to("editor_a@example.cn") == [] and len(_to("editor_b@example.cn")) == 1
    assert not ReminderLog.objects.filter(user=editor_a).exists()
    reminder_preference_set(user=editor_a, enabled=True)  # turned back on: the reminder still comes
    _run("2025-03-30")
    assert len(_to("editor_a@example.cn")) == 1


def test_people_without_an_email_address_are_counted_not_logged(world, people, admin_user):
    editor_a, _editor_b, _approver = people
    editor_a.email = ""
    editor_a.save()
    reporting_deadline_set(year=2024, due=day("2025-03-31"), user=admin_user)
    assert "no_email=1" in _run("2025-03-30")
    assert not ReminderLog.objects.filter(user=editor_a).exists()


def test_a_dry_run_sends_and_logs_nothing(world, people, admin_user):
    reporting_deadline_set(year=2024, due=day("2025-03-31"), user=admin_user)
    assert "dry run: emails=2" in _run("2025-03-30", "--dry-run")
    assert mail.outbox == [] and not ReminderLog.objects.exists()


def test_a_malformed_date_is_refused(db):
    with pytest.raises(CommandError):
        _run("2025-13-40")


def test_each_person_turns_reminders_off_and_on(client, editor_a):
    url = reverse("reminder-preferences")
    client.force_login(editor_a)
    assert "checked" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 302
    assert ReminderPreference.objects.get(user=editor_a).enabled is False
    assert client.post(url, {"enabled": "on"}).status_code == 302
    assert ReminderPreference.objects.get(user=editor_a).enabled is True


def test_the_preferences_page_needs_a_login(client, db):
    assert client.get(reverse("reminder-preferences")).status_code == 302


def test_nothing_is_sent_when_nothing_is_due(world, people):
    assert "emails=0" in _run(datetime.date.today().isoformat())


def test_a_failed_send_logs_nothing_and_is_retried_next_run(world, people, admin_user, monkeypatch):
    import reporting.reminders

    reporting_deadline_set(year=2024, due=day("2025-03-31"), user=admin_user)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(reporting.reminders, "send_mail", refuse)
    with pytest.raises(CommandError):
        _run("2025-03-30")
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    assert "emails=2" in _run("2025-03-30")


def test_the_cron_line_is_documented():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for doc in (root / "README.md", root / "docs" / "reporting.md"):
        text = doc.read_text(encoding="utf-8")
        assert "0 8 * * *" in text and "manage.py send_reminders" in text
