"""A plan's indicator table as written: one row per indicator, with its targets."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .catalog import COMPARATOR_CHOICES, COMPARATORS, Indicator, Nature


class PlanIndicatorQuerySet(models.QuerySet):
    def for_plan_page(self, plan):
        return (
            self.filter(plan=plan)
            .select_related("indicator", "parent")
            .prefetch_related("targets")
            .order_by("order")
        )


class PlanIndicator(models.Model):
    """One indicator row of a plan's table, as written."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("规划"), on_delete=models.CASCADE, related_name="indicator_rows"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("目录指标"), on_delete=models.PROTECT, related_name="plan_rows"
    )
    order = models.PositiveIntegerField(_("顺序"))
    domain = models.CharField(_("领域"), max_length=50, blank=True)
    seq = models.CharField(_("序号"), max_length=10, blank=True)
    name = models.CharField(_("指标名称（原文）"), max_length=300)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    nature = models.CharField(_("指标性质"), max_length=10, choices=Nature.choices, blank=True)
    progress_estimate = models.CharField(_("预计进度"), max_length=10, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级指标（其中）"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sub_rows",
    )
    extra_indicators = models.ManyToManyField(
        Indicator,
        verbose_name=_("同行的其他目录指标"),
        blank=True,
        related_name="shared_plan_rows",
        help_text=_("一行写了两个指标时，第二个指标与第一个共用本行目标"),
    )
    cells = models.JSONField(_("各年份原文"), default=dict, blank=True)
    line = models.PositiveIntegerField(_("源文件行号"))

    objects = PlanIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("规划指标")
        verbose_name_plural = _("规划指标")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="plan_indicator_unique_order"),
            models.CheckConstraint(condition=~Q(name=""), name="plan_indicator_name_not_empty"),
            models.CheckConstraint(
                condition=Q(nature__in=["", "expected", "binding", "advisory"]),
                name="plan_indicator_nature_valid",
            ),
            models.CheckConstraint(condition=Q(line__gte=1), name="plan_indicator_line_positive"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="plan_indicator_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    class Kind(models.TextChoices):
        ABSOLUTE = "absolute", _("绝对值")
        RELATIVE = "relative", _("相对值")
        QUALITATIVE = "qualitative", _("定性")
        NONE = "none", _("无")

    plan_indicator = models.ForeignKey(
        PlanIndicator, verbose_name=_("规划指标"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("目标年"))
    raw = models.CharField(_("原文"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    comparator = models.CharField(_("比较符"), max_length=2, choices=COMPARATOR_CHOICES, blank=True)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=6, null=True, blank=True)
    params = models.JSONField(_("相对目标参数"), default=dict, blank=True)

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["plan_indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan_indicator", "year"], name="target_unique_year"),
            models.CheckConstraint(
                condition=Q(kind__in=["absolute", "relative", "qualitative", "none"]),
                name="target_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(comparator__in=["", *COMPARATORS]), name="target_comparator_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="absolute") | Q(value__isnull=False), name="target_absolute_has_value"
            ),
            models.CheckConstraint(
                condition=~Q(kind="none") | (Q(value__isnull=True) & Q(comparator="")),
                name="target_none_is_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.raw}"
