"""The data appendix: every comparison set's aggregated judgment matrix (up to ten
items) with its priorities and CR — or, under AIP, the aggregated priorities only."""

from __future__ import annotations

from analysis.results import Results

from ..formatting import format_number
from ..strings import text_for
from .base import Chapter, Settings
from .labels import item_code, item_label, set_title

__all__ = ["CHAPTER", "build"]

_MAX_MATRIX_ITEMS = 10  # larger matrices do not fit A4 portrait


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    num = lambda x: format_number(x, lang, 3)
    tables = []
    for s in results.sets:
        items = list(s.items)
        table = {
            "title": set_title(results, s.id, lang),
            "columns": [item_code(results, i, lang) for i in items],
            "labels": [(i, item_label(results, i, lang)) for i in items],
            "weights": [num(w) for w in s.weights],
            "cr": t["cr_of_aggregate"].format(cr=num(s.aggregated_cr)) if s.aggregated_cr is not None else "",
            "rows": [],
        }
        if s.matrix is not None and len(items) <= _MAX_MATRIX_ITEMS:
            table["rows"] = [[num(v) for v in row] for row in s.matrix]
        tables.append(table)
    title = t["data"] if any(d["rows"] for d in tables) else t["data_aip"]
    return {"contents": [title], "title": title, "tables": tables}


CHAPTER = Chapter("data", "report/data.html.j2", build)
