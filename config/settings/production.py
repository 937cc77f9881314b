"""Production: secrets and hosts come from the environment; HTTPS behind a TLS-terminating proxy.

``manage.py check --deploy`` is clean with the environment documented in docs/deploy.md
(tests/operations/test_deploy_settings.py keeps it so).
"""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_int

DEBUG = False

# The proxy terminates TLS and says so in X-Forwarded-Proto (it must overwrite, never pass on, a
# client's own header). Plain-HTTP requests are redirected, except the load balancer's health check.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Submitting the domain to the browsers' preload list is the domain owner's decision, not the
    # application's; without it the check's preload warning says nothing about this deployment.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Static files: compressed (gzip, and brotli when installed) and named by content hash, so
# browsers may cache them for a year; whitenoise serves them from STATIC_ROOT after collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail: with neither EMAIL_HOST nor EMAIL_BACKEND set, the server's local relay (localhost:25, as
# Django itself defaults to) instead of base's development fallback that only prints mails to the log.
if "EMAIL_BACKEND" not in os.environ and not os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "localhost", "port": 25, "timeout": 30},
        }
    }
