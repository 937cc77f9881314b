"""The portal speaks Chinese unless the user chooses English; a signed-in user's choice is also the
language of their reminder emails."""

from django.test import Client
from django.urls import reverse

from reporting.models import ReminderPreference


def test_a_browser_asking_for_english_still_gets_chinese(client, db):
    html = client.get(reverse("methodology"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "进展评估方法" in html
    assert '<html lang="zh-hans">' in html


def test_choosing_english_in_the_switcher_gives_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("methodology")})
    assert response.status_code == 302
    html = client.get(reverse("methodology")).content.decode()
    assert '<html lang="en">' in html
    assert "Progress assessment methodology" in html
    assert "进展评估方法" not in html


def test_an_unknown_language_cookie_falls_back_to_chinese(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert "进展评估方法" in client.get(reverse("methodology")).content.decode()


def test_choosing_english_in_the_header_when_signed_in_stores_the_reminder_language(
    client, editor_a, settings
):
    client.force_login(editor_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("inbox")})
    assert response.status_code == 302 and response["Location"] == reverse("inbox")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    preference = ReminderPreference.objects.get(user=editor_a)
    assert (preference.language, preference.enabled) == ("en", True)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("inbox")})
    assert ReminderPreference.objects.get(user=editor_a).language == "zh-hans"


def test_choosing_a_language_signed_out_or_one_not_offered_stores_nothing(client, editor_a):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.force_login(editor_a)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    client.get(reverse("set_language"), {"language": "en"})
    assert not ReminderPreference.objects.exists()


def test_the_language_menu_still_needs_the_csrf_token(editor_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert not ReminderPreference.objects.exists()
