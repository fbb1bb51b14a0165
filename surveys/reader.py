"""Read filled questionnaire workbooks into :class:`~surveys.responses.Responses`.

The reader trusts nothing in a returned file.  For each file it

1. refuses hostile or foreign files before parsing (:func:`surveys.safety.check_xlsx`:
   content not name, zip bombs, XML entities, huge declared sheets);
2. parses the survivors with python-calamine — only the hidden ``_rahbord``
   sheet and the answer cells it lists are read, which is what makes 300
   workbooks take seconds.  Steps 1–4 run in worker processes limited in
   memory and time (:func:`surveys.safety.map_isolated`), one file per task,
   so the cores share the work and a file that crashes a parser costs one
   worker and becomes a Problem; the parent only assembles the results;
3. checks the hidden sheet: its checksum (an edited id or cell reference is
   refused), the model id and content hash (a workbook answered for another
   version of the model is refused), the expert (duplicates across files,
   membership of the panel when one is given);
4. reads every answer as a person may have written it — the dropdown entries,
   ``1``–``9``, ``1/3`` or ``۱/۳`` as text, Persian and Arabic-Indic digits,
   the verbal labels in English or Persian (:func:`mcda.scale.parse_judgment`),
   or one mark in the 9 … 1 … 9 row of the ``scale`` layout — and refuses,
   in the questionnaire's language, what would otherwise be misread: «B»
   or «A» with a fraction (the reversed judgment), values between or off the points
   of the scale, formulas, error values, merged answer cells and date
   formats (:mod:`surveys.cellscan` looks at the XML calamine cannot show);
5. accepts a partly answered workbook with a warning as long as each
   comparison graph stays connected (:func:`mcda.incomplete.check_connected`),
   and otherwise reports the items that are cut off and the cells that would
   link them.

Every problem in every file is collected; if any is an error,
:class:`~mcda.errors.QuestionnaireError` is raised with all of them (errors
and warnings), each as ``Problem(file, sheet, cell, message, expected)``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import os
import pickle
import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable

import numpy as np

from criteria.catalogue import texts
from mcda.errors import DisconnectedComparisonsError, MatrixError, Problem, QuestionnaireError
from mcda.incomplete import check_connected
from mcda.scale import ScaleError, parse_judgment

from .cellscan import answer_cell_facts
from mcda.digits import localize_digits, localize_version

from .messages import answer_text, pair_name, reader_text, show_cells, show_code, show_value
from .responses import Expert, Responses
from .safety import SafetyLimits, WorkerFailure, inspect_xlsx, map_isolated

__all__ = ["read_responses", "read_workbook_values", "MAP_SHEET"]

# The hidden sheet: the contract between the writer (surveys.questionnaire)
# and this reader.  Key/value rows (META_KEYS, then "checksum"), a header row
# MAP_HEADER, then one row per answer cell.
MAP_SHEET = "_rahbord"
META_KEYS = (
    "format",
    "model_id",
    "model_version",
    "model_hash",
    "expert_id",
    "expert_name",
    "expert_role",
    "expert_email",
    "expert_weight",
    "lang",
    "design",
    "n_judgments",
)
MAP_HEADER = ("kind", "sheet", "cell", "cell2", "set", "a", "b")
# Map row kinds: "pair" (cell = which, cell2 = how much), "scale" (cell …
# cell2 = the 17 cells of one 9 … 1 … 9 row, item A's 9 first), "rating",
# "position" (a = the factor rated 1–4 for the IFE / EFE; set "position").
SCALE_POINTS = (9, 8, 7, 6, 5, 4, 3, 2, 1, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6, 1 / 7, 1 / 8, 1 / 9)


def map_checksum(meta: dict[str, str], rows) -> str:
    """SHA-256 (16 hex digits) over the metadata and every map row."""
    h = hashlib.sha256()
    for key in META_KEYS:
        h.update(f"{key}\x1f{meta.get(key, '')}\x1e".encode())
    for row in rows:
        h.update(("\x1f".join(row) + "\x1e").encode())
    return h.hexdigest()[:16]



_ERR, _WARN = "error", "warning"
_MAX_LISTED_CELLS = 8


# ---------------------------------------------------------------------------
# Parsing in the worker: calamine, only the map and the answer cells
# ---------------------------------------------------------------------------
_REF = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")


def _cell_index(ref: str) -> tuple[int, int] | None:
    m = _REF.match(ref)
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _column_letters(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def scale_cells(first: str, last: str) -> list[str]:
    """The cells of one scale row, from item A's 9 (``first``) to item B's 9 (``last``), same row."""
    a, b = _cell_index(first), _cell_index(last)
    if a is None or b is None or a[0] != b[0] or b[1] - a[1] != len(SCALE_POINTS) - 1:
        return []
    return [f"{_column_letters(c + 1)}{a[0] + 1}" for c in range(a[1], b[1] + 1)]


def read_workbook_values(source, parts: dict[str, bytes] | None = None) -> dict:
    """The raw content the reader needs from one workbook (runs in a worker).

    ``source`` is a path or the file's bytes.  Returns ``{"sheets": names,
    "map": rows of the hidden sheet or None, "values": {(sheet, cell): value}}``.
    Only call this on a file :func:`surveys.safety.check_xlsx` accepted;
    ``parts`` are the XML parts that check inflated
    (:func:`surveys.safety.inspect_xlsx`), so they are not inflated again.
    """
    from python_calamine import CalamineWorkbook

    if isinstance(source, (bytes, bytearray)):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(source))
    else:
        wb = CalamineWorkbook.from_path(str(source))
    try:
        names = list(wb.sheet_names)
        if MAP_SHEET not in names:
            return {"sheets": names, "map": None, "values": {}}
        rows = wb.get_sheet_by_name(MAP_SHEET).to_python(skip_empty_area=False)
        needed: dict[str, set[str]] = defaultdict(set)
        in_map = False
        for row in rows:
            if not in_map:
                in_map = bool(row) and row[0] == MAP_HEADER[0]
                continue
            if len(row) >= 4 and isinstance(row[1], str):
                if row[0] == "scale" and isinstance(row[2], str) and isinstance(row[3], str):
                    needed[row[1]].update(scale_cells(row[2], row[3]))
                    continue
                for ref in (row[2], row[3]):
                    if isinstance(ref, str) and ref:
                        needed[row[1]].add(ref)
        values: dict[tuple[str, str], object] = {}
        for sheet, refs in needed.items():
            if sheet not in names or sheet == MAP_SHEET:
                continue
            data = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            for ref in refs:
                index = _cell_index(ref)
                if index is None:
                    continue
                r, c = index
                values[(sheet, ref)] = data[r][c] if r < len(data) and c < len(data[r]) else ""
    finally:
        wb.close()
    wanted = {sheet: refs for sheet, refs in needed.items() if sheet in names and sheet != MAP_SHEET}
    facts = answer_cell_facts(source, wanted, parts)
    return {"sheets": names, "map": rows, "values": values, "facts": facts}


_INDEX_CACHE: dict[str, "_ModelIndex"] = {}  # model content hash -> look-ups, in a worker (or in this process)


def _check_read_validate(task) -> "_FileResult":
    """Worker entry: the safety checks, the parse (only if they pass), the validation.

    All three run in the limited worker, so every core shares the work and the
    parent only assembles the results.  Calamine errors become a plain
    failure, not a crash.  The model comes pickled once by the parent
    (:attr:`_ModelIndex.pickled`) and is unpickled only by a worker that has
    not seen its content hash yet.
    """
    source, name, limits, model, model_hash, *hint = task  # hint: the language of file-level problems
    index = _INDEX_CACHE.get(model_hash)
    if index is None:
        index = _ModelIndex(pickle.loads(model) if isinstance(model, bytes) else model, model_hash)
        with _INDEXES_LOCK:
            while len(_INDEX_CACHE) >= _KEEP_INDEXES:
                del _INDEX_CACHE[next(iter(_INDEX_CACHE))]
            _INDEX_CACHE[model_hash] = index
    refused, parts = inspect_xlsx(source, limits, name=name, lang=hint[0] if hint else "en", keep=True)
    if refused:
        return _FileResult(name, problems=refused, lang=hint[0] if hint else "en")
    try:
        raw = read_workbook_values(source, parts)
    except Exception as exc:  # calamine raises its own exception types
        raw = {"failure": f"{type(exc).__name__}: {exc}"}
    return _validate(index, name, raw, hint[0] if hint else None)


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def _file_language(raw: dict, hint: str | None) -> str:
    """The language of problems found before the hidden sheet tells it: a Persian questionnaire's sheets
    have Persian names; else ``hint`` (the language of the page or command that reads), else English."""
    if any(_ARABIC_SCRIPT.search(name) for name in raw.get("sheets") or ()):
        return "fa"
    return hint if hint in ("fa", "en") else "en"


# ---------------------------------------------------------------------------
# Reading answers as people write them
# ---------------------------------------------------------------------------
_LETTERS = {ord("ي"): "ی", ord("ى"): "ی", ord("ك"): "ک", ord("\u200c"): "", ord("\u200f"): "", ord("\u200e"): ""}
_DROPDOWN = re.compile(r"^\s*([0-9۰-۹٠-٩]+(?:\s*[/⁄]\s*[0-9۰-۹٠-٩]+)?)\s*[—–-]")
_SIDE_A = {"a", "الف", "ا", "left"}
_SIDE_B = {"b", "ب", "right"}
_SIDE_EQUAL = {"equal", "eq", "=", "same", "یکسان", "برابر", "مساوی", "یکسانند", "هردو"}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).translate(_LETTERS)
    return " ".join(text.split()).casefold()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _AnswerError(Exception):
    """A nonsense or contradictory answer; ``where`` is "side" or "how" (the cell to blame).

    ``key`` and ``fields`` select the message of :mod:`surveys.messages`, so
    it is told in the questionnaire's language.
    """

    def __init__(self, key: str, where: str = "how", **fields):
        super().__init__(key)
        self.key = key
        self.where = where
        self.fields = fields

    def text(self, a: str, b: str, lang: str) -> tuple[str, str]:
        shown = {"value": show_value, "code": show_code}
        fields = {k: shown[k](v, lang) if k in shown else v for k, v in self.fields.items()}
        # a current-position rating concerns one factor, not a pair
        return answer_text(self.key, lang, pair=pair_name(a, b, lang) if b else a, **fields)


# Relative tolerance for a typed decimal (0.333 for 1/3, 0.111 for 1/9).
_ON_POINT = 0.01
_POINTS = np.array([1 / k for k in range(9, 1, -1)] + list(range(1, 10)), dtype=float)
_EXACT_POINTS = frozenset(_POINTS.tolist())  # 3.0 or 1/3 as parse_judgment returns them: no search needed


def _parse_how(value) -> float | None:
    """The intensity cell: None when empty, else a point of the scale (1–9 or 1/2 … 1/9)."""
    if _blank(value):
        return None
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        raise _AnswerError("date", value=value)
    if isinstance(value, str):
        m = _DROPDOWN.match(value)
        token = m.group(1) if m else value
    else:
        token = value
    try:
        number = parse_judgment(token)
    except ScaleError:
        raise _AnswerError("not_on_scale", value=value) from None
    except MatrixError:  # pragma: no cover - parse_judgment raises ScaleError
        raise _AnswerError("not_on_scale", value=value) from None
    # 5.5 or 2/3 are between the points an expert can mean: refuse, do not round
    if number in _EXACT_POINTS:
        return float(number)
    nearest = _POINTS[np.argmin(np.abs(np.log(_POINTS / number)))]
    if abs(number / nearest - 1.0) > _ON_POINT:
        raise _AnswerError("between_points", value=value)
    return float(nearest)


def _parse_side(value, a: str, b: str) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        raise _AnswerError("date", "side", value=value)
    if not isinstance(value, str):
        raise _AnswerError("number_in_label" if isinstance(value, (int, float)) and not isinstance(value, bool)
                           else "bad_side", "side", value=value)
    text = _norm(value)
    if text in _SIDE_A or text == a.casefold():
        return "a"
    if text in _SIDE_B or text == b.casefold():
        return "b"
    if text in _SIDE_EQUAL:
        return "equal"
    raise _AnswerError("bad_side", "side", value=value)


def judgment_from_cells(side_raw, how_raw, a: str, b: str) -> tuple[float | None, str | None]:
    """``(a_ab or None, warning key or None)`` from the two answer cells of a pair.

    Raises ``_AnswerError`` for nonsense or contradictions — among them «B»
    with a fraction: "B is more important, by 1/3" says the opposite of what
    the fraction says, and reading it either way misreads half the experts
    who write it; «A» with a fraction likewise ("A is a third as important"
    says B is the more important one while A is chosen).  A pair with a direction but no intensity is *unanswered*
    with a warning.
    """
    side = _parse_side(side_raw, a, b)
    how = _parse_how(how_raw)
    if side is None and how is None:
        return None, None
    if side == "equal":
        if how is not None and abs(how - 1.0) > 1e-9:
            raise _AnswerError("equal_but", value=how_raw)
        return 1.0, None
    if side is None:
        if abs(how - 1.0) <= 1e-9:
            return 1.0, None
        raise _AnswerError("no_side", "side", value=how_raw)
    if how is None:
        return None, "half"
    if side == "b" and how < 1.0 - 1e-9:
        raise _AnswerError("reversed", value=how_raw)
    if side == "a" and how < 1.0 - 1e-9:  # "A, by 1/3": A less important, or a slip? ambiguous either way
        raise _AnswerError("reversed_a", value=how_raw)
    return (how if side == "a" else 1.0 / how), None


def judgment_from_marks(marks: list[int]) -> float | None:
    """``a_ab`` from the marked positions (0 … 16) of one 9 … 1 … 9 row; None when unmarked."""
    if not marks:
        return None
    if len(marks) > 1:
        raise _AnswerError("marks", value=len(marks))
    return float(SCALE_POINTS[marks[0]])


_POSITION_NUMBER = re.compile(r"^\s*([0-9۰-۹٠-٩]+(?:[.,٫][0-9۰-۹٠-٩]+)?)\s*(?:[—–-].*)?$", re.S)


def _position_value(value, levels: dict[str, float]) -> float:
    """A current-position rating cell: 1, 2, 3 or 4 (a number, a dropdown entry, a digit or the level's label).

    Anything else is refused, never rounded: 2.5, 0 or 5 are off the scale, a
    date is a misread entry, other text names no level.
    """
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        raise _AnswerError("date", value=value)
    if isinstance(value, bool):
        raise _AnswerError("bad_position", value=value, levels="")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = _norm(value)
        if text in levels:
            return levels[text]
        m = _POSITION_NUMBER.match(text)
        if not m:
            raise _AnswerError("bad_position", value=value, levels="")
        token = m.group(1).translate(_DIGITS).replace(",", ".").replace("٫", ".")
        number = float(token)
    if number not in (1.0, 2.0, 3.0, 4.0):
        raise _AnswerError("position_off_scale", value=value, levels="")
    return number


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


# ---------------------------------------------------------------------------
# Validation of one file against the model
# ---------------------------------------------------------------------------
@dataclass
class _FileResult:
    file: str
    expert: Expert | None = None
    expert_cell: str = ""
    pairs: dict[str, dict[tuple[int, int], float]] = field(default_factory=dict)
    asked: dict[str, dict[tuple[int, int], tuple[str, str]]] = field(default_factory=dict)  # -> (sheet, cell)
    ratings: dict[tuple[int, int], float] = field(default_factory=dict)
    position: dict[int, float] = field(default_factory=dict)  # factor index -> 1..4
    problems: list[Problem] = field(default_factory=list)
    lang: str = "en"  # of the questionnaire (of the problems about it)

    @property
    def ok(self) -> bool:
        return not any(p.severity == _ERR for p in self.problems)


class _ModelIndex:
    """Look-ups of one model, built once per model (:func:`_model_index`)."""

    def __init__(self, model, content_hash: str | None = None):
        self.model = model
        self._pickled: bytes | None = None
        self.content_hash = content_hash or model.content_hash  # hashing the model costs ms: once per read
        self.sets = {s.id: s for s in model.comparison_sets()}
        self.item_index = {s.id: {item: k for k, item in enumerate(s.items)} for s in self.sets.values()}
        self.strategies = {s: k for k, s in enumerate(model.strategy_ids)}
        self.factors = {f: k for k, f in enumerate(model.factor_ids)}
        self.intensities: dict[str, float] = {}
        for level in model.rating_scale:
            for text in (level.id, level.label_en, level.label_fa):
                if text:
                    self.intensities[_norm(text)] = float(level.value)
        # current-position ratings (IFE / EFE): 1–4 as a number, a dropdown entry or the level's label
        self.position_levels: dict[str, dict[str, float]] = {}
        self.position_expected: dict[str, dict[str, str]] = {}
        hints = texts("answer_hint")  # what a ratings cell expects: the model's levels in the catalogue's sentence
        if model.position_ratings:
            for f in model.factor_ids:
                levels = model.position_scale(f)
                self.position_levels[f] = {_norm(text): float(level.value) for level in levels
                                           for text in (level.id, level.label_en, level.label_fa) if text}
                self.position_expected[f] = {
                    "en": hints["en"]["position_levels"].format(levels=", ".join(
                        f"{int(level.value)} {level.label_en}" for level in levels)),
                    "fa": hints["fa"]["position_levels"].format(levels="، ".join(
                        f"{localize_digits(int(level.value), 'fa')} {level.label_fa}" for level in levels)),
                }
        self.rating_expected = {
            "en": hints["en"]["rating_levels"].format(levels=", ".join(
                f"'{level.label_en}'" for level in model.rating_scale)),
            "fa": hints["fa"]["rating_levels"].format(levels="، ".join(
                f"«{level.label_fa}»" for level in model.rating_scale)),
        }


    @property
    def pickled(self) -> bytes:
        """The model pickled once, for every task of every read that sends it to a worker."""
        if self._pickled is None:
            self._pickled = pickle.dumps(self.model, protocol=pickle.HIGHEST_PROTOCOL)
        return self._pickled


_INDEXES: dict = {}  # model -> _ModelIndex, the last few models read in this process
_INDEXES_LOCK = threading.Lock()  # the web app reads uploads from several threads
_KEEP_INDEXES = 8


def _model_index(model) -> _ModelIndex:
    """The look-ups of ``model``, kept for the next read of an equal model (models are frozen).

    Hashing the model's content costs a millisecond or two, as much as the
    rest of reading one upload's answers; an equal model (the same study
    loaded again) finds the index built for the first.
    """
    try:
        with _INDEXES_LOCK:
            index = _INDEXES.get(model)
    except TypeError:  # a model holding a list somewhere cannot be a key: built for this read only
        return _ModelIndex(model)
    if index is None:
        index = _ModelIndex(model)
        with _INDEXES_LOCK:
            while len(_INDEXES) >= _KEEP_INDEXES:
                del _INDEXES[next(iter(_INDEXES))]
            _INDEXES[model] = index
    return index


def _validate(index: _ModelIndex, file: str, raw: dict, hint: str | None = None) -> _FileResult:
    result = _FileResult(file)
    problems = result.problems
    model = index.model
    lang = _file_language(raw, hint)  # until the hidden sheet says

    def err(sheet, cell, message, expected="", severity=_ERR):
        problems.append(Problem(file, sheet, cell, message, expected, severity, lang))

    def say(sheet, cell, key, severity=_ERR, **fields):
        err(sheet, cell, *reader_text(key, lang, **fields), severity)

    if "failure" in raw:
        say("", "", "unreadable", failure=raw["failure"])
        return result
    rows = raw["map"]
    if rows is None:
        say(MAP_SHEET, "", "no_map")
        return result

    meta: dict[str, str] = {}
    meta_cells: dict[str, str] = {}
    header_at = None
    for r, row in enumerate(rows):
        key = row[0] if row else ""
        if key == MAP_HEADER[0]:
            header_at = r
            break
        if isinstance(key, str) and key:
            value = row[1] if len(row) > 1 else ""
            meta[key] = value if isinstance(value, str) else str(value)
            meta_cells[key] = f"B{r + 1}"
    missing = [k for k in (*META_KEYS, "checksum") if k not in meta]
    if meta.get("lang") in ("fa", "en"):
        lang = meta["lang"]
    result.lang = lang
    if header_at is None or missing:
        say(MAP_SHEET, "", "map_damaged", count=len(missing) + (header_at is None),
            missing=", ".join(missing) or "the answer map")
        return result
    map_rows = []
    for r in range(header_at + 1, len(rows)):
        row = tuple(map(str, rows[r][:7]))  # str() hands a str back as it is
        map_rows.append((r + 1, row if len(row) == 7 else row + ("",) * (7 - len(row))))
    if map_checksum(meta, [m for _, m in map_rows]) != meta["checksum"]:
        say(MAP_SHEET, meta_cells["checksum"], "checksum")
        return result
    if meta["model_id"] != model.id:
        say(MAP_SHEET, meta_cells["model_id"], "other_model", issued=show_code(meta["model_id"], lang),
            model=show_code(model.id, lang))
        return result
    if meta["model_hash"] != index.content_hash:
        say(MAP_SHEET, meta_cells["model_hash"], "other_version", version=localize_version(meta["model_version"], lang),
            hash=show_code(meta["model_hash"], lang), current=localize_version(model.version, lang),
            current_hash=show_code(index.content_hash, lang))
        return result
    try:
        weight = float(meta["expert_weight"] or 1.0)
    except ValueError:
        weight = 1.0
    result.expert = Expert(id=meta["expert_id"], name=meta["expert_name"], role=meta["expert_role"],
                           email=meta["expert_email"], weight=weight, lang=meta["lang"] or "fa", source_file=file)
    result.expert_cell = meta_cells["expert_id"]

    sheets = set(raw["sheets"])
    missing_sheets: dict[str, int] = {}
    values = raw["values"]
    facts = raw.get("facts", {})
    unanswered: dict[str, list[str]] = defaultdict(list)  # sheet -> cells
    asked_per_sheet: dict[str, int] = defaultdict(int)
    half: list[tuple[str, str]] = []
    n_answers = 0

    def refuse(sheet, cell, a, b, exc: _AnswerError) -> None:
        message, expected = exc.text(a, b, lang)
        err(sheet, cell, message, expected)

    def untrusted(sheet, cells, a, b) -> bool:
        """Refuse every answer cell holding a formula, an error value, a merge or a date format."""
        bad = False
        for cell in cells:
            f = facts.get((sheet, cell))
            value = values.get((sheet, cell))
            if not f or (not (f.formula or f.error or f.merged) and (_blank(value) or isinstance(value, str))):
                continue  # a date format on an empty cell, or on text, misreads nothing
            bad = True
            if f.formula:
                refuse(sheet, cell, a, b, _AnswerError("formula", code=f.formula))
            elif f.error:
                refuse(sheet, cell, a, b, _AnswerError("error_value", code=f.error))
            elif f.merged:
                refuse(sheet, cell, a, b, _AnswerError("merged", code=f.merged))
            else:
                refuse(sheet, cell, a, b, _AnswerError("date_format"))
        return bad

    for r, (kind, sheet, cell, cell2, set_id, a, b) in map_rows:
        if kind == "" and not sheet:
            continue
        if sheet not in sheets:
            missing_sheets[sheet] = missing_sheets.get(sheet, 0) + 1
            continue
        if kind in ("pair", "scale"):
            s = index.sets.get(set_id)
            items = index.item_index.get(set_id, {})
            row_cells = scale_cells(cell, cell2) if kind == "scale" else [cell, cell2]
            if s is None or a not in items or b not in items or a == b or not row_cells:
                say(MAP_SHEET, f"A{r}", "unknown_pair", set=show_code(set_id, lang), a=a, b=b)
                continue
            i, j = items[a], items[b]
            key = (min(i, j), max(i, j))
            result.asked.setdefault(set_id, {})[key] = (sheet, cell)
            asked_per_sheet[sheet] += 1
            if untrusted(sheet, row_cells, a, b):
                continue
            try:
                if kind == "scale":
                    marks = [k for k, ref in enumerate(row_cells) if not _blank(values.get((sheet, ref)))]
                    value, warning = judgment_from_marks(marks), None
                else:
                    value, warning = judgment_from_cells(values.get((sheet, cell)), values.get((sheet, cell2)), a, b)
            except _AnswerError as exc:
                refuse(sheet, cell if exc.where == "side" or kind == "scale" else cell2, a, b, exc)
                continue
            if warning:
                half.append((sheet, cell2))
            if value is None:
                unanswered[sheet].append(cell)
                continue
            n_answers += 1
            result.pairs.setdefault(set_id, {})[key] = value if i < j else 1.0 / value
        elif kind == "rating":
            if a not in index.strategies or b not in index.factors or model.evaluation != "ratings":
                say(MAP_SHEET, f"A{r}", "unknown_rating", a=a, b=b)
                continue
            asked_per_sheet[sheet] += 1
            if untrusted(sheet, [cell], a, b):
                continue
            raw_value = values.get((sheet, cell))
            if _blank(raw_value):
                unanswered[sheet].append(cell)
                continue
            level = index.intensities.get(_norm(raw_value)) if isinstance(raw_value, str) else None
            if level is None:
                key = "date" if isinstance(raw_value, (_dt.date, _dt.time, _dt.timedelta)) else (
                    "number_in_label" if isinstance(raw_value, (int, float)) else "bad_rating")
                message, _ = answer_text(key, lang, pair=f"{a} × {b}", value=show_value(raw_value, lang), levels="")
                err(sheet, cell, message, index.rating_expected[lang])
                continue
            n_answers += 1
            result.ratings[(index.strategies[a], index.factors[b])] = level
        elif kind == "position":
            if a not in index.position_levels:
                say(MAP_SHEET, f"A{r}", "unknown_position", a=a)
                continue
            asked_per_sheet[sheet] += 1
            if untrusted(sheet, [cell], a, ""):
                continue
            raw_value = values.get((sheet, cell))
            if _blank(raw_value):
                unanswered[sheet].append(cell)
                continue
            try:
                level = _position_value(raw_value, index.position_levels[a])
            except _AnswerError as exc:
                message, _ = exc.text(a, "", lang)
                err(sheet, cell, message, index.position_expected[a][lang])
                continue
            n_answers += 1
            result.position[index.factors[a]] = level
        else:
            say(MAP_SHEET, f"A{r}", "unknown_kind", kind=show_code(kind, lang))
    for sheet, count in missing_sheets.items():
        say(sheet, "", "missing_sheet", count=count)
    if missing_sheets:
        return result
    if n_answers == 0 and result.ok:
        first_sheet, first_cell = next(((m[1], m[2]) for _, m in map_rows if m[1]), ("", ""))
        say(first_sheet, first_cell, "no_answers")
        return result
    for sheet, cell in half:
        message, expected = answer_text("half", lang)
        err(sheet, cell, message, expected, _WARN)
    for sheet, cells in unanswered.items():
        say(sheet, cells[0], "partial", _WARN, count=len(cells), asked=asked_per_sheet[sheet],
            cells=show_cells(cells, lang, _MAX_LISTED_CELLS))
    return result


def _connectivity(index: _ModelIndex, results: list[_FileResult], stacks: dict[str, np.ndarray]) -> None:
    """Add an error per expert and set whose answered pairs leave items cut off."""
    model = index.model
    for set_id, stack in stacks.items():
        s = index.sets[set_id]
        if stack.shape[0] == 0 or s.size < 2:
            continue
        try:
            check_connected(stack, labels=list(s.items))
        except DisconnectedComparisonsError as exc:
            for k, cut in exc.cut_off.items():
                res = results[k]
                cut_items = [s.items[i] for i in cut]
                rest = [i for i in range(s.size) if i not in cut]
                links = [res.asked[set_id][(min(i, j), max(i, j))] for i in cut for j in rest
                         if (min(i, j), max(i, j)) in res.asked.get(set_id, {})
                         and (min(i, j), max(i, j)) not in res.pairs.get(set_id, {})]
                sheet, cell = links[0] if links else (next(iter(res.asked.get(set_id, {}).values()), ("", "")))
                lang = res.lang
                names = ("، " if lang == "fa" else ", ").join(f"{x} ({model.label(x, lang)[:40]})" for x in cut_items)
                message, expected = reader_text(
                    "cut_off" if links else "cut_off_no_link", lang, set=set_id, names=names,
                    verb="is" if len(cut) == 1 else "are", cells=show_cells([c for _, c in links], lang,
                                                                            _MAX_LISTED_CELLS))
                res.problems.append(Problem(res.file, sheet, cell, message, expected, lang=lang))


# ---------------------------------------------------------------------------
# The public reader
# ---------------------------------------------------------------------------
def _sources(paths) -> list[tuple[str, object]]:
    if isinstance(paths, (str, os.PathLike)) or hasattr(paths, "read"):
        paths = [paths]
    out = []
    for k, p in enumerate(paths):
        if isinstance(p, (str, os.PathLike)):
            out.append((str(p), str(p)))
        elif isinstance(p, (bytes, bytearray)):
            out.append((f"<upload {k + 1}>", bytes(p)))
        elif hasattr(p, "read"):
            out.append((str(getattr(p, "name", "") or f"<upload {k + 1}>"), p))
        else:
            raise TypeError(f"cannot read a questionnaire from {type(p).__name__}; pass paths, bytes or files")
    return out


def read_responses(model, paths: Iterable, *, experts=None, limits: SafetyLimits | None = None,
                   workers: int | None = None, isolate: bool = True, lang: str | None = None) -> Responses:
    """Read, validate and collect filled questionnaires for ``model``.

    Parameters
    ----------
    model
        The :class:`criteria.Model` the questionnaires were issued for.
    paths
        Paths, bytes or binary file objects of the filled workbooks.
    experts
        Optional panel list (:class:`Expert` objects): a workbook of an expert
        not on the list is an error, a listed expert without a workbook a
        warning, and the list's names and weights replace the workbook's.
    limits
        :class:`~surveys.safety.SafetyLimits` for hostile files.
    workers, isolate
        Parse in up to ``workers`` limited processes (default: the CPU count);
        ``isolate=False`` parses in this process (only for files you wrote).
    lang
        The language of problems no questionnaire tells (no files, a file
        that is not a workbook or has no hidden sheet, a listed expert without
        a workbook): ``"fa"`` or ``"en"``, e.g. the page's.  A workbook whose
        sheets have Persian names is told in Persian whatever ``lang`` says;
        every other problem is told in its questionnaire's language.

    Returns
    -------
    Responses
        In file order; ``problems`` holds the warnings kept.

    Raises
    ------
    QuestionnaireError
        With every problem of every file when any is an error.
    """
    limits = limits or SafetyLimits()
    index = _model_index(model)
    sources = _sources(paths)
    hint = lang if lang in ("fa", "en") else "en"
    if not sources:
        message, expected = reader_text("no_files", hint)
        raise QuestionnaireError(message, [Problem("", "", "", message, expected, lang=hint)])
    tasks = []
    for name, src in sources:
        if hasattr(src, "read"):
            src = src.read(limits.max_file_bytes + 1)
            if isinstance(src, str):
                src = src.encode("utf-8", "replace")
        tasks.append((src, name, limits, index.pickled if isolate else model, index.content_hash, hint))
    if isolate:
        outcomes = map_isolated(_check_read_validate, tasks, limits, workers)
    else:
        outcomes = [_check_read_validate(task) for task in tasks]
    results: list[_FileResult] = []
    for (_, name, *_), outcome in zip(tasks, outcomes):
        if isinstance(outcome, WorkerFailure):
            # the reason is the worker's own account, in English; a Persian reader gets what it means
            message, expected = reader_text("refused", hint, reason=outcome.reason)
            outcome = _FileResult(name, problems=[Problem(name, "", "", message, expected, lang=hint)], lang=hint)
        results.append(outcome)

    # Across files: duplicates and the panel list.
    panel = {e.id: e for e in experts} if experts is not None else None
    seen: dict[str, str] = {}
    for res in results:
        if res.expert is None:
            continue
        eid = res.expert.id
        if eid in seen:
            res.problems.append(Problem(res.file, MAP_SHEET, res.expert_cell,
                                        *reader_text("duplicate", res.lang, expert=eid, other=seen[eid]), lang=res.lang))
        else:
            seen[eid] = res.file
        if panel is not None:
            if eid not in panel:
                res.problems.append(Problem(res.file, MAP_SHEET, res.expert_cell,
                                            *reader_text("not_on_panel", res.lang, expert=eid), lang=res.lang))
            else:
                res.expert = replace(panel[eid], source_file=res.file)
    extra: list[Problem] = []
    if panel is not None:
        for eid in panel:
            if eid not in seen:
                extra.append(Problem("", "", "", *reader_text("no_workbook", hint, expert=eid, name=panel[eid].name),
                                     _WARN, hint))

    good = [res for res in results if res.ok and res.expert is not None]
    stacks = _stacks(index, good)
    _connectivity(index, good, stacks)

    problems = [p for res in results for p in res.problems] + extra
    if any(p.severity == _ERR for p in problems):
        n_err = sum(p.severity == _ERR for p in problems)
        n_files = len({p.file for p in problems if p.severity == _ERR})
        counts = {"n": n_err, "files": n_files, "total": len(sources)}
        summary, _ = reader_text("summary", hint, s="s" if n_err != 1 else "", fs="s" if len(sources) != 1 else "",
                                 **counts)
        raise QuestionnaireError(summary, problems, key="questionnaire_problems", values=counts)
    ratings = None
    if model.evaluation == "ratings":
        ratings = np.full((len(good), len(model.strategies), len(model.factors)), np.nan)
        for k, res in enumerate(good):
            for (si, fi), v in res.ratings.items():
                ratings[k, si, fi] = v
    position = None
    if model.position_ratings:
        position = np.full((len(good), len(model.factors)), np.nan)
        for k, res in enumerate(good):
            for fi, v in res.position.items():
                position[k, fi] = v
    return Responses(model_id=model.id, model_hash=index.content_hash, experts=tuple(r.expert for r in good),
                     judgments=stacks, ratings=ratings, problems=tuple(problems), position=position)


def _stacks(index: _ModelIndex, results: list[_FileResult]) -> dict[str, np.ndarray]:
    stacks = {}
    for set_id, s in index.sets.items():
        stack = np.full((len(results), s.size, s.size), np.nan)
        diag = np.arange(s.size)
        stack[:, diag, diag] = 1.0
        for k, res in enumerate(results):
            for (i, j), v in res.pairs.get(set_id, {}).items():
                stack[k, i, j] = v
                stack[k, j, i] = 1.0 / v
        stacks[set_id] = stack
    return stacks

