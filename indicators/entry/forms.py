"""Forms of the entry screens.  Validation only: saving is the services' job."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ..services import ValueInput
from .rules import ValueTextError, parse_value_text, range_problem, soft_warnings
from .selectors import EntryRow


class EntryForm(forms.Form):
    """One text box per indicator, with the version the person saw and an optional comment.

    Only the boxes the person changed are saved (each box carries its initial text as a hidden
    field), so a value someone else saved meanwhile is never overwritten by an untouched box;
    a changed box whose version is stale is refused by the service.
    """

    def __init__(self, *args, rows: list[EntryRow], year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.year = year
        self.warnings: dict[str, list[str]] = {}
        self.entries: list[ValueInput] = []
        for row in rows:
            self.fields[f"v_{row.key}"] = forms.CharField(
                label=row.indicator.name,
                required=False,
                max_length=60,
                strip=True,
                show_hidden_initial=True,
                initial=row.text,
                widget=forms.TextInput(
                    attrs={"class": "value-input", "inputmode": "decimal", "autocomplete": "off", "size": 10}
                ),
            )
            self.fields[f"ver_{row.key}"] = forms.IntegerField(
                required=False, min_value=0, widget=forms.HiddenInput, initial=row.version
            )
            self.fields[f"c_{row.key}"] = forms.CharField(
                label=_lazy("说明"),
                required=False,
                max_length=500,
                strip=True,
                widget=forms.TextInput(
                    attrs={"class": "comment-input", "placeholder": _lazy("修改说明（数值异常时必填）")}
                ),
            )

    def row_fields(self):
        """(row, value field, version field, comment field, warnings) for the template."""
        for row in self.rows:
            yield (
                row,
                self[f"v_{row.key}"],
                self[f"ver_{row.key}"],
                self[f"c_{row.key}"],
                self.warnings.get(row.key, []),
            )

    def clean(self):
        cleaned = super().clean()
        changed = set(self.changed_data)
        for row in self.rows:
            name = f"v_{row.key}"
            if name not in changed or name in self.errors:
                continue
            try:
                parsed = parse_value_text(cleaned.get(name), unit=row.unit)
            except ValueTextError as exc:
                self.add_error(name, f"{row.indicator.name}：{exc.message}")
                continue
            problem = range_problem(indicator=row.indicator, value=parsed.value)
            if problem:
                self.add_error(name, problem)
                continue
            comment = cleaned.get(f"c_{row.key}") or ""
            warnings = soft_warnings(
                value=parsed.value,
                previous=row.previous_number,
                expected=row.expected,
                baseline=row.baseline_number,
                target=row.target_value,
            )
            if warnings:
                self.warnings[row.key] = warnings
                if not comment:
                    self.add_error(
                        f"c_{row.key}",
                        _("“%(name)s”的数值需要说明：请填写说明后再保存。") % {"name": row.indicator.name},
                    )
                    continue
            self.entries.append(
                ValueInput(
                    indicator=row.indicator,
                    year=self.year,
                    value=parsed.value,
                    comparator=parsed.comparator,
                    raw=parsed.raw,
                    comment=comment,
                    expected_version=cleaned.get(f"ver_{row.key}"),
                    key=name,
                )
            )
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_lazy("原因"), max_length=500, strip=True)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_lazy("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, oversized: tuple[str, int] | None = None, **kwargs):
        """``oversized``: what the size-limiting upload handler skipped (``config.uploads.oversized_upload``)."""
        super().__init__(*args, **kwargs)
        self.oversized = oversized
        if oversized:
            self.fields["file"].required = False

    def clean_file(self):
        limit = settings.UPLOAD_MAX_BYTES
        if self.oversized:
            raise forms.ValidationError(
                _("文件过大（%(size)s），上限为 %(limit)s，未保存任何数据。")
                % {"size": _size(self.oversized[1]), "limit": _size(limit)}
            )
        upload = self.cleaned_data["file"]
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大（%(size)s），上限为 %(limit)s，未保存任何数据。")
                % {"size": _size(upload.size), "limit": _size(limit)}
            )
        return upload


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{max(1, n // 1024)} KB"


class TemplateYearsForm(forms.Form):
    year = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
