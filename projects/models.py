"""Key projects: the 专栏 boxes and 重点项目 lists of a plan."""

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
