"""What-if sliders: the SWOT group weights (or one factor's weight) moved, the ranking recomputed in the page.

A strategy's score is linear in the weights, ``s = w · C`` (Triantaphyllou &
Sánchez 1997, :mod:`mcda.sweeps`), and the run's robustness results keep
``C`` exactly: a sweep's ``at_one[k]`` is every strategy's score when weight
``k`` holds everything, i.e. row ``k`` of ``C`` (for the groups it already
includes each group's local factor weights, the strategies' local scores and,
under SWOT-ANP, the inner dependence).  So the page needs only these few dozen
numbers to recompute the ranking exactly for any weights: moving one weight to
``t`` rescales the others in proportion, as the sweeps do, and the top
strategy changes exactly at the sweeps' crossing points, which are marked on
each slider's track.  A group slider and the factor slider are one-way each:
moving one puts the other back at the analysis' weights.
"""

from __future__ import annotations

import json

import numpy as np

__all__ = ["what_if_view"]


def _marks(sweep, item: str, label) -> list[dict]:
    return [{"at": float(c.weight), "before": label(c.above_before), "after": label(c.above_after)}
            for c in sweep.top_changes if c.item == item]


def what_if_view(results, lang: str) -> dict | None:
    """The sliders' data for the results page (None when the run has no sweeps to take them from)."""
    robustness = getattr(results, "robustness", None)
    groups, factors = getattr(robustness, "group_sweep", None), getattr(robustness, "factor_sweep", None)
    if groups is None or factors is None or len(results.strategy_ids) < 2:
        return None
    model = results.model_obj

    def label(item: str) -> str:
        return model.label(item, lang)

    data = {
        "strategies": [label(s) for s in results.strategy_ids],
        "groups": {"base": groups.base_weights.tolist(), "contrib": groups.at_one.tolist(),
                   "labels": [label(g) for g in groups.item_ids],
                   "marks": [_marks(groups, g, label) for g in groups.item_ids]},
        "factors": {"base": factors.base_weights.tolist(), "contrib": factors.at_one.tolist(),
                    "labels": [label(f) for f in factors.item_ids],
                    "marks": [_marks(factors, f, label) for f in factors.item_ids]},
    }
    base = np.asarray(groups.base_weights) @ np.asarray(groups.at_one)
    return {
        "json": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        "groups": [{"k": k, "label": data["groups"]["labels"][k], "base": w, "marks": data["groups"]["marks"][k]}
                   for k, w in enumerate(data["groups"]["base"])],
        "factors": [{"k": k, "label": data["factors"]["labels"][k], "base": w}
                    for k, w in enumerate(data["factors"]["base"])],
        "ranking": sorted(({"k": a, "label": data["strategies"][a], "score": float(s)} for a, s in enumerate(base)),
                          key=lambda row: -row["score"]),
        "locale": "fa-IR" if lang == "fa" else "en-US",
    }
