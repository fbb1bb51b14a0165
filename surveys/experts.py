"""The panel list: experts from a CSV or XLSX file, one expert a row.

One reader for the command line (``rahbord questionnaire --experts experts.csv``)
and the web app (a planner uploads the list).  The format is told by the
content, never the name: a zip (``PK``) is an .xlsx workbook, checked with
:func:`surveys.check_xlsx` and parsed in a limited worker process like any
other upload; anything else must be UTF-8 text (CSV, with ``,``, ``;`` or tab).

Columns are found by their header, in English or Persian::

    id       شناسه            name    نام
    email    ایمیل / رایانامه  role    سمت / نقش
    weight   وزن              lang    زبان

Only ``id`` or ``name`` is required.  With an ``id`` column every row needs a
unique id; without one, ids are left empty and the caller numbers the panel
(the CLI as ``E01, E02, …``, the web app after the study's existing experts).
Every problem in the file is collected, each naming the file, the sheet (XLSX)
and the cell (XLSX: ``C4``; CSV: ``row 4 › weight``), and raised together as
one :class:`~mcda.errors.QuestionnaireError`.

>>> import io
>>> handle = io.BytesIO("id,name,weight\\nE1,Ann,2\\nE2,Bob,\\n".encode())
>>> [(e.id, e.name, e.weight) for e in read_experts(handle)]
[('E1', 'Ann', 2.0), ('E2', 'Bob', 1.0)]
"""

from __future__ import annotations

import csv
import io
import math
import os
import re

from criteria.catalogue import pgettext, problem_texts
from mcda.digits import ascii_digits, localize_digits
from mcda.errors import Problem, QuestionnaireError

from .messages import show_code, show_value

from .responses import Expert
from .safety import ZIP_MAGIC, SafetyLimits, WorkerFailure, check_xlsx, run_isolated

__all__ = ["read_experts", "EXPERT_COLUMNS", "MAX_EXPERT_ROWS", "MAX_EXPERT_LIST_BYTES", "EXPERT_ID", "EXPERT_ID_RULE",
           "MIN_EXPERT_WEIGHT", "MAX_EXPERT_WEIGHT", "expert_weight_problem"]

#: an expert id: printed in the questionnaire, part of file names and URLs, so plain ASCII letters, digits, - and _
EXPERT_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
EXPERT_ID_RULE = "1 to 32 letters A–Z, digits, - or _, e.g. E01"  # the English of ``experts.bad_id.expected``
#: an expert's weight is relative to the others': a ratio past 10⁶ between two experts is a typing slip
MIN_EXPERT_WEIGHT = 1e-3
MAX_EXPERT_WEIGHT = 1e3

#: header spellings accepted for each column (compared after trimming and lower-casing)
EXPERT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "expert id", "expert_id", "شناسه", "کد"),
    "name": ("name", "full name", "نام", "نام و نام خانوادگی"),
    "email": ("email", "e-mail", "mail", "ایمیل", "رایانامه", "پست الکترونیک"),
    "role": ("role", "position", "سمت", "نقش"),
    "weight": ("weight", "وزن"),
    "lang": ("lang", "language", "زبان"),
}
MAX_EXPERT_ROWS = 5000
MAX_EXPERT_LIST_BYTES = 2 * 1024 * 1024
#: what the reader says, in the list's reader's language (the catalogue's ``experts.*`` entries)
EXPERT_TEXT: dict[str, dict[str, tuple[str, str]]] = problem_texts("experts")
_FA_NUMBER = str.maketrans({",": "٬", ".": "٫"})


def _said(key: str, lang: str, **fields) -> tuple[str, str]:
    """``(message, expected)`` of ``experts.<key>`` in ``lang``; numbers in the language's digits.

    >>> _said("duplicate_id", "fa", value="«E1»", row=4)[0]
    'شناسهٔ «E1» در سطر ۴ هم آمده است'
    """
    lang = lang if lang in EXPERT_TEXT else "en"

    def shown(value):
        if isinstance(value, (int, float)) and lang == "fa":
            return localize_digits(f"{value:,g}".translate(_FA_NUMBER), "fa")
        return f"{value:,g}" if isinstance(value, float) else value

    values = {name: shown(value) for name, value in fields.items()}
    message, expected = EXPERT_TEXT[lang][key]
    return message.format(**values), expected.format(**values)
_LANGS = {"fa": "fa", "persian": "fa", "farsi": "fa", "فارسی": "fa", "en": "en", "english": "en", "انگلیسی": "en"}
# the header row's spellings, normalised once
_HEADER_INDEX = {spelling: key for key, spellings in EXPERT_COLUMNS.items() for spelling in spellings}


def _read_source(source, name: str | None, lang: str = "en") -> tuple[str, bytes]:
    """(display name, bytes) of a path, bytes or a binary file object, reading at most the limit + 1."""
    limit = MAX_EXPERT_LIST_BYTES + 1
    if isinstance(source, (bytes, bytearray, memoryview)):
        return name or "<expert list>", bytes(source)[:limit]
    if hasattr(source, "read"):
        data = source.read(limit)
        return name or str(getattr(source, "name", "") or "<expert list>"), data
    path = os.fspath(source)
    try:
        with open(path, "rb") as fh:
            return name or str(path), fh.read(limit)
    except OSError as exc:
        display = name or str(path)
        message, expected = _said("cannot_read", lang, reason=exc.strerror or str(exc))
        raise QuestionnaireError(f"{display}: {message}", [Problem(display, "", "", message, expected, lang=lang)]) from None


def read_experts(source, *, name: str | None = None, limits: SafetyLimits | None = None,
                 lang: str = "en") -> list[Expert]:
    """The panel listed in ``source`` (a path, the file's bytes or a binary file object).

    CSV or XLSX by content; headers in English or Persian (see the module
    docstring).  ``name`` is the file name problems print (default: the
    path, or the file object's ``name``).  Raises
    :class:`~mcda.errors.QuestionnaireError` listing every problem; warnings
    (an unknown column) ride along with errors but never fail a list alone.
    Problems are worded in ``lang`` ("fa" or "en"), Persian with Persian digits.
    """
    display, data = _read_source(source, name, lang)

    def refuse(key: str, **fields) -> QuestionnaireError:
        message, expected = _said(key, lang, **fields)
        return QuestionnaireError(f"{display}: {message}", [Problem(display, "", "", message, expected, lang=lang)])

    if len(data) > MAX_EXPERT_LIST_BYTES:
        raise refuse("too_large", mb=MAX_EXPERT_LIST_BYTES // (1024 * 1024))
    if not data:
        raise refuse("empty_file")
    if data.startswith(ZIP_MAGIC):
        sheet, rows, refs = _xlsx_rows(data, display, limits, lang)
    else:
        sheet, rows, refs = "", _csv_rows(data, display, refuse), None
    return _experts_from_rows(rows, display, sheet, refs, lang)


# ---------------------------------------------------------------------------------------------- formats
def _csv_rows(data: bytes, display: str, refuse) -> list[list[str]]:
    if data.startswith(b"\xd0\xcf\x11\xe0") or b"\x00" in data[:4096]:
        raise refuse("binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse("not_utf8") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for _, row in zip(range(MAX_EXPERT_ROWS + 2), csv.reader(io.StringIO(text), dialect))]


def _sheet_rows(data: bytes) -> tuple[str, list[list]]:
    """The first sheet's name and rows (runs in a limited worker process)."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        name = workbook.sheet_names[0] if workbook.sheet_names else ""
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False) if name else []
        return name, [list(row) for row in rows[: MAX_EXPERT_ROWS + 2]]
    finally:
        workbook.close()


def _xlsx_rows(data: bytes, display: str, limits: SafetyLimits | None, lang: str) -> tuple[str, list[list], bool]:
    refused = [p for p in check_xlsx(data, limits, name=display, lang=lang) if p.severity == "error"]
    if refused:
        raise QuestionnaireError(f"{display}: {_said('summary_refused', lang)[0]}", refused)
    outcome = run_isolated(_sheet_rows, data, limits)
    if isinstance(outcome, WorkerFailure):
        message, expected = _said("workbook_unreadable", lang, reason=outcome.reason)
        raise QuestionnaireError(f"{display}: {_said('summary_unreadable', lang)[0]}",
                                 [Problem(display, "", "", message, expected, lang=lang)])
    sheet, rows = outcome
    return sheet, rows, True


# ------------------------------------------------------------------------------------------------ rows
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's 7.0 is the id 7
    return str(value).strip()


def expert_weight_problem(text: str, lang: str = "en") -> tuple[float, str]:
    """``(weight, "")`` for a typed weight within range, else ``(nan, what is wrong)`` in ``lang``.

    >>> expert_weight_problem("2.5"), expert_weight_problem("1e300")[1], expert_weight_problem("-1", "fa")[1]
    ((2.5, ''), 'is too large (at most 1,000)', 'عددی مثبت نیست')
    """
    try:
        weight = float(ascii_digits(str(text).strip()).replace("٫", "."))
    except ValueError:
        return math.nan, _said("weight_not_number", lang)[0]
    if not math.isfinite(weight) or weight <= 0:
        return math.nan, _said("weight_not_positive", lang)[0]
    if weight > MAX_EXPERT_WEIGHT:
        return math.nan, _said("weight_too_large", lang, limit=MAX_EXPERT_WEIGHT)[0]
    if weight < MIN_EXPERT_WEIGHT:
        return math.nan, _said("weight_too_small", lang, limit=MIN_EXPERT_WEIGHT)[0]
    return weight, ""


def _column_letter(k: int) -> str:
    letters = ""
    k += 1
    while k:
        k, rest = divmod(k - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _experts_from_rows(rows: list[list], display: str, sheet: str, xlsx, lang: str = "en") -> list[Expert]:
    problems: list[Problem] = []
    digits = (lambda n: localize_digits(str(n), "fa")) if lang == "fa" else str

    def where(r: int, key: str | None = None, column: int | None = None) -> str:
        if xlsx:  # a real cell reference: the planner can click on it (Excel names cells A1 in every language)
            return f"{_column_letter(column if column is not None else 0)}{r}"
        if key is None:
            return pgettext("experts.where_row", lang).format(row=digits(r))
        return pgettext("experts.where_row_column", lang).format(row=digits(r),
                                                                 column=pgettext(f"experts.column.{key}", lang))

    def problem(cell: str, key: str, severity: str = "error", **fields) -> Problem:
        return Problem(display, sheet, cell, *_said(key, lang, **fields), severity, lang=lang)

    def failed(summary: str, key: str, cell: str) -> QuestionnaireError:
        return QuestionnaireError(f"{display}: {_said(summary, lang)[0]}", [problem(cell, key)])

    start = next((k for k, row in enumerate(rows) if any(_text(v) for v in row)), None)
    if start is None:
        raise failed("summary_empty", "list_empty", "")
    header_row = start + 1
    column: dict[str, int] = {}
    for k, value in enumerate(rows[start]):
        heading = " ".join(_text(value).lower().split())
        key = _HEADER_INDEX.get(heading)
        if key is None:
            if heading:
                problems.append(problem(where(header_row, column=k), "unknown_column", "warning",
                                        value=show_value(_text(value), lang)))
        elif key in column:
            problems.append(problem(where(header_row, column=k), "second_column",
                                    column=pgettext(f"experts.column.{key}", lang)))
        else:
            column[key] = k
    if "id" not in column and "name" not in column:
        raise failed("summary_no_column", "no_id_or_name", where(header_row))
    body = rows[start + 1:]
    if len(body) > MAX_EXPERT_ROWS:
        problems.append(problem(where(header_row + MAX_EXPERT_ROWS + 1), "too_many_rows", n=MAX_EXPERT_ROWS))
        body = body[:MAX_EXPERT_ROWS]

    experts: list[Expert] = []
    seen: dict[str, int] = {}
    for offset, row in enumerate(body):
        r = header_row + 1 + offset

        def cell(key: str) -> str:
            k = column.get(key)
            return _text(row[k]) if k is not None and k < len(row) else ""

        if not any(_text(v) for v in row):
            continue
        eid, name = ascii_digits(cell("id")), cell("name")
        bad = False
        if "id" in column:
            if not eid:
                problems.append(problem(where(r, "id", column["id"]), "no_id", example=show_code("E01", lang)))
                bad = True
            elif not EXPERT_ID.fullmatch(eid):
                problems.append(problem(where(r, "id", column["id"]), "bad_id", value=show_value(eid, lang),
                                        most=32, example=show_code("E01", lang)))
                bad = True
            elif eid in seen:
                problems.append(problem(where(r, "id", column["id"]), "duplicate_id", value=show_value(eid, lang),
                                        row=seen[eid]))
                bad = True
            else:
                seen[eid] = r
        elif not name:
            problems.append(problem(where(r, "name", column["name"]), "no_name"))
            bad = True
        weight = 1.0
        weight_text = ascii_digits(cell("weight"))
        if weight_text:
            weight, message = expert_weight_problem(weight_text, lang)
            if message:
                problems.append(problem(where(r, "weight", column["weight"]), "bad_weight",
                                        value=show_value(cell("weight"), lang), reason=message,
                                        low=MIN_EXPERT_WEIGHT, high=MAX_EXPERT_WEIGHT))
                bad = True
        lang_text = cell("lang").lower()
        if lang_text and lang_text not in _LANGS:
            problems.append(problem(where(r, "lang", column["lang"]), "bad_lang", value=show_value(cell("lang"), lang)))
            bad = True
        if bad:
            continue
        experts.append(Expert(id=eid, name=(name or eid)[:200], role=cell("role")[:200], email=cell("email")[:320],
                              weight=weight, lang=_LANGS.get(lang_text, "fa")))
    if not experts and not any(p.severity == "error" for p in problems):
        problems.append(problem(where(header_row + 1), "no_experts"))
    if any(p.severity == "error" for p in problems):
        n = sum(p.severity == "error" for p in problems)
        raise QuestionnaireError(f"{display}: {_said('summary_problems', lang, n=n)[0]}", problems)
    return experts
