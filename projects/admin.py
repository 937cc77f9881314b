from django.contrib import admin

from config.admin_tools import ReadOnlyAdmin, ReadOnlyInline

from .models import KeyProject, KeyProjectItem, ProjectEvidence, ProjectRecord, ProjectRecordChange


class KeyProjectItemInline(admin.TabularInline):
    model = KeyProjectItem
    extra = 0


@admin.register(KeyProject)
class KeyProjectAdmin(admin.ModelAdmin):
    list_display = ["label", "title", "plan", "line"]
    list_filter = ["plan"]
    search_fields = ["label", "title", "items__text"]
    list_select_related = ["plan"]
    raw_id_fields = ["plan", "chapter"]
    inlines = [KeyProjectItemInline]


@admin.register(KeyProjectItem)
class KeyProjectItemAdmin(admin.ModelAdmin):
    list_display = ["project", "order", "text"]
    search_fields = ["text"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]


class ProjectRecordChangeInline(ReadOnlyInline):
    model = ProjectRecordChange
    fields = ["changed_at", "changed_by", "source", "old", "new"]


@admin.register(ProjectRecord)
class ProjectRecordAdmin(ReadOnlyAdmin):
    """Viewable here; written only through the entry page and the Excel upload (locks, history)."""

    list_display = ["project", "item", "region", "year", "status", "percent", "version", "updated_by"]
    list_filter = ["status", "year", "region"]
    list_select_related = ["project", "item", "region", "updated_by"]
    inlines = [ProjectRecordChangeInline]


@admin.register(ProjectEvidence)
class ProjectEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "region", "kind", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["region", "uploaded_by"]
    exclude = ["data"]


@admin.register(ProjectRecordChange)
class ProjectRecordChangeAdmin(ReadOnlyAdmin):
    list_display = ["record", "source", "changed_by", "changed_at"]
    list_select_related = ["record__project", "record__item", "changed_by"]
