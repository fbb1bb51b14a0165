"""The report's chapters, one module each, in the order the report prints them.

Adding a chapter is one module (a ``build(results, lang, settings)`` returning
its data or ``None``, and ``CHAPTER = Chapter(name, template, build)``), one
line in :data:`CHAPTERS` and its template; ``report/report.html.j2`` loops
over the chapters and the cover lists their headings.
"""

from __future__ import annotations

from . import (consistency, council, cover, data, fuzzy, glossary, method, network, position, qspm, ranking, robustness,
               summary, tows, weights)
from .base import Chapter, Settings

__all__ = ["CHAPTERS", "Chapter", "Settings"]

CHAPTERS: list[Chapter] = [
    cover.CHAPTER,
    council.CHAPTER,
    summary.CHAPTER,
    weights.CHAPTER,
    network.CHAPTER,
    ranking.CHAPTER,
    tows.CHAPTER,
    position.CHAPTER,
    qspm.CHAPTER,
    robustness.CHAPTER,
    fuzzy.CHAPTER,
    consistency.CHAPTER,
    method.CHAPTER,
    data.CHAPTER,
    glossary.CHAPTER,
]
