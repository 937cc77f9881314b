"""Version stamps of derived data, for caches that must never show something older than the data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A stamp renewed in the same transaction as a write (``operations.versions``).

    A cache key that carries the stamp is never older than the committed data, whatever the
    cache (per process or shared): a writer's new stamp becomes visible with its rows. A fresh
    random stamp rather than a counter, so a rolled-back write never hands out a stamp again.
    """

    name = models.CharField(_("名称"), max_length=40, unique=True)
    stamp = models.CharField(_("版本"), max_length=32)
    changed_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self) -> str:
        return f"{self.name}: {self.stamp}"
