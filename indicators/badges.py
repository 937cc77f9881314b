"""Small inline marks shown wherever a status or value appears (plan page, dashboards)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def provisional_badge() -> str:
    return format_html(
        '<span class="provisional" title="{}">{}</span>',
        _("含尚未审核通过的填报值，仅本地区录入员、审核员、规划人员和管理员可见"),
        _("暂定"),
    )


def behind_start_badge() -> str:
    return format_html('<span class="behind-start">{}</span>', _("目标落后于基期，请核对"))
