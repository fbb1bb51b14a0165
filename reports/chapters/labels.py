"""How chapters name the model's items and comparison sets, in the reader's language."""

from __future__ import annotations

from analysis.results import Results
from criteria.model import STRATEGY_CLUSTER

from ..strings import text_for

__all__ = ["item_code", "item_label", "set_title", "short_label", "short_name", "named"]


def item_label(results: Results, item_id: str, lang: str) -> str:
    return results.model_obj.label(item_id, lang)


def item_code(results: Results, item_id: str, lang: str) -> str:
    """How a matrix header names an item: by its id, the short code the model's author chose — except a factor
    network's cluster of strategies, whose id (``strategies``) is the engine's, not the author's: by its name."""
    return item_label(results, item_id, lang) if item_id == STRATEGY_CLUSTER else item_id


def short_label(results: Results, item_id: str, lang: str, limit: int = 38) -> str:
    """Chart label: the short label (or the label cut at a word), name first.

    Persian charts draw the name alone: a chart is an image, where a code cannot be a small
    tag in a smaller type, and a Latin code in a Persian label is what a council reader should
    not have to decode.  English charts keep the code after the name, «Dredge (P1)».
    """
    model = results.model_obj
    item = next((x for x in (*model.factors, *model.strategies) if x.id == item_id), None)
    if item is None:
        return model.label(item_id, lang)
    short = item.short_fa if lang == "fa" else item.short_en
    text = short or (item.label_fa if lang == "fa" else item.label_en)
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0]
        text = cut + "…"
    return text if lang == "fa" else f"{text} ({item_id})"


def short_name(results: Results, item_id: str, lang: str) -> str:
    """The short label of a factor or strategy (its label when it has none), without the id."""
    model = results.model_obj
    item = next((x for x in (*model.factors, *model.strategies) if x.id == item_id), None)
    if item is None:
        return model.label(item_id, lang)
    short = item.short_fa if lang == "fa" else item.short_en
    return short or (item.label_fa if lang == "fa" else item.label_en)


def named(results: Results, item_id: str, lang: str) -> str:
    """A name for running text: the short label with the id as a small tag, «Laws easing participation (P2)»."""
    return f"{short_name(results, item_id, lang)} (\u2066{item_id}\u2069)" if lang == "fa" else f"{short_name(results, item_id, lang)} ({item_id})"


def set_title(results: Results, set_id: str, lang: str, *, short: bool = False) -> str:
    """The heading of a comparison set (``groups``, ``factors:S``, ``dependence:S``, ``strategies:S1``, and a factor
    network's ``network:S1:O``, ``clusters:S``, ``feedback:P1:S``)."""
    t = text_for(lang)
    kind, _, ref = set_id.partition(":")
    if kind == "groups":
        return t["group_weights"] if not short else t["groups_short"]
    if kind == "factors":
        return item_label(results, ref, lang)
    if kind == "dependence":
        word = t["dependence_word"]
        return f"{word} {ref}" if short else f"{word}: {item_label(results, ref, lang)}"
    if kind == "strategies":
        return ref if short else f"{t['strategy']} / {item_label(results, ref, lang)}"
    # a factor network's sets: network:<factor>:<group>, clusters:<group>, feedback:<strategy>:<group>
    node, _, group = ref.partition(":")
    if kind in ("network", "clusters", "feedback"):
        if short:
            return t[f"set_{kind}_short"].format(node=node, group=group)
        return t[f"set_{kind}"].format(node=item_label(results, node, lang),
                                       group=item_label(results, group, lang) if group else "")
    return set_id
