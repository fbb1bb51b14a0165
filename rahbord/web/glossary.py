"""The report's glossary on the web pages: a term a page shows (CR, S*, Kendall's W, Monte Carlo …) explained
on hover, keyboard focus and tap, in the page's language, from :data:`reports.chapters.glossary.GLOSSARY`
(one text for the report's appendix and the pages).

The explanation is a small button beside the term with a ``role="tooltip"`` text it
``aria-describedby``s: style.css shows it on hover and focus, app.js toggles it on a tap
and hides it on Escape (no inline script or style: the pages' CSP allows none).
"""

from __future__ import annotations

import itertools

from markupsafe import Markup

from criteria.catalogue import pgettext
from reports.chapters.glossary import GLOSSARY

__all__ = ["TERMS", "explain", "explanation"]

#: a page's name for a term → the glossary entry (its English term) that explains it
TERMS = {
    "cr": "CR (consistency ratio)",
    "s_star": "S* (consensus)",
    "kendall_w": "Kendall's W",
    "rank_correlation": "Rank correlation (r_w, Kendall's τ)",
    "monte_carlo": "Monte Carlo simulation",
    "bootstrap": "Bootstrap",
    "acceptability": "Rank acceptability",
    "sweeps": "One-way sensitivity, crossing point",
    "methods": "Other MCDA methods (TOPSIS, VIKOR, PROMETHEE …)",
    "aggregation": "AIJ, AIP",
    "global_weight": "Local and global weight",
}
_BY_TERM = {term.term_en: term for term in GLOSSARY}
_ids = itertools.count(1)


def explanation(key: str, lang: str) -> str:
    """The glossary's plain-words meaning of ``key`` (a key of :data:`TERMS`) in ``lang``."""
    term = _BY_TERM[TERMS[key]]
    return term.meaning_fa if lang == "fa" else term.meaning_en


def explain(key: str, lang: str) -> Markup:
    """A small "what is this?" button with the term's meaning as its accessible tooltip."""
    tip = f"gloss-{key}-{next(_ids)}"
    lang = "fa" if lang == "fa" else "en"
    label, mark = pgettext("web.gloss_what", lang), pgettext("web.gloss_mark", lang)
    return Markup('<span class="gloss"><button type="button" class="gloss-button" aria-describedby="{tip}" '
                  'aria-expanded="false" aria-label="{label}">{mark}</button>'
                  '<span role="tooltip" class="gloss-tip" id="{tip}">{text}</span></span>').format(
        tip=tip, label=label, mark=mark, text=explanation(key, lang))
