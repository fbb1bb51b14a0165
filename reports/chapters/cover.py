"""The cover: goal, client, both calendars' dates, the panel, the model and the software.

Its contents line is every shown chapter's ``contents`` (``toc`` in the
context), so a new chapter appears there without touching the cover.
"""

from __future__ import annotations

from analysis.results import Results

from ..formatting import format_int, gregorian_date, jalali_date, localize_version
from ..strings import text_for
from .base import Chapter, Settings

__all__ = ["CHAPTER", "build"]


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    model = results.model_obj
    n_experts = len(results.experts)
    retained = sum(1 for e in results.experts if not e.excluded)
    return {
        "contents": [],
        "goal": model.goal_fa if lang == "fa" else model.goal_en,
        "client": settings.client,
        "date_gregorian": gregorian_date(settings.when, lang),
        "date_jalali": jalali_date(settings.when, lang),
        "panel": t["experts_n"].format(n=format_int(n_experts, lang)),
        "panel_used": t["experts_used"].format(n=format_int(retained, lang), total=format_int(n_experts, lang)),
        "model_version": localize_version(results.model_version, lang),
        "model_title": model.title_fa if lang == "fa" else model.title_en,
        "model_hash": results.model_hash,  # on the method page's choices table, not on the cover
    }


CHAPTER = Chapter("cover", "report/cover.html.j2", build)
