"""The decision model as an Excel workbook, for planners who prefer a spreadsheet to YAML.

One table per sheet, a header row of field names, one item per row:

==============  ==============================================================
sheet           columns
==============  ==============================================================
``Model``       ``field`` | ``value`` | ``notes`` (id, version, titles, goal…)
``Groups``      id | label_fa | label_en | description_fa | description_en
``Factors``     id | group | label_fa | label_en | short_fa | short_en
``Strategies``  id | label_fa | label_en | short_fa | short_en | tows | tows_factors | tows_reason_fa | tows_reason_en
                (TOWS optional: SO/WO/ST/WT, factor ids as "S3, O8", a reason each)
``RatingScale`` id | label_fa | label_en | value   (best level first, value 1)
``Dependencies`` source | target                  (ANP: source influences target; two groups or two factors)
==============  ==============================================================

Columns are found by their header, so a planner may reorder them; Persian
columns come first after the ids and are right-to-left aligned.  Reading a
workbook validates the model and reports every problem with its sheet and
cell (``Factors › C7: empty Persian label (label_fa) of factor W1``).

openpyxl is imported inside the functions that write or read a workbook, so
``import criteria`` stays light (a notebook loading a YAML model never loads
openpyxl); :func:`criteria.load_model` and :func:`criteria.save_model` call
this module when the file is a workbook.  The zip is checked before openpyxl sees it (entry count, sizes,
compression ratio, names, DTDs, declared sheet dimensions).
"""

from __future__ import annotations

import io
import os
import re
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any

from .catalogue import pgettext
from .io import MAX_MODEL_FILE_BYTES, ModelCheck, _read_bytes, check_model_data, model_to_data
from .model import Model
from .validate import MODEL_FIELDS
from mcda.digits import ascii_digits
from mcda.errors import Problem

__all__ = [
    "MODEL_SHEETS",
    "SHEET_COLUMNS",
    "write_model_workbook",
    "read_model_workbook",
    "check_model_workbook",
]

MODEL_SHEETS = ("Model", "Groups", "Factors", "Strategies", "RatingScale", "Dependencies")
SHEET_COLUMNS: dict[str, tuple[str, ...]] = {
    "Groups": ("id", "label_fa", "label_en", "description_fa", "description_en"),
    "Factors": ("id", "group", "label_fa", "label_en", "short_fa", "short_en"),
    "Strategies": ("id", "label_fa", "label_en", "short_fa", "short_en", "tows", "tows_factors", "tows_reason_fa", "tows_reason_en"),
    "RatingScale": ("id", "label_fa", "label_en", "value"),
    "Dependencies": ("source", "target"),
}
_LIST_KEYS = {"Groups": "groups", "Factors": "factors", "Strategies": "strategies", "RatingScale": "rating_scale", "Dependencies": "dependencies"}
_SHEET_OF_LIST = {key: sheet for sheet, key in _LIST_KEYS.items()}
_REQUIRED_SHEETS = ("Model", "Groups", "Factors", "Strategies")
_MODEL_KEYS = ("id", "version", "title_fa", "title_en", "description_fa", "description_en", "goal_fa", "goal_en", "evaluation",
               "position_ratings", "group_weighting", "feedback", "cluster_weights")
_MODEL_NOTES = {
    "id": "Stable model id: letters, digits, - _ .",
    "version": "Raise it when the model changes; questionnaires carry it",
    # each text field's note in its own language (the catalogue's workbook_note.<field>)
    **{f"{name}_{lang}": pgettext(f"workbook_note.{name}", lang) for name in ("title", "description", "goal")
       for lang in ("fa", "en")},
    "group_weighting": "direct (groups compared with respect to the goal) or kurttila (each group represented by its "
                       "most important factor, Kurttila et al. 2000)",
    "evaluation": "ratings (strategies rated on the RatingScale) or pairwise",
    "position_ratings": "yes: experts also rate every factor 1–4 for how well the city handles it now (IFE/EFE)",
    "feedback": "yes: a factor network where each strategy feeds back to the factors (which factors matter more "
                "for it); Dependencies between factors make the network",
    "cluster_weights": "compared (experts compare the clusters influencing each group) or equal (every influencing "
                       "cluster weighs the same); used when factors depend on factors",
}
_REQUIRED_COLUMNS = {
    "Groups": ("id", "label_fa", "label_en"),
    "Factors": ("id", "group", "label_fa", "label_en"),
    "Strategies": ("id", "label_fa", "label_en"),
    "RatingScale": ("id", "label_fa", "label_en", "value"),
    "Dependencies": ("source", "target"),
}

# Bounds for untrusted files: a real model workbook has ~10 zip entries,
# fewer than 200 rows per sheet and a few hundred KB of XML.
_MAX_ZIP_ENTRIES = 200
_MAX_UNCOMPRESSED_BYTES = 30 * 1024 * 1024
_MAX_RATIO = 200
_MAX_ROWS = 2000
_MAX_COLUMNS = 40
_DIMENSION = re.compile(rb'<dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')

_HEADER_FILL_COLOUR = "DDE6F0"
_WIDTHS = {"id": 12, "group": 8, "source": 10, "target": 10, "value": 10, "field": 16, "notes": 48, "tows": 8, "tows_factors": 16}
_INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Persian and Arabic-Indic digits and separators people type into number cells.


# ---- writing ---------------------------------------------------------------------
def write_model_workbook(model: Model, path_or_file: str | os.PathLike | IO[bytes]) -> None:
    """Write ``model`` as a model workbook (reads back equal with :func:`read_model_workbook`)."""
    data = model_to_data(model)
    data.setdefault("group_weighting", model.group_weighting)  # the workbook shows the choice, default included
    data.setdefault("cluster_weights", model.cluster_weights)
    # The workbook always lists the scale so a planner can see and edit it.
    data["rating_scale"] = [
        {"id": i.id, "label_en": i.label_en, "label_fa": i.label_fa, "value": float(i.value)} for i in model.rating_scale
    ]
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    styles = _Styles(
        header_font=Font(bold=True),
        header_fill=PatternFill("solid", fgColor=_HEADER_FILL_COLOUR),
        rtl=Alignment(horizontal="right", vertical="top", wrap_text=True, readingOrder=2),
        ltr=Alignment(horizontal="left", vertical="top", wrap_text=True, readingOrder=1),
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Model"
    _header(sheet, ("field", "value", "notes"), styles)
    for row, key in enumerate(_MODEL_KEYS, start=2):
        sheet.cell(row, 1, key).font = styles.header_font
        value = data.get(key, "")
        if key in ("position_ratings", "feedback"):
            value = "yes" if getattr(model, key) else "no"
        _text_cell(sheet.cell(row, 2), value, styles.rtl if key.endswith("_fa") else styles.ltr)
        _text_cell(sheet.cell(row, 3), _MODEL_NOTES[key], styles.rtl if key.endswith("_fa") else styles.ltr)
    evaluation_row = 2 + _MODEL_KEYS.index("evaluation")
    _list_validation(sheet, '"direct,kurttila"', f"B{2 + _MODEL_KEYS.index('group_weighting')}")
    _list_validation(sheet, '"ratings,pairwise"', f"B{evaluation_row}")
    _list_validation(sheet, '"yes,no"', f"B{2 + _MODEL_KEYS.index('position_ratings')}")
    _list_validation(sheet, '"yes,no"', f"B{2 + _MODEL_KEYS.index('feedback')}")
    _list_validation(sheet, '"compared,equal"', f"B{2 + _MODEL_KEYS.index('cluster_weights')}")
    _widths(sheet, ("field", "value", "notes"), {"value": 70})
    sheet.freeze_panes = "B2"

    for title, columns in SHEET_COLUMNS.items():
        sheet = workbook.create_sheet(title)
        _header(sheet, columns, styles)
        for row, item in enumerate(data.get(_LIST_KEYS[title], []), start=2):
            for col, name in enumerate(columns, start=1):
                value = item.get(name, "")
                cell = sheet.cell(row, col)
                if name == "value":
                    cell.value = float(value)
                    cell.number_format = "0.000"
                elif name == "tows_factors":
                    _text_cell(cell, ", ".join(value), styles.ltr)  # read back by criteria.factor_id_list
                else:
                    _text_cell(cell, value, styles.rtl if name.endswith("_fa") else styles.ltr)
        _widths(sheet, columns, {})
        sheet.freeze_panes = "B2"
        last = max(len(data.get(_LIST_KEYS[title], [])) + 200, 300)
        if title == "Factors":
            _list_validation(sheet, f"Groups!$A$2:$A${last}", f"B2:B{last}")
        # Dependencies link two groups or two factors: one list cannot offer both, the reader checks the ids
        if title == "Strategies":
            tows = _column_letter(columns.index("tows") + 1)
            _list_validation(sheet, '"SO,WO,ST,WT"', f"{tows}2:{tows}{last}")
    workbook.properties.title = model.title_en
    workbook.properties.subject = f"rahbord decision model {model.id} {model.version}"
    workbook.properties.keywords = f"rahbord-model id={model.id} hash={model.content_hash}"
    workbook.save(path_or_file)


@dataclass(frozen=True)
class _Styles:
    """The few openpyxl styles a model workbook uses (made when writing, so importing needs no openpyxl)."""

    header_font: Any
    header_fill: Any
    rtl: Any
    ltr: Any


def _header(sheet, columns: tuple[str, ...], styles: _Styles) -> None:
    for col, name in enumerate(columns, start=1):
        cell = sheet.cell(1, col, name)
        cell.font = styles.header_font
        cell.fill = styles.header_fill


def _text_cell(cell, value: Any, alignment) -> None:
    """A text cell that stays text: never a formula, even when it starts with '='."""
    if value in (None, ""):
        return
    text = str(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl would store "=…" as a formula
    if text.startswith(_INJECTION_PREFIXES):
        # Excel's own "this is text" flag (what a typed leading ' sets); the value is unchanged.
        cell.quotePrefix = True
    cell.alignment = alignment


def _widths(sheet, columns: tuple[str, ...], overrides: Mapping[str, int]) -> None:
    for col, name in enumerate(columns, start=1):
        width = overrides.get(name) or _WIDTHS.get(name) or (30 if name.startswith("short") else 60)
        sheet.column_dimensions[_column_letter(col)].width = width


def _list_validation(sheet, formula: str, ranges: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
    validation.add(ranges)
    sheet.add_data_validation(validation)


# ---- reading ----------------------------------------------------------------------
def read_model_workbook(path_or_file: str | os.PathLike | IO[bytes] | bytes, *, source: str | None = None) -> Model:
    """Read and validate a model workbook; raise :class:`~mcda.errors.ModelError` listing every problem."""
    return check_model_workbook(path_or_file, source=source).raise_for_errors()


def check_model_workbook(path_or_file: str | os.PathLike | IO[bytes] | bytes, *, source: str | None = None,
                         lang: str = "en") -> ModelCheck:
    """Read a model workbook and report every problem with its sheet and cell; never raises for bad input."""
    raw, name = _read_bytes(path_or_file)
    source = source if source is not None else name
    if raw is None:
        return _fail(source, "", "", f"the workbook is larger than {MAX_MODEL_FILE_BYTES // (1024 * 1024)} MB", "a model workbook of a few hundred KB")
    refusal = _check_zip(raw)
    if refusal:
        return _fail(source, "", "", refusal, "an .xlsx model workbook saved by Excel, LibreOffice or rahbord")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about extensions it cannot read (e.g. slicers); they do not matter here.
            warnings.simplefilter("ignore")
            from openpyxl import load_workbook

            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 — any parse failure of an untrusted file is a user problem
        return _fail(source, "", "", f"cannot open the workbook ({exc.__class__.__name__}: {exc})", "an .xlsx model workbook")
    try:
        return _read_workbook(workbook, source, lang)
    finally:
        workbook.close()


def _read_workbook(workbook, source: str, lang: str = "en") -> ModelCheck:
    problems: list[Problem] = []
    locations: dict[str, tuple[str, str]] = {}
    data: dict[str, Any] = {}
    names = workbook.sheetnames
    for sheet in _REQUIRED_SHEETS:
        if sheet not in names:
            problems.append(Problem(source, sheet, "", f"the workbook has no sheet {sheet!r}", "sheets " + ", ".join(MODEL_SHEETS)))
    for sheet in names:
        if sheet not in MODEL_SHEETS:
            problems.append(Problem(source, sheet, "", f"sheet {sheet!r} is not part of a model workbook and is ignored", "sheets " + ", ".join(MODEL_SHEETS), "warning"))

    if "Model" in names:
        _read_model_sheet(workbook["Model"], source, data, locations, problems)
    for sheet, key in _LIST_KEYS.items():
        if sheet in names:
            rows = _read_table(workbook[sheet], sheet, source, key, locations, problems)
            if rows is not None and (rows or sheet not in ("RatingScale", "Dependencies")):
                data[key] = rows  # an empty RatingScale means the default scale
    if any(p.severity == "error" and (p.cell in ("", "row 1")) for p in problems):
        # a sheet or a column is missing: checking the content would only repeat it row by row
        return ModelCheck(None, tuple(problems), source)

    checked = check_model_data(data, source, lang)
    flagged = {(p.sheet, p.cell) for p in problems if p.severity == "error"}
    located = [q for q in (_locate(p, locations) for p in checked.problems) if (q.sheet, q.cell) not in flagged]
    model = checked.model if not flagged else None
    return ModelCheck(model, tuple(problems + located), source)


def _read_model_sheet(sheet, source: str, data: dict, locations: dict, problems: list) -> None:
    for row_index, row in enumerate(_rows(sheet, 3, source, "Model", problems), start=1):
        key_cell, value_cell = row[0], row[1]
        key = key_cell.value
        if key is None and value_cell.value is None:
            continue
        if row_index == 1 and isinstance(key, str) and key.strip().lower() == "field":
            continue  # the header row
        if not isinstance(key, str) or not key.strip():
            problems.append(Problem(source, "Model", f"A{row_index}", f"row {row_index} has a value but no field name", "a field name such as title_fa"))
            continue
        key = key.strip()
        if key in data:
            problems.append(Problem(source, "Model", f"A{row_index}", f"field {key!r} appears twice (first at {locations[key][1]})", "each field once"))
            continue
        value = _cell_value(value_cell, f"B{row_index}", "Model", source, problems, numeric=False)
        data[key] = value
        # an unknown field is pointed at by its name, a known one by its value
        locations[key] = ("Model", f"B{row_index}" if key in MODEL_FIELDS else f"A{row_index}")


def _read_table(sheet, title: str, source: str, key: str, locations: dict, problems: list) -> list[dict] | None:
    rows = iter(_rows(sheet, _MAX_COLUMNS, source, title, problems))
    header = next(rows, None)
    columns: dict[int, str] = {}
    for cell_index, cell in enumerate(header or ()):
        name = cell.value
        if name is None:
            continue
        label = str(name).strip().lower()
        if label in SHEET_COLUMNS[title]:
            if label in columns.values():
                problems.append(Problem(source, title, f"{_column_letter(cell_index + 1)}1", f"column {label!r} appears twice", "each column once"))
            else:
                columns[cell_index] = label
        else:
            problems.append(Problem(source, title, f"{_column_letter(cell_index + 1)}1", f"unknown column {str(name)!r} is ignored", "columns " + ", ".join(SHEET_COLUMNS[title]), "warning"))
    missing = [c for c in _REQUIRED_COLUMNS[title] if c not in columns.values()]
    if missing:
        problems.append(
            Problem(source, title, "row 1", f"the header row has no column {', '.join(repr(m) for m in missing)}", "a header row with " + ", ".join(SHEET_COLUMNS[title]))
        )
        return None
    items: list[dict] = []
    for row_number, row in enumerate(rows, start=2):
        cells = {name: row[index] for index, name in columns.items() if index < len(row)}
        if all(_blank(cell.value) for cell in cells.values()):
            continue
        path = f"{key}[{len(items)}]"
        item: dict[str, Any] = {}
        for name, cell in cells.items():
            ref = f"{_column_letter(_column_of(columns, name) + 1)}{row_number}"
            item[name] = _cell_value(cell, ref, title, source, problems, numeric=name == "value")
            locations[f"{path}.{name}"] = (title, ref)
        first = SHEET_COLUMNS[title][0]
        locations[path] = (title, f"{_column_letter(_column_of(columns, first) + 1)}{row_number}")
        items.append(item)
    return items


def _rows(sheet, max_col: int, source: str, title: str, problems: list):
    """Rows of a sheet, bounded: beyond _MAX_ROWS the sheet is refused, not read."""
    for number, row in enumerate(sheet.iter_rows(min_row=1, max_row=_MAX_ROWS + 1, max_col=max_col), start=1):
        if number > _MAX_ROWS:
            problems.append(Problem(source, title, f"A{number}", f"the sheet has more than {_MAX_ROWS} rows", f"at most {_MAX_ROWS} rows"))
            return
        yield tuple(row) + (_Empty,) * (max_col - len(row))


class _Empty:
    value = None
    data_type = "n"


def _column_of(columns: dict[int, str], name: str) -> int:
    return next(index for index, label in columns.items() if label == name)


def _cell_value(cell, ref: str, sheet: str, source: str, problems: list, *, numeric: bool) -> Any:
    value = cell.value
    if getattr(cell, "data_type", "") == "f" or (isinstance(value, str) and value.startswith("=") and getattr(cell, "data_type", "") != "s"):
        problems.append(Problem(source, sheet, ref, "a formula is not allowed in a model workbook", "the value itself, typed in the cell"))
        return None
    if _blank(value):
        return None
    if numeric:
        if isinstance(value, str):
            try:
                return float(ascii_digits(value.strip()).replace(",", "."))
            except ValueError:
                return value  # validation reports it as not a number, at this cell
        return value
    if isinstance(value, bool):
        return value  # validation reports it
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _locate(problem: Problem, locations: Mapping[str, tuple[str, str]]) -> Problem:
    """Replace a field path (``factors[3].label_fa``) by the sheet and cell it came from."""
    path = problem.cell
    candidates = [path]
    if "." in path:
        candidates.append(path.rsplit(".", 1)[0])  # a field missing from an item: point at its row
    for candidate in candidates:
        if candidate in locations:
            sheet, cell = locations[candidate]
            return Problem(problem.file, sheet, cell, problem.message, problem.expected, problem.severity, problem.lang)
    root = re.split(r"[\[.]", path, maxsplit=1)[0]
    sheet = _SHEET_OF_LIST.get(root, "Model" if root else "")
    return Problem(problem.file, sheet, "" if sheet else path, problem.message, problem.expected, problem.severity,
                   problem.lang)


# ---- hostile-file checks -------------------------------------------------------------
def _check_zip(raw: bytes) -> str:
    """Why this zip must not be parsed, or '' when it looks like a sane .xlsx."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError) as exc:
        return f"not a readable .xlsx workbook (broken zip archive: {exc})"
    with archive:
        entries = archive.infolist()
        if len(entries) > _MAX_ZIP_ENTRIES:
            return f"the workbook holds {len(entries)} zip entries (at most {_MAX_ZIP_ENTRIES} expected)"
        names = [e.filename for e in entries]
        if len(set(names)) != len(names):
            return "the workbook's zip archive holds two entries with the same name"
        if any(n.startswith(("/", "\\")) or ".." in n.replace("\\", "/").split("/") for n in names):
            return "the workbook's zip archive holds an entry with an absolute or '..' path"
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            return "a zip archive, but not an .xlsx workbook (no xl/workbook.xml): give the model YAML or an .xlsx model workbook"
        total = sum(e.file_size for e in entries)
        if total > _MAX_UNCOMPRESSED_BYTES:
            return f"the workbook unpacks to {total // (1024 * 1024)} MB (at most {_MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB expected)"
        for entry in entries:
            if entry.file_size > 1024 * 1024 and entry.file_size > _MAX_RATIO * max(entry.compress_size, 1):
                return f"zip entry {entry.filename!r} is compressed {entry.file_size // max(entry.compress_size, 1)}:1, a zip bomb"
        for entry in entries:
            if not entry.filename.endswith((".xml", ".rels", ".vml")):
                continue
            problem = _check_xml_entry(archive, entry)
            if problem:
                return problem
    return ""


def _check_xml_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> str:
    is_sheet = entry.filename.startswith("xl/worksheets/")
    tail = b""
    with archive.open(entry) as stream:  # zipfile stops at the declared size
        first = True
        while chunk := stream.read(256 * 1024):
            window = tail + chunk
            if b"<!DOCTYPE" in window.upper() or b"<!ENTITY" in window.upper():
                return f"zip entry {entry.filename!r} declares a DTD or entities, which a workbook never needs"
            if first and is_sheet:
                match = _DIMENSION.search(window[:4096])
                if match and match.group(4):
                    rows, column = int(match.group(4)), _column_number(match.group(3).decode())
                    if rows > _MAX_ROWS or column > _MAX_COLUMNS:
                        return (
                            f"sheet {entry.filename!r} declares a range up to {match.group(3).decode()}{rows}, "
                            f"beyond a model workbook's {_MAX_ROWS} rows × {_MAX_COLUMNS} columns"
                        )
            first = False
            tail = chunk[-16:]
    return ""


def _column_letter(number: int) -> str:
    """1 → 'A', 27 → 'AA' (what openpyxl's get_column_letter gives, without importing it)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def _fail(source: str, sheet: str, cell: str, message: str, expected: str) -> ModelCheck:
    return ModelCheck(None, (Problem(source, sheet, cell, message, expected),), source)

