"""Charts are PNGs drawn by matplotlib with a CJK font; without one they refuse loudly instead of drawing boxes."""

import io

import pytest
from django.urls import reverse
from matplotlib import font_manager

from evaluation import charts
from evaluation.report import report_build


def test_a_cjk_font_is_installed_and_used():
    charts.cjk_font.cache_clear()
    family = charts.cjk_font()
    assert "CJK" in family or "WenQuanYi" in family or "Source Han" in family
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert path.lower().endswith((".ttc", ".otf", ".ttf"))


def test_the_chart_of_an_indicator_is_a_png_with_its_values(renhe):
    report = report_build(renhe, kind="final", as_of=2025, sections=["charts"])
    line = next(line for line in report.lines if line.values.get(2025) is not None)
    data = charts.indicator_chart_png(line)
    assert data.startswith(b"\x89PNG")
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    assert image.size == (704, 330)
    assert charts.indicator_chart_png(line) == data  # same data, same bytes


def test_without_a_cjk_font_charts_fail_loudly(renhe, monkeypatch, planner, client):
    charts.cjk_font.cache_clear()
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    try:
        with pytest.raises(charts.CJKFontMissing, match="fonts-noto-cjk"):
            charts.cjk_font()
        client.force_login(planner)
        report = report_build(renhe, kind="final", as_of=2025)
        response = client.get(reverse("evaluation-chart", args=[renhe.pk, report.lines[0].key]))
        assert response.status_code == 503
        assert "fonts-noto-cjk" in response.content.decode()
        response = client.get(reverse("evaluation-docx", args=[renhe.pk]))
        assert response.status_code == 503 and "未找到可显示中文的字体" in response.content.decode()
    finally:
        charts.cjk_font.cache_clear()
