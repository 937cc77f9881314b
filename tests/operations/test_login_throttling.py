"""Wrong passwords lock an account (and an address) out for a while, on the site and on /admin/."""

from __future__ import annotations

import logging
import time

from axes.models import AccessAttempt, AccessLog
from django.urls import reverse

from tests.conftest import make_user

PASSWORD = "pw-for-tests-2026"


def _login(client, url, username, password, ip="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_fifty_wrong_passwords_then_the_right_one_is_refused_and_audited(client, db, caplog):
    make_user("wang")
    url = reverse("login")
    with caplog.at_level(logging.INFO):
        statuses = {_login(client, url, "wang", f"wrong-{i}").status_code for i in range(50)}
        response = _login(client, url, "wang", PASSWORD)
    assert statuses == {200, 429}  # the form again, then the lockout page
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    assert "30 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get(username="wang")
    assert attempt.failures_since_start >= 5 and attempt.ip_address == "10.0.0.1"
    assert "login failed user=wang ip=10.0.0.1" in caplog.text


def test_the_lockout_also_holds_from_another_address(client, db):
    make_user("wang")
    url = reverse("login")
    for i in range(5):
        _login(client, url, "wang", f"wrong-{i}", ip="10.0.0.1")
    assert _login(client, url, "wang", PASSWORD, ip="10.9.9.9").status_code == 429


def test_one_address_trying_many_accounts_is_locked_out(client, db):
    make_user("li")
    url = reverse("login")
    for i in range(5):
        _login(client, url, f"guess{i}", "wrong", ip="10.0.0.7")
    assert _login(client, url, "li", PASSWORD, ip="10.0.0.7").status_code == 429
    assert _login(client, url, "li", PASSWORD, ip="10.0.0.8").status_code == 302  # others unaffected


def test_the_admin_login_is_throttled_too(client, db):
    make_user("root", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for i in range(5):
        _login(client, url, "root", f"wrong-{i}")
    assert _login(client, url, "root", PASSWORD).status_code == 429


def test_a_successful_login_is_logged_and_recorded(client, db, caplog):
    make_user("zhou")
    with caplog.at_level(logging.INFO, logger="operations.auth"):
        assert _login(client, reverse("login"), "zhou", PASSWORD).status_code == 302
    assert "login ok user=zhou ip=10.0.0.1" in caplog.text
    assert AccessLog.objects.filter(username="zhou").exists()


def test_behind_a_proxy_the_forwarded_address_counts(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("wu")
    url = reverse("login")
    for i in range(5):
        client.post(
            url,
            {"username": f"x{i}", "password": "bad"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
        )
    assert AccessAttempt.objects.filter(ip_address="203.0.113.9").count() == 5
    # another browser behind the same proxy is not locked out
    response = client.post(
        url,
        {"username": "wu", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302


def test_an_idle_session_is_signed_out(client, db, settings):
    user = make_user("sun")
    client.force_login(user)
    assert client.get(reverse("password_change")).status_code == 200
    session = client.session
    session["_last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert "_auth_user_id" not in client.session


def test_session_lifetime_defaults_suit_a_government_office(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_after_the_lockout_period_the_right_password_works_again(client, db, settings):
    from datetime import timedelta

    from django.utils import timezone

    make_user("qian")
    url = reverse("login")
    for i in range(5):
        _login(client, url, "qian", f"wrong-{i}")
    assert _login(client, url, "qian", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    assert _login(client, url, "qian", PASSWORD).status_code == 302
