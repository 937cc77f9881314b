"""Layout invariance: the seeds' content in every layout of issue 11 parses to the same plan.

The corpus (``tests/plans/layouts.py``) re-lays out each seed's indicator table, chapter
headings and key-project boxes; the expected rows, cells, natures, headings and key
projects are derived from the content by construction, never from a parse.
"""

import pytest

from plans.parsing import parse_text

from .layouts import NAMED, Layout, load_seed, render, variants

CORPUS = list(variants())
# What the title does not say is inferred and warned; that is metadata, not layout.
_METADATA_WARNINGS = {"region_inferred", "missing_region", "period_start_inferred", "period_inferred"}


def _rows(doc) -> list[dict]:
    out = []
    for r in doc.indicators:
        out.append(
            {
                "domain": r.domain,
                "seq": r.seq,
                "name": r.name,
                "unit": r.unit,
                "nature": r.nature,
                "progress_estimate": r.progress_estimate,
                "sub_of": r.sub_of,
                "cells": r.cells,
                "target_year": r.target["year"] if r.target else None,
                "baseline_year": r.baseline["year"] if r.baseline else None,
            }
        )
    return out


def test_the_corpus_covers_every_named_layout_on_several_seeds():
    names = {name.split("-", 1)[1] for name, _, _ in CORPUS}
    assert set(NAMED) <= names
    assert len(CORPUS) >= 200


@pytest.mark.parametrize(("name", "text", "expected"), CORPUS, ids=[c[0] for c in CORPUS])
def test_every_layout_reads_the_same_content(name, text, expected):
    doc = parse_text(text, name=name)
    assert doc.plan.period_end == expected["period_end"]
    assert _rows(doc) == expected["rows"]
    projects = [
        {"label": p.label, "number": p.number, "title": p.title, "items": p.items} for p in doc.key_projects
    ]
    assert projects == expected["projects"]
    assert [c.title for c in doc.chapters] == expected["headings"]
    row_warnings = [w.to_dict() for w in doc.warnings if w.code not in _METADATA_WARNINGS]
    assert row_warnings == []


def test_target_follows_the_plan_period_and_the_interchange_keeps_every_column():
    seed = load_seed("003")  # 十四五: 2021–2025
    text, _ = render(seed, Layout(outlook=True, words="bracket"))
    doc = parse_text(text)
    row = doc.to_dict()["indicators"][0]
    assert set(row["cells"]) == {"2020", "2025", "2035"}
    assert (row["baseline"]["year"], row["target"]["year"]) == (2020, 2025)
