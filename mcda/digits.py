"""Persian and Arabic-Indic digits: read them as ASCII, write Persian for Persian text.

Experts type judgments and weights with whatever keyboard they have: Persian
(۰–۹), Arabic-Indic (٠–٩) or ASCII digits, with the Arabic decimal separator
«٫».  Everything that reads user text maps it through :func:`ascii_digits`;
everything that writes Persian text maps it through :func:`localize_digits`.

>>> ascii_digits("۱/۳ و ٢٫٥")
'1/3 و 2.5'
>>> localize_digits("E07: 21", "fa"), localize_digits("E07: 21", "en")
('E۰۷: ۲۱', 'E07: 21')
>>> localize_version("0.1.0", "fa")
'۰٫۱٫۰'
"""

from __future__ import annotations

__all__ = ["PERSIAN_DIGITS", "ARABIC_INDIC_DIGITS", "ascii_digits", "localize_digits", "localize_version"]

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"

# «٫» is the Arabic decimal separator, «٬» the thousands separator.
TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS + "٫٬", "0123456789" * 2 + ".,")
_TO_PERSIAN = str.maketrans("0123456789", PERSIAN_DIGITS)
# a version's parts are separated by «٫» in Persian, as a decimal number's are (what ascii_digits reads back as ".")
_VERSION_TO_PERSIAN = str.maketrans({**{str(d): PERSIAN_DIGITS[d] for d in range(10)}, ".": "٫"})


def ascii_digits(text: str) -> str:
    """``text`` with Persian / Arabic-Indic digits and separators as ASCII."""
    return str(text).translate(TO_ASCII)


def localize_digits(text, lang: str) -> str:
    """``text`` with its ASCII digits written in Persian when ``lang == "fa"``.

    Digits only: ids such as ``E07`` keep their letters, punctuation is left
    alone (number formatting with «٫» lives in :mod:`reports.formatting`).
    """
    return str(text).translate(_TO_PERSIAN) if lang == "fa" else str(text)


def localize_version(version, lang: str) -> str:
    """A version number (a model's ``1.1``, the software's ``0.1.0``) as a reader of ``lang`` writes it.

    In Persian its digits are Persian and its parts are separated by «٫» (U+066B), so no Latin dot stands
    between Persian digits; :func:`ascii_digits` reads it back.

    >>> localize_version("1.1", "fa"), localize_version("1.1", "en")
    ('۱٫۱', '1.1')
    >>> ascii_digits(localize_version("0.1.0", "fa"))
    '0.1.0'
    """
    return str(version).translate(_VERSION_TO_PERSIAN) if lang == "fa" else str(version)
