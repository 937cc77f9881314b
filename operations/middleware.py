"""Signing people out after a quiet spell (the absolute lifetime is SESSION_COOKIE_AGE)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse

from .errors import wants_json


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
