"""A scenario's changes in words, in the reader's language, for the comparison report and page.

:meth:`analysis.scenarios.Scenario.describe` gives the English lines for logs;
this module words the same ``changes`` mapping in Persian or English, with
numbers in the reader's digits, for what a workshop reads.
"""

from __future__ import annotations

from collections.abc import Mapping

import mcda
from criteria.catalogue import texts

from .formatting import localize_digits

__all__ = ["CHANGE_TEXT", "describe_changes"]

#: a change's words per language, from the catalogue's ``change.*`` entries (:mod:`criteria.catalogue`)
CHANGE_TEXT = texts("change")


def _number(value, lang: str) -> str:
    text = f"{float(value):g}"
    return localize_digits(text, lang).replace(".", "٫") if lang == "fa" else text


def describe_changes(changes: Mapping | None, lang: str = "fa") -> list[str]:
    """A scenario's ``changes`` (:attr:`analysis.scenarios.Scenario.changes`) in words, one line each.

    >>> describe_changes({"exclude_experts": ["E1", "E2"], "group_weights": {"S": 0.5, "T": 0.5}}, "en")
    ['experts left out: E1, E2', 'group weights (what-if): S\xa0=\xa00.5, T\xa0=\xa00.5']
    >>> describe_changes({"cr_threshold": 0.15}, "fa")
    ['آستانهٔ نسبت ناسازگاری: ۰٫۱۵']
    """
    w = CHANGE_TEXT[lang]
    sep = "، " if lang == "fa" else ", "

    def ids(items) -> str:
        return sep.join(str(i) for i in items)

    def pairs(mapping) -> str:
        # in Persian each "id = value" is a left-to-right isolate (LRI … PDI), or the bidi algorithm
        # reorders the Latin ids and the numbers of neighbouring pairs
        if lang == "fa":
            return sep.join(f"\u2066{k}\u00a0=\u00a0{_number(v, lang)}\u2069" for k, v in mapping.items())
        return sep.join(f"{k}\u00a0=\u00a0{_number(v, lang)}" for k, v in mapping.items())

    c = dict(changes or {})
    lines = []
    if c.get("responses"):
        lines.append(w["responses"].format(n=localize_digits(str(len(c["responses"])), lang)))
    if c.get("experts"):
        lines.append(w["experts"].format(ids=ids(c["experts"])))
    if c.get("exclude_experts"):
        lines.append(w["exclude_experts"].format(ids=ids(c["exclude_experts"])))
    if c.get("expert_weights"):
        lines.append(w["expert_weights"].format(pairs=pairs(c["expert_weights"])))
    for key in ("aggregation", "method", "ri_table", "completion", "group_weighting"):
        if c.get(key) is not None:
            lines.append(w[key].format(value=mcda.OPTION_REGISTRIES[key].label(c[key], lang)))
    if c.get("cr_threshold") is not None:
        lines.append(w["cr_threshold"].format(value=_number(c["cr_threshold"], lang)))
    if c.get("exclude_inconsistent") is not None:
        lines.append(w["exclude_inconsistent_true" if c["exclude_inconsistent"] else "exclude_inconsistent_false"])
    if c.get("group_weights"):
        lines.append(w["group_weights"].format(pairs=pairs(c["group_weights"])))
    for group, weights in (c.get("factor_weights") or {}).items():
        lines.append(w["factor_weights"].format(group=group, pairs=pairs(weights)))
    if c.get("strategies"):
        lines.append(w["strategies"].format(ids=ids(c["strategies"])))
    return lines
