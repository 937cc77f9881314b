"""China's administrative divisions (行政区划): the backbone regions hang from.

A ``plans.Region`` is a place the portal holds plans or values for; a ``Division`` is any
unit of the national list (≈3,200 rows, loaded by ``load_divisions``). The link lives here,
on the division side (``Division.region``), so the plans app's models stay as they are.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .names import COUNTY, PREFECTURE, PROVINCE


class DivisionQuerySet(models.QuerySet):
    def below(self, divisions) -> DivisionQuerySet:
        """The divisions themselves and every unit under them (two denormalised ancestors: one query)."""
        return self.filter(Q(pk__in=divisions) | Q(province__in=divisions) | Q(prefecture__in=divisions))

    def counties(self) -> DivisionQuerySet:
        return self.filter(level=Division.Level.COUNTY)


class Division(models.Model):
    class Level(models.TextChoices):
        PROVINCE = PROVINCE, _("省级")
        PREFECTURE = PREFECTURE, _("地级")
        COUNTY = COUNTY, _("县级")

    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码为6位数字"))],
    )
    name = models.CharField(_("名称"), max_length=50, help_text=_("如 巴里坤哈萨克自治县"))
    full_name = models.CharField(_("全称"), max_length=100, help_text=_("如 哈密市巴里坤哈萨克自治县"))
    kind = models.CharField(_("类型"), max_length=20, help_text=_("如 自治县、市辖区、县级市、地级市"))
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    # Ancestors by level, so "everything below X" is one indexed filter, not a recursive walk.
    province = models.ForeignKey(
        "self", verbose_name=_("所属省级"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    prefecture = models.ForeignKey(
        "self", verbose_name=_("所属地级"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    xpcc_division = models.CharField(
        _("兵团师"), max_length=10, blank=True, help_text=_("新疆生产建设兵团师市：如 第二师（铁门关市）")
    )
    region = models.OneToOneField(
        "plans.Region",
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="division",
    )
    assigned_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责的规划人员/审核员"),
        blank=True,
        related_name="assigned_divisions",
        help_text=_("挂在地级或省级的规划人员、审核员只看（审核）本辖区内的区县"),
    )
    geometry = models.TextField(_("边界（简化 GeoJSON）"), blank=True, default="")
    geometry_coarse = models.TextField(_("边界（全国图用，更简化）"), blank=True, default="")

    objects = DivisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{6}$"), name="division_code_six_digits"),
            models.CheckConstraint(
                condition=Q(level__in=[PROVINCE, PREFECTURE, COUNTY]), name="division_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(level=PROVINCE, parent__isnull=True)
                | Q(~Q(level=PROVINCE), parent__isnull=False),
                name="division_parent_unless_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.code}）"


class DivisionAlias(models.Model):
    """One name a division answers to (official, short, 师 form); not unique: 城区 is in many cities."""

    name = models.CharField(_("名称"), max_length=100, db_index=True)
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = _("区划别名")
        verbose_name_plural = _("区划别名")
        constraints = [models.UniqueConstraint(fields=["name", "division"], name="division_alias_unique")]

    def __str__(self) -> str:
        return self.name
