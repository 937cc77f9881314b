"""Reporting: deadlines per year (extended per region, audited), blank reasons, reminders, visits.

The review states themselves belong to ``indicators.YearSubmission``; this app only reads them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ReportingDeadline(models.Model):
    """The date by which every region reports its values for one year (e.g. 2025 values by 2026-03-31)."""

    year = models.PositiveSmallIntegerField(_("填报年度"), unique=True)
    due = models.DateField(_("截止日期"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("设置人"), on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("填报截止日期")
        verbose_name_plural = _("填报截止日期")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="deadline_year_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}：{self.due:%Y-%m-%d}"


class DeadlineExtension(models.Model):
    """One region's extension of one year's deadline; append-only, the newest row is in force."""

    region = models.ForeignKey(
        "plans.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("填报年度"))
    old_due = models.DateField(_("原截止日期"))
    due = models.DateField(_("延期至"))
    reason = models.CharField(_("原因"), max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("批准时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("截止日期延期")
        verbose_name_plural = _("截止日期延期")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="extension_reason_required"),
            models.CheckConstraint(condition=Q(due__gt=F("old_due")), name="extension_moves_later"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}：{self.old_due:%Y-%m-%d} → {self.due:%Y-%m-%d}"


class BlankReason(models.Model):
    """Why an expected value of one region and year was left blank when the year was submitted."""

    region = models.ForeignKey(
        "plans.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("指标"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("空缺原因"), max_length=500)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填写人"), on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("填写时间"), auto_now=True)

    class Meta:
        verbose_name = _("空缺原因")
        verbose_name_plural = _("空缺原因")
        ordering = ["region", "year", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "indicator"], name="blank_reason_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="blank_reason_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.indicator}：{self.reason}"


class ReminderLog(models.Model):
    """Every reminder sent; the unique key is what makes the daily command idempotent."""

    class Kind(models.TextChoices):
        DUE = "due", _("即将截止")
        OVERDUE = "overdue", _("已逾期")
        RETURNED = "returned", _("已退回")
        WAITING = "waiting", _("待审核")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("提醒对象"), max_length=100, help_text=_("如 r3-y2025-d2026-03-31"))
    email = models.EmailField(_("邮箱"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="reminder_sent_once"),
            models.CheckConstraint(
                condition=Q(kind__in=["due", "overdue", "returned", "waiting"]), name="reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} {self.key}"


class ReminderPreference(models.Model):
    """A person's choices about reminder emails; no row means reminders are on, in the portal's language.

    ``language`` follows the header language menu (and can be set on the reminder settings page):
    the daily run writes each person's emails in it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    enabled = models.BooleanField(_("接收邮件提醒"), default=True)
    language = models.CharField(
        _("提醒邮件语言"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    changed_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("提醒设置")
        verbose_name_plural = _("提醒设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="reminder_language_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}：{'on' if self.enabled else 'off'}，{self.language}"


class InboxVisit(models.Model):
    """When a person last looked at the inbox: ``since`` is where "what changed" starts.

    A visit lasts while the person keeps coming back within ``VISIT_GAP``; a later return starts a new
    visit and moves ``since`` to the start of the previous one, as forums do with "new since last visit".
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    since = models.DateTimeField(_("上次访问"))
    seen_at = models.DateTimeField(_("最近访问"))

    class Meta:
        verbose_name = _("待办访问记录")
        verbose_name_plural = _("待办访问记录")
        constraints = [
            models.CheckConstraint(condition=Q(since__lte=F("seen_at")), name="visit_since_before_seen"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.seen_at}"
