"""What the model checker says, in the language of whoever reads it (the web form in Persian, the CLI in English).

Each entry is ``(message, expected)``, worded in the message catalogue
(``criteria/locale``: entries ``model.<key>.message`` / ``.expected``; see
:mod:`criteria.catalogue` for how to add one).  The checks a planner meets in the model
form — an empty field, a duplicate or malformed id, a factor's unknown group, too
few groups or strategies — are worded here in both languages; the rarer checks
of a hand-written YAML file are English for now.  Ids (``S1``) are shown as they
are; whole numbers in a Persian message take Persian digits.
"""

from __future__ import annotations

from mcda.digits import localize_digits

from .catalogue import bilingual, problem_texts, texts

__all__ = ["MODEL_TEXT", "field_title", "item_title", "model_text"]

MODEL_TEXT: dict[str, dict[str, tuple[str, str]]] = problem_texts("model")

#: an item's kind in Persian (kind → word), the Persian names of a model's fields, of its text fields' languages
_KINDS = texts("model_kind")["fa"]
_LISTS = {"groups": "group", "factors": "factor", "strategies": "strategy", "rating_scale": "rating level",
          "dependencies": "dependency"}
_NOUNS = bilingual("model_noun")  # field base → (English, Persian): "short" → ("short label", «برچسب کوتاه»)
_FIELDS_FA = texts("model_field")["fa"]
_LANGUAGES_FA = {code: persian for code, (_english, persian) in bilingual("language").items()}
_OF_MODEL = {lang: words["of_model"] for lang, words in texts("model_word").items()}  # "{field} of the model"


def model_text(key: str, lang: str, **values) -> tuple[str, str]:
    """``(message, expected)`` for ``key`` in ``lang`` (English when unknown); numbers in Persian digits in fa."""
    if lang == "fa":
        values = {k: localize_digits(str(v), "fa") if isinstance(v, int) else v for k, v in values.items()}
    message, expected = MODEL_TEXT.get(lang, MODEL_TEXT["en"])[key]
    return message.format(**values), expected.format(**values)


def item_title(list_name: str, index: int, ident: str | None, lang: str) -> str:
    """``strategy P2`` / «راهبرد P2»; by position (``strategy 2``) when the item has no id yet."""
    kind = _LISTS.get(list_name, list_name)
    name = ident if ident else localize_digits(str(index + 1), lang)
    return f"{_KINDS.get(kind, kind) if lang == 'fa' else kind} {name}"


def field_title(field_name: str, who: str, lang: str) -> str:
    """The Persian name of a field of ``who`` (an :func:`item_title`, or ``"model"``): «برچسب فارسی راهبرد P2»."""
    base, _, field_lang = field_name.rpartition("_")
    if base and field_lang in _LANGUAGES_FA:
        noun = f"{_NOUNS.get(base, (base, base))[1]} {_LANGUAGES_FA[field_lang]}"
    else:
        noun = _FIELDS_FA.get(field_name, field_name)
    return _OF_MODEL["fa"].format(field=noun) if who == "model" else f"{noun} {who}"
