"""Deadlines and their extensions in the admin: read-only, the reporting pages are where they change."""

from django.contrib import admin

from config.admin_tools import ReadOnlyAdmin

from .models import BlankReason, DeadlineExtension, ReminderLog, ReminderPreference, ReportingDeadline


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(ReadOnlyAdmin):
    list_display = ["year", "due", "set_by", "set_at"]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(ReadOnlyAdmin):
    list_display = ["region", "year", "old_due", "due", "reason", "granted_by", "granted_at"]
    list_filter = ["year"]


@admin.register(BlankReason)
class BlankReasonAdmin(ReadOnlyAdmin):
    list_display = ["region", "year", "indicator", "reason", "given_by", "given_at"]
    list_filter = ["year"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "user", "kind", "key", "email"]
    list_filter = ["kind"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "enabled", "language", "changed_at"]
