"""Regions, plans and their chapter trees.

A plan is one version of one document: a revised draft is a new ``Plan`` row
that points at the version it revises, so nothing a user saw is ever rewritten.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("地市级")
        DISTRICT = "district", _("区")
        COUNTY = "county", _("县")
        DIVISION_CITY = "division_city", _("师市")
        OTHER = "other", _("其他")

    name = models.CharField(_("全称"), max_length=100, unique=True, help_text=_("如 克拉玛依市克拉玛依区"))
    short_name = models.CharField(_("简称"), max_length=50, help_text=_("如 克拉玛依区"))
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices, default=Level.OTHER)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入员"),
        blank=True,
        related_name="editable_regions",
        help_text=_("可以录入本地区年度数据的账号"),
    )
    synthetic = models.BooleanField(
        _("合成数据"), default=False, help_text=_("性能测试用的合成地区，绝不与真实数据混在一起")
    )

    class Meta:
        verbose_name = _("地区")
        verbose_name_plural = _("地区")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="region_name_not_empty"),
            models.CheckConstraint(condition=~Q(short_name=""), name="region_short_name_not_empty"),
            models.CheckConstraint(
                condition=Q(level__in=["province", "city", "district", "county", "division_city", "other"]),
                name="region_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


def superseded_plan_ids():
    """Ids of plan versions a newer version revises (a subquery)."""
    return Plan.objects.filter(revises__isnull=False).values("revises_id")


def tracked_indicator_count():
    """Indicators a plan tracks, counted per indicator: a row holding two indicators
    (孕产妇系统管理率和3岁以下儿童系统管理率) counts as two, as in every status count."""
    from django.apps import apps

    row_model = apps.get_model("indicators", "PlanIndicator")
    rows = (
        row_model.objects.filter(plan=models.OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    extra = (
        row_model.extra_indicators.through.objects.filter(planindicator__plan=models.OuterRef("pk"))
        .order_by()
        .values("planindicator__plan")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    zero = models.Value(0)
    return Coalesce(models.Subquery(rows), zero) + Coalesce(models.Subquery(extra), zero)


class PlanQuerySet(models.QuerySet):
    def current(self):
        """One current version per region and period: versions a newer one revises are left out.

        Earlier versions stay reachable from the plan's version list and the diff page, but
        are never listed, counted, compared or exported as current.
        """
        return self.exclude(pk__in=superseded_plan_ids())

    def for_list(self):
        """The plan list screen: current versions, region joined, indicator and project counts."""
        return (
            self.current()
            .select_related("region")
            .annotate(
                indicator_count=tracked_indicator_count(),
                project_count=models.Count("key_projects", distinct=True),
            )
            .order_by("region__name", "period_start", "-id")
        )

    def for_detail(self):
        """The plan page and its chapter pages: region and previous version joined; the source
        text (up to megabytes, shown only by the import screens) left in the database."""
        return self.select_related("region", "revises").defer("source_text", "revises__source_text")


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("征求意见/送审稿")
        ISSUED = "issued", _("已印发")
        UNKNOWN = "unknown", _("未知")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("日")
        MONTH = "month", _("月")

    region = models.ForeignKey(Region, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("标题"), max_length=300)
    period_start = models.PositiveSmallIntegerField(_("起始年"))
    period_end = models.PositiveSmallIntegerField(_("终止年"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.UNKNOWN)
    draft_marker = models.CharField(_("稿次标记"), max_length=30, blank=True, help_text=_("如 征求意见稿"))
    issuer = models.CharField(_("印发机关"), max_length=200, blank=True)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    issue_date = models.DateField(_("印发日期"), null=True, blank=True)
    issue_date_precision = models.CharField(
        _("日期精度"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    source_name = models.CharField(_("源文件名"), max_length=255)
    source_sha256 = models.CharField(_("源文件 SHA-256"), max_length=64, unique=True)
    source_encoding = models.CharField(_("源文件编码"), max_length=20, blank=True)
    source_text = models.TextField(_("原文"))
    parse_warnings = models.JSONField(_("解析提示"), default=list, blank=True)
    revises = models.ForeignKey(
        "self",
        verbose_name=_("修订自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("规划")
        verbose_name_plural = _("规划")
        ordering = ["region__name", "period_start", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="plan_title_not_empty"),
            models.CheckConstraint(
                condition=Q(period_start__gte=1949, period_start__lte=2100), name="plan_period_start_range"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="plan_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "issued", "unknown"]), name="plan_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(issue_date__isnull=True) & Q(issue_date_precision=""))
                | (Q(issue_date__isnull=False) & Q(issue_date_precision__in=["day", "month"])),
                name="plan_issue_date_precision_matches",
            ),
            models.CheckConstraint(
                condition=Q(source_sha256__regex=r"^[0-9a-f]{64}$"), name="plan_source_sha256_hex"
            ),
            models.CheckConstraint(condition=~Q(revises=F("id")), name="plan_not_revising_itself"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return f"{self.period_start}—{self.period_end}"

    @property
    def issue_date_label(self) -> str:
        if not self.issue_date:
            return ""
        if self.issue_date_precision == self.DatePrecision.MONTH:
            return f"{self.issue_date.year}年{self.issue_date.month}月"
        return f"{self.issue_date.year}年{self.issue_date.month}月{self.issue_date.day}日"


class ChapterQuerySet(models.QuerySet):
    def toc(self, plan):
        """The plan page's table of contents: headings only, the text stays on the chapter pages."""
        return self.filter(plan=plan).only("plan_id", "order", "level", "heading", "line").order_by("order")


class Chapter(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("规划"), on_delete=models.CASCADE, related_name="chapters")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级章节"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("顺序"))
    level = models.PositiveSmallIntegerField(_("层级"))
    marker = models.CharField(_("编号"), max_length=20, help_text=_("如 第一章、一、（一）"))
    title = models.CharField(_("标题"), max_length=500)
    heading = models.CharField(_("标题原文"), max_length=520)
    text = models.TextField(_("正文"), blank=True)
    line = models.PositiveIntegerField(_("源文件行号"))

    objects = ChapterQuerySet.as_manager()

    class Meta:
        verbose_name = _("章节")
        verbose_name_plural = _("章节")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="chapter_unique_order"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=8), name="chapter_level_range"),
            models.CheckConstraint(condition=Q(line__gte=1), name="chapter_line_positive"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="chapter_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.heading


class ImportSession(models.Model):
    """One uploaded plan draft on its way from upload through review to publication.

    Nothing of the plan is written to the plan tables until ``plan_import_publish``;
    until then the parsed interchange document, the administrator's metadata edits
    and row corrections live here, so a review can be resumed or discarded.
    """

    class State(models.TextChoices):
        REVIEW = "review", _("待审核")
        PUBLISHED = "published", _("已发布")
        REJECTED = "rejected", _("已拒收")
        DISCARDED = "discarded", _("已放弃")

    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.REVIEW)
    file_name = models.CharField(_("文件名"), max_length=255)
    file_sha256 = models.CharField(_("文件 SHA-256"), max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    file_kind = models.CharField(_("文件类型"), max_length=10, blank=True)
    reject_reason = models.CharField(_("拒收原因"), max_length=500, blank=True)
    document = models.JSONField(_("解析结果"), default=dict, blank=True)
    source_text = models.TextField(_("原文"), blank=True)
    metadata = models.JSONField(_("审核后的规划信息"), default=dict, blank=True)
    row_mappings = models.JSONField(
        _("指标映射"), default=dict, blank=True, help_text=_("行序号 → 目录指标编码")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    published_plan = models.ForeignKey(
        Plan, verbose_name=_("发布的规划"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("规划导入")
        verbose_name_plural = _("规划导入")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["review", "published", "rejected", "discarded"]),
                name="import_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(reject_reason=""), name="import_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_plan__isnull=False),
                name="import_published_has_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"


class ImportEvent(models.Model):
    """Audit of the import flow: who uploaded, corrected, published or had a file refused, and when."""

    class Action(models.TextChoices):
        UPLOAD = "upload", _("上传")
        REJECT = "reject", _("拒收")
        EDIT_METADATA = "edit_metadata", _("修改规划信息")
        CORRECT_ROW = "correct_row", _("更正指标行")
        MAP_ROW = "map_row", _("映射指标")
        PUBLISH = "publish", _("发布")
        DISCARD = "discard", _("放弃")

    session = models.ForeignKey(
        ImportSession, verbose_name=_("导入"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.session_id} {self.get_action_display()}"
