from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
def status_cells(cells) -> str:
    """One matrix row's ``<td>`` cells, built in Python: a province page has thousands of them.

    ``cells`` holds status codes (or None); ``labels`` maps each code to its display name.
    """
    parts, html = [], {}
    for code, label in cells:
        if code not in html:
            html[code] = (
                f'<td><span class="status status-{escape(code)}" title="{escape(label)}">{escape(label)}</span></td>'
                if code
                else '<td><span class="muted">—</span></td>'
            )
        parts.append(html[code])
    return mark_safe("".join(parts))  # built from escaped codes and labels only


@register.simple_tag
def ranking_rows(ranking, region_url: str) -> str:
    """The ranking table's rows, built in Python (a province ranks up to ≈180 counties)."""
    rows = []
    for r in ranking:
        value = "" if r.value is None else escape(r.comparator) + num(r.value)
        rows.append(
            f'<tr><td>{r.rank or "—"}</td><td><a href="{escape(region_url)}{r.region_id}/">{escape(r.name)}</a></td>'
            f"<td>{escape(r.code)}</td><td>{value or '—'}</td><td>{escape(r.target_raw) or '—'}</td>"
            f'<td><span class="status status-{escape(r.status)}">{escape(r.label)}</span></td></tr>'
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
