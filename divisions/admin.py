from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indicators.status import statuses_changed
from plans.roles import APPROVER, PLANNER

from .models import Division


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    """The national list is loaded from the package (load_divisions); here only the links are set."""

    list_display = ("code", "full_name", "kind", "level", "xpcc_division", "region")
    list_filter = ("level",)
    search_fields = ("code", "name", "full_name")
    readonly_fields = (
        "code",
        "name",
        "full_name",
        "kind",
        "level",
        "parent",
        "province",
        "prefecture",
        "xpcc_division",
    )
    exclude = ("geometry",)
    raw_id_fields = ("region",)
    filter_horizontal = ("assigned_users",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "region" in form.changed_data:
            statuses_changed()  # the roll-ups count the region's rows under this division now

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "assigned_users":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = (
                get_user_model().objects.filter(groups__name__in=[PLANNER, APPROVER]).distinct()
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        def clean_assigned_users(self):
            users = self.cleaned_data.get("assigned_users")
            if users and self.instance.level == Division.Level.COUNTY:
                raise ValidationError(_("只能挂在地级或省级；区县的录入员请在地区中设置"))
            return users

        form.clean_assigned_users = clean_assigned_users
        return form
