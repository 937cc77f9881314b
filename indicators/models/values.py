"""Yearly values of region + indicator, and the append-only history of every change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .catalog import COMPARATOR_CHOICES, COMPARATORS, Indicator


class ValueSource(models.TextChoices):
    PLAN = "plan", _("规划文本")
    ENTERED = "entered", _("网页录入")
    UPLOADED = "uploaded", _("Excel 上传")
    ADMIN = "admin", _("后台修改")


class IndicatorValueQuerySet(models.QuerySet):
    def for_region(self, region):
        return self.filter(region=region).select_related("indicator").order_by("indicator__code", "year")

    def published(self):
        """Values from a plan document or in an approved year (``indicators.publication``)."""
        from ..publication import published_condition

        return self.filter(published_condition())

    def with_publication(self):
        """Each value annotated with ``published`` (True/False), in the same query."""
        from ..publication import published_condition

        return self.annotate(
            published=models.Case(
                models.When(published_condition(), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def visible_to(self, user):
        """Published values, plus provisional ones of the regions this user may see them for."""
        from plans.access import provisional_regions, sees_all_provisional

        from ..publication import published_condition

        if sees_all_provisional(user):
            return self
        return self.filter(published_condition() | Q(region__in=provisional_regions(user)))


class IndicatorValue(models.Model):
    """The current value of one indicator for one region and year."""

    region = models.ForeignKey(
        "plans.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=6, null=True, blank=True)
    comparator = models.CharField(
        _("界限"),
        max_length=2,
        choices=COMPARATOR_CHOICES,
        blank=True,
        help_text=_("文件给出的是界限时，如 ＜10.50"),
    )
    raw = models.CharField(_("原文"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=ValueSource.choices)
    source_plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("来源规划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    comment = models.CharField(_("备注"), max_length=500, blank=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度值")
        verbose_name_plural = _("年度值")
        ordering = ["region", "indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "year"], name="value_unique_region_indicator_year"
            ),
            models.CheckConstraint(condition=Q(year__gte=1949, year__lte=2100), name="value_year_range"),
            models.CheckConstraint(
                condition=Q(comparator__in=["", *COMPARATORS]), name="value_comparator_valid"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(comparator=""), name="value_bound_needs_number"
            ),
            models.CheckConstraint(
                condition=Q(source__in=["plan", "entered", "uploaded", "admin"]), name="value_source_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source="plan") | Q(source_plan__isnull=False),
                name="value_plan_source_names_plan",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="value_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.indicator} {self.year}: {self.display}"

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        return self.raw or f"{self.comparator}{self.value.normalize():f}"


class ValueChange(models.Model):
    """Append-only history: every change to a value, with who, when, old and new."""

    value = models.ForeignKey(
        IndicatorValue, verbose_name=_("年度值"), on_delete=models.PROTECT, related_name="history"
    )
    old_value = models.DecimalField(_("原值"), max_digits=20, decimal_places=6, null=True, blank=True)
    old_comparator = models.CharField(_("原界限"), max_length=2, blank=True)
    old_raw = models.CharField(_("原值原文"), max_length=200, blank=True)
    new_value = models.DecimalField(_("新值"), max_digits=20, decimal_places=6, null=True, blank=True)
    new_comparator = models.CharField(_("新界限"), max_length=2, blank=True)
    new_raw = models.CharField(_("新值原文"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=ValueSource.choices)
    source_plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("来源规划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("修改时间"), auto_now_add=True)
    comment = models.CharField(_("备注"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("修改记录")
        verbose_name_plural = _("修改记录")
        ordering = ["value", "changed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=["plan", "entered", "uploaded", "admin"]), name="change_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value_id}: {self.old_raw or self.old_value} → {self.new_raw or self.new_value}"
