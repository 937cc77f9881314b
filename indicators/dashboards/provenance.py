"""Where each exported value came from: the value row's text as written and its source
(网页录入 / Excel 上传 / 规划文本 / 后台修改), read in one query for a whole export."""

from __future__ import annotations

from collections.abc import Iterable

from indicators.models import IndicatorValue


def value_provenance(
    keys: Iterable[tuple[int, int, int | None]],
) -> dict[tuple[int, int, int], tuple[str, str]]:
    """(region_id, indicator_id, year) → (raw text, source label) for the keys that have a value row."""
    wanted = {key for key in keys if key[2]}
    if not wanted:
        return {}
    rows = IndicatorValue.objects.filter(
        region_id__in={k[0] for k in wanted},
        indicator_id__in={k[1] for k in wanted},
        year__in={k[2] for k in wanted},
    ).values_list("region_id", "indicator_id", "year", "raw", "source")
    labels = dict(IndicatorValue._meta.get_field("source").choices)
    return {
        (region, indicator, year): (raw, str(labels.get(source, source)))
        for region, indicator, year, raw, source in rows
        if (region, indicator, year) in wanted
    }
