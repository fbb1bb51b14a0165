"""The ranking of the strategies: rank, score, a bar per score, and the chart."""

from __future__ import annotations

import numpy as np

from analysis.results import Results

from .. import charts
from ..formatting import format_number, localize_digits
from ..strings import text_for
from .base import Chapter, Settings
from .labels import item_label, short_label

__all__ = ["CHAPTER", "build", "ranking_rows"]


def ranking_rows(results: Results, lang: str) -> list[dict]:
    """One row per strategy, best first (the summary prints the first three)."""
    order = np.argsort(results.ranks, kind="stable")
    top_score = float(results.strategy_scores.max()) if len(results.strategy_scores) else 1.0
    unrated = results.unrated_cells
    return [
        {
            "rank": localize_digits(str(int(results.ranks[k])), lang),
            "id": results.strategy_ids[k],
            "label": item_label(results, results.strategy_ids[k], lang),
            "score": format_number(results.strategy_scores[k], lang, 3),
            "bar": f"{100 * results.strategy_scores[k] / top_score:.1f}" if top_score > 0 else "0",
            "top": int(results.ranks[k]) == 1,
            "unrated": localize_digits(str(int(unrated[k])), lang),
        }
        for k in order
    ]


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    evaluation = "evaluation_ratings" if results.model_obj.evaluation == "ratings" else "evaluation_pairwise"
    unrated = int(results.unrated_cells.sum())
    return {
        "contents": [t["ranking"]],
        "rows": ranking_rows(results, lang),
        "note": t["ranking_note"].format(evaluation=t[evaluation]),
        # shown only when some strategy × factor cell went unrated, so a complete panel's table is as before
        "unrated": unrated > 0,
        "unrated_note": t["ranking_unrated_note"].format(count=localize_digits(str(unrated), lang)) if unrated else "",
        "charts": _charts(results, lang, settings.html_labels) if settings.charts else {},
    }


def _charts(results: Results, lang: str, html_labels: bool = True) -> dict[str, object]:
    order = np.argsort(results.ranks, kind="stable")
    bars = [
        charts.Bar(
            short_label(results, results.strategy_ids[k], lang),
            float(results.strategy_scores[k]),
            charts.HIGHLIGHT if int(results.ranks[k]) == 1 else charts.MUTED,
        )
        for k in order
    ]
    # Long bar labels are HTML printed over the chart (charts.bar_chart_html_labels):
    # far cheaper for WeasyPrint than SVG text.
    chart = charts.bar_chart_html_labels(bars, lang, width_cm=17, bar_height_cm=0.5, label_fraction=0.42, html_labels=html_labels)
    return {
        "strategies": chart["uri"],
        "strategies_labels": chart["labels"],
        "label_side": chart["side"],
        "alt_strategies": text_for(lang)["ranking"],
    }


CHAPTER = Chapter("ranking", "report/ranking.html.j2", build)
