"""Admin building blocks shared by the apps: audit and derived data are viewable, never edited."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit records and derived tables: visible to administrators, written only by services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """An append-only history shown under its parent record."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
