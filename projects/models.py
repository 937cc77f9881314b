"""Key projects: the 专栏 boxes and 重点项目 lists of a plan."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class KeyProject(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("规划"), on_delete=models.CASCADE, related_name="key_projects"
    )
    chapter = models.ForeignKey(
        "plans.Chapter",
        verbose_name=_("所在章节"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_projects",
    )
    order = models.PositiveIntegerField(_("顺序"))
    label = models.CharField(_("标签"), max_length=30, help_text=_("如 专栏 3、重点项目2"))
    number = models.PositiveSmallIntegerField(_("编号"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=500, blank=True)
    line = models.PositiveIntegerField(_("源文件行号"))

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="key_project_unique_order"),
            models.CheckConstraint(condition=~Q(label=""), name="key_project_label_not_empty"),
            models.CheckConstraint(condition=Q(line__gte=1), name="key_project_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()


class KeyProjectItem(models.Model):
    project = models.ForeignKey(
        KeyProject, verbose_name=_("重点项目"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveIntegerField(_("顺序"))
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("项目条目")
        verbose_name_plural = _("项目条目")
        ordering = ["project", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "order"], name="key_project_item_unique_order"),
            models.CheckConstraint(condition=~Q(text=""), name="key_project_item_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ProjectStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    COMPLETED = "completed", _("已完成")
    ADJUSTED = "adjusted", _("已调整")
    CANCELLED = "cancelled", _("已取消")


PROJECT_STATUS_CODES = [code for code, _label in ProjectStatus.choices]
PROJECT_STATUS_BY_LABEL = {str(label): code for code, label in ProjectStatus.choices}


class RecordSource(models.TextChoices):
    ENTERED = "entered", _("网页录入")
    UPLOADED = "uploaded", _("Excel 上传")
    ADMIN = "admin", _("后台修改")


class ProjectEvidence(models.Model):
    """An evidence file's bytes, kept in the database: never a static path, served only to readers."""

    region = models.ForeignKey(
        "plans.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    kind = models.CharField(_("文件类型"), max_length=10)
    content_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    data = models.BinaryField(_("内容"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=1), name="evidence_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=["pdf", "png", "jpg", "docx", "xlsx"]), name="evidence_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.file_name


class ProjectRecordQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return (
            self.filter(project__plan=plan)
            .select_related("project", "item", "evidence", "updated_by")
            .order_by("project__order", "item__order", "year")
        )

    def latest_for_plan(self, plan) -> dict[tuple[int, int | None], "ProjectRecord"]:
        """The latest year's record of each project and item of a plan (one query)."""
        latest: dict[tuple[int, int | None], ProjectRecord] = {}
        for record in self.for_plan(plan):
            latest[(record.project_id, record.item_id)] = record  # ordered by year: the last one wins
        return latest


class ProjectRecord(models.Model):
    """One year's implementation record of a key project (item_id empty) or of one of its items."""

    project = models.ForeignKey(
        KeyProject, verbose_name=_("重点项目"), on_delete=models.PROTECT, related_name="records"
    )
    item = models.ForeignKey(
        KeyProjectItem,
        verbose_name=_("项目条目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    region = models.ForeignKey(
        "plans.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    status = models.CharField(_("实施状态"), max_length=12, choices=ProjectStatus.choices)
    percent = models.DecimalField(_("完成进度（%）"), max_digits=5, decimal_places=1, null=True, blank=True)
    milestone = models.CharField(_("已达到的里程碑"), max_length=200, blank=True)
    investment_planned = models.DecimalField(
        _("计划投资（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    investment_spent = models.DecimalField(
        _("已完成投资（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)
    evidence = models.ForeignKey(
        ProjectEvidence,
        verbose_name=_("佐证材料"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目实施记录")
        verbose_name_plural = _("项目实施记录")
        ordering = ["project_id", "item_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"], condition=Q(item__isnull=True), name="project_record_unique_year"
            ),
            models.UniqueConstraint(
                fields=["item", "year"],
                condition=Q(item__isnull=False),
                name="project_item_record_unique_year",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PROJECT_STATUS_CODES), name="project_record_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="project_record_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(investment_planned__isnull=True) | Q(investment_planned__gte=0),
                name="project_record_planned_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(investment_spent__isnull=True) | Q(investment_spent__gte=0),
                name="project_record_spent_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1949, year__lte=2100), name="project_record_year_range"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="project_record_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.item or self.project} {self.year}：{self.get_status_display()}"

    @property
    def progress_text(self) -> str:
        parts = []
        if self.percent is not None:
            parts.append(f"{self.percent.normalize():f}%")
        if self.milestone:
            parts.append(self.milestone)
        return "；".join(parts)


RECORD_FIELDS = [
    "status",
    "percent",
    "milestone",
    "investment_planned",
    "investment_spent",
    "note",
    "evidence_id",
]


class ProjectRecordChange(models.Model):
    """Append-only history of a record: who, when, and the fields before and after."""

    record = models.ForeignKey(
        ProjectRecord, verbose_name=_("实施记录"), on_delete=models.PROTECT, related_name="history"
    )
    old = models.JSONField(_("原值"), default=dict, blank=True)
    new = models.JSONField(_("新值"))
    source = models.CharField(_("来源"), max_length=10, choices=RecordSource.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("修改时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("实施记录修改历史")
        verbose_name_plural = _("实施记录修改历史")
        ordering = ["record_id", "changed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=["entered", "uploaded", "admin"]), name="project_change_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.changed_at:%Y-%m-%d %H:%M}"
