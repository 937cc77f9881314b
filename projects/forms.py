"""Forms of the key-project screens.  Validation only: saving is the services' job."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .models import ProjectStatus
from .selectors import RecordRow
from .services import RecordInput

_FIELDS = ("status", "percent", "milestone", "investment_planned", "investment_spent", "note")


def _same(stored, posted) -> bool:
    """Blank text and no text are the same; 0 and blank are not."""
    if isinstance(stored, str) or isinstance(posted, str):
        return (stored or "") == (posted or "")
    return stored == posted


class ProjectRecordsForm(forms.Form):
    """One line per project and item: status, progress, investment, note, and the version seen."""

    def __init__(self, *args, rows: list[RecordRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.entries: list[RecordInput] = []
        for row in rows:
            r = row.record
            k = row.key
            self.fields[f"{k}-status"] = forms.ChoiceField(
                label=_lazy("实施状态"),
                required=False,
                choices=[("", "—"), *ProjectStatus.choices],
                initial=r.status if r else "",
            )
            self.fields[f"{k}-percent"] = forms.DecimalField(
                label=_lazy("完成进度（%）"),
                required=False,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=1,
                initial=r.percent if r else None,
                widget=forms.NumberInput(attrs={"step": "0.1", "class": "num"}),
            )
            self.fields[f"{k}-milestone"] = forms.CharField(
                label=_lazy("里程碑"), required=False, max_length=200, initial=r.milestone if r else ""
            )
            for name, label in (
                ("investment_planned", _lazy("计划投资（万元）")),
                ("investment_spent", _lazy("已完成投资（万元）")),
            ):
                self.fields[f"{k}-{name}"] = forms.DecimalField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_digits=14,
                    decimal_places=2,
                    initial=getattr(r, name) if r else None,
                    widget=forms.NumberInput(attrs={"step": "0.01", "class": "num"}),
                )
            self.fields[f"{k}-note"] = forms.CharField(
                label=_lazy("说明"), required=False, max_length=500, initial=r.note if r else ""
            )
            self.fields[f"{k}-version"] = forms.IntegerField(
                required=False, min_value=0, widget=forms.HiddenInput, initial=r.version if r else 0
            )

    def lines(self):
        for row in self.rows:
            yield row, [self[f"{row.key}-{name}"] for name in _FIELDS], self[f"{row.key}-version"]

    def clean(self):
        data = super().clean()
        self.entries = []
        for row in self.rows:
            k = row.key
            values = {name: data.get(f"{k}-{name}") for name in _FIELDS}
            values["milestone"] = values["milestone"] or ""
            values["note"] = values["note"] or ""
            if not values["status"]:
                if row.record is not None and not data.get(f"{k}-version"):
                    continue  # the person saw no record here and left it blank: untouched
                if row.record is not None:
                    self.add_error(f"{k}-status", _("已有记录的项目请选择实施状态（记录不能清空）。"))
                elif any(values[n] not in (None, "") for n in _FIELDS if n != "status"):
                    self.add_error(f"{k}-status", _("请选择实施状态。"))
                continue
            r = row.record
            if r is not None and all(_same(getattr(r, n), values[n]) for n in _FIELDS):
                continue  # untouched line: never rewrite a record someone else may have changed
            self.entries.append(
                RecordInput(
                    project=row.project,
                    item=row.item,
                    expected_version=data.get(f"{k}-version") or 0,
                    key=k,
                    **values,
                )
            )
        return data


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_lazy("佐证材料"), allow_empty_file=True)

    def __init__(self, *args, oversized=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized = oversized

    def clean(self):
        if self.oversized:
            raise forms.ValidationError(_("文件过大，未保存。"))
        return super().clean()
