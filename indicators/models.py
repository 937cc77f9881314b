"""The indicator catalog, plan indicator rows, targets, and yearly values.

Values belong to region + indicator + year, never to a plan: the 2025 value of
婴儿死亡率 in 克拉玛依区 ends one plan and is the baseline of the next.
"""

from django.conf import settings
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
        from .catalog_names import unit_label

        return unit_label(self.unit)

    @property
    def display_domain(self) -> str:
        from .catalog_names import domain_label

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
        from .publication import published_condition

        return self.filter(published_condition())

    def with_publication(self):
        """Each value annotated with ``published`` (True/False), in the same query."""
        from .publication import published_condition

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

        from .publication import published_condition

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
