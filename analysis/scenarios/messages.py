"""What the scenario checker says, in the language of whoever reads it (the web form in Persian, files and the CLI
in English).

Each entry is ``(message, expected)``, worded in the message catalogue
(``criteria/locale``, entries ``scenario.<key>.message`` / ``.expected``; see
:mod:`criteria.catalogue` for how to add one).  The checks a planner meets in the web
scenario form are worded in both languages; the rarer ones of a hand-written
YAML file are English.  Ids (``E001``, ``S``) are shown as they are; whole
numbers in a Persian message take Persian digits.
"""

from __future__ import annotations

from criteria.catalogue import problem_texts
from mcda.digits import localize_digits

__all__ = ["SCENARIO_TEXT", "scenario_text"]

#: key → ``(message, expected)`` per language, from the catalogue's ``scenario.*`` entries (:mod:`criteria.catalogue`)
SCENARIO_TEXT: dict[str, dict[str, tuple[str, str]]] = problem_texts("scenario")


def scenario_text(key: str, lang: str, **values) -> tuple[str, str]:
    """``(message, expected)`` for ``key`` in ``lang`` (English when unknown); in Persian, numbers take Persian
    digits and lists the Persian comma."""
    if lang == "fa" and isinstance(values.get("total"), str):
        values["total"] = localize_digits(values["total"].replace(".", "٫"), "fa")  # the Persian decimal separator
    if lang == "fa":
        values = {k: localize_digits(str(v), "fa") if isinstance(v, (int, float)) and not isinstance(v, bool)
                  else v.replace(", ", "، ") if isinstance(v, str) and k in ("groups", "missing", "strategies", "ids")
                  else v for k, v in values.items()}
    message, expected = SCENARIO_TEXT.get(lang, SCENARIO_TEXT["en"])[key]
    return message.format(**values), expected.format(**values)
