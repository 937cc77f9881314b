"""Two request guards: database outages answered as 503 (JSON for the API), and session timeouts."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

logger = logging.getLogger("operations")

JSON_PREFIXES = ("/api/", "/healthz/")


def wants_json(request) -> bool:
    return request.path.startswith(JSON_PREFIXES) or "application/json" in request.headers.get("Accept", "")


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached is a 503 the person can read, never a 500 traceback.

    Only connection-level failures (OperationalError, InterfaceError) are caught: an integrity
    error is a bug and stays a 500. The API answers JSON, pages the 503 template.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable on %s: %s", request.path, exception)
        message = _("数据库暂时不可用，请稍后再试。")
        if wants_json(request):
            return JsonResponse({"error": "database_unavailable", "message": message}, status=503)
        response = TemplateResponse(request, "503.html", {"message": message}, status=503)
        response["Retry-After"] = "30"
        return response.render()


class SessionTimeoutMiddleware:
    """Sign a person out after SESSION_IDLE_TIMEOUT seconds without a request.

    SESSION_COOKIE_AGE caps the whole session (Django expires it then); the idle clock lives in
    the session itself, so every app server sees the same one. The last-seen stamp is written at
    most once a minute, not on every request.
    """

    KEY = "_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(self.KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                if wants_json(request):
                    return JsonResponse({"error": "session_expired"}, status=401)
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)
