"""The names a page shows for a model's items and comparison sets, in the page's language."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from .i18n import translator

__all__ = ["item_label", "set_label", "tag_codes"]


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


def tag_codes(text: str, codes) -> Markup:
    """``text`` escaped, with each of the model's ``codes`` in it (``S1``, ``P5``) as a small tag, as the pages
    show codes beside names: a reader's problem names the pair it is about by the items' codes."""
    wanted = sorted({str(c) for c in codes if c}, key=len, reverse=True)
    if not text or not wanted:
        return escape(text or "")
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, wanted)) + r")(?![\w-])")
    parts, start = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[start:match.start()]))
        parts.append(Markup('<span class="id inline" dir="ltr">{}</span>').format(match.group(1)))
        start = match.end()
    parts.append(escape(text[start:]))
    return Markup("").join(parts)
