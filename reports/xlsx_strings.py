"""The results workbook's sheet names, headers and fixed cells in English and Persian (one table per language).

The words are the ``xlsx.<key>`` entries of the message catalogue
(``criteria/locale/fa/LC_MESSAGES/rahbord.po``; see :mod:`criteria.catalogue`
for how to add one). Persian entries hold no Latin letters and no
ASCII digits: a Persian reader of ``results.xlsx`` meets only Persian in the
headers (ids such as ``S1`` appear in data cells, beside their names).
Sheet names are at most 31 characters and avoid ``[]:*?/\\`` (Excel's rule).
"""

from __future__ import annotations

from criteria.catalogue import texts

from .strings import method_name

__all__ = ["XLSX_TEXT", "method_name", "xlsx_text_for"]

#: key → text per language, from the catalogue's ``xlsx.*`` entries (:mod:`criteria.catalogue`)
XLSX_TEXT: dict[str, dict[str, str]] = texts("xlsx")


def xlsx_text_for(lang: str) -> dict[str, str]:
    """The workbook wording for ``lang`` (``"fa"`` or ``"en"``)."""
    try:
        return XLSX_TEXT[lang]
    except KeyError:
        raise ValueError(f"`lang` must be 'fa' or 'en' (got {lang!r})") from None
