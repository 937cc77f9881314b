"""Reporting screens: the inbox, the completeness matrix, deadlines, submitting with blank reasons,
reminder preferences.  Thin views: check access → form → service → redirect/render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from indicators.entry.access import year_of_region
from indicators.entry.submissions import SubmissionRefused
from plans.access import is_admin, is_planner, readable_regions, region_for_editor

from .forms import DeadlineForm, ExtensionForm, ReminderPreferenceForm, blank_reasons
from .models import DeadlineExtension, ReminderPreference, ReportingDeadline
from .selectors.completeness import completeness_matrix, region_year_cell
from .selectors.inbox import inbox_for
from .services import (
    ReportingRefused,
    deadline_extension_grant,
    inbox_visit_record,
    reminder_preference_set,
    reporting_deadline_set,
    year_submit_with_reasons,
)


@login_required
@require_GET
def inbox(request):
    """我的待办: the landing page after login, one section per role."""
    if is_planner(request.user):
        inbox_visit_record(user=request.user)
    return render(request, "reporting/inbox.html", {"inbox": inbox_for(request.user)})


@login_required
@require_GET
def completeness(request):
    """Regions × years: filled / expected values, state, on time or late; editors see their own."""
    matrix = completeness_matrix(readable_regions(request.user).filter(synthetic=False))
    return render(
        request,
        "reporting/completeness.html",
        {"matrix": matrix, "can_set_deadlines": is_admin(request.user)},
    )


def _admin_only(user) -> None:
    if not is_admin(user):
        raise PermissionDenied


@login_required
@require_GET
def deadlines(request):
    _admin_only(request.user)
    return _deadlines_page(request, DeadlineForm(), ExtensionForm())


def _deadlines_page(request, deadline_form, extension_form, status=200):
    return render(
        request,
        "reporting/deadlines.html",
        {
            "deadlines": ReportingDeadline.objects.select_related("set_by"),
            "extensions": DeadlineExtension.objects.select_related("region", "granted_by")[:200],
            "deadline_form": deadline_form,
            "extension_form": extension_form,
        },
        status=status,
    )


@login_required
@require_POST
def deadline_set(request):
    _admin_only(request.user)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("未保存：请检查标出的字段。"))
        return _deadlines_page(request, form, ExtensionForm(), status=400)
    deadline = reporting_deadline_set(user=request.user, **form.cleaned_data)
    messages.success(
        request,
        _("%(year)s 年数据的填报截止日期已设为 %(due)s。")
        % {"year": deadline.year, "due": deadline.due.strftime("%Y-%m-%d")},
    )
    return redirect("reporting-deadlines")


@login_required
@require_POST
def deadline_extend(request):
    _admin_only(request.user)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("未保存：请检查标出的字段。"))
        return _deadlines_page(request, DeadlineForm(), form, status=400)
    try:
        extension = deadline_extension_grant(user=request.user, **form.cleaned_data)
    except ReportingRefused as exc:
        messages.error(request, exc.message)
        return _deadlines_page(request, DeadlineForm(), form, status=400)
    messages.success(
        request,
        _("%(region)s %(year)s 年截止日期已延至 %(due)s。")
        % {
            "region": extension.region.short_name,
            "year": extension.year,
            "due": extension.due.strftime("%Y-%m-%d"),
        },
    )
    return redirect("reporting-deadlines")


@login_required
@require_POST
def submit_year(request, region_id: int, year: int):
    """Submit from the entry form, with a reason for each expected value left blank."""
    region = region_for_editor(request.user, region_id)
    year_of_region(region, year)
    cell = region_year_cell(region, year)
    reasons = blank_reasons(request.POST, cell.blanks if cell else set())
    try:
        year_submit_with_reasons(region=region, year=year, user=request.user, reasons=reasons)
    except (ReportingRefused, SubmissionRefused) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(year)s 年数据已提交审核。") % {"year": year})
    return redirect("entry-form", region.pk, year)


@login_required
@require_http_methods(["GET", "POST"])
def reminder_preferences(request):
    """Each person turns their own reminder emails on or off and picks the language they come in."""
    preference = ReminderPreference.objects.filter(user=request.user).first()
    if request.method == "POST":
        form = ReminderPreferenceForm(request.POST)
        if form.is_valid():
            reminder_preference_set(
                user=request.user,
                enabled=form.cleaned_data["enabled"],
                language=form.cleaned_data["language"] or None,
            )
            messages.success(
                request,
                _("已开启邮件提醒。") if form.cleaned_data["enabled"] else _("已关闭邮件提醒。"),
            )
            return redirect("reminder-preferences")
    else:
        form = ReminderPreferenceForm(
            initial={
                "enabled": preference.enabled if preference else True,
                "language": preference.language if preference else settings.LANGUAGE_CODE,
            }
        )
    return render(request, "reporting/reminder_preferences.html", {"form": form})


def choose_language(request):
    """The header language menu: Django's ``set_language`` (cookie, redirect, CSRF as before); a
    signed-in person's choice also becomes the language of their reminder emails."""
    response = set_language(request)
    language = request.POST.get("language") if request.method == "POST" else None
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        reminder_preference_set(user=request.user, language=language)
    return response
