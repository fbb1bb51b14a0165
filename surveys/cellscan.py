"""What a value reader cannot see in an answer cell: formulas, error values, merges, date formats.

python-calamine returns a formula cell's cached value (nothing at all for a
workbook saved by a tool that does not compute, a number for one saved by
Excel), an error value such as ``#DIV/0!`` as an empty cell, and knows
nothing of number formats.  So ``=1/3`` typed in an answer cell was read as
"unanswered" — or, once Excel had cached 0.333, as a valid answer nobody
typed as such.  This module looks at the worksheet XML itself, for the answer
cells only, and reports what would make their value untrustworthy:

* a formula (``<f>``) — an answer must be a typed or picked value;
* an error value (``t="e"``);
* a merge that covers an answer cell (the expert merged cells, so one value
  now stands for several answers or hides one);
* a date or time number format on the cell (the application turned a typed
  fraction such as ``1/3`` into the 3rd of January).

It is called in the reader's worker, on files :func:`surveys.safety.check_xlsx`
accepted, with the parts the check already inflated; it scans with byte-level
regular expressions (no XML tree).  A sheet is searched for what could make a
cell untrustworthy — its few ``<f>`` formulas, ``t="e"`` errors, date styles —
and each hit is traced back to its cell, so the hundreds of plain answer cells
cost nothing; a sheet where a hit cannot be traced back plainly is checked
answer cell by answer cell instead.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["CellFacts", "answer_cell_facts", "sheet_facts", "is_date_format"]


@dataclass(frozen=True, slots=True)
class CellFacts:
    """The untrustworthy traits of one answer cell (empty strings / False when absent)."""

    formula: str = ""
    error: str = ""
    merged: str = ""
    date_format: bool = False

    def __bool__(self) -> bool:
        return bool(self.formula or self.error or self.merged or self.date_format)


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTR = re.compile(rb"([\w:]+)\s*=\s*\"([^\"]*)\"|([\w:]+)\s*=\s*'([^']*)'")
_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
_CELL_END = re.compile(rb"</(?:\w+:)?c\s*>")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f\s*>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*>(.*?)</(?:\w+:)?v\s*>", re.S)
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?ref\s*=\s*[\"']([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)[\"']")
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs\s*>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)")
_NUM_FMT = re.compile(rb"<(?:\w+:)?numFmt\b([^>]*)/?>")
_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
_CELL_REF = re.compile(rb"(?:^|\s)r\s*=\s*[\"']([A-Z]{1,3}[0-9]{1,7})[\"']")
# What makes a cell untrustworthy, searched over a whole sheet (the attribute
# patterns read attributes exactly as _cell_attrs does).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_AFTER_NAME = frozenset(b" \t\n\r\f\v>/")  # what may follow a tag's name (as [\s>/] above)
_NUM_FMT_ID = re.compile(rb"(?:^|\s)(?:\w+:)?numFmtId\s*=\s*[\"']([^\"']*)[\"']")
_ERROR_TYPE = re.compile(rb"\s(?:\w+:)?t\s*=\s*[\"']e[\"']")
_STYLE = re.compile(rb"\s(?:\w+:)?s\s*=\s*[\"']([0-9]+)[\"']")
_MAX_STEPS_BACK = 8  # tags between a cell's start and its formula (<f> is a cell's first child)

# ECMA-376 Part 1, 18.8.30: built-in number formats that show a date or a time
# (14–22, 45–47), plus the East Asian date formats (27–36, 50–58).
_BUILTIN_DATES = frozenset((*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)))
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _attrs(raw: bytes) -> dict[str, str]:
    out = {}
    for m in _ATTR.finditer(raw):
        key = (m.group(1) or m.group(3)).decode("ascii", "replace")
        value = m.group(2) if m.group(2) is not None else m.group(4)
        out[key.split(":")[-1]] = html.unescape(value.decode("utf-8", "replace"))
    return out


_CELL_ATTR = re.compile(rb"(?:^|\s)(?:\w+:)?([rts])\s*=\s*[\"']([^\"']*)[\"']")


def _cell_attrs(raw: bytes) -> dict[str, str]:
    """The three attributes of a cell tag the checks use: ``r`` (its reference), ``t`` (its type), ``s`` (its style)."""
    return {m.group(1).decode("ascii"): m.group(2).decode("ascii", "replace") for m in _CELL_ATTR.finditer(raw)}


def is_date_format(code: str) -> bool:
    """True for a number-format code that displays a date or a time (``d/m/yyyy``, ``h:mm``, …).

    >>> is_date_format("dd/mm/yyyy"), is_date_format("0.00"), is_date_format('"day" 0'), is_date_format("@")
    (True, False, False, False)
    """
    bare = _QUOTED.sub("", code).lower()
    return any(ch in bare for ch in "dmyhs") and "@" not in bare


def _index(ref: str) -> tuple[int, int]:
    m = _REF.match(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _sheet_parts(read: Callable[[str], bytes]) -> dict[str, str]:
    """{sheet name: zip part} from the workbook and its relationships (``read(part)`` gives a part's bytes)."""
    targets = {}
    for m in _REL.finditer(read("xl/_rels/workbook.xml.rels")):
        a = _attrs(m.group(1))
        if "Id" in a and "Target" in a:
            target = a["Target"]
            targets[a["Id"]] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    parts = {}
    for m in _SHEET.finditer(read("xl/workbook.xml")):
        a = _attrs(m.group(1))
        rid = a.get("id", "")  # r:id, prefix dropped
        if "name" in a and rid in targets:
            parts[a["name"]] = targets[rid]
    return parts


def _date_styles(read: Callable[[str], bytes]) -> frozenset[int]:
    """Indices of the cell formats (``s`` attribute of a cell) that show a date or a time."""
    try:
        styles = read("xl/styles.xml")
    except KeyError:
        return frozenset()
    custom = {}
    for m in _NUM_FMT.finditer(styles):
        a = _attrs(m.group(1))
        if a.get("numFmtId", "").isdigit():
            custom[int(a["numFmtId"])] = a.get("formatCode", "")
    xfs = _CELL_XFS.search(styles)
    if xfs is None:
        return frozenset()
    dates = set()
    for k, m in enumerate(_XF.finditer(xfs.group(0))):
        found = _NUM_FMT_ID.search(m.group(1))
        fmt = html.unescape(found.group(1).decode("ascii", "replace")) if found else "0"
        fmt_id = int(fmt) if fmt.isdigit() else 0
        if fmt_id in _BUILTIN_DATES or (fmt_id in custom and is_date_format(custom[fmt_id])):
            dates.add(k)
    return frozenset(dates)


def _merges(xml: bytes) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    out = []
    first = xml.find(b"mergeCell")
    if first < 0:
        return out
    for m in _MERGE.finditer(xml, max(0, xml.rfind(b"<", 0, first))):  # the merges come after the cells
        ref = m.group(1).decode("ascii")
        first, _, last = ref.partition(":")
        out.append((ref, _index(first), _index(last or first)))
    return out


def _answer_cells(xml: bytes, refs) -> list[re.Match]:
    """The ``<c …>`` tags of the cells ``refs`` (absent cells are empty: none is returned for them).

    Each reference is found by a byte search (``r="D6"``, as Excel, LibreOffice and openpyxl all
    write it); a file that quotes or spaces the attribute otherwise is scanned cell by cell.  Used
    where :func:`_suspect_cells` cannot trace a hit back to its cell.
    """
    if b"r='" in xml or b"r =" in xml or b"r= " in xml:
        wanted = {ref.encode("ascii") for ref in refs}
        return [m for m in _CELL.finditer(xml)
                if (r := _CELL_REF.search(m.group(1))) is not None and r.group(1) in wanted]
    out = []
    start = 0  # cells come in row order, and left to right in a row: each search goes on from the last hit
    for ref in sorted(refs, key=_index):
        needle = b' r="' + ref.encode("ascii") + b'"'
        at = xml.find(needle, start)
        if at < 0:  # an empty cell (absent), or a file that does not keep the order: look from the top
            at = xml.find(needle)
        if at < 0:
            at = xml.find(b'\tr="' + ref.encode("ascii") + b'"')
        if at < 0:
            continue
        m = _CELL.match(xml, xml.rfind(b"<", 0, at))
        if m is not None and m.end() > at:
            out.append(m)
            start = m.end()
    return out


def _tag_around(xml: bytes, at: int) -> re.Match | None:
    """The ``<c …>`` tag whose attributes hold position ``at``, if it is a cell's tag."""
    m = _CELL.match(xml, xml.rfind(b"<", 0, at))
    return m if m is not None and m.end() > at else None


def _cell_holding(xml: bytes, at: int) -> re.Match | None | bool:
    """The ``<c …>`` tag of the cell whose content holds the tag at ``at`` (a formula's ``<f>``).

    None when that tag is in no cell; False when the way back is not plain (more than a few tags
    between, a ``<`` inside an attribute value): the caller then looks at every answer cell.
    """
    back = at
    for _ in range(_MAX_STEPS_BACK):
        back = xml.rfind(b"<", 0, back)
        if back < 0:
            return None
        m = _CELL.match(xml, back)
        if m is not None:
            return None if m.group(2) or m.end() > at else m  # a self-closed cell holds nothing
        if xml.startswith(b"</", back):
            end = xml.find(b">", back, at)
            name = xml[back + 2:end].strip().rpartition(b":")[2] if end > 0 else b""
            if name in (b"c", b"row", b"sheetData"):  # the previous cell ended first: in no cell
                return None
    return False


def _formula_tags(xml: bytes) -> list[int]:
    """Where each ``<f …>`` tag starts (byte search for ``<f``; the pattern where a prefix like ``<x:f`` may be)."""
    if b":f" in xml:
        return [m.start() for m in _FORMULA_TAG.finditer(xml)]
    out = []
    at = xml.find(b"<f")
    while at >= 0:
        if at + 2 < len(xml) and xml[at + 2] in _AFTER_NAME:
            out.append(at)
        at = xml.find(b"<f", at + 2)
    return out


def _suspect_cells(xml: bytes, dates: frozenset[int]) -> list[re.Match] | None:
    """The tags of every cell of ``xml`` with a formula, an error type or a date style (None: not traceable)."""
    tags: dict[int, re.Match] = {}
    for at in _formula_tags(xml):
        m = _cell_holding(xml, at)
        if m is False:
            return None
        if m is not None:
            tags[m.start()] = m
    if b'"e"' in xml or b"'e'" in xml:
        for hit in _ERROR_TYPE.finditer(xml):
            if (m := _tag_around(xml, hit.start())) is not None:
                tags[m.start()] = m
    if dates:
        for hit in _STYLE.finditer(xml):
            if int(hit.group(1)) in dates and (m := _tag_around(xml, hit.start())) is not None:
                tags[m.start()] = m
    return [tags[k] for k in sorted(tags)]


def _traits(xml: bytes, m: re.Match, a: dict[str, str], dates: frozenset[int]) -> dict:
    """{trait: value} of the cell whose tag is ``m`` and attributes ``a``."""
    body = b""
    if not m.group(2):
        end = _CELL_END.search(xml, m.end())
        body = xml[m.end(): end.start()] if end else b""
    trait: dict = {}
    f = _FORMULA.search(body)
    if f is not None:
        text = html.unescape((f.group(1) or b"").decode("utf-8", "replace")).strip()
        trait["formula"] = f"={text}" if text else "=…"
    if a.get("t") == "e":
        v = _VALUE.search(body)
        trait["error"] = html.unescape(v.group(1).decode("utf-8", "replace")) if v else "#N/A"
    style = a.get("s", "0")
    if style.isdigit() and int(style) in dates:
        trait["date_format"] = True
    return trait


def _merged_answers(xml: bytes, refs) -> dict[str, str]:
    """{answer cell: merge} for every answer cell a merge of more than one cell covers."""
    out: dict[str, str] = {}
    at: dict[tuple[int, int], str] | None = None
    for ref, (r1, c1), (r2, c2) in _merges(xml):
        if (r1, c1) == (r2, c2):
            continue
        if (r2 - r1 + 1) * (c2 - c1 + 1) <= len(refs):  # a header merge spans a few cells: look them up
            names = (f"{_letters(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
            covered = [cell for cell in names if cell in refs]
        else:
            if at is None:
                at = {_index(cell): cell for cell in refs}
            covered = [cell for (r, c), cell in at.items() if r1 <= r <= r2 and c1 <= c <= c2]
        for cell in covered:
            out[cell] = ref
    return out


def _letters(col: int) -> str:
    text = ""
    while col:
        col, rem = divmod(col - 1, 26)
        text = chr(65 + rem) + text
    return text


def sheet_facts(xml: bytes, refs, dates: frozenset[int] = frozenset()) -> dict[str, CellFacts]:
    """``{cell: CellFacts}`` for the answer cells ``refs`` of one worksheet's XML that hold something untrustworthy.

    ``dates`` are the date-showing style indices (:func:`_date_styles`).  The
    sheet is searched for formulas, error types and date styles, each traced
    back to its cell; where that is not plain, each answer cell is looked at.
    """
    refs = refs if isinstance(refs, (set, frozenset)) else set(refs)
    found: dict[str, dict] = {}
    suspects = _suspect_cells(xml, dates)
    if suspects is None:
        suspects = _answer_cells(xml, refs)
    for m in suspects:
        a = _cell_attrs(m.group(1))
        ref = a.get("r", "")
        if ref in refs and (trait := _traits(xml, m, a, dates)):  # the live formulas of other cells: not read
            found[ref] = trait
    if b"mergeCell" in xml:
        for cell, merge in _merged_answers(xml, refs).items():
            found.setdefault(cell, {})["merged"] = merge
    return {ref: CellFacts(**trait) for ref, trait in found.items()}


def answer_cell_facts(source, wanted: dict[str, set[str]],
                      parts: Mapping[str, bytes] | None = None) -> dict[tuple[str, str], CellFacts]:
    """``{(sheet, cell): CellFacts}`` for the answer cells in ``wanted`` that hold something untrustworthy.

    ``source`` is a path or the file's bytes; ``wanted`` maps sheet names to
    cell references (``"D6"``); ``parts`` (optional) are parts already read
    from the zip, by name (:func:`surveys.safety.inspect_xlsx`), used instead
    of inflating them again.  Cells without a formula, an error, a merge or
    a date format are left out, so the common case is an empty dict.
    """
    parts = parts or {}
    opened: list[zipfile.ZipFile] = []

    def read(name: str) -> bytes:
        if name in parts:
            return parts[name]
        if not opened:
            opened.append(zipfile.ZipFile(io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source))
        return opened[0].read(name)

    facts: dict[tuple[str, str], CellFacts] = {}
    try:
        sheets = _sheet_parts(read)
        dates = _date_styles(read)
        for sheet, refs in wanted.items():
            part = sheets.get(sheet)
            if part is None or not refs:
                continue
            try:
                xml = read(part)
            except KeyError:
                continue
            for ref, cell_facts in sheet_facts(xml, refs, dates).items():
                facts[(sheet, ref)] = cell_facts
    finally:
        for z in opened:
            z.close()
    return facts
