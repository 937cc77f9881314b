"""The report options a planner picks: mid-term or final, as of which year, which sections."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from .report import KINDS, SECTIONS, default_as_of


class ReportOptionsForm(forms.Form):
    kind = forms.ChoiceField(label=_lazy("评估类型"), choices=list(KINDS.items()), initial="final")
    as_of = forms.IntegerField(label=_lazy("评估截至年份"))
    sections = forms.MultipleChoiceField(
        label=_lazy("包含章节"),
        choices=list(SECTIONS.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=list(SECTIONS),
        required=False,  # none ticked = all sections
    )

    def __init__(self, data=None, *, plan, current_year: int):
        if data is not None and not any(k in data for k in ("kind", "as_of", "sections")):
            data = None  # the bare URL: defaults
        super().__init__(data)
        self.plan = plan
        low, high = plan.period_start, max(plan.period_start, min(plan.period_end, current_year))
        self.fields["as_of"].widget.attrs.update({"min": low, "max": high})
        self.fields["as_of"].initial = default_as_of(plan, "final", today=current_year)
        self.low, self.high = low, high

    def clean_as_of(self):
        year = self.cleaned_data["as_of"]
        if not self.low <= year <= self.high:
            raise forms.ValidationError(
                _lazy("评估年份须在 %(low)s—%(high)s 之间。") % {"low": self.low, "high": self.high}
            )
        return year

    def clean_sections(self):
        return self.cleaned_data.get("sections") or list(SECTIONS)

    def options(self) -> dict:
        """Validated options, or the defaults when the form was not submitted."""
        if self.is_bound and self.is_valid():
            return dict(self.cleaned_data)
        return {"kind": "final", "as_of": self.fields["as_of"].initial, "sections": list(SECTIONS)}
