"""Yearly review of entered values (submit → approve or return) and Excel uploads awaiting confirmation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class YearSubmission(models.Model):
    """The review state of one region's values for one year: open → submitted → approved (locked)."""

    class State(models.TextChoices):
        OPEN = "open", _("填报中")
        SUBMITTED = "submitted", _("已提交待审核")
        APPROVED = "approved", _("已审核锁定")
        RETURNED = "returned", _("已退回")

    region = models.ForeignKey(
        "plans.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度填报")
        verbose_name_plural = _("年度填报")
        ordering = ["region", "year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="submission_unique_region_year"),
            models.CheckConstraint(
                condition=Q(state__in=["open", "submitted", "approved", "returned"]),
                name="submission_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}：{self.get_state_display()}"

    @property
    def locked(self) -> bool:
        return self.state == self.State.APPROVED


class SubmissionEvent(models.Model):
    """Append-only audit of submit / approve / return / unlock, with the reason where one is required."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交")
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回")
        UNLOCK = "unlock", _("解锁")

    submission = models.ForeignKey(
        YearSubmission, verbose_name=_("年度填报"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    versions = models.JSONField(
        _("审核时所见数值版本"),
        default=dict,
        blank=True,
        help_text=_("提交与审核通过时记录：{数值编号: 版本}"),
    )
    single_person = models.BooleanField(
        _("单人审核"),
        default=False,
        help_text=_("提交人本人审核通过（仅在设置 REVIEW_ALLOW_SINGLE_PERSON 开启时允许）"),
    )

    class Meta:
        verbose_name = _("填报审核记录")
        verbose_name_plural = _("填报审核记录")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["submit", "approve"]) | ~Q(reason=""),
                name="submission_event_reason_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} {self.get_action_display()}"


class UploadBatch(models.Model):
    """An Excel upload between preview and confirmation; rows and problems are kept as parsed."""

    class State(models.TextChoices):
        PREVIEW = "preview", _("待确认")
        CONFIRMED = "confirmed", _("已保存")
        REJECTED = "rejected", _("有错误未保存")
        CANCELLED = "cancelled", _("已取消")

    class Kind(models.TextChoices):
        """Which sheet the upload was for: each kind has its own upload page, preview and confirm."""

        VALUES = "values", _("指标数值")
        PROJECTS = "projects", _("重点项目")

    region = models.ForeignKey(
        "plans.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.VALUES)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    file_name = models.CharField(_("文件名"), max_length=255)
    file_sha256 = models.CharField(_("文件 SHA-256"), max_length=64)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PREVIEW)
    rows = models.JSONField(_("解析出的数值"), default=list, blank=True)
    problems = models.JSONField(_("问题"), default=list, blank=True)
    authorisation_failure = models.BooleanField(
        _("越权上传"),
        default=False,
        help_text=_("文件含其他地区的数据：拒绝并按越权尝试记录"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Excel 上传")
        verbose_name_plural = _("Excel 上传")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["preview", "confirmed", "rejected", "cancelled"]),
                name="upload_state_valid",
            ),
            models.CheckConstraint(condition=Q(kind__in=["values", "projects"]), name="upload_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"
