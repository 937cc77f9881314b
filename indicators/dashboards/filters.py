"""django-filter FilterSets of the dashboards. Invalid values are ignored and shown on the form."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from indicators.models import STATUS_CHOICES, IndicatorStatus, Nature
from plans.models import Plan


class PlanStatusFilter(django_filters.FilterSet):
    """The plan dashboard's table: by domain (the plan's own), nature 预期性/约束性/指导性, status."""

    domain = django_filters.ChoiceFilter(field_name="plan_indicator__domain", label=_("领域"), choices=())
    nature = django_filters.ChoiceFilter(
        field_name="plan_indicator__nature", label=_("指标性质"), choices=Nature.choices
    )
    status = django_filters.ChoiceFilter(field_name="status", label=_("进展状态"), choices=STATUS_CHOICES)

    class Meta:
        model = IndicatorStatus
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, domains: list[str] = (), **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["domain"].extra["choices"] = [(d, d) for d in domains]


class OverviewFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__name", lookup_expr="icontains", label=_("地区"))
    period_end = django_filters.TypedChoiceFilter(
        field_name="period_end", label=_("目标年"), choices=(), coerce=int
    )
    status = django_filters.ChoiceFilter(
        field_name="status", label=_("规划状态"), choices=Plan.Status.choices
    )

    class Meta:
        model = Plan
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, horizons: list[int] = (), **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["period_end"].extra["choices"] = [(str(y), str(y)) for y in horizons]


class ComparisonFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__name", lookup_expr="icontains", label=_("地区"))
    status = django_filters.ChoiceFilter(field_name="status", label=_("进展状态"), choices=STATUS_CHOICES)

    class Meta:
        model = IndicatorStatus
        fields: list[str] = []
