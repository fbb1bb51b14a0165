"""The glossary appendix: every technical term the report uses, in plain words.

One entry per term, both languages (the ``glossary.<key>.term`` and
``.meaning`` entries of the message catalogue, :mod:`criteria.catalogue`);
``network`` entries (ANP) are shown only for SWOT-ANP results.  The web pages can show the same explanations on hover
by reading :data:`GLOSSARY`.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.results import Results
from criteria.catalogue import texts

from ..strings import text_for
from .base import Chapter, Settings

__all__ = ["CHAPTER", "GLOSSARY", "Term", "build"]


@dataclass(frozen=True, slots=True)
class Term:
    term_en: str
    term_fa: str
    meaning_en: str
    meaning_fa: str
    network: bool = False  # only for SWOT-ANP results
    robustness: bool = False  # only when the analysis ran the robustness check
    position: bool = False  # only when the results carry the IFE / EFE (current-position ratings)


#: the terms in the order shown, each with when it is shown (only for SWOT-ANP results, with the robustness check,
#: or with the current-position ratings); the words are the catalogue's ``glossary.<key>.term`` / ``.meaning``
_TERMS: tuple[tuple[str, set[str]], ...] = (
    ("swot", set()),
    ("ahp", set()),
    ("anp", {"network"}),
    ("pairwise", set()),
    ("eigenvector", set()),
    ("geometric_mean", set()),
    ("global_weight", set()),
    ("cr", set()),
    ("gci", set()),
    ("aggregation", set()),
    ("s_star", set()),
    ("kendall_w", set()),
    ("rank_correlation", {"robustness"}),
    ("monte_carlo", {"robustness"}),
    ("bootstrap", {"robustness"}),
    ("acceptability", {"robustness"}),
    ("sweeps", {"robustness"}),
    ("methods", {"robustness"}),
    ("tows", set()),
    ("qspm", set()),
    ("ife_efe", {"position"}),
    ("ie_matrix", {"position"}),
    ("position", {"position"}),
)
_WORDS = texts("glossary")

GLOSSARY: tuple[Term, ...] = tuple(
    Term(_WORDS["en"][f"{key}.term"], _WORDS["fa"][f"{key}.term"], _WORDS["en"][f"{key}.meaning"],
         _WORDS["fa"][f"{key}.meaning"], network="network" in shown, robustness="robustness" in shown,
         position="position" in shown)
    for key, shown in _TERMS
)


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    rows = [
        {"term": term.term_fa if lang == "fa" else term.term_en, "meaning": term.meaning_fa if lang == "fa" else term.meaning_en}
        for term in GLOSSARY
        if (results.is_network or not term.network) and (results.robustness is not None or not term.robustness)
        and (results.position is not None or not term.position)
    ]
    return {"contents": [t["glossary"]], "note": t["glossary_note"], "rows": rows}


CHAPTER = Chapter("glossary", "report/glossary.html.j2", build)
