"""Numbers, dates and digits as a Persian or English reader expects them.

Templates never format numbers (style.md §10): everything they print comes
through these functions, so Persian output uses Persian digits (۰–۹) and the
Persian decimal separator «٫» in text, tables and charts alike.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from criteria.catalogue import pgettext, texts
from mcda.digits import PERSIAN_DIGITS, localize_digits, localize_version

__all__ = [
    "PERSIAN_DIGITS",
    "to_persian_digits",
    "localize_digits",
    "localize_version",
    "format_number",
    "format_int",
    "format_percent",
    "gregorian_date",
    "jalali_date",
    "software_label",
]

_TO_PERSIAN = str.maketrans({**{str(d): PERSIAN_DIGITS[d] for d in range(10)}, ".": "٫", "-": "−", "%": "٪"})
DASH = "–"


def to_persian_digits(text: str) -> str:
    """Latin digits → Persian digits, ``.`` → ``٫``, ``-`` → ``−``, ``%`` → ``٪`` (for numbers only).

    >>> to_persian_digits("0.253")
    '۰٫۲۵۳'
    """
    return str(text).translate(_TO_PERSIAN)


def software_label(version: str, lang: str = "en") -> str:
    """The software that made a report, in the report's language: ``rahbord 0.1.0`` / ``راهبرد ۰٫۱٫۰``."""
    return f"{pgettext('app.name', 'fa' if lang == 'fa' else 'en')} {localize_version(version, lang)}"


def format_number(value, lang: str = "en", digits: int = 3) -> str:
    """A fixed-point number in the reader's digits; ``–`` for missing values.

    >>> format_number(0.25341, "fa")
    '۰٫۲۵۳'
    >>> format_number(float("nan"))
    '–'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    text = f"{float(value):.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return to_persian_digits(text) if lang == "fa" else text


def format_int(value, lang: str = "en") -> str:
    text = f"{int(value):,}"
    if lang == "fa":
        return to_persian_digits(text.replace(",", "٬"))
    return text


def format_percent(value, lang: str = "en", digits: int = 0) -> str:
    """``0.75`` → ``75%`` / ``۷۵٪``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    text = f"{100 * float(value):.{digits}f}%"
    return to_persian_digits(text) if lang == "fa" else text


def _as_date(when) -> date:
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    return when.date() if isinstance(when, datetime) else when


#: the months' names (the catalogue's ``month.gregorian.*`` and ``month.jalali.*`` entries)
_MONTHS = texts("month")
_GREGORIAN_MONTHS_FA = _MONTHS["fa"]["gregorian"]


def gregorian_date(when, lang: str = "en") -> str:
    """``23 November 2025`` / ``۲۳ نوامبر ۲۰۲۵``."""
    d = _as_date(when)
    month = _GREGORIAN_MONTHS_FA[d.month - 1] if lang == "fa" else d.strftime("%B")
    return localize_digits(f"{d.day} {month} {d.year}", lang)


_JALALI_MONTHS_FA, _JALALI_MONTHS_EN = _MONTHS["fa"]["jalali"], _MONTHS["en"]["jalali"]


def jalali_date(when, lang: str = "fa") -> str:
    """The Solar Hijri (Jalali) date: ``۲ آذر ۱۴۰۴`` / ``2 Azar 1404``."""
    import jdatetime

    j = jdatetime.date.fromgregorian(date=_as_date(when))
    months = _JALALI_MONTHS_FA if lang == "fa" else _JALALI_MONTHS_EN
    return localize_digits(f"{j.day} {months[j.month - 1]} {j.year}", lang)
