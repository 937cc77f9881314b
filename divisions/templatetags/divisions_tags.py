"""The roll-up page's big tables, built in Python: a province page has thousands of cells.

``escape`` is the standard library's (Django's own wraps the same call for lazy strings, at a
cost per call that shows on these tables); the output is the same.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from indicators.models import status_label

register = template.Library()


@register.filter
def reads_rollups(user) -> bool:
    from divisions.access import reads_rollups as rule

    return rule(user)


@register.filter
def pct(value) -> str:
    """A share (0–1) as a whole percentage; no share is "—", never 0 %."""
    return "—" if value is None else f"{value * 100:.0f}%"


@register.filter
def num(value) -> str:
    return "—" if value is None else f"{float(value):.4g}"


@register.simple_tag
def matrix_rows(rows, region_url: str) -> str:
    """The matrix's rows: each county's link, then a cell per indicator.

    Each row's ``cells`` holds (status code or None, its display name) pairs.
    """
    html: dict[str | None, str] = {None: '<td><span class="muted">—</span></td>'}
    parts = []
    for row in rows:
        county = row["county"]
        parts.append(
            f'<tr><th><a href="{escape(region_url)}{county["region_id"]}/">{escape(county["full_name"])}</a></th>'
        )
        for code, label in row["cells"]:
            code = code or None
            if code not in html:
                html[code] = (
                    f'<td><span class="status status-{escape(code)}" title="{escape(label)}">'
                    f"{escape(label)}</span></td>"
                )
            parts.append(html[code])
        parts.append("</tr>")
    return mark_safe("".join(parts))  # built from escaped names, codes and labels only


@register.simple_tag
def ranking_rows(ranking, region_url: str) -> str:
    """The ranking table's rows, built in Python (a province ranks up to ≈180 counties)."""
    rows, url = [], escape(region_url)
    statuses: dict[str, str] = {}  # status code → its cell, made once per code
    for r in ranking:
        if r.status not in statuses:
            statuses[r.status] = (
                f'<td><span class="status status-{escape(r.status)}">{escape(status_label(r.status))}</span></td>'
            )
        value = "" if r.value is None else escape(r.comparator) + num(r.value)
        rows.append(
            f'<tr><td>{r.rank or "—"}</td><td><a href="{url}{r.region_id}/">{escape(r.name)}</a></td>'
            f"<td>{escape(r.code)}</td><td>{value or '—'}</td><td>{escape(r.target_raw) or '—'}</td>"
            f"{statuses[r.status]}</tr>"
        )
    return mark_safe("".join(rows))  # every interpolated value is escaped above


def _share_cells(shares) -> str:
    return f"<td>{pct(shares.share_met)}</td><td>{pct(shares.share_on_track)}</td><td>{pct(shares.share_behind)}</td>"


@register.simple_tag
def child_rows(children, division_url: str) -> str:
    """The drill-down table's rows (a province has up to ≈20 children, the nation 34)."""
    rows = []
    for c in children:
        d, name = c.division, escape(c.division.name)
        link = (
            name
            if d.level == "county" and not d.region_id
            else f'<a href="{escape(division_url)}{d.code}/">{name}</a>'
        )
        rows.append(
            f"<tr><td>{link}</td><td>{d.code}</td><td>{c.counties_with_data} / {c.shares.units}</td>"
            f"<td>{c.shares.rated}</td>{_share_cells(c.shares)}</tr>"
        )
    return mark_safe("".join(rows))  # names escaped; the rest are numbers and codes


@register.simple_tag
def indicator_rows(items, horizon: int, units: int) -> str:
    """The by-indicator table's rows."""
    from django.utils.http import urlencode
    from django.utils.translation import gettext as _

    rows = []
    for row in items:
        indicator = row.indicator
        query = escape(urlencode({"horizon": horizon, "indicator": indicator.code}))
        apart = ""
        if row.kept_apart:
            apart = (
                ' <small class="muted">'
                + escape(_("另 %(n)s 行单位不同") % {"n": row.kept_apart})
                + "</small>"
            )
        spread = "—" if row.low is None else f"{num(row.low)} – {num(row.high)}"
        rows.append(
            f'<tr><td><a href="?{query}">{escape(indicator.name)}</a></td><td>{escape(indicator.unit)}</td>'
            f"<td>{row.shares.total}{apart}</td><td>{row.shares.rated} / {units}（{pct(row.shares.coverage)}）</td>"
            f"{_share_cells(row.shares)}<td>{spread}</td></tr>"
        )
    return mark_safe("".join(rows))  # names, units and messages escaped; the rest are numbers
