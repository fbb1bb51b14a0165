"""What a report chapter is: a name, a template and a builder.

A builder turns :class:`analysis.results.Results` into the plain data its
template prints (numbers already formatted in the reader's digits), or returns
``None`` when the chapter has nothing to show for these results (e.g. the
robustness chapter of an analysis run without Monte Carlo draws).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from analysis.results import Results

__all__ = ["Chapter", "Settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    """What the report was asked for, the same for every chapter (none of it changes a number)."""

    title: str  # the report's title (the model's title unless the user gave one)
    client: str  # the organisation the report is prepared for; "" when not given
    when: date  # the report's date
    charts: bool = True  # draw the charts (tests of the numbers switch them off)
    html_labels: bool = True  # long bar labels as HTML over the chart (PDF); False draws them in the SVG (DOCX)


@dataclass(frozen=True, slots=True)
class Chapter:
    """One chapter of the report.

    ``build(results, lang, settings)`` returns the chapter's data or ``None``
    (chapter not shown).  The data is in the template context under ``name``
    (the template reads ``{{ ranking.note }}``) and must carry ``contents``:
    the headings the cover lists for it, in order.
    """

    name: str
    template: str
    build: Callable[[Results, str, Settings], dict | None]

    def __repr__(self) -> str:
        return f"Chapter({self.name!r}, {self.template!r})"
