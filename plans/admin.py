from django.contrib import admin

from config.admin_tools import ReadOnlyAdmin, ReadOnlyInline

from .models import Chapter, ImportEvent, ImportSession, Plan, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "level"]
    list_filter = ["level"]
    search_fields = ["name", "short_name"]


class ChapterInline(admin.TabularInline):
    model = Chapter
    fields = ["order", "level", "heading", "line"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "region",
        "period_start",
        "period_end",
        "status",
        "doc_number",
        "issue_date",
        "revises",
    ]
    list_filter = ["status", "region"]
    search_fields = ["title", "doc_number", "region__name"]
    list_select_related = ["region", "revises"]
    readonly_fields = [
        "source_name",
        "source_sha256",
        "source_encoding",
        "source_text",
        "parse_warnings",
        "imported_at",
        "imported_by",
        "revises",
    ]
    inlines = [ChapterInline]


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["heading", "plan", "level", "line"]
    list_filter = ["plan"]
    search_fields = ["heading", "text"]
    list_select_related = ["plan"]
    raw_id_fields = ["plan", "parent"]


class ImportEventInline(ReadOnlyInline):
    model = ImportEvent
    fields = ["at", "action", "user", "detail"]


@admin.register(ImportSession)
class ImportSessionAdmin(ReadOnlyAdmin):
    list_display = [
        "file_name",
        "state",
        "file_kind",
        "file_size",
        "uploaded_by",
        "uploaded_at",
        "published_plan",
    ]
    list_filter = ["state", "file_kind"]
    search_fields = ["file_name", "file_sha256", "reject_reason"]
    list_select_related = ["uploaded_by", "published_plan"]
    exclude = ["document", "source_text"]
    readonly_fields = [
        "state",
        "file_name",
        "file_sha256",
        "file_size",
        "file_kind",
        "reject_reason",
        "metadata",
        "row_mappings",
        "uploaded_by",
        "uploaded_at",
        "published_plan",
    ]
    inlines = [ImportEventInline]


@admin.register(ImportEvent)
class ImportEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "user", "session"]
    list_filter = ["action"]
    search_fields = ["session__file_name", "user__username"]
    list_select_related = ["user", "session"]
    readonly_fields = ["session", "action", "user", "at", "detail"]
