"""The report's fixed wording in English and Persian (one dict per language).

The words are the ``report.<key>`` entries (and the ranking methods' Persian names the ``method.<name>`` ones) of
the message catalogue, ``criteria/locale/fa/LC_MESSAGES/rahbord.po``; see :mod:`criteria.catalogue` for how to
add one.
"""

from __future__ import annotations

from criteria.catalogue import texts

__all__ = ["METHOD_NAMES_FA", "TEXT", "method_name", "text_for", "tows_name"]

#: key → text per language, from the catalogue's ``report.*`` entries (:mod:`criteria.catalogue`)
TEXT: dict[str, dict[str, str]] = texts("report")


def text_for(lang: str) -> dict[str, str]:
    """The wording for ``lang`` (``"fa"`` or ``"en"``)."""
    try:
        return TEXT[lang]
    except KeyError:
        raise ValueError(f"`lang` must be 'fa' or 'en' (got {lang!r})") from None


#: The ranking methods' names as Persian MCDA papers write them (the cross-check's names stay in English reports).
METHOD_NAMES_FA = texts("method")["fa"]


def method_name(name: str, lang: str) -> str:
    """A ranking method's name in ``lang`` (its own name when no Persian one is known).

    >>> method_name("PROMETHEE II", "fa"), method_name("PROMETHEE II", "en")
    ('پرومته ۲', 'PROMETHEE II')
    """
    return METHOD_NAMES_FA.get(name, name) if lang == "fa" else name


def tows_name(code: str, lang: str) -> str:
    """A TOWS strategy type in ``lang``: the code in English, the two SWOT words in Persian.

    >>> tows_name("ST", "fa"), tows_name("ST", "en")
    ('قوت–تهدید', 'ST')
    """
    return dict(zip(TEXT["en"]["tows_names"].split("|"), text_for(lang)["tows_names"].split("|")))[code]
