"""The weights: SWOT group weights (with inner dependence under ANP) and global factor weights."""

from __future__ import annotations

import numpy as np

from analysis.results import Results

from .. import charts
from ..formatting import format_number
from ..strings import text_for
from .base import Chapter, Settings
from .labels import item_label, short_label, short_name

__all__ = ["CHAPTER", "build", "group_rows"]


def group_rows(results: Results, lang: str) -> list[dict]:
    """One row per SWOT group with its factors (the summary prints them as the SWOT matrix)."""
    num = lambda x: format_number(x, lang, 3)
    groups = []
    for gi, g in enumerate(results.group_ids):
        factor_rows = [
            {
                "id": f,
                "label": item_label(results, f, lang),
                "short": short_name(results, f, lang),
                "local": num(results.local_factor_weights[k]),
                "global": num(results.global_factor_weights[k]),
            }
            for k, f in enumerate(results.factor_ids)
            if results.model["factors"][k]["group"] == g
        ]
        groups.append(
            {
                "id": g,
                "label": item_label(results, g, lang),
                "weight": num(results.group_weights[gi]),
                "weight_dependent": (
                    num(results.dependent_group_weights[gi]) if results.dependent_group_weights is not None else ""
                ),
                "colour": charts.group_colour(g, gi),
                "css": g.lower() if g in charts.GROUP_COLOURS else "other",
                "factors": factor_rows,
            }
        )
    return groups


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    groups = group_rows(results, lang)
    inner = None
    if results.inner_dependence is not None:
        inner = {
            "columns": list(results.group_ids),
            "rows": [[format_number(v, lang, 3) for v in row] for row in results.inner_dependence],
        }
    return {
        "contents": [t["weights"]],
        "groups": groups,
        "inner": inner,
        "charts": _charts(results, lang, groups, settings.html_labels) if settings.charts else {},
    }


def _charts(results: Results, lang: str, groups: list[dict], html_labels: bool = True) -> dict[str, object]:
    t = text_for(lang)
    colour_of = {g["id"]: g["colour"] for g in groups}
    group_bars = [charts.Bar(g["label"], float(w), g["colour"]) for g, w in zip(groups, results.group_weights)]
    order = np.argsort(-results.global_factor_weights, kind="stable")
    factor_bars = [
        charts.Bar(
            short_label(results, results.factor_ids[k], lang),
            float(results.global_factor_weights[k]),
            colour_of[results.model["factors"][k]["group"]],
        )
        for k in order
    ]
    legend = [(g["label"], g["colour"]) for g in groups]
    # Long bar labels are HTML printed over the chart (charts.bar_chart_html_labels):
    # far cheaper for WeasyPrint than SVG text.
    factors = charts.bar_chart_html_labels(
        factor_bars, lang, width_cm=17, bar_height_cm=0.42, label_fraction=0.42, legend=legend, html_labels=html_labels
    )
    return {
        "groups": charts.svg_data_uri(
            charts.bar_chart(group_bars, lang, width_cm=16, bar_height_cm=0.75, label_fraction=0.2)
        ),
        "factors": factors["uri"],
        "factors_labels": factors["labels"],
        "label_side": factors["side"],
        "alt_groups": t["group_weights"],
        "alt_factors": t["global_weights"],
    }


CHAPTER = Chapter("weights", "report/weights.html.j2", build)
