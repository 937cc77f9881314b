"""The portal speaks Chinese unless the user chooses English."""

from django.urls import reverse


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
