"""Fuzzy AHP beside the crisp result: factor weights and strategy ranks by both, side by side.

Shown only when the analysis computed it (``AnalysisOptions.fuzzy``, kept in
``Results.fuzzy``).  The crisp numbers stay the report's result; this chapter
says how much they depend on reading each judgment as exact (Buckley's fuzzy
geometric mean on the same answers, :mod:`mcda.fuzzy`), and why Chang's
extent analysis was not used.
"""

from __future__ import annotations

import numpy as np

from analysis.results import Results

from ..formatting import format_number, localize_digits
from ..strings import text_for
from .base import Chapter, Settings
from .labels import item_label

__all__ = ["CHAPTER", "build"]

_KEYS = ("fuzzy", "fuzzy_note", "fuzzy_factors", "fuzzy_strategies", "fuzzy_local", "fuzzy_crisp_weight",
         "fuzzy_fuzzy_weight", "fuzzy_crisp_score", "fuzzy_crisp_rank", "fuzzy_fuzzy_score", "fuzzy_fuzzy_rank",
         "fuzzy_same", "fuzzy_differ", "fuzzy_chang", "fuzzy_centroid", "fuzzy_graded_mean")


def build(results: Results, lang: str, settings: Settings) -> dict | None:
    f = results.fuzzy
    if f is None:
        return None
    t = {key: text_for(lang)[key] for key in _KEYS}
    num = lambda x: format_number(x, lang, 3)
    rank = lambda r: localize_digits(str(int(r)), lang)
    sep = "، " if lang == "fa" else ", "
    group_of = [factor["group"] for factor in results.model["factors"]]
    local_fuzzy = {}
    for s in f.sets:
        if s.id.startswith("factors:"):
            local_fuzzy.update({item: s.fuzzy_weights[i] for i, item in enumerate(s.items)})
    factors = []
    for g in results.group_ids:
        rows = [{"id": fid, "label": item_label(results, fid, lang),
                 "local": "(" + sep.join(num(v) for v in local_fuzzy[fid]) + ")" if fid in local_fuzzy else "",
                 "crisp": num(results.global_factor_weights[k]), "fuzzy": num(f.global_factor_weights[k])}
                for k, fid in enumerate(results.factor_ids) if group_of[k] == g]
        factors.append({"id": g, "label": item_label(results, g, lang), "rows": rows})
    order = np.argsort(results.ranks, kind="stable")
    strategies = [{"id": results.strategy_ids[k], "label": item_label(results, results.strategy_ids[k], lang),
                   "crisp_score": num(results.strategy_scores[k]), "crisp_rank": rank(results.ranks[k]),
                   "fuzzy_score": num(f.strategy_scores[k]), "fuzzy_rank": rank(f.ranks[k]),
                   "moved": int(results.ranks[k]) != int(f.ranks[k])} for k in order]
    moved = sum(s["moved"] for s in strategies)
    first = lambda ranks: item_label(results, results.strategy_ids[int(np.argmin(ranks))], lang)
    verdict = t["fuzzy_same"] if moved == 0 else t["fuzzy_differ"].format(
        n=localize_digits(str(moved), lang), first=first(f.ranks), crisp_first=first(results.ranks))
    defuzzification = t["fuzzy_centroid" if f.defuzzification == "centroid" else "fuzzy_graded_mean"]
    return {
        "contents": [t["fuzzy"]],
        "t": t,
        "note": t["fuzzy_note"].format(defuzzification=defuzzification),
        "factors": factors,
        "strategies": strategies,
        "verdict": verdict,
        "chang": t["fuzzy_chang"],
    }


CHAPTER = Chapter("fuzzy", "report/fuzzy.html.j2", build)
