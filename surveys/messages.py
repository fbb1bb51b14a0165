"""What the reader tells about an answer cell, in the language of the questionnaire.

The expert who fills a Persian questionnaire reads the fix in Persian, with
Persian digits; an English questionnaire gets English.  Each entry is
``(message, expected)``: what is wrong, and what to do instead, worded in the
message catalogue (``criteria/locale``: entries ``answer.<key>.message`` /
``.expected``, likewise ``reader.``, ``file.``, ``safety.``; see
:mod:`criteria.catalogue` for how to add one).  Item ids
(``S1``) and the expert's own text are shown as they are.
"""

from __future__ import annotations

from criteria.catalogue import problem_texts, texts
from mcda.digits import localize_digits

__all__ = ["ANSWER_TEXT", "FILE_TEXT", "READER_TEXT", "SAFETY_TEXT", "answer_text", "file_text", "reader_text",
           "safety_text", "show_value", "show_code", "show_cells", "pair_name"]

ANSWER_TEXT: dict[str, dict[str, tuple[str, str]]] = problem_texts("answer")

_PAIR = {lang: words["pair"] for lang, words in texts("survey").items()}  # "{a} vs {b}"


def pair_name(a: str, b: str, lang: str) -> str:
    return _PAIR.get(lang, _PAIR["en"]).format(a=a, b=b)


def show_value(value, lang: str) -> str:
    """A cell's value as the expert typed it, quoted; Persian digits in a Persian questionnaire."""
    # calamine reads every number as a float: show a typed 0 as '0', not '0.0'
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    if lang == "fa":
        if isinstance(value, (int, float)):
            text = text.replace(".", "٫")  # the Persian decimal separator
        return f"«{localize_digits(text, 'fa')}»"
    return repr(text)


def show_code(text: str, lang: str) -> str:
    """A formula, an error value or a cell range exactly as the spreadsheet shows it (never re-digited)."""
    return f"«{text}»" if lang == "fa" else repr(text)


def answer_text(key: str, lang: str, **fields) -> tuple[str, str]:
    """``(message, expected)`` for ``key`` in ``lang`` (English when the language is unknown)."""
    message, expected = ANSWER_TEXT.get(lang, ANSWER_TEXT["en"])[key]
    return message.format(**fields), expected.format(**fields)


# What the reader tells about a whole questionnaire file or its hidden sheet, and across files.  Codes
# (a model id, a content hash, a comparison-set id, cell references) come in already quoted by
# :func:`show_code` and are shown as the spreadsheet shows them; item and expert ids and file names as
# they are; whole numbers in the language's digits.  The Persian texts call the hidden sheet by what it
# is, not by its name: the problem's ``sheet`` names it.
READER_TEXT: dict[str, dict[str, tuple[str, str]]] = problem_texts("reader")


def reader_text(key: str, lang: str, **fields) -> tuple[str, str]:
    """``(message, expected)`` of a problem with a whole file, its hidden sheet or the set of files.

    Whole numbers among ``fields`` are written with the language's digits
    (English when the language is unknown).
    """
    lang = lang if lang in READER_TEXT else "en"
    shown = {k: localize_digits(str(v), "fa") if lang == "fa" and isinstance(v, int) else v
             for k, v in fields.items()}
    message, expected = READER_TEXT[lang][key]
    return message.format(**shown), expected.format(**shown)


def show_cells(cells, lang: str, limit: int = 8) -> str:
    """Cell references as the spreadsheet shows them, at most ``limit`` and «…» for more."""
    listed = [show_code(c, lang) if lang == "fa" else c for c in cells[:limit]]
    more = " …" if len(cells) > limit else ""
    return ("، " if lang == "fa" else ", ").join(listed) + more


# What is wrong with an uploaded file as a whole (a damaged or foreign zip), for the person who sent it.
# ``{member}`` is the name of the part inside the archive, shown as it is.
FILE_TEXT: dict[str, dict[str, tuple[str, str]]] = problem_texts("file")


def file_text(key: str, lang: str, **fields) -> tuple[str, str]:
    """``(message, expected)`` about a whole uploaded file, in ``lang`` (English when unknown).

    Numbers among ``fields`` are written with the language's digits.
    """
    shown = {k: localize_digits(str(v), "fa") if lang == "fa" and isinstance(v, int) else v
             for k, v in fields.items()}
    message, expected = FILE_TEXT.get(lang, FILE_TEXT["en"])[key]
    return message.format(**shown), expected.format(**shown)


# Why an uploaded file is refused before it is parsed (surveys.safety.check_xlsx): a foreign, damaged or
# hostile file.  The English texts follow the file's name ("notes.xlsx: is empty (0 bytes)"); the Persian ones
# stand alone.  ``{part}`` is the name of the part inside the zip, shown as it is; numbers come formatted
# (thousands and decimals) and are written in the language's digits and separators.
SAFETY_TEXT: dict[str, dict[str, tuple[str, str]]] = problem_texts("safety")

_FA_NUMBER = str.maketrans({",": "٬", ".": "٫"})


def safety_text(key: str, lang: str, **fields) -> tuple[str, str]:
    """``(message, expected)`` refusing a file before it is parsed, in ``lang`` (English when unknown).

    Amounts come formatted (``"20.5"``, ``"2,000,000"``); in Persian they take Persian digits and separators.
    ``part`` and ``reason`` (a name inside the zip, a library's account) are shown as they are.

    >>> safety_text("too_large", "fa", size="20.5", limit="20")[0]
    'حجم این فایل ۲۰٫۵ مگابایت است، بیش از هر پرسش‌نامه‌ای (دست‌بالا ۲۰ مگابایت)'
    """
    lang = lang if lang in SAFETY_TEXT else "en"

    def shown(name, value):
        if name in ("part", "reason") or lang != "fa":
            return value
        return localize_digits(str(value).translate(_FA_NUMBER), "fa")

    values = {name: shown(name, value) for name, value in fields.items()}
    message, expected = SAFETY_TEXT[lang][key]
    return message.format(**values), expected.format(**values)
