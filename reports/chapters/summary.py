"""The executive summary: the top three strategies, how sure the first place is,
the panel and its consistency in a few sentences, and the SWOT matrix."""

from __future__ import annotations

import numpy as np

from analysis.results import Results

from ..formatting import format_int, format_number, format_percent, localize_digits
from ..robustness import robustness_lines
from ..strings import text_for
from .base import Chapter, Settings
from .consistency import consensus_band
from .council import exclusion_lines
from .ranking import ranking_rows
from .weights import group_rows

__all__ = ["CHAPTER", "build"]


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    groups = group_rows(results, lang)
    rob = results.robustness
    return {
        "contents": [t["summary"], t["swot_matrix"]],
        "top": _top(results, lang),
        "robust_lines": robustness_lines(rob, results, lang) if rob is not None else [],
        "lines": _lines(results, lang, groups),
        "notes": [localize_digits(n, lang) for n in results.notes],
        "swot_rows": [groups[i : i + 2] for i in range(0, len(groups), 2)],
    }


def _top(results: Results, lang: str) -> list[dict]:
    """The first three strategies, each with its share of first places when a Monte Carlo was run."""
    t = text_for(lang)
    mc = results.robustness.monte_carlo if results.robustness is not None else None
    top = []
    for row in ranking_rows(results, lang)[:3]:
        p_first = ""
        if mc is not None and row["id"] in mc.strategy_ids:
            p_first = t["kpi_p_first"].format(p=format_percent(mc.p_first[mc.strategy_ids.index(row["id"])], lang))
        top.append({**row, "p_first": p_first})
    return top


def _lines(results: Results, lang: str, groups: list[dict]) -> list[str]:
    t = text_for(lang)
    num = lambda x: format_number(x, lang, 3)
    sep = "، " if lang == "fa" else ", "
    sets = results.sets
    threshold = format_number(results.options["cr_threshold"], lang, 2)
    n_ratings = len(results.strategy_ids) * len(results.factor_ids) if results.model_obj.evaluation == "ratings" else 0
    pairs = sum(s.n_pairs for s in sets)
    lines = [t["summary_asked"].format(n=format_int(len(results.experts), lang), pairs=format_int(pairs, lang),
                                       ratings=format_int(n_ratings, lang))]
    # what each expert actually answered (a blank is not a judgment)
    answered = np.sum([np.asarray(s.answered) for s in sets], axis=0) if sets else np.zeros(0)
    blanks = [(e, pairs - int(answered[i])) for i, e in enumerate(results.experts) if int(answered[i]) < pairs]
    if blanks:
        lines.append(t["summary_blanks"].format(who=sep.join(
            t["summary_blank_one"].format(name=e.name or e.id, k=format_int(k, lang), pairs=format_int(pairs, lang))
            for e, k in blanks)))
    elif pairs:
        lines.append(t["summary_all_answered"])
    lines.extend(exclusion_lines(results, lang))
    n_matrices = sum(len(s.cr) for s in sets)
    n_ok = sum(int(np.sum(s.consistent)) for s in sets)
    share = format_percent(n_ok / n_matrices if n_matrices else float("nan"), lang)
    aggregated_crs = [s.aggregated_cr for s in sets if s.aggregated_cr is not None and s.n_pairs >= 3]
    if aggregated_crs:
        lines.append(t["summary_consistency"].format(
            share=share, threshold=threshold, low=num(min(aggregated_crs)), high=num(max(aggregated_crs))))
    else:
        lines.append(t["summary_consistency_aip"].format(share=share, threshold=threshold))
    group_set = results.set("groups")
    if np.isfinite(group_set.s_star):
        lines.append(t["summary_consensus"].format(
            s_star=num(group_set.s_star), band=consensus_band(group_set.s_star, lang)))
    lines.append(t["summary_groups"].format(groups=sep.join(f"{g['label']} {g['weight']}" for g in groups)))
    return lines


CHAPTER = Chapter("summary", "report/summary.html.j2", build)
