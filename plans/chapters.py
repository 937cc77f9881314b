"""A chapter page: one heading with the sections under it, and the neighbours to page through."""

from __future__ import annotations

from .models import Chapter, Plan


def section_span(outline: list[tuple[int, int]], order: int) -> tuple[int, int] | None:
    """(first, last) chapter order of the section starting at ``order``: the chapter and every
    following chapter of a deeper level. ``outline`` is [(order, level)] in document order."""
    for index, (chapter_order, level) in enumerate(outline):
        if chapter_order != order:
            continue
        last = chapter_order
        for next_order, next_level in outline[index + 1 :]:
            if next_level <= level:
                break
            last = next_order
        return chapter_order, last
    return None


def chapter_section(plan: Plan, order: int) -> dict | None:
    """The chapters of the section at ``order`` (with text), and the previous/next section heads."""
    outline = list(Chapter.objects.filter(plan=plan).order_by("order").values_list("order", "level"))
    span = section_span(outline, order)
    if span is None:
        return None
    first, last = span
    orders = [o for o, _level in outline]
    position = orders.index(first)
    previous = orders[position - 1] if position > 0 else None
    after = orders.index(last) + 1
    following = orders[after] if after < len(orders) else None
    chapters = list(Chapter.objects.filter(plan=plan, order__gte=first, order__lte=last).order_by("order"))
    return {"chapters": chapters, "previous_order": previous, "next_order": following}
