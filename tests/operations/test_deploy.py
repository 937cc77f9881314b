"""The documented production environment passes `check --deploy`; TLS-proxy login; security headers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import make_user

MANAGE = Path(settings.BASE_DIR) / "manage.py"

# The environment docs/deploy.md tells an IT person to set (with their own values).
DOCUMENTED_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k3Jx9-Qe2vWb7Lr0-ZpT4sYh8Nc1-Uf6Gd5Ma2-Rt9Ew3Ko7-Pi4Ly8Hn",
    "DJANGO_ALLOWED_HOSTS": "portal.example.gov.cn",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://portal.example.gov.cn",
    "DATABASE_URL": "postgres://portal:secret@db.internal:5432/portal",
    "EMAIL_HOST": "smtp.example.gov.cn",
    "DEFAULT_FROM_EMAIL": "noreply@example.gov.cn",
}


def _check_deploy(**overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DOCUMENTED_ENV, **overrides)
    env = {k: v for k, v in env.items() if v is not None}  # None: variable not set
    return subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_the_documented_production_environment():
    done = _check_deploy()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_is_clean_with_only_a_secret_key_and_a_database():
    """`make serve` with DATABASE_URL and a secret key: mail then goes to the local relay."""
    done = _check_deploy(
        DJANGO_ALLOWED_HOSTS=None, DJANGO_CSRF_TRUSTED_ORIGINS=None, EMAIL_HOST=None, DEFAULT_FROM_EMAIL=None
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_deploy_fails_with_a_weak_secret_key():
    done = _check_deploy(DJANGO_SECRET_KEY="short")
    assert done.returncode != 0
    assert "security.W009" in done.stdout + done.stderr


def test_production_refuses_to_start_without_a_secret_key():
    done = _check_deploy(DJANGO_SECRET_KEY="")
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY" in done.stderr


@pytest.fixture
def production(settings):
    """The production settings' security switches, applied to the test server."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.ALLOWED_HOSTS = ["portal.example.gov.cn"]
    return settings


def test_login_works_through_a_tls_proxy(production, db):
    make_user("zhao")
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_HOST="portal.example.gov.cn")
    proxied = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_ORIGIN": "https://portal.example.gov.cn"}
    page = client.get(reverse("login"), **proxied)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    token = page.context["csrf_token"]
    response = client.post(
        reverse("login"),
        {"username": "zhao", "password": "pw-for-tests-2026", "csrfmiddlewaretoken": token},
        **proxied,
    )
    assert response.status_code == 302, response.content[:500]
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True


def test_plain_http_is_redirected_to_https_but_not_the_health_check(production, db):
    from django.test import Client

    client = Client(HTTP_HOST="portal.example.gov.cn")
    response = client.get(reverse("plan-list"))
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get("/healthz/").status_code == 200


def test_every_page_carries_the_content_security_policy(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "style-src-attr 'unsafe-inline'" in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_production_serves_compressed_cache_busted_static_files():
    from config.settings import production

    assert production.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert production.SECURE_CSP == settings.SECURE_CSP  # the tests run under the production policy
