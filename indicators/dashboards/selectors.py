"""Reads for the dashboards: QuerySet methods named for their screen, each a constant number of queries.

Everything comes from the status table; yearly values are read only for the indicators a
chart shows (one query per chart set). A plan that a newer version revises is superseded:
cross-district screens read current versions only. Editors see their own regions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.http import Http404

from indicators.headline import UNASSESSABLE, Headline
from indicators.models import STATUS_CODES, Indicator, IndicatorStatus, IndicatorValue, PlanIndicator
from indicators.models import IndicatorStatusQuerySet as _StatusQuerySet
from indicators.status import current_year
from plans.access import readable_regions, reads_everything
from plans.models import Plan, PlanQuerySet, Region, superseded_plan_ids

from .units import conversion_factor

# Statuses that say nothing about progress: left out of the share's denominator.
UNRATED = UNASSESSABLE
# Former single share ("达标或进展顺利"): achieved through progress or on track; 保持达标 (holding)
# is deliberately not in it. New code uses ``indicators.headline.Headline``.
ON_TRACK = ("achieved", "on_track")


def _superseded_plans() -> QuerySet:
    return superseded_plan_ids()


def scope_to_reader(queryset: QuerySet, user, region_field: str = "region") -> QuerySet:
    """Planners, approvers and administrators read every region; an editor reads their own."""
    if reads_everything(user):
        return queryset
    return queryset.filter(**{f"{region_field}__in": readable_regions(user)})


class DashboardStatusQuerySet(_StatusQuerySet):
    def current(self):
        return self.exclude(plan_indicator__plan_id__in=_superseded_plans())

    def for_horizon(self, year: int):
        """Rows whose target is set for this year (2025: 14th plans; 2030: 15th and 2030 plans)."""
        return self.filter(target_year=year)

    def catalog_only(self):
        return self.filter(indicator__local_to_plan__isnull=True)

    def for_plan_dashboard(self, plan):
        return self.for_plan(plan).select_related("plan_indicator__parent")

    def behind_start(self):
        """Rows whose target is worse than the plan's start in the indicator's direction, every
        current plan: the list planners check with the plan's authors."""
        return (
            self.filter(target_behind_start=True)
            .current()
            .select_related("region", "indicator", "plan_indicator__plan")
            .order_by("region__name", "plan_indicator__plan_id", "plan_indicator__order")
        )

    def newest_current(self):
        """Rows of each region's newest current plan (the latest period end), whatever its target year."""
        later = Plan.objects.current().filter(
            region_id=OuterRef("region_id"), period_end__gt=OuterRef("plan_indicator__plan__period_end")
        )
        return self.current().filter(~Exists(later))

    def for_comparison(self, indicator: Indicator, horizon: int | None):
        """One indicator across districts: for one target year, or (``None``, the default) each
        district's current plan target, whatever its year (the year is shown per row)."""
        rows = self.filter(indicator=indicator)
        rows = rows.newest_current() if horizon is None else rows.current().for_horizon(horizon)
        return rows.select_related("region", "plan_indicator")

    def for_horizons(self, region: Region, years: tuple[int, int]):
        return (
            self.filter(region=region, target_year__in=years)
            .current()
            .catalog_only()
            .select_related("plan_indicator__plan", "indicator")
            .order_by("indicator__code", "plan_indicator__plan__period_end", "plan_indicator__order")
        )

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_CODES, 0)
        for status, n in self.order_by().values_list("status").annotate(n=Count("id")):
            counts[status] = n
        return counts

    def headline(self) -> Headline:
        """Achieved / holding / on track / behind over assessable rows, with coverage: one query."""
        return Headline(self.status_counts())

    def provisional_count(self) -> int:
        return self.filter(provisional=True).count()


def statuses() -> DashboardStatusQuerySet:
    return DashboardStatusQuerySet(model=IndicatorStatus)


class DashboardPlanQuerySet(PlanQuerySet):
    def for_overview(self):
        """Current versions only: a revised draft replaces its predecessor in every count."""
        return self.current().select_related("region").order_by("region__name", "-period_end", "-id")


def plans() -> DashboardPlanQuerySet:
    return DashboardPlanQuerySet(model=Plan)


def plan_for_reader(user, plan_id: int) -> Plan:
    plan = scope_to_reader(plans().select_related("region"), user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


def catalog_indicator(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code, local_to_plan__isnull=True).first()
    if indicator is None:
        raise Http404
    return indicator


# --------------------------------------------------------------------------- horizons


def horizons_available(user) -> list[int]:
    """The target years of current plans this user can read (2025, 2030, …)."""
    years = (
        scope_to_reader(plans().current(), user).order_by().values_list("period_end", flat=True).distinct()
    )
    return sorted(set(years))


def horizon_default(available: list[int], *, today: int | None = None) -> int | None:
    """The horizon being judged now: the first not more than a year past, else the last."""
    today = today or current_year()
    upcoming = [year for year in available if year >= today - 1]
    return upcoming[0] if upcoming else (available[-1] if available else None)


def regions_with_horizons(user, early: int, late: int) -> QuerySet:
    """Regions with a current plan ending in either year, annotated with both plans' ids."""

    def plan_id(year: int):
        current = plans().current().filter(region=OuterRef("pk"), period_end=year).order_by("-pk")
        return Subquery(current.values("pk")[:1])

    regions = scope_to_reader(Region.objects.all(), user, region_field="pk")
    regions = regions.annotate(early_plan_id=plan_id(early), late_plan_id=plan_id(late))
    regions = regions.filter(Q(early_plan_id__isnull=False) | Q(late_plan_id__isnull=False))
    both = Case(
        When(early_plan_id__isnull=False, late_plan_id__isnull=False, then=Value(0)), default=Value(1)
    )
    return regions.annotate(both=both).order_by("both", "name")


def regions_without_target(user, indicator: Indicator, shown_region_ids) -> list[str]:
    """Districts whose current plan tracks this indicator but that are not in the rows shown
    (no target for the chosen year): listed as "无此年份目标", never dropped silently."""
    rows = scope_to_reader(statuses().filter(indicator=indicator).current(), user)
    names = dict(rows.order_by("region__name").values_list("region_id", "region__short_name"))
    return [name for pk, name in names.items() if pk not in set(shown_region_ids)]


def regions_without_horizon(user, horizon: int, shown_region_ids) -> list[str]:
    """Districts with a current plan but no row targeting ``horizon`` (for the heatmap)."""
    plans_ = scope_to_reader(plans().current(), user).order_by("region__name")
    names = dict(plans_.values_list("region_id", "region__short_name"))
    return [name for pk, name in names.items() if pk not in set(shown_region_ids)]


def plan_titles(plan_ids: list[int]) -> dict[int, str]:
    return dict(Plan.objects.filter(pk__in=plan_ids).values_list("pk", "title"))


# --------------------------------------------------------------------------- overview


# The overview's per-plan figures are the shared headline (``indicators.headline``).
PlanCounts = Headline


def plan_status_counts(plan_ids: list[int]) -> dict[int, PlanCounts]:
    """Status counts of the given plans' rows, in one grouped query."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUS_CODES, 0))
    rows = (
        IndicatorStatus.objects.filter(plan_indicator__plan_id__in=plan_ids)
        .order_by()
        .values_list("plan_indicator__plan_id", "status")
        .annotate(n=Count("id"))
    )
    for plan_id, status, n in rows:
        counts[plan_id][status] = n
    return {plan_id: PlanCounts(counts[plan_id]) for plan_id in plan_ids}


# --------------------------------------------------------------------------- plan dashboard


def plan_domains(plan) -> list[str]:
    domains = PlanIndicator.objects.filter(plan=plan).exclude(domain="").values_list("domain", flat=True)
    return list(dict.fromkeys(domains.order_by("order")))


def value_series(region_ids, indicator_ids) -> dict[tuple[int, int], list[tuple[int, Decimal, str]]]:
    """Yearly values of a few regions × indicators, for charts: one query."""
    series: dict[tuple[int, int], list] = defaultdict(list)
    rows = (
        IndicatorValue.objects.filter(
            region_id__in=list(region_ids), indicator_id__in=list(indicator_ids), value__isnull=False
        )
        .order_by("year")
        .values_list("region_id", "indicator_id", "year", "value", "comparator")
    )
    for region_id, indicator_id, year, value, comparator in rows:
        series[(region_id, indicator_id)].append((year, value, comparator))
    return series


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class UnitGroup:
    unit: str  # as written in the plan rows
    rows: int
    factor: Decimal | None  # into the reference unit; None: cannot be compared


@dataclass(frozen=True)
class ComparisonStats:
    """What the comparison page says about all its rows, from one grouped query."""

    groups: list[UnitGroup]
    counts: dict[str, int]  # by status, rows in the units shown
    average: Decimal | None  # of exact latest values, in the unit shown

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def comparison_grouped(queryset: QuerySet) -> list[tuple]:
    """(unit, status, rows, sum of exact latest values, rows with one): one grouped query."""
    exact = Q(latest_value__isnull=False, latest_comparator="")
    return list(
        queryset.order_by()
        .values_list("plan_indicator__unit", "status")
        .annotate(n=Count("id"), total=Sum("latest_value", filter=exact), valued=Count("id", filter=exact))
    )


def comparison_stats(grouped: list[tuple], reference: str, unit: str | None = None) -> ComparisonStats:
    """The unit groups, status counts and average from ``comparison_grouped``'s rows.

    ``unit`` None: the units that convert into ``reference`` are counted (converted); otherwise
    only that unit, unconverted.
    """
    per_unit: dict[str, int] = defaultdict(int)
    counts = dict.fromkeys(STATUS_CODES, 0)
    total, valued = Decimal(0), 0
    factors: dict[str, Decimal | None] = {}
    for row_unit, status, n, sum_latest, n_latest in grouped:
        per_unit[row_unit] += n
        factor = factors.setdefault(row_unit, conversion_factor(row_unit, reference))
        shown = factor is not None if unit is None else row_unit == unit
        if shown:
            counts[status] += n
            if sum_latest is not None:
                total += Decimal(str(sum_latest)) * (factor if unit is None else 1)
                valued += n_latest
    groups = [
        UnitGroup(u, n, factors[u]) for u, n in sorted(per_unit.items(), key=lambda item: (-item[1], item[0]))
    ]
    return ComparisonStats(groups, counts, total / valued if valued else None)


def _converted(field: str, groups: list[UnitGroup]):
    scaled = [g for g in groups if g.factor is not None and g.factor != 1]
    if not scaled:
        return F(field)
    output = DecimalField(max_digits=30, decimal_places=10)
    return Case(
        *[When(plan_indicator__unit=g.unit, then=F(field) * Value(g.factor, output)) for g in scaled],
        default=F(field),
        output_field=output,
    )


def comparable(queryset: QuerySet, groups: list[UnitGroup]) -> QuerySet:
    """Rows in units that convert into the reference unit, with values converted (``*_cmp``)."""
    units = [g.unit for g in groups if g.factor is not None]
    return queryset.filter(plan_indicator__unit__in=units).annotate(
        latest_cmp=_converted("latest_value", groups),
        target_cmp=_converted("target_value", groups),
        baseline_cmp=_converted("baseline_value", groups),
        expected_cmp=_converted("expected_value", groups),
    )


def unit_filtered(queryset: QuerySet, unit: str) -> QuerySet:
    """One kept-apart unit group on its own, shown in its own unit (no conversion)."""
    return queryset.filter(plan_indicator__unit=unit).annotate(
        latest_cmp=F("latest_value"),
        target_cmp=F("target_value"),
        baseline_cmp=F("baseline_value"),
        expected_cmp=F("expected_value"),
    )


def region_filter(queryset: QuerySet, text: str, field: str = "region__name") -> QuerySet:
    return queryset.filter(Q(**{f"{field}__icontains": text})) if text else queryset
