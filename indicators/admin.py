from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.admin_tools import ReadOnlyAdmin, ReadOnlyInline
from plans.access import is_admin

from .entry.rules import COMPARATOR_SHOWN, ValueTextError, parse_value_text, range_problem
from .models import (
    Indicator,
    IndicatorAlias,
    IndicatorStatus,
    IndicatorValue,
    ManualStatus,
    PlanIndicator,
    SubmissionEvent,
    Target,
    UploadBatch,
    ValueChange,
    ValueSource,
    YearSubmission,
)
from .services import (
    ValueConflict,
    ValueFrozen,
    ValueLocked,
    ValueVersionMissing,
    ValueWriteRefused,
    indicator_value_record,
    manual_status_set,
    year_is_frozen,
    year_is_locked,
)


class IndicatorAliasInline(admin.TabularInline):
    model = IndicatorAlias
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "direction", "domain", "local_to_plan"]
    list_filter = ["direction", "domain"]
    search_fields = ["code", "name", "name_en", "aliases__name"]
    inlines = [IndicatorAliasInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "name_en", "unit", "direction", "domain"]}),
        (gettext_lazy("指标页说明"), {"fields": ["definition", "data_source", "method"]}),
        (
            gettext_lazy("取值范围与参照"),
            {"fields": ["min_value", "max_value", "ratio_reference", "local_to_plan"]},
        ),
    ]


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


class ValueChangeInline(ReadOnlyInline):
    model = ValueChange
    fields = ["changed_at", "changed_by", "source", "old_raw", "old_value", "new_raw", "new_value", "comment"]


class IndicatorValueAdminForm(forms.ModelForm):
    """The admin's value form: the same range, lock and version checks as the entry form."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = IndicatorValue
        fields = ["region", "indicator", "year", "value", "comparator", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["expected_version"].initial = instance.version if instance.pk else 0
        if instance.pk and instance.value is not None and "value" in self.fields:
            # Show the number as it was typed (7.50), not as stored (7.500000).
            try:
                shown = parse_value_text(instance.raw).value
            except ValueTextError:
                shown = None
            self.initial["value"] = shown if shown == instance.value else instance.value.normalize()

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        region = instance.region if instance.pk else cleaned.get("region")
        indicator = instance.indicator if instance.pk else cleaned.get("indicator")
        year = instance.year if instance.pk else cleaned.get("year")
        if region is None or indicator is None or year is None:
            return cleaned
        if year_is_locked(region=region, year=year):
            raise forms.ValidationError(ValueLocked(region=region, year=year).message)
        if year_is_frozen(region=region, year=year):
            raise forms.ValidationError(ValueFrozen(region=region, year=year).message)
        if not instance.pk and cleaned.get("value") is None:
            self.add_error("value", _("请填写数值。"))
        problem = range_problem(indicator=indicator, value=cleaned.get("value"))
        if problem:
            self.add_error("value", problem)
        expected = cleaned.get("expected_version")
        if instance.pk and expected is None:
            raise forms.ValidationError(ValueVersionMissing(indicator=indicator, year=year).message)
        if instance.pk and expected != instance.version:
            current = IndicatorValue.objects.select_related("updated_by").get(pk=instance.pk)
            raise forms.ValidationError(
                ValueConflict(
                    indicator=indicator, year=year, current=current, expected_version=expected
                ).message
            )
        return cleaned


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Edits go through the value service so history, locks and versions always apply.

    Administrators only; no deletes (a wrong value is corrected, and the correction is history).
    """

    form = IndicatorValueAdminForm
    list_display = ["region", "indicator", "year", "display", "source", "version", "updated_by", "updated_at"]
    list_filter = ["source", "year", "region"]
    search_fields = ["indicator__name", "indicator__code", "region__name"]
    list_select_related = ["region", "indicator", "updated_by"]
    fields = ["region", "indicator", "year", "raw", "value", "comparator", "comment", "expected_version"]
    raw_id_fields = ["region", "indicator"]
    inlines = [ValueChangeInline]

    def get_readonly_fields(self, request, obj=None):
        return ["region", "indicator", "year", "raw"] if obj else ["raw"]

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return is_admin(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A write the service refuses (locked meanwhile, someone saved first) is a message, never a 500."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValueWriteRefused as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        value = form.cleaned_data.get("value")
        comparator = (form.cleaned_data.get("comparator") or "") if value is not None else ""
        # The number as typed keeps its decimals (Decimal("7.50")), so it is its own raw text.
        raw = (COMPARATOR_SHOWN.get(comparator, "") + format(value, "f")) if value is not None else ""
        try:
            result = indicator_value_record(
                region=obj.region,
                indicator=obj.indicator,
                year=obj.year,
                value=value,
                comparator=comparator,
                raw=raw,
                source=ValueSource.ADMIN,
                user=request.user,
                comment=form.cleaned_data.get("comment") or "",
                expected_version=form.cleaned_data.get("expected_version") if change else 0,
            )
        except ValidationError as exc:
            raise ValueWriteRefused("；".join(exc.messages)) from exc
        if result.value is None:
            raise ValueWriteRefused(_("没有数值，未保存。"))
        obj.pk = result.value.pk

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)


@admin.register(ValueChange)
class ValueChangeAdmin(ReadOnlyAdmin):
    """Append-only: nobody edits or deletes history, not even a superuser."""

    list_display = ["value", "changed_at", "changed_by", "source", "old_raw", "new_raw"]
    list_filter = ["source"]
    list_select_related = ["value__region", "value__indicator", "changed_by"]


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
class IndicatorStatusAdmin(ReadOnlyAdmin):
    """The precomputed table is derived data: readable here, never edited by hand."""

    list_display = ["plan_indicator", "indicator", "region", "latest_year", "latest_value", "status", "as_of"]
    list_filter = ["status", "region"]
    list_select_related = ["plan_indicator", "indicator", "region"]


class SubmissionEventInline(ReadOnlyInline):
    model = SubmissionEvent
    fields = ["at", "action", "user", "reason"]


@admin.register(YearSubmission)
class YearSubmissionAdmin(ReadOnlyAdmin):
    """Submit / approve / return / unlock happen on the entry page, where each step is audited."""

    list_display = ["region", "year", "state", "updated_at"]
    list_filter = ["state", "year", "region"]
    list_select_related = ["region"]
    inlines = [SubmissionEventInline]


@admin.register(SubmissionEvent)
class SubmissionEventAdmin(ReadOnlyAdmin):
    list_display = ["submission", "action", "user", "at", "reason"]
    list_filter = ["action"]
    list_select_related = ["submission__region", "user"]


@admin.register(UploadBatch)
class UploadBatchAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "kind", "region", "uploaded_by", "uploaded_at", "state", "confirmed_at"]
    list_filter = ["kind", "state", "region"]
    list_select_related = ["region", "uploaded_by"]
    exclude = ["rows"]


@admin.register(IndicatorAlias)
class IndicatorAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "normalized", "indicator"]
    search_fields = ["name", "normalized", "indicator__code", "indicator__name"]
    list_select_related = ["indicator"]
    raw_id_fields = ["indicator"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["plan_indicator", "year", "raw", "kind", "comparator", "value"]
    list_filter = ["kind", "year"]
    search_fields = ["raw", "plan_indicator__name"]
    list_select_related = ["plan_indicator"]
    raw_id_fields = ["plan_indicator"]
