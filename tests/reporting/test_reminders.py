"""send_reminders with the locmem mail backend: due, overdue, returned, waiting; idempotent; opt-out;
each person's language."""

import datetime
import re
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
    reminder = _to("editor_a@example.cn")[0]
    body = reminder.body  # nobody chose a language: Chinese, dates as Chinese writes them
    assert "将于 2025年3月31日 截止" in body and "克拉玛依区 2024" in body and "已填 0/2" in body
    assert body.startswith("您好，editor_a：") and reminder.subject == "规划指标监测平台：1 项待办提醒"
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
    assert len(a_mails) == 2 and "2025年4月5日" in a_mails[1].body
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


CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _chinese_apart_from(text: str, *names: str) -> list[str]:
    """The Chinese characters left once the region names and people's own words are taken out."""
    for name in names:
        text = text.replace(name, "")
    return CHINESE.findall(text)


def test_an_editor_who_prefers_english_is_reminded_in_english(world, people, admin_user):
    editor_a, _editor_b, _approver = people
    reminder_preference_set(user=editor_a, language="en")
    reporting_deadline_set(year=2024, due=day("2025-03-31"), user=admin_user)
    _run("2025-03-25")
    [english] = _to("editor_a@example.cn")
    assert english.subject == "Plan Indicator Monitoring Platform: 1 reminder"
    assert english.body.startswith("Hello editor_a,")
    assert "克拉玛依区 2024 data is due on March 31, 2025 (filled so far: 0 of 2)" in english.body
    assert "My tasks:" in english.body and "/reporting/reminders/" in english.body
    assert _chinese_apart_from(english.subject + english.body, "克拉玛依区") == []
    [chinese] = _to("editor_b@example.cn")  # the other editor never chose: Chinese
    assert "仁和区 2024 年数据将于 2025年3月31日 截止" in chinese.body
    assert chinese.subject == "规划指标监测平台：1 项待办提醒"
    assert "emails=0 reminders=0" in _run("2025-03-25")  # still once only
    assert len(mail.outbox) == 2 and ReminderLog.objects.count() == 2


def test_overdue_returned_and_waiting_reminders_follow_each_persons_language(world, people, admin_user):
    editor_a, editor_b, approver = people
    for user in (editor_a, approver):
        reminder_preference_set(user=user, language="en")
    reporting_deadline_set(year=2024, due=day("2025-03-31"), user=admin_user)
    year_submission_submit(region=world.region_a, year=2023, user=editor_a)
    year_submission_return(region=world.region_a, year=2023, user=approver, reason="床位数与卫统年报不符")
    year_submission_submit(region=world.region_b, year=2023, user=editor_b)
    _run("2025-04-02")
    [to_editor] = _to("editor_a@example.cn")
    assert to_editor.subject == "Plan Indicator Monitoring Platform: 2 reminders"
    assert "克拉玛依区 2024 data is overdue (it was due on March 31, 2025)" in to_editor.body
    assert "克拉玛依区 2023 data was returned: 床位数与卫统年报不符." in to_editor.body
    assert _chinese_apart_from(to_editor.body, "克拉玛依区", "床位数与卫统年报不符") == []
    [to_approver] = _to("approver_q@example.cn")
    assert "仁和区 2023 data was submitted and waits for review" in to_approver.body
    assert _chinese_apart_from(to_approver.subject + to_approver.body, "仁和区") == []
    [to_admin] = _to("admin_x@example.cn")  # no preference: Chinese
    assert "仁和区 2023 年数据已提交，等待审核" in to_admin.body


def test_turning_reminders_off_keeps_the_language_and_choosing_a_language_keeps_them_off(editor_a):
    reminder_preference_set(user=editor_a, language="en")
    reminder_preference_set(user=editor_a, enabled=False)
    assert (ReminderPreference.objects.get(user=editor_a).language, ReminderPreference.objects.count()) == (
        "en",
        1,
    )
    reminder_preference_set(user=editor_a, language="zh-hans")
    assert ReminderPreference.objects.get(user=editor_a).enabled is False


def test_each_person_picks_the_language_of_their_reminders(client, editor_a):
    url = reverse("reminder-preferences")
    client.force_login(editor_a)
    assert '<option value="zh-hans" selected>简体中文</option>' in client.get(url).content.decode()
    assert client.post(url, {"enabled": "on", "language": "en"}).status_code == 302
    preference = ReminderPreference.objects.get(user=editor_a)
    assert (preference.enabled, preference.language) == (True, "en")
    assert '<option value="en" selected>English</option>' in client.get(url).content.decode()
    assert client.post(url, {"enabled": "on", "language": "fr"}).status_code == 200  # not offered
    assert ReminderPreference.objects.get(user=editor_a).language == "en"


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
