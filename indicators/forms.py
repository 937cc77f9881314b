from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicator


class MapRowForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("映射到目录指标"),
        queryset=Indicator.objects.filter(local_to_plan__isnull=True).order_by("code"),
        empty_label=_("请选择…"),
    )
