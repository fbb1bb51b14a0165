"""Consistency and consensus: every expert's CR and GCI per comparison set, who was
excluded and why, and the panel's agreement per set (Goepel's S*, Kendall's W)."""

from __future__ import annotations

import numpy as np

import mcda
from analysis.results import Results

from ..formatting import format_number
from ..strings import text_for
from .base import Chapter, Settings
from .labels import set_title

__all__ = ["CHAPTER", "CONSENSUS_BOUNDS", "build", "consensus_band", "excluded_experts"]

# Goepel (2013, 2018): S* < 0.5 very low, < 0.625 low, < 0.75 moderate, < 0.875 high, else very high.
CONSENSUS_BOUNDS = (0.5, 0.625, 0.75, 0.875)

_SETS_PER_TABLE = 7  # wider tables do not fit A4 portrait


def consensus_band(s_star: float, lang: str) -> str:
    """Goepel's words for a consensus S* (very low … very high)."""
    words = text_for(lang)["consensus_bands"].split("|")
    return words[sum(s_star >= b for b in CONSENSUS_BOUNDS)]


def excluded_experts(results: Results, lang: str) -> list[dict]:
    """The experts left out of the aggregation, each with the sets that made them inconsistent."""
    sep = "، " if lang == "fa" else ", "
    return [
        {
            "id": e.id,
            "name": e.name,
            "reason": sep.join(
                f"{set_title(results, s.id, lang, short=True)}: {text_for(lang)['cr_word']} "
                f"{format_number(s.cr[k], lang, 3)}"
                for s in results.sets
                if not s.consistent[k]
            ),
        }
        for k, e in enumerate(results.experts)
        if e.excluded
    ]


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    opts = results.options
    num = lambda x: format_number(x, lang, 3)
    sets = list(results.sets)
    tables = []
    for start in range(0, len(sets), _SETS_PER_TABLE):
        chunk = sets[start : start + _SETS_PER_TABLE]
        rows = [
            {
                "id": e.id,
                "name": e.name,
                "role": e.role,
                "excluded": e.excluded,
                "cells": [
                    {
                        "cr": num(s.cr[k]),
                        "gci": num(s.gci[k]),
                        "flag": not bool(s.consistent[k]),
                        "partial": int(s.answered[k]) < s.n_pairs,
                    }
                    for s in chunk
                ],
            }
            for k, e in enumerate(results.experts)
        ]
        headers = [
            {"short": set_title(results, s.id, lang, short=True), "title": set_title(results, s.id, lang)}
            for s in chunk
        ]
        tables.append({"headers": headers, "rows": rows})
    consensus = [
        {
            "title": set_title(results, s.id, lang),
            "items": ", ".join(s.items),
            "s_star": num(s.s_star),
            "band": consensus_band(s.s_star, lang) if np.isfinite(s.s_star) else "",
            "kendall_w": num(s.kendall_w),
            "aggregated_cr": num(s.aggregated_cr) if s.aggregated_cr is not None else "–",
        }
        for s in sets
    ]
    return {
        "contents": [t["consistency"], t["consensus"]],
        "note": t["consistency_note"].format(
            ri=mcda.RI_TABLES.label(opts["ri_table"], lang), threshold=format_number(opts["cr_threshold"], lang, 2)
        ),
        "tables": tables,
        "excluded": excluded_experts(results, lang),
        "exclude_mode": bool(opts["exclude_inconsistent"]),
        "consensus": consensus,
    }


CHAPTER = Chapter("consistency", "report/consistency.html.j2", build)
