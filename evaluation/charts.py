"""One PNG per indicator, drawn on the server with matplotlib (no browser).

Chinese labels need a CJK font; without one matplotlib would draw empty boxes, so
:func:`cjk_font` fails loudly instead (install Debian's fonts-noto-cjk: ``make report-deps``).
"""

from __future__ import annotations

import io
import threading
from decimal import Decimal
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from django.utils.translation import gettext as _
from matplotlib import font_manager
from matplotlib.figure import Figure

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)


# matplotlib's text layout and font caches are not thread-safe: one drawing at a time per process.
_DRAWING = threading.Lock()


class CJKFontMissing(RuntimeError):
    """No font that can draw Chinese: refusing to draw boxes instead of characters."""


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The first installed CJK font family; :class:`CJKFontMissing` when there is none."""
    for attempt in range(2):
        installed = {f.name for f in font_manager.fontManager.ttflist}
        for family in CJK_FAMILIES:
            if family in installed:
                return family
        if attempt == 0:  # matplotlib's font cache may predate the font's installation: look on disk
            for path in font_manager.findSystemFonts():
                if any(mark in path.lower() for mark in ("cjk", "wqy", "sourcehan", "droidsansfallback")):
                    font_manager.fontManager.addfont(path)
    raise CJKFontMissing(
        "未找到可显示中文的字体（CJK），无法绘制评估报告图表。请安装 Debian 软件包 fonts-noto-cjk"
        "（make report-deps），然后重启服务。 / No CJK font found: install fonts-noto-cjk (make report-deps)."
    )


def _f(value) -> float | None:
    return None if value is None else float(Decimal(value))


def indicator_chart_png(line, *, dpi: int = 110) -> bytes:
    """Actual values, the straight path from baseline to target, and the target, for one indicator."""
    with _DRAWING:
        return _draw(line, dpi=dpi, family=cjk_font())


def _draw(line, *, dpi: int, family: str) -> bytes:
    status = line.status
    figure = Figure(figsize=(6.4, 3.0), dpi=dpi)
    axes = figure.add_subplot(1, 1, 1)
    points = sorted((y, _f(v.value)) for y, v in line.values.items() if v.value is not None)
    if (
        status.baseline_year
        and status.baseline_value is not None
        and all(y != status.baseline_year for y, _v in points)
    ):
        points.insert(0, (status.baseline_year, _f(status.baseline_value)))
        points.sort()
    if points:
        axes.plot(
            [p[0] for p in points], [p[1] for p in points], marker="o", color="#1f5fa8", label=_("实际值")
        )
        provisional = [(y, v) for y, v in points if y in line.provisional]
        if provisional:
            axes.plot(
                [p[0] for p in provisional],
                [p[1] for p in provisional],
                linestyle="none",
                marker="o",
                markerfacecolor="white",
                color="#1f5fa8",
                label=_("待审核"),
            )
    target = _f(status.target_value)
    if target is not None and status.target_year:
        if status.baseline_year and status.baseline_value is not None and not status.baseline_comparator:
            axes.plot(
                [status.baseline_year, status.target_year],
                [_f(status.baseline_value), target],
                linestyle=":",
                color="#888888",
                label=_("规划路径"),
            )
        axes.plot(
            [status.target_year], [target], marker="D", color="#c0392b", linestyle="none", label=_("目标")
        )
    if not points and target is None:
        axes.text(
            0.5, 0.5, _("暂无数据"), ha="center", va="center", transform=axes.transAxes, fontfamily=family
        )
    axes.set_title(f"{line.name}（{line.status_label}）", fontfamily=family, fontsize=11)
    axes.set_xlabel(_("年份"), fontfamily=family)
    axes.set_ylabel(line.unit or "", fontfamily=family)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.grid(True, color="#eeeeee")
    if axes.get_legend_handles_labels()[0]:
        axes.legend(prop={"family": family, "size": 8}, loc="best")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
