"""The server-error page: a database outage is a 503 the person can read, and the API answers JSON.

Installed as ``handler500`` (config/urls.py), so it sees failures raised anywhere (a middleware
loading the session as much as a view). Only connection-level failures (OperationalError,
InterfaceError: server down, restarting, unreachable, or SQLite still locked after the busy
timeout) become 503; anything else stays a 500.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

JSON_PREFIXES = ("/api/", "/healthz/", "/dashboards/heatmap/data.json")


def wants_json(request) -> bool:
    return request.path.startswith(JSON_PREFIXES) or "application/json" in request.headers.get("Accept", "")


def server_error(request):
    exception = sys.exc_info()[1]
    unavailable = isinstance(exception, OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if wants_json(request):
        body = (
            {"error": "database_unavailable", "message": _("数据库暂时不可用，请稍后再试。")}
            if unavailable
            else {"error": "server_error", "message": _("服务器暂时无法处理请求，请稍后再试。")}
        )
        response = JsonResponse(body, status=status)
    else:
        template = "503.html" if unavailable else "500.html"
        # No RequestContext: rendering must not touch the session or the database again.
        response = HttpResponse(
            loader.get_template(template).render({"message": _("数据库暂时不可用，请稍后再试。")}),
            status=status,
        )
    if unavailable:
        response["Retry-After"] = "30"
    return response
