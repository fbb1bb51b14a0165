"""How robust the ranking is: rank acceptability (Monte Carlo), the weight changes
that change the top strategy, and other MCDA methods' rankings.

The section itself (wording, data, sweep charts, template) lives in
:mod:`reports.robustness`, which the scenario comparison shares; this chapter
puts it in the main report — or leaves it out when the analysis ran no
robustness check.
"""

from __future__ import annotations

from analysis.results import Results

from ..robustness import ROBUSTNESS_TEMPLATE, ROBUSTNESS_TEXT, robustness_context
from .base import Chapter, Settings

__all__ = ["CHAPTER", "build"]


def build(results: Results, lang: str, settings: Settings) -> dict | None:
    if results.robustness is None:
        return None
    section = robustness_context(
        results.robustness, results, lang, charts_enabled=settings.charts, section_class="chapter",
        title=ROBUSTNESS_TEXT[lang]["robustness_report"],
    )
    return {**section, "contents": [section["title"]]}


CHAPTER = Chapter("robustness", ROBUSTNESS_TEMPLATE, build)
