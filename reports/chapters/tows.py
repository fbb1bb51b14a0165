"""The TOWS matrix (Weihrich 1982): the strategies by quadrant, SO / WO / ST / WT, with rank and score.

The quadrants come from the model (``Strategy.tows``, with the factors each
strategy builds on or answers and a stated reason); the chapter says plainly
when the model has no TOWS types.
"""

from __future__ import annotations

from analysis.results import Results
from criteria.model import TOWS_TYPES

from ..formatting import format_int, format_number
from ..strings import text_for, tows_name
from .base import Chapter, Settings
from .labels import item_label, named, short_name

__all__ = ["CHAPTER", "build"]


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    model = results.model_obj
    if not model.has_tows:
        return {"contents": [t["tows"]], "absent": t["tows_absent"], "cells": {}, "reasons": [], "unclassified": ""}
    index = {sid: k for k, sid in enumerate(results.strategy_ids)}
    sep = "، " if lang == "fa" else ", "

    def entry(strategy) -> dict:
        k = index[strategy.id]
        return {"id": strategy.id, "label": short_name(results, strategy.id, lang),
                "rank": format_int(int(results.ranks[k]), lang), "score": format_number(results.strategy_scores[k], lang, 3),
                "sort": int(results.ranks[k])}

    cells = {}
    for tows in TOWS_TYPES:
        members = sorted((entry(s) for s in model.strategies_of_type(tows)), key=lambda e: e["sort"])
        cells[tows] = members
    types = dict(zip(TOWS_TYPES, t["tows_types"].split("|")))
    reasons = [
        {"id": s.id, "label": item_label(results, s.id, lang), "tows": tows_name(s.tows, lang), "type": types[s.tows],
         "factors": sep.join(f"{short_name(results, f, lang)} ({f})" for f in s.tows_factors),
         "reason": s.tows_reason_fa if lang == "fa" else s.tows_reason_en,
         "rank": format_int(int(results.ranks[index[s.id]]), lang)}
        for s in sorted((s for s in model.strategies if s.tows), key=lambda s: int(results.ranks[index[s.id]]))
    ]
    loose = [named(results, s.id, lang) for s in model.strategies if not s.tows]
    return {
        "contents": [t["tows"]],
        "absent": "",
        "cells": cells,
        "heads": {g: item_label(results, g, lang) if g in results.group_ids else g for g in "SWOT"},
        "quads": {code: tows_name(code, lang) for code in TOWS_TYPES},
        "types": types,
        "reasons": reasons,
        "unclassified": t["tows_unclassified"].format(names=sep.join(loose)) if loose else "",
    }


CHAPTER = Chapter("tows", "report/tows.html.j2", build)
