"""The indicator catalog and the vocabulary every indicator model shares.

Comparators, directions and the nature of a plan row are read by plan rows, targets,
values and statuses alike; the catalog entry and its aliases are what plan rows point at.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

COMPARATOR_CHOICES = [("<", "<"), ("<=", "≤"), (">", ">"), (">=", "≥"), ("=", "=")]
COMPARATORS = [c for c, _label in COMPARATOR_CHOICES]


class Direction(models.IntegerChoices):
    HIGHER_IS_BETTER = 1, _("越高越好")
    LOWER_IS_BETTER = -1, _("越低越好")
    UNKNOWN = 0, _("未定")


class Nature(models.TextChoices):
    EXPECTED = "expected", _("预期性")
    BINDING = "binding", _("约束性")
    ADVISORY = "advisory", _("指导性")


NATURE_BY_TEXT = {"预期性": Nature.EXPECTED, "约束性": Nature.BINDING, "指导性": Nature.ADVISORY}


class Indicator(models.Model):
    """A catalog entry; plan rows written differently point at the same entry."""

    code = models.CharField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("规范名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    direction = models.SmallIntegerField(_("方向"), choices=Direction.choices, default=Direction.UNKNOWN)
    domain = models.CharField(_("领域"), max_length=50, blank=True)
    definition = models.TextField(_("定义"), blank=True, help_text=_("指标的含义与统计口径，显示在指标页上"))
    data_source = models.CharField(
        _("数据来源"), max_length=300, blank=True, help_text=_("如 卫生健康统计年报、妇幼卫生监测")
    )
    method = models.TextField(_("计算方法"), blank=True, help_text=_("如 分子 ÷ 分母 × 1000‰"))
    min_value = models.DecimalField(_("最小值"), max_digits=20, decimal_places=6, null=True, blank=True)
    max_value = models.DecimalField(_("最大值"), max_digits=20, decimal_places=6, null=True, blank=True)
    ratio_reference = models.ForeignKey(
        "self",
        verbose_name=_("同比例参照指标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("目标为“同比例提高”时参照的指标，如 健康预期寿命 参照 人均预期寿命"),
    )
    local_to_plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("仅限规划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="local_indicators",
        help_text=_("导入时未匹配到目录的指标先建为规划内条目，待管理员映射"),
    )

    class Meta:
        verbose_name = _("目录指标")
        verbose_name_plural = _("指标目录")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="indicator_code_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="indicator_name_not_empty"),
            models.CheckConstraint(condition=Q(direction__in=[-1, 0, 1]), name="indicator_direction_valid"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="indicator_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    @property
    def display_name(self) -> str:
        """The catalog name in the active language: the English name when English is on and known."""
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @property
    def display_unit(self) -> str:
        from ..catalog_names import unit_label

        return unit_label(self.unit)

    @property
    def display_domain(self) -> str:
        from ..catalog_names import domain_label

        return domain_label(self.domain)


class IndicatorAlias(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("目录指标"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("别名"), max_length=200)
    normalized = models.CharField(
        _("规范化名称"),
        max_length=200,
        help_text=_(
            "一行写了两个指标时（如 孕产妇系统管理率和3岁以下儿童系统管理率），同一别名指向两个目录指标"
        ),
    )

    class Meta:
        verbose_name = _("指标别名")
        verbose_name_plural = _("指标别名")
        ordering = ["normalized"]
        constraints = [
            models.CheckConstraint(condition=~Q(normalized=""), name="alias_normalized_not_empty"),
            models.UniqueConstraint(fields=["normalized", "indicator"], name="alias_unique_per_indicator"),
        ]

    def __str__(self) -> str:
        return self.name
