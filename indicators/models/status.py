"""Progress statuses: the status vocabulary, people's judgements, and the precomputed table.

The table is written by ``indicators.status.status_refresh`` (the service module beside
this package, not this module).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .catalog import Indicator
from .plan_rows import PlanIndicator

STATUS_CHOICES = [
    ("achieved", _("已达成")),
    ("holding", _("保持达标")),
    ("on_track", _("进展顺利")),
    ("acceleration_needed", _("需加快")),
    ("limited", _("进展缓慢")),
    ("moving_away", _("倒退")),
    ("binding_breached", _("未达约束性要求")),
    ("insufficient_data", _("数据不足")),
    ("manual", _("人工评估")),
    ("no_target", _("无目标")),
]
STATUS_CODES = [code for code, _label in STATUS_CHOICES]
# What a person may set for a qualitative target: the trend statuses and 已达成.
MANUAL_STATUS_CODES = ["achieved", "on_track", "acceleration_needed", "limited", "moving_away"]
MANUAL_STATUS_CHOICES = [(code, label) for code, label in STATUS_CHOICES if code in MANUAL_STATUS_CODES]
_STATUS_DISPLAY = dict(STATUS_CHOICES)


def status_label(code: str | None) -> str:
    """The status name in the active language (the engine's STATUS_LABELS are the Chinese msgids)."""
    return str(_STATUS_DISPLAY.get(code, code or ""))


class ManualStatus(models.Model):
    """A person's judgement of a qualitative target (达到国家平均水平…), with who and when."""

    plan_indicator = models.ForeignKey(
        PlanIndicator, verbose_name=_("规划指标"), on_delete=models.CASCADE, related_name="manual_statuses"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("目录指标"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("评估状态"), max_length=20, choices=MANUAL_STATUS_CHOICES)
    note = models.TextField(_("说明"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评估人"), on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(_("评估时间"), auto_now=True)

    class Meta:
        verbose_name = _("人工评估")
        verbose_name_plural = _("人工评估")
        constraints = [
            models.UniqueConstraint(fields=["plan_indicator", "indicator"], name="manual_status_unique"),
            models.CheckConstraint(condition=Q(status__in=MANUAL_STATUS_CODES), name="manual_status_valid"),
            models.CheckConstraint(condition=~Q(note=""), name="manual_status_needs_note"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_indicator}: {self.get_status_display()}"


class IndicatorStatusQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return (
            self.filter(plan_indicator__plan=plan)
            .select_related("plan_indicator", "indicator")
            .order_by("plan_indicator__order", "indicator__code")
        )


class IndicatorStatus(models.Model):
    """Precomputed progress of one plan row toward its target: what every dashboard reads.

    Rewritten in the same transaction as any value change or import (see
    ``indicators.status.status_refresh``), so it never lags the values.
    """

    plan_indicator = models.ForeignKey(
        PlanIndicator, verbose_name=_("规划指标"), on_delete=models.CASCADE, related_name="statuses"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("目录指标"), on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "plans.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+"
    )
    as_of = models.PositiveSmallIntegerField(_("评估年"))
    baseline_year = models.PositiveSmallIntegerField(_("基期年"), null=True, blank=True)
    baseline_value = models.DecimalField(_("基期值"), max_digits=20, decimal_places=6, null=True, blank=True)
    baseline_comparator = models.CharField(_("基期界限"), max_length=2, blank=True)
    latest_year = models.PositiveSmallIntegerField(_("最新年份"), null=True, blank=True)
    latest_value = models.DecimalField(_("最新值"), max_digits=20, decimal_places=6, null=True, blank=True)
    latest_comparator = models.CharField(_("最新值界限"), max_length=2, blank=True)
    target_year = models.PositiveSmallIntegerField(_("目标年"), null=True, blank=True)
    target_raw = models.CharField(_("目标原文"), max_length=200, blank=True)
    target_kind = models.CharField(_("目标解读类型"), max_length=12, blank=True)
    target_comparator = models.CharField(_("目标比较符"), max_length=2, blank=True)
    target_value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=6, null=True, blank=True)
    target_note = models.CharField(_("目标解读说明"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=STATUS_CHOICES)
    trend_status = models.CharField(_("趋势状态"), max_length=20, blank=True)
    progress_ratio = models.DecimalField(_("进度比"), max_digits=20, decimal_places=6, null=True, blank=True)
    projected_value = models.DecimalField(
        _("目标年预测值"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    expected_value = models.DecimalField(
        _("当年应达值"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    deviation = models.DecimalField(_("偏离"), max_digits=20, decimal_places=6, null=True, blank=True)
    binding_breached = models.BooleanField(_("未达约束性要求"), default=False)
    target_behind_start = models.BooleanField(
        _("目标落后于基期"),
        default=False,
        help_text=_("目标比基期值更差（按指标方向），请规划编制人员核对"),
    )
    provisional = models.BooleanField(
        _("暂定"),
        default=False,
        help_text=_("计算用到了尚未审核通过的填报值；只有本地区录入员、审核员、规划人员和管理员可见"),
    )
    warnings = models.JSONField(_("合理性提示"), default=list, blank=True)
    notes = models.JSONField(_("说明"), default=list, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    objects = IndicatorStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标进展")
        verbose_name_plural = _("指标进展")
        ordering = ["plan_indicator", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_indicator", "indicator"], name="status_unique_row_indicator"
            ),
            models.CheckConstraint(condition=Q(status__in=STATUS_CODES), name="status_code_valid"),
        ]
        indexes = [
            models.Index(fields=["region", "indicator"], name="status_region_indicator"),
            models.Index(fields=["target_year", "region", "indicator", "status"], name="status_heatmap"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_indicator}: {self.get_status_display()}"
