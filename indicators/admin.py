from django.contrib import admin

from .models import (
    Indicator,
    IndicatorAlias,
    IndicatorStatus,
    IndicatorValue,
    ManualStatus,
    PlanIndicator,
    Target,
    ValueChange,
    ValueSource,
)
from .services import indicator_value_record, manual_status_set


class IndicatorAliasInline(admin.TabularInline):
    model = IndicatorAlias
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "direction", "domain", "local_to_plan"]
    list_filter = ["direction", "domain"]
    search_fields = ["code", "name", "name_en", "aliases__name"]
    inlines = [IndicatorAliasInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(PlanIndicator)
class PlanIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "domain", "unit", "nature", "indicator"]
    list_filter = ["plan", "nature"]
    search_fields = ["name"]
    list_select_related = ["plan", "indicator"]
    raw_id_fields = ["plan", "indicator", "parent"]
    inlines = [TargetInline]


class ValueChangeInline(admin.TabularInline):
    model = ValueChange
    fields = ["changed_at", "changed_by", "source", "old_raw", "old_value", "new_raw", "new_value", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Edits go through the value service so the history row is always written."""

    list_display = ["region", "indicator", "year", "display", "source", "updated_by", "updated_at"]
    list_filter = ["source", "year", "region"]
    search_fields = ["indicator__name", "region__name"]
    list_select_related = ["region", "indicator", "updated_by"]
    fields = ["region", "indicator", "year", "value", "comparator", "raw", "comment"]
    raw_id_fields = ["region", "indicator"]
    inlines = [ValueChangeInline]

    def get_readonly_fields(self, request, obj=None):
        return ["region", "indicator", "year"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        result = indicator_value_record(
            region=obj.region,
            indicator=obj.indicator,
            year=obj.year,
            value=obj.value,
            comparator=obj.comparator,
            raw=obj.raw,
            source=ValueSource.ADMIN,
            user=request.user,
            comment=obj.comment,
        )
        obj.pk = result.value.pk

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)


@admin.register(ValueChange)
class ValueChangeAdmin(admin.ModelAdmin):
    """Append-only: nobody edits or deletes history, not even a superuser."""

    list_display = ["value", "changed_at", "changed_by", "source", "old_raw", "new_raw"]
    list_filter = ["source"]
    list_select_related = ["value__region", "value__indicator", "changed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ManualStatus)
class ManualStatusAdmin(admin.ModelAdmin):
    """Judgements of qualitative targets; saved through the service so the status table follows."""

    list_display = ["plan_indicator", "indicator", "status", "set_by", "set_at"]
    list_select_related = ["plan_indicator__plan", "indicator", "set_by"]
    fields = ["plan_indicator", "indicator", "status", "note"]
    raw_id_fields = ["plan_indicator", "indicator"]

    def save_model(self, request, obj, form, change):
        saved = manual_status_set(
            row=obj.plan_indicator,
            indicator=obj.indicator,
            status=obj.status,
            note=obj.note,
            user=request.user,
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndicatorStatus)
class IndicatorStatusAdmin(admin.ModelAdmin):
    """The precomputed table is derived data: readable here, never edited by hand."""

    list_display = ["plan_indicator", "indicator", "region", "latest_year", "latest_value", "status", "as_of"]
    list_filter = ["status", "region"]
    list_select_related = ["plan_indicator", "indicator", "region"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
