"""A panel list uploaded as CSV or XLSX: one expert a row.

A stop-gap: ``surveys`` has no reader for expert lists yet; once it has one
(``surveys.read_experts``) :func:`rahbord.web.bridge.read_expert_list` uses it
instead.  Columns by header (English or Persian): name, email, role, weight,
lang, id.  Every problem is collected with its row.
"""

from __future__ import annotations

import csv
import io

from mcda.errors import Problem, QuestionnaireError
from surveys.responses import Expert

__all__ = ["read_expert_list"]

MAX_ROWS = 2000
HEADERS = {
    "name": ("name", "نام", "full name"),
    "email": ("email", "e-mail", "رایانامه", "ایمیل"),
    "role": ("role", "سمت", "position"),
    "weight": ("weight", "وزن"),
    "lang": ("lang", "language", "زبان"),
    "id": ("id", "شناسه", "expert id"),
}


def read_expert_list(data: bytes, filename: str) -> list[Expert]:
    rows = _xlsx_rows(data, filename) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    if not rows:
        raise QuestionnaireError("empty list", [Problem(filename, "", "", "the list is empty", "a header row and one row per expert")])
    header = [str(h or "").strip().lower() for h in rows[0]]
    column = {}
    for key, names in HEADERS.items():
        for k, h in enumerate(header):
            if h in names:
                column[key] = k
                break
    if "name" not in column:
        raise QuestionnaireError("no name column", [Problem(filename, "", "A1", f"no 'name' column in the header {header}",
                                                            "a header row: name, email, role, weight, lang")])
    experts, problems = [], []
    for r, row in enumerate(rows[1:MAX_ROWS + 1], start=2):
        cell = lambda key: str(row[column[key]]).strip() if key in column and column[key] < len(row) and row[column[key]] is not None else ""  # noqa: E731
        name = cell("name")
        if not name and not any(str(v or "").strip() for v in row):
            continue
        if not name:
            problems.append(Problem(filename, "", f"row {r}", "the name is empty", "the expert's name"))
            continue
        weight_text = cell("weight") or "1"
        try:
            weight = float(weight_text.replace("٫", "."))
            if not weight > 0:
                raise ValueError
        except ValueError:
            problems.append(Problem(filename, "", f"row {r}", f"weight {weight_text!r} is not a positive number", "e.g. 1 or 0.5"))
            continue
        lang = "en" if cell("lang").lower() in ("en", "english", "انگلیسی") else "fa"
        experts.append(Expert(id=cell("id"), name=name[:200], role=cell("role")[:200], email=cell("email")[:320],
                              weight=weight, lang=lang))
    if problems:
        raise QuestionnaireError("the expert list has problems", problems)
    return experts


def _csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)][: MAX_ROWS + 1]


def _xlsx_rows(data: bytes, filename: str) -> list[list]:
    import surveys

    problems = surveys.check_xlsx(data, name=filename)  # zip bombs, entities, huge sheets
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise QuestionnaireError("the expert list was refused", errors)
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheet = workbook.get_sheet_by_index(0)
    return [list(row) for row in sheet.to_python()][: MAX_ROWS + 1]
