"""Forms of the import screens: upload, plan metadata, one row's correction."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from divisions.selectors import division_choice_problem
from plans.models import Plan

NATURE_CHOICES = [("", "—"), ("预期性", "预期性"), ("约束性", "约束性"), ("指导性", "指导性")]
PROGRESS_CHOICES = [("", "—"), ("已完成", "已完成"), ("可完成", "可完成"), ("未完成", "未完成")]

_DATE = re.compile(r"((?:19|20)\d\d)\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2})\s*日?|\s*月?)")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("规划文件"),
        allow_empty_file=True,  # an empty file is refused by the service, which logs the refusal
        help_text=_("Word（.docx）或文本（.txt，UTF-8、GBK/GB18030 或 UTF-16 编码）"),
        error_messages={"required": _("请选择要上传的文件"), "empty": _("文件为空")},
    )


def normalise_issue_date(raw: str) -> str | None:
    """``2022-10-18`` / ``2022-06`` from what an administrator types (also ``2022年10月18日``)."""
    text = (raw or "").strip()
    if not text:
        return None
    m = _DATE.fullmatch(text)
    if not m:
        raise ValidationError(_("请按“2022-10-18”或“2022-06”的格式填写日期"))
    year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
    try:
        if day is None:
            datetime.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        datetime.date(year, month, int(day))
    except ValueError as exc:
        raise ValidationError(_("日期不存在：%(date)s"), params={"date": text}) from exc
    return f"{year:04d}-{month:02d}-{int(day):02d}"


class MetadataForm(forms.Form):
    """The plan's metadata as the administrator confirms it; what the document lacks is filled in here."""

    title = forms.CharField(
        label=_("规划标题"),
        max_length=300,
        error_messages={"required": _("请填写规划标题（文件中没有标题行时必须补充）")},
    )
    region = forms.CharField(
        label=_("地区全称"),
        max_length=100,
        help_text=_("如 克拉玛依市克拉玛依区、第二师铁门关市"),
        error_messages={"required": _("请填写地区全称")},
    )
    region_short = forms.CharField(label=_("地区简称"), max_length=50, required=False)
    # Issue 15: the region's 6-digit 行政区划代码, asked for when the name is ambiguous (divisions app).
    division_code = forms.RegexField(
        label=_("行政区划代码"),
        regex=r"^\d{6}$",
        required=False,
        help_text=_("6位代码，如 650521；地区名称对应多个区划时必填，留空则按名称自动识别"),
        error_messages={"invalid": _("行政区划代码为6位数字")},
    )
    period_start = forms.IntegerField(
        label=_("规划起始年"),
        min_value=1949,
        max_value=2100,
        error_messages={"required": _("请填写规划起始年")},
    )
    period_end = forms.IntegerField(
        label=_("规划终止年"),
        min_value=1949,
        max_value=2100,
        error_messages={"required": _("请填写规划终止年")},
    )
    status = forms.ChoiceField(label=_("状态"), choices=Plan.Status.choices)
    draft_marker = forms.CharField(
        label=_("稿次标记"), max_length=30, required=False, help_text=_("如 征求意见稿、送审稿")
    )
    issuer = forms.CharField(label=_("印发机关"), max_length=200, required=False)
    doc_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    issue_date = forms.CharField(
        label=_("印发日期"), max_length=20, required=False, help_text=_("2022-10-18，或只到月份 2022-06")
    )

    def clean_issue_date(self):
        return normalise_issue_date(self.cleaned_data.get("issue_date") or "")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("终止年不能早于起始年"))
        if cleaned.get("region"):  # issue 15: ambiguous region names ask for the division code
            problem = division_choice_problem(cleaned["region"], cleaned.get("division_code"))
            if problem:
                self.add_error("division_code", problem)
        if not cleaned.get("region_short") and cleaned.get("region"):
            cleaned["region_short"] = short_region_name(cleaned["region"])
        for key in ("draft_marker", "issuer", "doc_number", "division_code"):
            cleaned[key] = (cleaned.get(key) or "").strip() or None
        return cleaned

    @classmethod
    def initial_from(cls, metadata: dict) -> dict:
        initial = {key: metadata.get(key) for key in cls.base_fields}
        initial["status"] = metadata.get("status") or Plan.Status.UNKNOWN
        return initial


_UNITS = re.compile(r".+?(?:自治县|自治旗|自治州|地区|市|区|县|旗|州|盟|师)")


def short_region_name(region: str) -> str:
    """The last administrative unit of a full region name (克拉玛依市克拉玛依区 → 克拉玛依区)."""
    units = _UNITS.findall(region)
    return (units[-1] if units else region)[:50]


class _RowCellsForm(forms.Form):
    """The cells every indicator row has, with one text field per year column."""

    domain = forms.CharField(label=_("领域"), max_length=50, required=False)
    seq = forms.CharField(label=_("序号"), max_length=10, required=False)
    name = forms.CharField(
        label=_("指标名称"), max_length=200, error_messages={"required": _("指标名称不能为空")}
    )
    unit = forms.CharField(label=_("单位"), max_length=30, required=False)
    nature = forms.ChoiceField(label=_("指标性质"), choices=NATURE_CHOICES, required=False)

    def __init__(self, *args, years: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"cell_{year}"] = forms.CharField(
                label=_("%(year)s年") % {"year": year}, max_length=200, required=False
            )


class RowCorrectionForm(_RowCellsForm):
    """One indicator row as the administrator corrects it; one text field per year column."""

    progress_estimate = forms.ChoiceField(label=_("预计进度"), choices=PROGRESS_CHOICES, required=False)
    excluded = forms.BooleanField(label=_("不导入此行"), required=False)

    @classmethod
    def initial_from(cls, row: dict, years: list[str]) -> dict:
        initial = {key: row.get(key) or "" for key in ("domain", "seq", "name", "unit", "nature")}
        initial["progress_estimate"] = row.get("progress_estimate") or ""
        initial["excluded"] = bool(row.get("excluded"))
        for year in years:
            initial[f"cell_{year}"] = (row.get("cells") or {}).get(year, "")
        return initial

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            **{key: data.get(key) or "" for key in ("domain", "seq", "name", "unit", "nature")},
            "progress_estimate": data.get("progress_estimate") or "",
            "cells": {year: data.get(f"cell_{year}") or "" for year in self.years},
            "excluded": bool(data.get("excluded")),
        }


class NewRowForm(_RowCellsForm):
    """An indicator row the reviewer adds by hand."""

    is_sub = forms.BooleanField(label=_("是上一指标的分项（其中）"), required=False)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            **{key: data.get(key) or "" for key in ("domain", "seq", "name", "unit", "nature")},
            "is_sub": bool(data.get("is_sub")),
            "cells": {year: data.get(f"cell_{year}") or "" for year in self.years},
        }


class PasteTableForm(forms.Form):
    text = forms.CharField(
        label=_("从表格软件复制的指标表"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        max_length=200_000,
        help_text=_("第一行为表头（如：领域、主要指标、单位、2020年、2025年、指标性质），各列用制表符分隔"),
        error_messages={"required": _("请粘贴表格内容")},
    )


class ProjectForm(forms.Form):
    index = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    label = forms.CharField(label=_("标签"), max_length=30, error_messages={"required": _("请填写标签")})
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    items = forms.CharField(
        label=_("条目（每行一条）"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=100_000,
    )
    delete = forms.BooleanField(label=_("删除此项目"), required=False)
