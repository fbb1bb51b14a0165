"""What-if sliders: the SWOT group weights and the factors' weights within their groups, moved together, the
ranking recomputed in the page from the exact synthesis.

The synthesis (:func:`mcda.synthesize`; Kurttila et al. 2000): a factor's
global weight is its group's weight × its local weight within the group,
``g_f = w_{group(f)} · l_f`` (under SWOT-ANP the group weights first pass
through the inner dependence, ``W2 · w``), and a strategy's score is
``s = Σ_f g_f · x_f``.  The run's factor sweep keeps ``x_f`` exactly (its
``at_one[f]`` is every strategy's score when factor ``f`` holds everything;
Triantaphyllou & Sánchez 1997, :mod:`mcda.sweeps`), and the local weights are
the global ones divided by their group's total, so the page needs only these
numbers to recompute the ranking for any group and local weights.

Both kinds of slider hold state, and each keeps its place when another moves:
a group slider moved to ``t`` rescales the other groups in proportion (the
sweeps' rule), a factor's slider (its weight within its group) rescales the
other factors of that group.  The score is a straight line in the weight a
slider moves, so the points where the leading strategy changes are found
exactly, for the weights set now, and marked on the tracks; at the analysis'
weights they are the sweeps' crossing points.
"""

from __future__ import annotations

import json

import numpy as np

__all__ = ["what_if_view"]


def _marks(sweep, item: str, label) -> list[dict]:
    return [{"at": float(c.weight), "before": label(c.above_before), "after": label(c.above_after)}
            for c in sweep.top_changes if c.item == item]


def _factor_groups(results) -> list[int]:
    """Each factor's group, as an index into ``results.group_ids`` (model order)."""
    return [results.group_ids.index(f["group"]) for f in results.model["factors"]]


def what_if_view(results, lang: str) -> dict | None:
    """The sliders' data for the results page (None when the run has no sweeps to take them from)."""
    robustness = getattr(results, "robustness", None)
    groups, factors = getattr(robustness, "group_sweep", None), getattr(robustness, "factor_sweep", None)
    if groups is None or factors is None or len(results.strategy_ids) < 2:
        return None
    model = results.model_obj

    def label(item: str) -> str:
        return model.label(item, lang)

    group_of = np.asarray(_factor_groups(results))
    global_weights = np.asarray(factors.base_weights, dtype=float)
    group_totals = np.bincount(group_of, weights=global_weights, minlength=len(groups.item_ids))
    sizes = np.bincount(group_of, minlength=len(groups.item_ids))
    # within a group the analysis left at zero weight, its factors share alike (nothing to read them from)
    local = np.divide(global_weights, group_totals[group_of], out=1.0 / sizes[group_of],
                      where=group_totals[group_of] > 0)
    # a factor network's sweeps move its limit weights with the links held fixed (analysis.robustness): no W2 then
    inner = results.inner_dependence if getattr(results, "network", None) is None else None
    data = {
        "strategies": [label(s) for s in results.strategy_ids],
        "groups": {"base": groups.base_weights.tolist(), "contrib": groups.at_one.tolist(),
                   "labels": [label(g) for g in groups.item_ids],
                   "marks": [_marks(groups, g, label) for g in groups.item_ids]},
        "factors": {"base": factors.base_weights.tolist(), "contrib": factors.at_one.tolist(),
                    "labels": [label(f) for f in factors.item_ids],
                    "marks": [_marks(factors, f, label) for f in factors.item_ids],
                    "group": group_of.tolist(), "local": local.tolist()},
        "inner": None if inner is None else np.asarray(inner, dtype=float).tolist(),
    }
    base = np.asarray(groups.base_weights) @ np.asarray(groups.at_one)
    return {
        "json": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        "groups": [{"k": k, "label": data["groups"]["labels"][k], "base": w, "marks": data["groups"]["marks"][k]}
                   for k, w in enumerate(data["groups"]["base"])],
        "factors": [{"k": k, "label": data["factors"]["labels"][k], "base": w, "local": float(local[k]),
                     "group": data["groups"]["labels"][group_of[k]], "alone": bool(sizes[group_of[k]] == 1)}
                    for k, w in enumerate(data["factors"]["base"])],
        "factor_groups": [{"label": data["groups"]["labels"][g],
                           "factors": [k for k in range(len(group_of)) if group_of[k] == g]}
                          for g in range(len(groups.item_ids)) if sizes[g]],
        "ranking": sorted(({"k": a, "label": data["strategies"][a], "score": float(s)} for a, s in enumerate(base)),
                          key=lambda row: -row["score"]),
        "locale": "fa-IR" if lang == "fa" else "en-US",
    }
