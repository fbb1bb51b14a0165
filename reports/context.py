"""Results → the plain data a report template prints (dicts, lists, strings).

The report is a list of chapters (:data:`reports.chapters.CHAPTERS`), each
built by its own module; :func:`build_context` adds what every page needs
(language, direction, wording, title) and loops over them.  All numbers are
formatted by the chapters, in the reader's digits; the templates only loop and
place strings (style.md §10).  User text (labels, expert names) stays plain
``str``: Jinja2's autoescaping makes it inert in HTML and PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from analysis.results import Results
from mcda.errors import ReportError

from .chapters import CHAPTERS, Chapter, Settings
from .chapters.consistency import CONSENSUS_BOUNDS
from .chapters.method import REFERENCES
from .formatting import software_label
from .strings import text_for

__all__ = ["CONSENSUS_BOUNDS", "REFERENCES", "build_context"]

# Keys of the context outside the chapters; no chapter may take one of these names.
_FRAME_KEYS = frozenset({"lang", "dir", "t", "title", "kind", "software", "chapters", "toc", "charts", "robust_lines"})


def build_context(
    results: Results,
    lang: str = "fa",
    *,
    title: str | None = None,
    client: str | None = None,
    when: date | datetime | None = None,
    charts_enabled: bool = True,
    html_labels: bool = True,
    chapters: Sequence[Chapter] | None = None,
) -> dict:
    """Everything the report templates print, formatted for ``lang``.

    ``title`` defaults to the model title; ``client`` (the organisation the
    report is prepared for) is optional; ``when`` defaults to today;
    ``chapters`` defaults to :data:`reports.chapters.CHAPTERS`.

    Each chapter's data is under its name (``None`` when it is not shown);
    ``chapters`` lists the shown ones (``name``, ``template``, ``contents``) in
    order and ``toc`` their headings for the cover.  ``charts`` gathers every
    chapter's charts by name (the web results page shows them without the
    report).
    """
    t = text_for(lang)
    model = results.model_obj
    settings = Settings(
        title=title or (model.title_fa if lang == "fa" else model.title_en),
        client=client or "",
        when=when or date.today(),
        charts=charts_enabled,
        html_labels=html_labels,
    )
    context: dict = {
        "lang": lang,
        "dir": "rtl" if lang == "fa" else "ltr",
        "t": t,
        "title": settings.title,
        "kind": t["report_kind_anp"] if results.is_network else t["report_kind"],
        "software": software_label(results.software_version, lang),
    }
    shown = []
    for chapter in CHAPTERS if chapters is None else chapters:
        if chapter.name in _FRAME_KEYS or chapter.name in context:
            raise ReportError(
                f"report chapter {chapter.name!r} ({chapter.template}) takes a name already in the report's "
                f"context; give it another name (taken: {', '.join(sorted(_FRAME_KEYS | context.keys()))})"
            )
        data = chapter.build(results, lang, settings)
        context[chapter.name] = data
        if data is not None:
            shown.append({"name": chapter.name, "template": chapter.template, "contents": list(data["contents"])})
    context["chapters"] = shown
    context["toc"] = [heading for entry in shown for heading in entry["contents"]]
    context["charts"] = {
        key: value for entry in shown for key, value in (context[entry["name"]].get("charts") or {}).items()
    }
    summary = context.get("summary")
    context["robust_lines"] = summary["robust_lines"] if summary else []  # the flat name callers read before chapters
    return context
