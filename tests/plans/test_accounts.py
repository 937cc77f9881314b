"""Chinese login, logout and password-change pages with Django's default validators."""

from django.urls import reverse

from tests.conftest import make_user


def test_the_login_page_is_in_chinese(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "登录" in html and "用户名" in html and "密码" in html


def test_a_user_logs_in_and_out(client, db):
    make_user("zhang")
    response = client.post(reverse("login"), {"username": "zhang", "password": "pw-for-tests-2026"})
    assert response.status_code == 302
    assert client.get(reverse("plan-list")).context["user"].is_authenticated
    assert client.get(reverse("logout")).status_code == 405  # logout is POST-only
    client.post(reverse("logout"))
    assert not client.get(reverse("plan-list")).context["user"].is_authenticated


def test_the_password_change_applies_the_default_validators(client, db):
    user = make_user("li")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-for-tests-2026", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "密码" in html and ("太常见" in html or "全部为数字" in html)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-for-tests-2026",
            "new_password1": "Yq7-plan-monitor",
            "new_password2": "Yq7-plan-monitor",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Yq7-plan-monitor")


def test_password_change_needs_login(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
