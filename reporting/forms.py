"""Forms of the reporting screens: validation only, the services save."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _lazy

from plans.models import Region


class DeadlineForm(forms.Form):
    year = forms.IntegerField(label=_lazy("填报年度"), min_value=1990, max_value=2100)
    due = forms.DateField(label=_lazy("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ExtensionForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_lazy("地区"), queryset=Region.objects.filter(synthetic=False).order_by("name")
    )
    year = forms.IntegerField(label=_lazy("填报年度"), min_value=1990, max_value=2100)
    due = forms.DateField(label=_lazy("延期至"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_lazy("原因"), max_length=500)


class ReminderPreferenceForm(forms.Form):
    enabled = forms.BooleanField(label=_lazy("接收邮件提醒"), required=False)
    # Each language named in itself, as in the header menu; left out, the stored choice stays.
    language = forms.ChoiceField(label=_lazy("提醒邮件语言"), choices=settings.LANGUAGES, required=False)


def blank_reasons(data, blanks) -> dict[int, str]:
    """``reason_<indicator id>`` fields of the submit form, for the expected blanks only."""
    return {pk: (data.get(f"reason_{pk}") or "").strip()[:500] for pk in blanks}
