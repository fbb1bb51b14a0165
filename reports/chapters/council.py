"""The council's chapter, in plain words: what to do, why, how sure, and what would change it.

*Why* is exact: a strategy's score is Σ_f global weight_f × local score_af
(SWOT-AHP synthesis), so each factor's contribution_af = global weight_f ×
local score_af and the contributions add up to the score.  *How sure* is one
sentence from the Monte Carlo draws; *what would change it* reads the exact
crossing points of the one-way weight sweeps.  When a choice left experts out
of the calculation the chapter says so first, by name and reason.
"""

from __future__ import annotations

import numpy as np

from analysis.network import strategy_flows
from analysis.results import Results

from .. import charts
from ..formatting import format_int, format_number, format_percent
from ..robustness import _dethroner, _nearest_top_change
from ..strings import text_for
from .base import Chapter, Settings
from .labels import item_label, named, set_title, short_label, short_name
from .position import council_sentence

__all__ = ["CHAPTER", "build", "contributions", "exclusion_lines"]

_TOP = 3  # strategies the council reads about
_FACTORS_IN_SENTENCE = 3
_FACTORS_IN_CHART = 6


def contributions(results: Results) -> np.ndarray:
    """``(strategies, factors)``: global factor weight × the strategy's local score; rows sum to the scores
    in raw and distributive synthesis (the ideal mode rescales the local scores the same way).

    An unrated cell contributes 0 and the strategy's rated contributions are divided by the weight it
    was rated on, as its score was renormalised (mcda.synthesize), so rows still sum to the scores.

    For a factor network (``results.network``) a strategy's score is the flow into it in the limit: factor f
    gives it the weighted supermatrix's entry W[P, f] × f's limit priority, over the strategies' total, so
    rows again sum to the scores."""
    if results.network is not None:
        flows = strategy_flows(results.network, results.factor_ids, results.strategy_ids)
        return flows * np.asarray(results.global_factor_weights)[None, :]
    local = np.asarray(results.strategy_local_scores)
    g = np.asarray(results.global_factor_weights)[None, :]
    unrated = np.isnan(local)
    if not unrated.any():
        return local * g
    rated_weight = np.where(unrated, 0.0, g).sum(axis=1, keepdims=True)
    return np.where(unrated, 0.0, np.where(unrated, 0.0, local) * g / np.where(rated_weight > 0, rated_weight, 1.0))


def exclusion_lines(results: Results, lang: str) -> list[str]:
    """Who was left out of the aggregation and why, and a warning past a third of the panel."""
    t = text_for(lang)
    left_out = [e for e in results.experts if e.excluded]
    if not left_out:
        return []
    sep = "، " if lang == "fa" else "; "
    who = sep.join(t["council_excluded_names"].format(name=e.name or e.id, reason=_reason(results, e.id, lang))
                   for e in left_out)
    lines = [t["council_excluded"].format(n=format_int(len(left_out), lang), total=format_int(len(results.experts), lang), who=who)]
    if len(left_out) > len(results.experts) / 3:
        lines.append(t["council_excluded_third"].format(kept=format_int(len(results.experts) - len(left_out), lang)))
    return lines


def _reason(results: Results, expert_id: str, lang: str) -> str:
    """Why an expert was left out, in the reader's words: the comparison sets over the CR threshold."""
    e = results.expert_ids.index(expert_id)
    threshold = float(results.options["cr_threshold"])
    over = [f"{set_title(results, s.id, lang, short=True)} {format_number(s.cr[e], lang, 2)}"
            for s in results.sets if np.isfinite(s.cr[e]) and s.cr[e] > threshold]
    sep = "، " if lang == "fa" else ", "
    return f"{text_for(lang)['cr_word']}: " + sep.join(over)


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    num = lambda x: format_number(x, lang, 3)  # noqa: E731
    order = [int(k) for k in np.argsort(results.ranks, kind="stable")][:_TOP]
    parts = contributions(results)
    recommended, why, figures = [], [], []
    for k in order:
        sid = results.strategy_ids[k]
        score = float(results.strategy_scores[k])
        recommended.append({"rank": format_int(int(results.ranks[k]), lang), "id": sid,
                            "label": item_label(results, sid, lang), "score": num(score)})
        biggest = np.argsort(-parts[k], kind="stable")
        head = biggest[:_FACTORS_IN_SENTENCE]
        share = float(parts[k, head].sum() / score) if score > 0 else float("nan")
        sep = "، " if lang == "fa" else ", "
        why.append(t["council_why_line"].format(
            s=named(results, sid, lang), score=num(score), share=format_percent(share, lang),
            factors=sep.join(f"{short_name(results, results.factor_ids[f], lang)} ({num(parts[k, f])})" for f in head)))
        if settings.charts:
            bars = [charts.Bar(short_label(results, results.factor_ids[f], lang), float(parts[k, f]),
                               charts.group_colour(results.model["factors"][f]["group"], 0))
                    for f in biggest[:_FACTORS_IN_CHART]]
            chart = charts.bar_chart_html_labels(bars, lang, width_cm=17, bar_height_cm=0.42, label_fraction=0.45, html_labels=settings.html_labels)
            figures.append({"title": named(results, sid, lang), "uri": chart["uri"], "labels": chart["labels"],
                            "side": chart["side"]})
    return {
        "contents": [t["council"]],
        "excluded": exclusion_lines(results, lang),
        "recommended": recommended,
        "why": why,
        "figures": figures,
        "sure": _how_sure(results, lang),
        "position": council_sentence(results, lang),
        "change": _what_would_change(results, lang),
    }


def _how_sure(results: Results, lang: str) -> str:
    t = text_for(lang)
    rob = results.robustness
    mc = rob.monte_carlo if rob is not None else None
    if mc is None:
        return t["council_sure_none"]
    top = results.strategy_ids[int(np.argmin(results.ranks))]
    a = mc.strategy_ids.index(top)
    others = [b for b in np.argsort(-mc.p_first, kind="stable") if b != a and mc.p_first[b] > 0]
    if not others:
        return t["council_sure_mc_alone"].format(s=named(results, top, lang), p=format_percent(mc.p_first[a], lang),
                                                 draws=format_int(mc.draws, lang))
    b = int(others[0])
    return t["council_sure_mc"].format(s=named(results, top, lang), p=format_percent(mc.p_first[a], lang),
                                       draws=format_int(mc.draws, lang), runner=named(results, mc.strategy_ids[b], lang),
                                       p2=format_percent(mc.p_first[b], lang))


def _what_would_change(results: Results, lang: str) -> list[str]:
    """The nearest group-weight and factor-weight changes that put another strategy first."""
    t = text_for(lang)
    num = lambda x: format_number(x, lang, 3)  # noqa: E731
    rob = results.robustness
    if rob is None:
        return [t["council_sure_none"]]
    top = results.strategy_ids[int(np.argmin(results.ranks))]
    lines = []
    nearest = _nearest_top_change(rob.group_sweep)
    if nearest is not None:
        point = nearest[1]
        lines.append(t["council_change_group"].format(
            group=item_label(results, point.item, lang), base=num(point.base_weight), at=num(point.weight),
            after=named(results, _dethroner(point, top), lang)))
    if rob.factor_sweep is not None:
        nearest = _nearest_top_change(rob.factor_sweep)
        if nearest is not None:
            point = nearest[1]
            lines.append(t["council_change_factor"].format(
                factor=short_name(results, point.item, lang), base=num(point.base_weight), at=num(point.weight),
                after=named(results, _dethroner(point, top), lang)))
    return lines or [t["council_change_none"]]


CHAPTER = Chapter("council", "report/council.html.j2", build)
