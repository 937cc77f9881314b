"""Who signed in, who failed, from where: one log line each (logger ``operations.auth``).

django-axes keeps the audit records (访问尝试, 访问日志 in the admin) and does the throttling;
these lines put the same events into the server log, where an operator's monitoring reads them.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .middleware import SessionTimeoutMiddleware

logger = logging.getLogger("operations.auth")


def client_ip(request) -> str:
    """The browser's address: REMOTE_ADDR, or X-Forwarded-For's entry added by our trusted proxy.

    Only the last ``TRUSTED_PROXY_COUNT`` entries were written by proxies we run; anything before
    them came from the client and could be forged, so it is never used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < hops:
        return remote
    return forwarded[-hops]


@receiver(user_logged_in)
def _log_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        # Start the idle clock with the login's own session write, not an extra one on the next request.
        request.session[SessionTimeoutMiddleware.KEY] = int(time.time())
    logger.info("login ok user=%s ip=%s", user.get_username(), client_ip(request) if request else "-")


@receiver(user_logged_out)
def _log_logout(sender, request, user, **kwargs):
    name = user.get_username() if user is not None else "-"
    logger.info("logout user=%s ip=%s", name, client_ip(request) if request else "-")


@receiver(user_login_failed)
def _log_failure(sender, credentials, request=None, **kwargs):
    logger.warning(
        "login failed user=%s ip=%s", credentials.get("username", "-"), client_ip(request) if request else "-"
    )
