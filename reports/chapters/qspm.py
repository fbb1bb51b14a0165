"""A QSPM-style attractiveness table (David's Quantitative Strategic Planning Matrix).

The SWOT-AHP ratings of the strategies against each factor already measure
attractiveness: attractiveness_af = the strategy's aggregated local score on
factor f, weighted by the factor's global weight, summed over the factors.
The totals are the ranking's scores when the synthesis adds the local scores as
they are (raw ratings or distributive); the note says which.
"""

from __future__ import annotations

import numpy as np

from analysis.results import Results
from mcda.options import SYNTHESIS_MODES

from ..formatting import format_number
from ..strings import text_for
from .base import Chapter, Settings
from .council import contributions
from .labels import item_label, short_name

__all__ = ["CHAPTER", "build"]


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    num = lambda x: format_number(x, lang, 3)  # noqa: E731
    order = [int(k) for k in np.argsort(results.ranks, kind="stable")]
    local = np.asarray(results.strategy_local_scores)
    weighted = contributions(results)
    totals = weighted.sum(axis=1)
    groups = []
    for g in results.group_ids:
        rows = [
            {"id": f, "label": short_name(results, f, lang), "weight": num(results.global_factor_weights[j]),
             "cells": [{"as": num(local[k, j]), "tas": num(weighted[k, j])} for k in order]}
            for j, f in enumerate(results.factor_ids) if results.model["factors"][j]["group"] == g
        ]
        groups.append({"id": g, "label": item_label(results, g, lang), "rows": rows})
    synthesis = SYNTHESIS_MODES.label(results.options.get("synthesis", "raw"), lang)
    equal = bool(np.allclose(totals, results.strategy_scores, rtol=0, atol=1e-9))
    return {
        "contents": [t["qspm"]],
        "strategies": [{"id": results.strategy_ids[k], "label": short_name(results, results.strategy_ids[k], lang)}
                       for k in order],
        "groups": groups,
        "totals": [num(totals[k]) for k in order],
        "note": t["qspm_note"],
        "equal": (t["qspm_equal"] if equal else t["qspm_differ"]).format(synthesis=synthesis),
    }


CHAPTER = Chapter("qspm", "report/qspm.html.j2", build)
