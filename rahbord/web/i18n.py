"""The interface's words in English and Persian, from the message catalogue.

Keys are short English phrases' ids: the ``web.<key>`` entries of
``criteria/locale/fa/LC_MESSAGES/rahbord.po`` (see :mod:`criteria.catalogue`
for how to add one); a missing key shows the key itself (and a test checks
there is none).
Numbers are formatted by the reports' own formatter (:func:`number`).
"""

from __future__ import annotations

import json

from criteria.catalogue import bilingual
from rahbord.store.jobs import MESSAGE_REF, message_ref

__all__ = ["LANGS", "MESSAGES", "direction", "integer", "message_ref", "moment", "number", "stored_detail",
           "stored_message", "translator"]

LANGS = ("fa", "en")

#: key → (English, Persian), from the catalogue's ``web.*`` entries (:mod:`criteria.catalogue`)
MESSAGES: dict[str, tuple[str, str]] = bilingual("web")


def stored_message(text: str, lang: str) -> str:
    """A stored message in ``lang``: a :func:`message_ref` worded from the catalogue (whole numbers in the
    language's digits); any other text as it was stored."""
    if not (text or "").startswith(MESSAGE_REF):
        return text or ""
    try:
        data = json.loads(text[len(MESSAGE_REF):])
        values = {k: integer(v, lang) if isinstance(v, int) and not isinstance(v, bool)
                  else number(v, lang) if isinstance(v, float) else v
                  for k, v in (data.get("values") or {}).items()}
        key = data["key"]
        if key == "job_error":  # a failed job: its known error from the catalogue, else the generic sentence
            key = f"error_{values.get('error')}" if f"error_{values.get('error')}" in MESSAGES else "job_error_unexpected"
        return translator(lang)(key, **values)
    except (ValueError, KeyError, TypeError, AttributeError):
        return text


def stored_detail(text: str) -> str:
    """The technical account of a failed job's stored message (its exception's text), "" for any other message."""
    if not (text or "").startswith(MESSAGE_REF):
        return ""
    try:
        data = json.loads(text[len(MESSAGE_REF):])
        return str(data["values"]["detail"]) if data.get("key") == "job_error" else ""
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""


def translator(lang: str):
    """``t(key, **values)`` in ``lang``."""
    index = 1 if lang == "fa" else 0

    def t(key: str, **values) -> str:
        entry = MESSAGES.get(key)
        text = key if entry is None else (entry[index] or entry[0])
        return text.format(**values) if values else text

    return t


def number(value, lang: str, digits: int = 3) -> str:
    """A number for the page, formatted as the reports format it (Persian digits in fa)."""
    from reports.formatting import format_number

    return format_number(value, lang, digits)


def integer(value, lang: str) -> str:
    from reports.formatting import format_int

    return format_int(value, lang)


#: the planners' clock: a Persian page gives times in Iran's time zone, an English one in UTC (as stored)
_IRAN = "Asia/Tehran"


def moment(when, lang: str, seconds: bool = False) -> str:
    """A stored (UTC) time for a list: the Jalali date and Tehran time in Persian digits in fa
    (``۱۲ آذر ۱۴۰۵، ۱۸:۱۹``), ``2026-12-02 14:49`` in en."""
    if when is None:
        return ""
    clock = "%H:%M:%S" if seconds else "%H:%M"
    if lang != "fa":
        return when.strftime(f"%Y-%m-%d {clock}")
    from datetime import timezone
    from zoneinfo import ZoneInfo

    from reports.formatting import jalali_date, to_persian_digits

    local = (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(ZoneInfo(_IRAN))
    return f"{jalali_date(local.date(), 'fa')}، {to_persian_digits(local.strftime(clock))}"


def direction(lang: str) -> str:
    return "rtl" if lang == "fa" else "ltr"
