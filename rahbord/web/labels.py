"""The names a page shows for a model's items and comparison sets, in the page's language."""

from __future__ import annotations

from .i18n import translator

__all__ = ["item_label", "set_label"]


def item_label(model, lang: str, item_id: str) -> str:
    """A group's, factor's or strategy's label; the id itself when the model has no such item."""
    try:
        return model.label(item_id, lang)
    except KeyError:
        return item_id


def set_label(model, set_id: str, lang: str) -> str:
    """``factors:S`` → "Factors — Strengths" (the set's kind, then the item it compares under)."""
    kind, _, context = set_id.partition(":")
    return f"{translator(lang)(kind if kind in ('groups', 'factors', 'strategies') else kind)}" + (
        f" — {item_label(model, lang, context)}" if context else ""
    )
