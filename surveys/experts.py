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

from mcda.digits import ascii_digits
from mcda.errors import Problem, QuestionnaireError

from .responses import Expert
from .safety import ZIP_MAGIC, SafetyLimits, WorkerFailure, check_xlsx, run_isolated

__all__ = ["read_experts", "EXPERT_COLUMNS", "MAX_EXPERT_ROWS", "MAX_EXPERT_LIST_BYTES", "EXPERT_ID", "EXPERT_ID_RULE",
           "MIN_EXPERT_WEIGHT", "MAX_EXPERT_WEIGHT", "expert_weight_problem"]

#: an expert id: printed in the questionnaire, part of file names and URLs, so plain ASCII letters, digits, - and _
EXPERT_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
EXPERT_ID_RULE = "1 to 32 letters A–Z, digits, - or _, e.g. E01"
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
_EXPECTED_HEADER = "a header row: id, name, email, role, weight (English or Persian)"
_LANGS = {"fa": "fa", "persian": "fa", "farsi": "fa", "فارسی": "fa", "en": "en", "english": "en", "انگلیسی": "en"}
# the header row's spellings, normalised once
_HEADER_INDEX = {spelling: key for key, spellings in EXPERT_COLUMNS.items() for spelling in spellings}


def _read_source(source, name: str | None) -> tuple[str, bytes]:
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
        raise QuestionnaireError(
            f"cannot read {display}",
            [Problem(display, "", "", f"cannot be read: {exc.strerror or exc}", "a CSV or .xlsx list of experts")],
        ) from None


def read_experts(source, *, name: str | None = None, limits: SafetyLimits | None = None) -> list[Expert]:
    """The panel listed in ``source`` (a path, the file's bytes or a binary file object).

    CSV or XLSX by content; headers in English or Persian (see the module
    docstring).  ``name`` is the file name problems print (default: the
    path, or the file object's ``name``).  Raises
    :class:`~mcda.errors.QuestionnaireError` listing every problem; warnings
    (an unknown column) ride along with errors but never fail a list alone.
    """
    display, data = _read_source(source, name)

    def refuse(message: str, expected: str = "a CSV or .xlsx list of experts") -> QuestionnaireError:
        return QuestionnaireError(f"{display}: {message}", [Problem(display, "", "", message, expected)])

    if len(data) > MAX_EXPERT_LIST_BYTES:
        raise refuse(f"is larger than {MAX_EXPERT_LIST_BYTES // (1024 * 1024)} MB: not a list of experts")
    if not data:
        raise refuse("is empty (0 bytes)", _EXPECTED_HEADER + ", then one row per expert")
    if data.startswith(ZIP_MAGIC):
        sheet, rows, refs = _xlsx_rows(data, display, limits)
    else:
        sheet, rows, refs = "", _csv_rows(data, display, refuse), None
    return _experts_from_rows(rows, display, sheet, refs)


# ---------------------------------------------------------------------------------------------- formats
def _csv_rows(data: bytes, display: str, refuse) -> list[list[str]]:
    if data.startswith(b"\xd0\xcf\x11\xe0") or b"\x00" in data[:4096]:
        raise refuse("is not a CSV or .xlsx file (an old .xls or a binary file?)",
                     "save the list as 'CSV UTF-8' or 'Excel Workbook (.xlsx)'")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse("is not UTF-8 text", "a CSV saved as 'CSV UTF-8', or an .xlsx workbook") from None
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


def _xlsx_rows(data: bytes, display: str, limits: SafetyLimits | None) -> tuple[str, list[list], bool]:
    refused = [p for p in check_xlsx(data, limits, name=display) if p.severity == "error"]
    if refused:
        raise QuestionnaireError(f"{display}: the expert list was refused", refused)
    outcome = run_isolated(_sheet_rows, data, limits)
    if isinstance(outcome, WorkerFailure):
        raise QuestionnaireError(f"{display}: the workbook could not be read",
                                 [Problem(display, "", "", f"could not be read: {outcome.reason}",
                                          "an intact .xlsx saved by Excel or LibreOffice")])
    sheet, rows = outcome
    return sheet, rows, True


# ------------------------------------------------------------------------------------------------ rows
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's 7.0 is the id 7
    return str(value).strip()


def expert_weight_problem(text: str) -> tuple[float, str]:
    """``(weight, "")`` for a typed weight within range, else ``(nan, what is wrong)``.

    >>> expert_weight_problem("2.5"), expert_weight_problem("1e300")[1]
    ((2.5, ''), 'is too large (at most 1000)')
    """
    try:
        weight = float(ascii_digits(str(text).strip()).replace("٫", "."))
    except ValueError:
        return math.nan, "is not a number"
    if not math.isfinite(weight) or weight <= 0:
        return math.nan, "is not a positive number"
    if weight > MAX_EXPERT_WEIGHT:
        return math.nan, f"is too large (at most {MAX_EXPERT_WEIGHT:g})"
    if weight < MIN_EXPERT_WEIGHT:
        return math.nan, f"is too small (at least {MIN_EXPERT_WEIGHT:g})"
    return weight, ""


def _column_letter(k: int) -> str:
    letters = ""
    k += 1
    while k:
        k, rest = divmod(k - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _experts_from_rows(rows: list[list], display: str, sheet: str, xlsx) -> list[Expert]:
    problems: list[Problem] = []

    def where(r: int, key: str | None = None, column: int | None = None) -> str:
        if xlsx:  # a real cell reference: the planner can click on it
            return f"{_column_letter(column if column is not None else 0)}{r}"
        return f"row {r}" + (f" › {key}" if key else "")

    start = next((k for k, row in enumerate(rows) if any(_text(v) for v in row)), None)
    if start is None:
        raise QuestionnaireError(f"{display}: the list is empty",
                                 [Problem(display, sheet, "", "the list is empty", _EXPECTED_HEADER)])
    header_row = start + 1
    column: dict[str, int] = {}
    for k, value in enumerate(rows[start]):
        heading = " ".join(_text(value).lower().split())
        key = _HEADER_INDEX.get(heading)
        if key is None:
            if heading:
                problems.append(Problem(display, sheet, where(header_row, column=k),
                                        f"unknown column {_text(value)!r} is ignored", _EXPECTED_HEADER, "warning"))
        elif key in column:
            problems.append(Problem(display, sheet, where(header_row, column=k),
                                    f"a second {key!r} column", "each column once"))
        else:
            column[key] = k
    if "id" not in column and "name" not in column:
        raise QuestionnaireError(f"{display}: no id or name column",
                                 [Problem(display, sheet, where(header_row), "the header has no 'id' or 'name' column",
                                          _EXPECTED_HEADER)])
    body = rows[start + 1:]
    if len(body) > MAX_EXPERT_ROWS:
        problems.append(Problem(display, sheet, where(header_row + MAX_EXPERT_ROWS + 1),
                                f"more than {MAX_EXPERT_ROWS} rows", f"at most {MAX_EXPERT_ROWS} experts in one list"))
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
                problems.append(Problem(display, sheet, where(r, "id", column["id"]), "the expert has no id",
                                        "a short unique id, e.g. E01"))
                bad = True
            elif not EXPERT_ID.fullmatch(eid):
                problems.append(Problem(display, sheet, where(r, "id", column["id"]),
                                        f"{eid[:40]!r} is not an expert id", EXPERT_ID_RULE))
                bad = True
            elif eid in seen:
                problems.append(Problem(display, sheet, where(r, "id", column["id"]),
                                        f"id {eid!r} is also used in row {seen[eid]}", "a unique id per expert"))
                bad = True
            else:
                seen[eid] = r
        elif not name:
            problems.append(Problem(display, sheet, where(r, "name", column["name"]), "the name is empty",
                                    "the expert's name"))
            bad = True
        weight = 1.0
        weight_text = ascii_digits(cell("weight"))
        if weight_text:
            weight, message = expert_weight_problem(weight_text)
            if message:
                problems.append(Problem(display, sheet, where(r, "weight", column["weight"]),
                                        f"{cell('weight')[:40]!r} {message}",
                                        f"a number from {MIN_EXPERT_WEIGHT:g} to {MAX_EXPERT_WEIGHT:g} "
                                        "such as 1 or 2.5 (empty = 1)"))
                bad = True
        lang_text = cell("lang").lower()
        if lang_text and lang_text not in _LANGS:
            problems.append(Problem(display, sheet, where(r, "lang", column["lang"]),
                                    f"{cell('lang')!r} is not a language", "fa or en (empty = fa)"))
            bad = True
        if bad:
            continue
        experts.append(Expert(id=eid, name=(name or eid)[:200], role=cell("role")[:200], email=cell("email")[:320],
                              weight=weight, lang=_LANGS.get(lang_text, "fa")))
    if not experts and not any(p.severity == "error" for p in problems):
        problems.append(Problem(display, sheet, where(header_row + 1), "lists no experts",
                                "one row per expert under the header"))
    if any(p.severity == "error" for p in problems):
        n = sum(p.severity == "error" for p in problems)
        raise QuestionnaireError(f"{display}: the list of experts has {n} problem(s)", problems)
    return experts
