from django.contrib import admin

from .models import KeyProject, KeyProjectItem


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
