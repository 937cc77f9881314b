"""Friendly error pages: a Chinese page that says what was not found and where to go next.

Used as Django's ``handler404``/``handler400`` in production, and by
``FriendlyErrorsMiddleware`` under ``DEBUG`` (``make run``), where Django would otherwise
show its technical page listing every URL pattern. Nothing internal (exception text,
setting names, status codes) reaches the reader.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

# (path pattern, what was not found, where to go: (url name, label) …) — first match wins.
_GUIDES = [
    (
        r"^/entry/\d+/\d+/",
        lambda: _("这个地区不存在、不由您填报，或该年份不在本地区规划的填报年份内。"),
        "entry",
    ),
    (r"^/entry/", lambda: _("要填报的地区或上传记录不存在，或不由您负责。"), "entry"),
    (r"^/plans/", lambda: _("这份规划不存在或已被删除。"), "plans"),
    (r"^/indicators/", lambda: _("目录中没有这个指标编码。"), "indicators"),
    (r"^/dashboards/", lambda: _("要看的规划、地区或指标不存在，或不在您可查看的范围内。"), "dashboards"),
]


def _links(kind: str) -> list[tuple[str, str]]:
    links = {
        "entry": [(reverse("entry-index"), _("返回数据填报"))],
        "plans": [(reverse("plan-list"), _("查看规划列表"))],
        "indicators": [(reverse("indicator-list"), _("查看指标目录"))],
        "dashboards": [(reverse("dashboard-overview"), _("返回进展看板"))],
    }.get(kind, [])
    return [
        *links,
        (reverse("site-search"), _("搜索规划、指标、地区")),
        (reverse("plan-list"), _("返回首页")),
    ]


def page_not_found(request, exception=None):
    reason, kind = _("您要找的页面不存在或已被移除。"), ""
    for pattern, text, guide in _GUIDES:
        if re.match(pattern, request.path):
            reason, kind = text(), guide
            break
    context = {"reason": reason, "links": _links(kind)}
    return render(request, "404.html", context, status=404)


def bad_request(request, exception=None):
    context = {"links": _links("")}
    return render(request, "400.html", context, status=400)


class FriendlyErrorsMiddleware:
    """Under DEBUG, replace Django's technical 404 page (HTML only) with the reader's page.

    JSON and file answers pass through untouched; with DEBUG off Django calls the handlers itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path.startswith(("/static/", "/admin/"))
        ):
            return page_not_found(request)
        return response
