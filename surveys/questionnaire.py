"""Questionnaire workbooks: one .xlsx per expert, Persian (right to left) or English.

Layout of a workbook
--------------------
``Instructions``   who the workbook is for, how many judgments are asked, the
                   1–9 scale with its verbal labels, a worked example, the
                   strategies' full labels (ratings models).
``Groups``         the groups compared with respect to the goal.
``Factors <G>``    one sheet per group: its factors compared pairwise.
``Dependence``     ANP models: for each group, the group itself and the groups
                   that influence it (one section per dependent group).
``Network``        factor networks: for each factor with two or more
                   influencing factors in one group, those factors with respect
                   to it; then the clusters influencing each group's factors.
``Feedback``       factor networks with feedback: for each strategy, the
                   factors of each group with respect to it.
``Strategies``     pairwise models: one section per factor.
``Ratings``        ratings models: a grid, factors down × strategies across,
                   one dropdown of the model's named intensities per cell.
``Current position`` models with ``position_ratings``: every factor rated 1–4
                   for how well the city handles or responds to it now
                   (David's IFE / EFE), one dropdown per factor.
``_lists``         (very hidden) the dropdown entries.
``_rahbord``       (very hidden) model id, version, content hash, expert, and
                   the *map*: for every answer cell its sheet, cell,
                   comparison set and items; plus a checksum of all of it, so
                   the reader needs no knowledge of the layout and notices an
                   edited map.

Pair layout — why two answer cells per pair
-------------------------------------------
One row per pair: ``# | item A | which is more important? (A / B / Equal) |
how much? (1–9 with verbal labels) | item B``.  The alternative layouts were
a single cell with the 17 values 1/9 … 9 (experts misread the direction of a
fraction about as often as they answer it right, and "1/7" in a dropdown is
unreadable in a right-to-left sheet) and the printed 17-column "slider" of
paper questionnaires (17 tiny cells per pair do not fit an A4 width next to
two long Persian labels, and two marks in one row are possible).  Splitting
the question into *direction* and *intensity* mirrors how Saaty's verbal
scale is phrased ("A is strongly more important than B"), both dropdowns stay
short and fully worded in either language, and a contradiction ("Equal" with
"7") is detectable instead of silently accepted.

The ``scale`` layout (``layout="scale"``) is the classic single row many
Iranian questionnaires print: ``# | item A | 9 8 … 2 1 2 … 8 9 | item B``,
one mark per row in the 17 cells; the side of the mark says which item is
more important, so a reversed answer cannot be written.  It prints on
landscape A4 at full size.

Beside each comparison set, formulas show the expert's current weights, CR,
a green / amber / red state and the judgment to revisit (:mod:`surveys.live`;
a set of two items shows its weights and "—" for CR, a set asked under an
incomplete design the numbers of its λmax-optimal completion, as the
analysis computes them); they are locked, outside the answer map.

Printing and reading order: every Persian cell has right-to-left reading
order (an id in parentheses or a closing period stays where a Persian
reader expects it), group and section header rows are merged across the
sheet and wrapped, columns are sized so that each sheet fits its A4 width
at 100 % (no text below 9 pt on paper), and the font is Tahoma, which
Excel has on Windows and macOS and LibreOffice replaces with a font that
covers Persian.

The ratings grid puts factors down the rows because factor labels are long
and there are more factors than strategies; it prints as landscape A4 fit to
width with the header rows repeated.

Every answer cell is unlocked, yellow, formatted as text (so a typed ``1/3``
is not turned into the 3rd of January) and carries a dropdown data
validation; every sheet is protected without a password (a password on a
sheet is no security, and the reader re-validates everything anyway; the
protection prevents accidental edits) and the workbook structure is locked so
sheets cannot be renamed, moved or unhidden by accident.  All strings are
written as string cells, never formulas, whatever they start with.
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.cell.cell import MergedCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange

from criteria.catalogue import texts
from criteria.model import STRATEGY_CLUSTER
from mcda.digits import localize_digits as digits
from mcda.scale import VERBAL_LABELS

from .celltext import safe_cell_text
from .designs import Assignment, Design, complete_design
from .live import LiveConsistency, PairCells
from .reader import MAP_HEADER, MAP_SHEET, META_KEYS, SCALE_POINTS, judgment_from_cells, map_checksum
from .responses import Expert
from .stamp import StampedWorkbook, stampable, token

__all__ = ["write_questionnaire", "write_questionnaires", "questionnaire_filename", "MAP_SHEET", "LISTS_SHEET",
           "LAYOUTS"]

#: The two ways of asking a pair: "pairs" (which + how much) and "scale" (one mark in 9 … 1 … 9).
LAYOUTS = ("pairs", "scale")

LISTS_SHEET = "_lists"
FORMAT_VERSION = "1"

# Pair-row columns (1-based).  The reader does not rely on them (it reads the map).
COL_NUMBER, COL_ITEM_A, COL_SIDE, COL_HOW, COL_ITEM_B, COL_NOTE = 1, 2, 3, 4, 5, 6
# Widths in Excel character units: the sum fits landscape A4 at 100 % (see _print_scale).
_PAIR_WIDTHS = {COL_NUMBER: 6, COL_ITEM_A: 36, COL_SIDE: 15, COL_HOW: 28, COL_ITEM_B: 36, COL_NOTE: 20}
# The scale layout: # | item A | 17 cells 9 … 1 … 9 | item B
_SCALE_FIRST = 3
_SCALE_LAST = _SCALE_FIRST + len(SCALE_POINTS) - 1
_SCALE_WIDTHS = {1: 5, 2: 30, **{c: 3.6 for c in range(_SCALE_FIRST, _SCALE_LAST + 1)}, _SCALE_LAST + 1: 30,
                 _SCALE_LAST + 2: 20}
HEADER_ROWS = 4  # title, expert, how-to, column headers: repeated on every printed page


def verbal_labels() -> dict[int, tuple[str, str]]:
    """``{1..9: (English, Persian)}`` verbal labels of the scale (Saaty 1980, 2008), from mcda's scale."""
    return {k: tuple(VERBAL_LABELS[k]) for k in range(1, 10)}


# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------
#: the workbook's words per language (a tuple for a list of lines), from the catalogue's ``questionnaire.*``
#: entries (:mod:`criteria.catalogue`, where to add one)
TEXT = texts("questionnaire")


def side_options(lang: str) -> tuple[str, str, str]:
    return TEXT[lang]["side"]


def how_options(lang: str) -> list[str]:
    """Dropdown entries for the intensity: ``"3 — Moderate importance"`` (Persian digits in fa)."""
    labels = verbal_labels()
    k = 0 if lang == "en" else 1
    return [f"{digits(v, lang)} — {labels[v][k]}" for v in range(1, 10)]


def rating_options(model, lang: str) -> list[str]:
    return [i.label_fa if lang == "fa" else i.label_en for i in model.rating_scale]


def position_options(model, lang: str, internal: bool) -> list[str]:
    """Dropdown entries of the current-position rating: ``"3 — Minor strength"`` (Persian digits in fa)."""
    from criteria.model import POSITION_SCALE_EXTERNAL, POSITION_SCALE_INTERNAL

    levels = POSITION_SCALE_INTERNAL if internal else POSITION_SCALE_EXTERNAL
    return [f"{digits(int(level.value), lang)} — {level.label_fa if lang == 'fa' else level.label_en}"
            for level in levels]


def questionnaire_filename(expert, lang: str) -> str:
    """A safe file name for an expert's workbook: ``questionnaire-<id>-<lang>.xlsx``."""
    safe = re.sub(r"[^\w.-]+", "_", str(expert.id), flags=re.UNICODE).strip("._") or "expert"
    return f"questionnaire-{safe}-{lang}.xlsx"


# ---------------------------------------------------------------------------
# Styles (shared objects: openpyxl de-duplicates them in the style table)
# ---------------------------------------------------------------------------
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
_REVISE_FILL = PatternFill("solid", fgColor="F4B6B6")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_SECTION_FILL = PatternFill("solid", fgColor="EDEDED")
_LIVE_FILL = PatternFill("solid", fgColor="F2F2F2")
_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _fonts(lang: str) -> dict[str, Font]:
    name = "Tahoma" if lang == "fa" else "Calibri"
    return {
        "title": Font(name=name, size=14, bold=True),
        "bold": Font(name=name, size=11, bold=True),
        "body": Font(name=name, size=10),
        "small": Font(name=name, size=9, italic=True, color="595959"),
    }


def _sheet_name(text: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", text).strip().strip("'")[:31] or "Sheet"
    base, k = name, 2
    while name.casefold() in used:
        suffix = f" {k}"
        name = base[: 31 - len(suffix)] + suffix
        k += 1
    used.add(name.casefold())
    return name


_RATING_LABEL_WIDTH = 48
_RATING_COLUMN_WIDTH = 12
_PARAGRAPH_COLUMNS = 3      # instructions text spans A:C (widths 12 + 76 + 10: portrait A4 at 100 %)
_PARAGRAPH_CHARS = 90       # about how many characters fit on one line of A:C
_LINE_HEIGHT = 16


_PARAGRAPH_ALIGN = {
    # reading order 2 = right-to-left: a Persian line that starts with a digit
    # or a Latin id is still laid out from the right
    "fa": Alignment(wrap_text=True, vertical="center", horizontal="right", readingOrder=2),
    "en": Alignment(wrap_text=True, vertical="center", horizontal="left", readingOrder=1),
}


def _paragraph(ws, row: int, text: str, lang: str, font=None, height_lines: int | None = None) -> None:
    """A line of instructions: merged across A:C and wrapped, so a long text
    is never cut off by the next cell (in a right-to-left sheet it would
    otherwise overflow off the page)."""
    _put(ws, row, 1, text, font, None, _PARAGRAPH_ALIGN[lang])
    _merge(ws, row, 1, row, _PARAGRAPH_COLUMNS)
    lines = height_lines or _paragraph_lines(text)
    if lines > 1:
        ws.row_dimensions[row].height = _LINE_HEIGHT * lines


def _fit_row_height(ws, row: int, *cells: tuple[str, float]) -> None:
    """Make a row tall enough for its wrapped texts, given as (text, column width).

    openpyxl cannot measure text and LibreOffice does not re-fit rows on
    opening, so a long factor label would overlap the next row.  One column
    width unit holds about one character at the questionnaire's font size.
    """
    lines = max(-(-len(text) // max(1, int(width) - 2)) for text, width in cells)
    if lines > 1:
        ws.row_dimensions[row].height = _LINE_HEIGHT * lines + 2


_PLAIN = Alignment(vertical="center")
_RTL: dict[Alignment, Alignment] = {}


def _rtl(align: Alignment) -> Alignment:
    """The same alignment with right-to-left reading order (cached: openpyxl hashes styles on assignment)."""
    out = _RTL.get(align)
    if out is None:
        out = _RTL[align] = Alignment(horizontal=align.horizontal, vertical=align.vertical,
                                      wrap_text=align.wrap_text, readingOrder=2)
    return out


def _put(ws, row: int, col: int, value, font=None, fill=None, align=None, border=None, formula=False):
    """Write one cell; strings are string cells unless ``formula`` (the writer's own formulas only).

    On a right-to-left sheet every cell gets right-to-left reading order, so a
    Persian text that starts or ends with a Latin id, a digit or a period is
    laid out as a Persian reader expects.
    """
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str) and not formula:
        cell.data_type = "s"
    if ws.sheet_view.rightToLeft:
        align = _rtl(align or _PLAIN)
    parts = (font, fill, align, border)
    if cell.has_style or parts == (None, None, None, None):
        _set_style(cell, parts)
        return cell
    # openpyxl hashes every style object on assignment (most of the writing time): a
    # combination already used in this workbook is copied as its array of style indices
    known = _STYLES.setdefault(ws.parent, {})
    key = tuple(map(id, parts))
    if key in known:
        cell._style = StyleArray(known[key][0])
    else:
        _set_style(cell, parts)
        known[key] = (StyleArray(cell._style), parts)  # the parts are kept: their ids stay theirs
    return cell


#: per workbook, {ids of (font, fill, alignment, border): (style indices, the objects)} and
#: {("merge", top-left style, bottom-right style): {edges of a cell: its style indices}}
_STYLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _merge(ws, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
    """``ws.merge_cells`` with the styles it gives each cell remembered per workbook.

    openpyxl re-derives the border and protection of every cell of a merged range
    by adding and hashing style objects, a quarter of the build time for a few hundred
    merges.  What it gives a cell depends only on the top-left and bottom-right cells'
    styles before the merge and on which edges of the range the cell lies on, so the
    first merge of each kind is done by openpyxl and the later ones copy its result.
    """
    cells = ws._cells
    start = ws.cell(row=first_row, column=first_column)
    end = cells.get((last_row, last_column))
    key = ("merge", tuple(start._style), None if end is None else tuple(end._style))
    coords = [(r, c) for r in range(first_row, last_row + 1) for c in range(first_column, last_column + 1)]
    edges = [(r == first_row, r == last_row, c == first_column, c == last_column) for r, c in coords]
    known = _STYLES.setdefault(ws.parent, {})
    given = known.get(key)
    if given is None or not all(e in given for e in edges):
        ws.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)
        given = known.setdefault(key, {})
        for coord, e in zip(coords, edges):
            given[e] = StyleArray(cells[coord]._style)
        return
    merged = MergedCellRange(ws, f"{start.coordinate}:{get_column_letter(last_column)}{last_row}")
    ws.merged_cells.add(merged)
    for (r, c), e in zip(coords, edges):
        cell = start if (r, c) == (first_row, first_column) else MergedCell(ws, r, c)
        cell._style = StyleArray(given[e])
        cells[r, c] = cell


def _set_style(cell, parts) -> None:
    font, fill, align, border = parts
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if align is not None:
        cell.alignment = align
    if border is not None:
        cell.border = border


@dataclass
class _MapRow:
    kind: str  # "pair" | "scale" | "rating" | "position"
    sheet: str
    cell: str
    cell2: str
    set_id: str
    a: str
    b: str

    def as_tuple(self) -> tuple[str, ...]:
        return (self.kind, self.sheet, self.cell, self.cell2, self.set_id, self.a, self.b)


# ---------------------------------------------------------------------------
# The writer
# ---------------------------------------------------------------------------
def _resolve_assignment(design) -> Assignment:
    if design is None:
        return complete_design(None).for_expert(0)
    if isinstance(design, Assignment):
        return design
    if isinstance(design, Design):
        if design.kind == "complete" or len(design.assignments) == 1:
            return design.assignments[0]
        raise ValueError(
            "`design` holds one assignment per expert; pass `design.for_expert(k)` for one workbook "
            "or use write_questionnaires() for the whole panel"
        )
    raise TypeError(f"`design` must be a Design, an Assignment or None (got {type(design).__name__})")


def write_questionnaire(model, expert, path, lang: str = "fa", design=None, *, layout: str = "pairs",
                        ri_table="saaty", cr_threshold: float = 0.10) -> Path:
    """Write one expert's questionnaire workbook to ``path`` and return the path.

    ``design`` is ``None`` (every pair), a :class:`~surveys.designs.Design`
    with a single assignment, or one expert's
    :class:`~surveys.designs.Assignment` (``design.for_expert(k)``).
    """
    if lang not in TEXT:
        raise ValueError(f"`lang` must be 'fa' or 'en' (got {lang!r})")
    wb = build_workbook(model, expert, lang, _resolve_assignment(design), layout=layout, ri_table=ri_table,
                        cr_threshold=cr_threshold)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_questionnaires(model, experts, out_dir, lang: str = "fa", design=None, *, layout: str = "pairs",
                         ri_table="saaty", cr_threshold: float = 0.10) -> list[Path]:
    """Write one workbook per expert into ``out_dir``; returns the paths in panel order.

    With an incomplete ``design`` expert k gets ``design.for_expert(k)``.
    """
    experts = list(experts)
    design = design or complete_design(model)
    if design.kind != "complete" and len(design.assignments) < len(experts):
        raise ValueError(f"the design has {len(design.assignments)} expert slots for {len(experts)} experts")
    ids = [str(e.id) for e in experts]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"expert ids must be unique (repeated: {', '.join(repeated)})")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    used: set[str] = set()
    for expert in experts:
        name = questionnaire_filename(expert, lang)
        stem, n = name[: -len(".xlsx")], 2
        while name.casefold() in used:  # two ids that sanitise alike ("a/b", "a_b") must not overwrite
            name, n = f"{stem}-{n}.xlsx", n + 1
        used.add(name.casefold())
        paths.append(out / name)
    # experts whose workbooks differ only in their own texts share one built workbook, stamped per copy
    assignments = [design.for_expert(k) for k in range(len(experts))]
    keys = [_stamp_key(model, expert, lang, assignment) for expert, assignment in zip(experts, assignments)]
    left = Counter(keys)
    templates: dict[tuple, _Template] = {}
    for expert, path, assignment, key in zip(experts, paths, assignments, keys):
        if key is None or (left[key] == 1 and key not in templates):
            write_questionnaire(model, expert, path, lang, assignment, layout=layout, ri_table=ri_table,
                                cr_threshold=cr_threshold)
            continue
        if key not in templates:
            templates[key] = _template(model, lang, assignment, key, layout=layout, ri_table=ri_table,
                                       cr_threshold=cr_threshold)
        templates[key].write(expert, path)
        left[key] -= 1
        if not left[key]:
            del templates[key]
    return paths


# ---------------------------------------------------------------------------
# A panel: one workbook built per assignment, each expert's copy stamped
# ---------------------------------------------------------------------------
_EXPERT_FIELDS = ("id", "name", "role", "email")


def _stamp_values(expert) -> dict[str, str]:
    """The expert's texts as the workbook holds them (the fields left empty are not stamped)."""
    values = {f: str(getattr(expert, f) or "") for f in _EXPERT_FIELDS}
    values = {f: v for f, v in values.items() if v or f == "id"}
    values["weight"] = repr(float(expert.weight))
    return values


def _stamp_key(model, expert, lang: str, assignment: Assignment) -> tuple | None:
    """What the workbook of ``expert`` shares with others: same key, same workbook but for the stamped texts.

    ``None`` when the expert's texts cannot be stamped verbatim (see :func:`surveys.stamp.stampable`):
    that workbook is built for the expert alone.
    """
    values = _stamp_values(expert)
    # a text a spreadsheet would run as a formula is neutralised by the full build (see celltext)
    if not all(stampable(v) and safe_cell_text(v) == v for v in values.values()):
        return None
    return (tuple((s.id, tuple(assignment.pairs_of(s))) for s in model.comparison_sets()), assignment.complete,
            tuple(values), _paragraph_lines(_prepared_for(expert, lang)))


@dataclass(frozen=True, slots=True)
class _Template:
    """One built and saved questionnaire whose expert texts are stamp tokens."""

    workbook: StampedWorkbook
    meta: dict[str, str]  # with tokens
    rows: list[tuple[str, ...]]

    def write(self, expert, path: Path) -> Path:
        """``expert``'s copy: the cells :func:`build_workbook` writes for them (tests compare every cell)."""
        values = _stamp_values(expert)
        meta = {**self.meta, **{f"expert_{f}": values.get(f, "") for f in (*_EXPERT_FIELDS, "weight")}}
        values["checksum"] = map_checksum(meta, self.rows)
        return self.workbook.write(path, values)


def _template(model, lang: str, assignment: Assignment, key: tuple, *, layout: str, ri_table,
              cr_threshold: float) -> _Template:
    fields, for_lines = key[2], key[3]
    stand_in = Expert(**{f: token(f) if f in fields else "" for f in _EXPERT_FIELDS})
    wb, meta, map_rows = _build(model, stand_in, lang, assignment, None, None, layout=layout, ri_table=ri_table,
                                cr_threshold=cr_threshold, template=True, for_lines=for_lines)
    data = BytesIO()
    wb.save(data)
    return _Template(StampedWorkbook(data.getvalue(), (*fields, "checksum")), meta, [m.as_tuple() for m in map_rows])


def build_workbook(model, expert, lang: str, assignment: Assignment, answers: dict | None = None,
                   revision: dict | None = None, *, layout: str = "pairs", ri_table="saaty",
                   cr_threshold: float = 0.10) -> Workbook:
    """The questionnaire as an openpyxl ``Workbook`` (not saved).

    ``answers`` pre-fills answer cells exactly as a person would type or pick
    them: ``{("pair", set_id, a, b): (side_text, how_text)}`` and
    ``{("rating", strategy_id, factor_id): text}``; used by the synthetic
    panel and the revision sheets (in the ``scale`` layout the pair's value
    ``a_ab`` decides where the mark goes).  ``revision`` maps
    ``(set_id, a, b)`` to a suggestion text; those rows are highlighted.
    ``ri_table`` and ``cr_threshold`` are those of the analysis: the live
    consistency formulas use them.
    """
    wb, _, _ = _build(model, expert, lang, assignment, answers, revision, layout=layout, ri_table=ri_table,
                      cr_threshold=cr_threshold)
    return wb


def _build(model, expert, lang: str, assignment: Assignment, answers: dict | None, revision: dict | None, *,
           layout: str, ri_table, cr_threshold: float, template: bool = False,
           for_lines: int | None = None) -> tuple[Workbook, dict[str, str], list[_MapRow]]:
    """:func:`build_workbook`, also returning the map's metadata and rows.

    ``template``: ``expert`` holds stamp tokens (:mod:`surveys.stamp`); the
    weight and the checksum are written as tokens too, and the instructions'
    "prepared for" line is ``for_lines`` lines high (that of the real expert).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"`layout` must be one of {', '.join(LAYOUTS)} (got {layout!r})")
    t = TEXT[lang]
    fonts = _fonts(lang)
    answers = answers or {}
    wb = Workbook()
    used: set[str] = set()
    map_rows: list[_MapRow] = []

    instructions = wb.active
    instructions.title = _sheet_name(t["instructions"], used)
    instructions.sheet_view.rightToLeft = lang == "fa"

    lists = wb.create_sheet(LISTS_SHEET)
    used.add(LISTS_SHEET.casefold())
    sides, hows, ratings = list(side_options(lang)), how_options(lang), rating_options(model, lang)
    labels = verbal_labels()
    verbal = [labels[v][0] for v in range(1, 10)] + [labels[v][1] for v in range(1, 10)]
    position_lists = [position_options(model, lang, True), position_options(model, lang, False)]
    for col, values in enumerate((sides, hows, ratings, verbal, *position_lists), start=1):
        for r, v in enumerate(values, start=1):
            _put(lists, r, col, v)
    position_refs = (f"'{LISTS_SHEET}'!$E$1:$E$4", f"'{LISTS_SHEET}'!$F$1:$F$4")
    side_ref = f"'{LISTS_SHEET}'!$A$1:$A${len(sides)}"
    how_ref = f"'{LISTS_SHEET}'!$B$1:$B${len(hows)}"
    rating_ref = f"'{LISTS_SHEET}'!$C$1:$C${max(1, len(ratings))}"
    live = LiveConsistency(wb, lang, ri_table=ri_table, threshold=cr_threshold,
                           verbal_ref=f"'{LISTS_SHEET}'!$D$1:$D${len(verbal)}")

    pair_sheets: list[tuple[str, int]] = []  # (sheet name, judgments) for the burden table
    sets = model.comparison_sets()

    def ctx_title(s) -> str:
        if s.kind == "groups":
            key = "ctx_groups_kurttila" if model.group_weighting == "kurttila" else "ctx_groups"
            return t[key].format(goal=model.label("goal", lang))
        if s.kind == "factors":
            return t["ctx_factors"].format(group=f"{s.context} — {model.label(s.context, lang)}")
        if s.kind == "dependence":
            return t["ctx_dependence"].format(group=f"{s.context} — {model.label(s.context, lang)}")
        if s.kind == "network":
            return t["ctx_network"].format(factor=f"{s.context} — {model.label(s.context, lang)}")
        if s.kind == "clusters":
            return t["ctx_clusters"].format(group=f"{s.context} — {model.label(s.context, lang)}")
        if s.kind == "feedback":
            return t["ctx_feedback"].format(strategy=f"{s.context} — {model.label(s.context, lang)}")
        return t["ctx_strategies"].format(factor=f"{s.context} — {model.label(s.context, lang)}")

    scale = layout == "scale"
    widths = _SCALE_WIDTHS if scale else _PAIR_WIDTHS
    last = (_SCALE_LAST + 1 if scale else COL_ITEM_B) + (1 if revision is not None else 0)
    total_width = sum(w for c, w in widths.items() if c <= last)

    def new_pair_sheet(title: str, sections) -> None:
        ws = wb.create_sheet(_sheet_name(title, used))
        ws.sheet_view.rightToLeft = lang == "fa"
        n_asked = sum(len(assignment.pairs_of(s)) for s in sections)
        pair_sheets.append((ws.title, n_asked))
        _sheet_header(ws, title, expert, n_asked, t["scale_howto" if scale else "pair_howto"], lang, fonts, last)
        if scale:
            heads = {COL_NUMBER: t["number"], 2: t["item_a"], _SCALE_LAST + 1: t["item_b"]}
            for k, point in enumerate(SCALE_POINTS):
                shown = point if point >= 1 else round(1 / point)
                _put(ws, HEADER_ROWS, _SCALE_FIRST + k, digits(shown, lang), fonts["bold"], _HEADER_FILL, _CENTER,
                     _BORDER)
        else:
            heads = {COL_NUMBER: t["number"], COL_ITEM_A: t["item_a"], COL_SIDE: t["which"], COL_HOW: t["how"],
                     COL_ITEM_B: t["item_b"]}
        if revision is not None:
            heads[last] = t["note"]
        for c, h in heads.items():
            _put(ws, HEADER_ROWS, c, h, fonts["bold"], _HEADER_FILL, _CENTER, _BORDER)
        if not scale:  # «Which is more important?» wraps in its narrow column: room for two lines
            ws.row_dimensions[HEADER_ROWS].height = 2 * _LINE_HEIGHT + 4
        dv_side = dv_how = None
        if not scale:
            dv_side = DataValidation(type="list", formula1=side_ref, allow_blank=True, showErrorMessage=True,
                                     errorStyle="stop", errorTitle=t["error_title"], error=t["error_side"],
                                     promptTitle=t["which"], prompt=t["prompt_side"], showInputMessage=True)
            # "warning" lets an expert type 1/3 or a Persian digit; the reader validates it.
            dv_how = DataValidation(type="list", formula1=how_ref, allow_blank=True, showErrorMessage=True,
                                    errorStyle="warning", errorTitle=t["error_title"], error=t["error_how"],
                                    promptTitle=t["how"], prompt=t["prompt_how"], showInputMessage=True)
            ws.add_data_validation(dv_side)
            ws.add_data_validation(dv_how)
        side_refs: list[str] = []
        how_refs: list[str] = []
        item_b_col = _SCALE_LAST + 1 if scale else COL_ITEM_B
        row, number = HEADER_ROWS + 1, 0
        for s in sections:
            title_text = ctx_title(s)
            _put(ws, row, 1, title_text, fonts["bold"], _SECTION_FILL, _WRAP)
            for c in range(2, last + 1):
                ws.cell(row=row, column=c).fill = _SECTION_FILL
            _merge(ws, row, 1, row, last)
            ws.row_dimensions[row].height = max(30, _LINE_HEIGHT * _lines(title_text, total_width) + 8)
            row += 1
            live_pairs: list[PairCells] = []
            for i, j in assignment.pairs_of(s):
                number += 1
                a, b = s.items[i], s.items[j]
                _put(ws, row, COL_NUMBER, digits(number, lang), fonts["body"], None, _CENTER, _BORDER)
                text_a, text_b = (
                    model.label(x, lang) if x == STRATEGY_CLUSTER and s.kind == "clusters"  # a cluster, not a node
                    else f"{x} — {model.label(x, lang)}" for x in (a, b))
                if s.kind == "groups" and model.group_weighting == "kurttila":  # each group stands for its top factor
                    text_a, text_b = (t["group_through_factor"].format(group=x) for x in (text_a, text_b))
                _put(ws, row, COL_ITEM_A, text_a, fonts["body"], None, _WRAP, _BORDER)
                _put(ws, row, item_b_col, text_b, fonts["body"], None, _WRAP, _BORDER)
                _fit_row_height(ws, row, (text_a, widths[COL_ITEM_A]), (text_b, widths[item_b_col]))
                given = answers.get(("pair", s.id, a, b))
                highlight = revision is not None and (s.id, a, b) in revision
                fill = _REVISE_FILL if highlight else _ANSWER_FILL
                if scale:
                    cells = [ws.cell(row=row, column=c) for c in range(_SCALE_FIRST, _SCALE_LAST + 1)]
                    mark = _scale_position(given)
                    for k, cell in enumerate(cells):
                        _answer_cell(cell, "×" if k == mark else None, fonts["body"], fill)
                    side_refs.extend(c.coordinate for c in cells)
                    first, second = cells[0].coordinate, cells[-1].coordinate
                    map_rows.append(_MapRow("scale", ws.title, first, second, s.id, a, b))
                    live_pairs.append(PairCells(i, j, "scale", tuple(c.coordinate for c in cells)))
                else:
                    side_cell = ws.cell(row=row, column=COL_SIDE)
                    how_cell = ws.cell(row=row, column=COL_HOW)
                    for cell, value in zip((side_cell, how_cell), given or (None, None)):
                        _answer_cell(cell, value, fonts["body"], fill)
                    side_refs.append(side_cell.coordinate)
                    how_refs.append(how_cell.coordinate)
                    map_rows.append(_MapRow("pair", ws.title, side_cell.coordinate, how_cell.coordinate, s.id, a, b))
                    live_pairs.append(PairCells(i, j, "pair", (side_cell.coordinate, how_cell.coordinate)))
                if revision is not None:
                    _put(ws, row, last, revision.get((s.id, a, b), ""), fonts["body"],
                         _REVISE_FILL if highlight else None, _WRAP, _BORDER)
                row += 1
            if s.size >= 2:  # complete or an incomplete design's share; two items show no CR
                row = _live_rows(ws, row, live, s, live_pairs, fonts, lang, last, widths)
        # one sqref each, set at once (DataValidation.add re-checks the whole range per cell)
        if dv_side is not None:
            dv_side.sqref = MultiCellRange(" ".join(side_refs))
            dv_how.sqref = MultiCellRange(" ".join(how_refs))
        for c, w in widths.items():
            if c <= last:
                ws.column_dimensions[get_column_letter(c)].width = w
        ws.freeze_panes = f"A{HEADER_ROWS + 1}"
        _finish_sheet(ws, lang, landscape=True)

    groups_set = [s for s in sets if s.kind == "groups"]
    if groups_set and groups_set[0].size >= 2:
        new_pair_sheet(t["groups"], groups_set)
    for s in sets:
        if s.kind == "factors":
            new_pair_sheet(t["factors"].format(group=s.context), [s])
    dependence = [s for s in sets if s.kind == "dependence"]
    if dependence:
        new_pair_sheet(t["dependence"], dependence)
    network = [s for s in sets if s.kind in ("network", "clusters")]  # the factor network, then its clusters
    if network:
        new_pair_sheet(t["network"], network)
    feedback = [s for s in sets if s.kind == "feedback"]
    if feedback:
        new_pair_sheet(t["feedback"], feedback)
    strategies = [s for s in sets if s.kind == "strategies"]
    if strategies:
        new_pair_sheet(t["strategies"], strategies)

    n_ratings = 0
    if model.evaluation == "ratings" and model.strategies and model.factors:
        n_ratings = len(model.strategies) * len(model.factors)
        _ratings_sheet(wb, model, expert, lang, used, rating_ref, answers, map_rows, fonts)
    n_position = 0
    if model.position_ratings and model.factors:
        n_position = len(model.factors)
        _position_sheet(wb, model, expert, lang, used, position_refs, answers, map_rows, fonts)

    n_pairs = sum(n for _, n in pair_sheets)
    _instructions(instructions, model, expert, lang, assignment, n_pairs, n_ratings, pair_sheets,
                  fonts, revision, layout, for_lines, n_position)
    _finish_sheet(instructions, lang, landscape=False)

    meta = {
        "format": FORMAT_VERSION,
        "model_id": model.id,
        "model_version": str(model.version),
        "model_hash": model.content_hash,
        "expert_id": str(expert.id),
        # free text a planner typed or uploaded: never a formula in the expert's workbook
        "expert_name": safe_cell_text(expert.name or ""),
        "expert_role": safe_cell_text(expert.role or ""),
        "expert_email": safe_cell_text(expert.email or ""),
        "expert_weight": token("weight") if template else repr(float(expert.weight)),
        "lang": lang,
        "design": "complete" if assignment.complete else "incomplete",
        "n_judgments": str(n_pairs + n_ratings + n_position),
    }
    _map_sheet(wb, meta, map_rows, token("checksum") if template else None)
    lists.sheet_state = "veryHidden"
    lists.protection.sheet = True
    wb.move_sheet(live.ws, offset=len(wb.sheetnames) - wb.index(live.ws) - 1)
    wb.move_sheet(lists, offset=len(wb.sheetnames) - wb.index(lists) - 1)
    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    return wb, meta, map_rows


def _answer_style(font, fill, name: str) -> NamedStyle:
    # One named style instead of six style assignments per cell: openpyxl hashes
    # every style object on assignment, which was a third of the writing time.
    return NamedStyle(name=name, font=font, fill=fill, border=_BORDER, alignment=_CENTER, protection=_UNLOCKED,
                      number_format="@")  # text: a typed 1/3 must not become a date


def _answer_cell(cell, value, font, fill) -> None:
    if value is not None:
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    wb = cell.parent.parent
    name = "rahbord answer" if fill is _ANSWER_FILL else "rahbord revise"
    if name not in wb.named_styles:
        wb.add_named_style(_answer_style(font, fill, name))
    cell.style = name


_TOP = Alignment(wrap_text=True, vertical="top")


def _sheet_header(ws, title, expert, n_asked, howto, lang, fonts, last: int = 5) -> None:
    t = TEXT[lang]
    _put(ws, 1, 1, title, fonts["title"])
    _merge(ws, 1, 1, 1, last)
    line = t["expert_line"].format(name=expert.name or expert.id, id=expert.id)
    _put(ws, 2, 1, f"{line} · {digits(t['asked_sheet'].format(n=n_asked), lang)}", fonts["bold"])
    _merge(ws, 2, 1, 2, last)
    _put(ws, 3, 1, howto, fonts["small"], None, _TOP)
    _merge(ws, 3, 1, 3, last)
    ws.row_dimensions[3].height = 16 * _lines(howto, 110) + 4


def _lines(text: str, width: float) -> int:
    """About how many lines ``text`` wraps to in a span ``width`` character units wide."""
    return max(1, -(-len(text) // max(1, int(width) - 2)))


def _scale_position(given) -> int | None:
    """Where the mark of a pre-filled answer goes in the 9 … 1 … 9 row (None: no answer)."""
    if given is None:
        return None
    if isinstance(given, tuple):
        value, _ = judgment_from_cells(given[0], given[1], "", "")
    else:
        value = float(given)
    if value is None:
        return None
    return min(range(len(SCALE_POINTS)), key=lambda k: abs(math.log(SCALE_POINTS[k] / value)))


def _live_rows(ws, row: int, live: LiveConsistency, s, pairs, fonts, lang: str, last: int, widths) -> int:
    """The expert's weights, CR and state, and the judgment to revisit, below a set's pairs."""
    text = live.text
    formulas = live.add_set(ws.title, s.id, s.items, pairs)
    if formulas is None:  # the pairs asked leave items unlinked: no weights to show
        return row
    label_width = widths[1] + widths[2]
    value_width = sum(w for c, w in widths.items() if 3 <= c <= last)
    mid = 4 if last <= 6 else _SCALE_FIRST + 8
    threshold = digits(f"{live.threshold:.2f}", lang).replace(".", "٫" if lang == "fa" else ".")
    rows = (
        (text["weights"], "weights", None),
        (text["consistency"].format(threshold=threshold), "state", "cr"),
        (text["revisit"], "revisit", None),
    )[:3 if s.size > 2 else 2]  # two items are always consistent: nothing to revisit
    for label, key, second in rows:
        _put(ws, row, 1, label, fonts["small"], _LIVE_FILL, _WRAP, _BORDER)
        _merge(ws, row, 1, row, 2)
        end = mid if second else last
        _put(ws, row, 3, formulas[key], fonts["bold"] if key == "state" else fonts["body"], _LIVE_FILL, _CENTER,
             _BORDER, formula=True)
        _merge(ws, row, 3, row, end)
        if second:
            _put(ws, row, mid + 1, formulas[second], fonts["bold"], _LIVE_FILL, _CENTER, _BORDER, formula=True)
            _merge(ws, row, mid + 1, row, last)
            live.color_state(ws, ws.cell(row=row, column=3).coordinate)
        shown = 12 * s.size if key == "weights" else 50
        ws.row_dimensions[row].height = _LINE_HEIGHT * max(_lines(label, label_width), _lines("x" * shown, value_width)) + 4
        row += 1
    return row + 1


def _finish_sheet(ws, lang: str, landscape: bool) -> None:
    ws.sheet_view.rightToLeft = lang == "fa"
    ws.sheet_view.zoomScale = 100
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{HEADER_ROWS}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.protection.sheet = True
    # Resizing rows and columns is harmless and helps with long labels.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _ratings_sheet(wb, model, expert, lang, used, rating_ref, answers, map_rows, fonts) -> None:
    t = TEXT[lang]
    ws = wb.create_sheet(_sheet_name(t["ratings"], used))
    ws.sheet_view.rightToLeft = lang == "fa"
    n = len(model.strategies) * len(model.factors)
    last = 2 + len(model.strategies)
    # landscape A4 holds about 140 width units at 100 %: the label column gives way to the strategies
    label_width = min(_RATING_LABEL_WIDTH, max(24, 134 - 6 - _RATING_COLUMN_WIDTH * len(model.strategies)))
    _sheet_header(ws, t["ratings"], expert, n, t["ratings_howto"], lang, fonts, last)
    _put(ws, HEADER_ROWS, 1, t["factor"], fonts["bold"], _HEADER_FILL, _CENTER, _BORDER)
    _put(ws, HEADER_ROWS, 2, "", fonts["bold"], _HEADER_FILL, _CENTER, _BORDER)
    for k, s in enumerate(model.strategies):
        short = (s.short_fa if lang == "fa" else s.short_en) or model.label(s.id, lang)
        short = short if len(short) <= 40 else short[:38] + "…"
        _put(ws, HEADER_ROWS, 3 + k, f"{s.id}\n{short}", fonts["bold"], _HEADER_FILL, _CENTER, _BORDER)
        ws.column_dimensions[get_column_letter(3 + k)].width = _RATING_COLUMN_WIDTH
    ws.row_dimensions[HEADER_ROWS].height = 60
    dv = DataValidation(type="list", formula1=rating_ref, allow_blank=True, showErrorMessage=True,
                        errorStyle="stop", errorTitle=t["error_title"], error=t["error_rating"],
                        prompt=t["prompt_rating"], showInputMessage=True)
    ws.add_data_validation(dv)
    refs: list[str] = []
    row = HEADER_ROWS + 1
    for g in model.groups:
        factors = model.factors_of(g.id)
        if not factors:
            continue
        # merged across the grid: a group header in column A alone was clipped to its width
        _put(ws, row, 1, f"{g.id} — {model.label(g.id, lang)}", fonts["bold"], _SECTION_FILL, _WRAP)
        for c in range(2, last + 1):
            ws.cell(row=row, column=c).fill = _SECTION_FILL
        _merge(ws, row, 1, row, last)
        ws.row_dimensions[row].height = 22
        row += 1
        for f in factors:
            _put(ws, row, 1, f.id, fonts["bold"], None, _CENTER, _BORDER)
            _put(ws, row, 2, model.label(f.id, lang), fonts["body"], None, _WRAP, _BORDER)
            _fit_row_height(ws, row, (model.label(f.id, lang), label_width))
            for k, s in enumerate(model.strategies):
                cell = ws.cell(row=row, column=3 + k)
                _answer_cell(cell, answers.get(("rating", s.id, f.id)), fonts["body"], _ANSWER_FILL)
                refs.append(cell.coordinate)
                map_rows.append(_MapRow("rating", ws.title, cell.coordinate, "", "ratings", s.id, f.id))
            row += 1
    dv.sqref = MultiCellRange(" ".join(refs))
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = label_width
    ws.freeze_panes = f"C{HEADER_ROWS + 1}"
    _finish_sheet(ws, lang, landscape=True)


def _position_sheet(wb, model, expert, lang, used, refs, answers, map_rows, fonts) -> None:
    """Every factor rated 1–4 for the city's current position (David's IFE / EFE), one dropdown each.

    Internal factors (S, W) and external ones (O, T) have their own section
    and their own wording of the four levels.
    """
    from criteria.model import INTERNAL_GROUP_IDS

    t = TEXT[lang]
    ws = wb.create_sheet(_sheet_name(t["position"], used))
    ws.sheet_view.rightToLeft = lang == "fa"
    last, label_width, rating_width = 3, 62, 26  # fits A4 portrait at 100 %: 9 pt stays 9 pt in print
    _sheet_header(ws, t["position"], expert, len(model.factors), t["position_howto"], lang, fonts, last)
    for c, h in enumerate((t["number"], t["factor"], t["position_col"]), start=1):
        _put(ws, HEADER_ROWS, c, h, fonts["bold"], _HEADER_FILL, _CENTER, _BORDER)
    validations = []
    for ref in refs:
        dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True,
                            errorStyle="stop", errorTitle=t["error_title"], error=t["error_position"],
                            promptTitle=t["position_col"], prompt=t["prompt_position"], showInputMessage=True)
        ws.add_data_validation(dv)
        validations.append((dv, []))
    row = HEADER_ROWS + 1
    sides = ((True, t["position_internal"]), (False, t["position_external"]))
    for internal, title in sides:
        groups = [g for g in model.groups if (g.id in INTERNAL_GROUP_IDS) == internal and model.factors_of(g.id)]
        if not groups:
            continue
        _put(ws, row, 1, title, fonts["bold"], _SECTION_FILL, _WRAP)
        for c in range(2, last + 1):
            ws.cell(row=row, column=c).fill = _SECTION_FILL
        _merge(ws, row, 1, row, last)
        ws.row_dimensions[row].height = 30
        row += 1
        dv, cells = validations[0 if internal else 1]
        for g in groups:
            for f in model.factors_of(g.id):
                label = model.label(f.id, lang)
                _put(ws, row, 1, f.id, fonts["bold"], None, _CENTER, _BORDER)
                _put(ws, row, 2, label, fonts["body"], None, _WRAP, _BORDER)
                _fit_row_height(ws, row, (label, label_width))
                cell = ws.cell(row=row, column=3)
                _answer_cell(cell, answers.get(("position", f.id)), fonts["body"], _ANSWER_FILL)
                cells.append(cell.coordinate)
                map_rows.append(_MapRow("position", ws.title, cell.coordinate, "", "position", f.id, ""))
                row += 1
    for dv, cells in validations:
        if cells:
            dv.sqref = MultiCellRange(" ".join(cells))
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = label_width
    ws.column_dimensions["C"].width = rating_width
    ws.freeze_panes = f"A{HEADER_ROWS + 1}"
    _finish_sheet(ws, lang, landscape=False)


def _prepared_for(expert, lang: str) -> str:
    """The instructions' "prepared for" line."""
    role = f" — {expert.role}" if expert.role else ""
    return TEXT[lang]["for"].format(name=expert.name or expert.id, id=expert.id, role=role)


def _paragraph_lines(text: str) -> int:
    return max(1, -(-len(text) // _PARAGRAPH_CHARS))


def _instructions(ws, model, expert, lang, assignment, n_pairs, n_ratings, pair_sheets, fonts, revision,
                  layout: str = "pairs", for_lines: int | None = None, n_position: int = 0) -> None:
    t = TEXT[lang]
    title = model.title_fa if lang == "fa" else model.title_en
    r = 1
    _paragraph(ws, r, t["title"].format(title=title), lang, fonts["title"])
    r += 1
    _paragraph(ws, r, t["goal"].format(goal=model.label("goal", lang)), lang, fonts["bold"])
    r += 1
    _paragraph(ws, r, _prepared_for(expert, lang), lang, fonts["bold"], height_lines=for_lines)
    r += 2
    if revision is not None:
        r = _revision_block(ws, r, lang, revision, fonts)
    # the current-position ratings are ratings too: the burden counts them with the strategies' ones
    burden = t["burden"].format(n=n_pairs + n_ratings + n_position, pairs=n_pairs, ratings=n_ratings + n_position)
    _paragraph(ws, r, digits(burden, lang), lang, fonts["bold"])
    r += 1
    if not assignment.complete:
        _paragraph(ws, r, t["incomplete"], lang, fonts["body"], height_lines=2)
        r += 1
    _paragraph(ws, r, t["burden_sheets"], lang, fonts["body"])
    r += 1
    _put(ws, r, 1, t["sheet_col"], fonts["bold"], _HEADER_FILL, None, _BORDER)
    _put(ws, r, 2, t["count_col"], fonts["bold"], _HEADER_FILL, None, _BORDER)
    r += 1
    rows = list(pair_sheets)
    if n_ratings:
        rows.append((t["ratings"], n_ratings))
    if n_position:
        rows.append((t["position"], n_position))
    for name, n in rows:
        _put(ws, r, 1, name, fonts["body"], None, None, _BORDER)
        _put(ws, r, 2, digits(n, lang), fonts["body"], None, None, _BORDER)
        r += 1
    r += 1
    _put(ws, r, 1, t["howto_title"], fonts["bold"])
    r += 1
    for line in t["howto_scale" if layout == "scale" else "howto"]:
        _paragraph(ws, r, line, lang, fonts["body"])
        r += 1
    r += 1
    _put(ws, r, 1, t["scale_title"], fonts["bold"])
    r += 1
    _put(ws, r, 1, t["scale_head"][0], fonts["bold"], _HEADER_FILL, _CENTER, _BORDER)
    _put(ws, r, 2, t["scale_head"][1], fonts["bold"], _HEADER_FILL, None, _BORDER)
    r += 1
    labels = verbal_labels()
    for v in range(1, 10):
        _put(ws, r, 1, digits(v, lang), fonts["body"], None, _CENTER, _BORDER)
        text = labels[v][1 if lang == "fa" else 0]
        if v % 2 == 0:
            text = f"{text} ({t['scale_even']})"
        _put(ws, r, 2, text, fonts["body"], None, None, _BORDER)
        r += 1
    items = model.group_ids[:2] if len(model.groups) >= 2 else model.factor_ids[:2]
    if len(items) == 2 and layout == "pairs":  # the scale layout's row is its own example
        r += 1
        _put(ws, r, 1, t["example_title"], fonts["bold"])
        r += 1
        hows = how_options(lang)
        a, b = (f"{x} — {model.label(x, lang)}" for x in items)
        for line in t["example"]:
            _paragraph(ws, r, line.format(a=a, b=b, v5=hows[4], v3=hows[2]), lang, fonts["body"])
            r += 1
    if n_ratings:
        r += 1
        _put(ws, r, 1, t["rating_title"], fonts["bold"])
        r += 1
        for level in rating_options(model, lang):
            _put(ws, r, 1, "•", fonts["body"], None, _CENTER)
            _put(ws, r, 2, level, fonts["body"])
            r += 1
        r += 1
        _put(ws, r, 1, t["strategy_legend"], fonts["bold"])
        r += 1
        for s in model.strategies:
            _put(ws, r, 1, s.id, fonts["bold"], None, _CENTER, _BORDER)
            _put(ws, r, 2, model.label(s.id, lang), fonts["body"], None, _WRAP, _BORDER)
            r += 1
    if n_position:
        r += 1
        _put(ws, r, 1, t["position_title"], fonts["bold"])
        r += 1
        _paragraph(ws, r, t["position_howto"], lang, fonts["body"])
        r += 1
        for internal in (True, False):
            _paragraph(ws, r, "  ·  ".join(position_options(model, lang, internal)), lang, fonts["body"])
            r += 1
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 76
    ws.column_dimensions["C"].width = 10


def _revision_block(ws, r, lang, revision, fonts) -> int:
    t = TEXT[lang]
    info = revision.get("_summary", {})
    _put(ws, r, 1, t["revision_title"], fonts["title"], _REVISE_FILL)
    r += 1
    intro = t["revision_intro"].format(threshold=digits(f"{info.get('threshold', 0.1):.2f}", lang))
    _paragraph(ws, r, intro, lang, fonts["body"], height_lines=4)
    r += 1
    for c, h in enumerate(t["revision_head"], start=1):
        _put(ws, r, c, h, fonts["bold"], _HEADER_FILL, _CENTER, _BORDER)
    r += 1
    for name, cr, n in info.get("rows", []):
        _put(ws, r, 1, name, fonts["body"], None, None, _BORDER)
        _put(ws, r, 2, digits(f"{cr:.3f}", lang), fonts["body"], None, _CENTER, _BORDER)
        _put(ws, r, 3, digits(n, lang), fonts["body"], None, _CENTER, _BORDER)
        r += 1
    return r + 1


def _map_sheet(wb, meta: dict[str, str], map_rows: list[_MapRow], checksum: str | None = None) -> None:
    ws = wb.create_sheet(MAP_SHEET)
    rows = [m.as_tuple() for m in map_rows]
    checksum = checksum or map_checksum(meta, rows)
    r = 1
    for key in META_KEYS:
        _put(ws, r, 1, key)
        _put(ws, r, 2, meta[key])
        r += 1
    _put(ws, r, 1, "checksum")
    _put(ws, r, 2, checksum)
    r += 1
    for c, h in enumerate(MAP_HEADER, start=1):
        _put(ws, r, c, h)
    for values in rows:
        r += 1
        for c, v in enumerate(values, start=1):
            if v:
                _put(ws, r, c, v)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
