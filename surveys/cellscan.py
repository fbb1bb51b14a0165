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
accepted; it scans with byte-level regular expressions (no XML tree), so a
Tehran questionnaire costs about a millisecond.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

__all__ = ["CellFacts", "answer_cell_facts", "is_date_format"]


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


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: zip part} from the workbook and its relationships."""
    targets = {}
    for m in _REL.finditer(z.read("xl/_rels/workbook.xml.rels")):
        a = _attrs(m.group(1))
        if "Id" in a and "Target" in a:
            target = a["Target"]
            targets[a["Id"]] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    parts = {}
    for m in _SHEET.finditer(z.read("xl/workbook.xml")):
        a = _attrs(m.group(1))
        rid = a.get("id", "")  # r:id, prefix dropped
        if "name" in a and rid in targets:
            parts[a["name"]] = targets[rid]
    return parts


def _date_styles(z: zipfile.ZipFile) -> frozenset[int]:
    """Indices of the cell formats (``s`` attribute of a cell) that show a date or a time."""
    try:
        styles = z.read("xl/styles.xml")
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
        fmt = _attrs(m.group(1)).get("numFmtId", "0")
        fmt_id = int(fmt) if fmt.isdigit() else 0
        if fmt_id in _BUILTIN_DATES or (fmt_id in custom and is_date_format(custom[fmt_id])):
            dates.add(k)
    return frozenset(dates)


def _merges(xml: bytes) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    out = []
    for m in _MERGE.finditer(xml):
        ref = m.group(1).decode("ascii")
        first, _, last = ref.partition(":")
        out.append((ref, _index(first), _index(last or first)))
    return out


def _answer_cells(xml: bytes, refs) -> list[re.Match]:
    """The ``<c …>`` tags of the cells ``refs`` (absent cells are empty: none is returned for them).

    Each reference is found by a byte search (``r="D6"``, as Excel, LibreOffice and openpyxl all
    write it), so the hundreds of other cells (labels, the live-consistency formulas) cost nothing;
    a file that quotes or spaces the attribute otherwise is scanned cell by cell.
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


def answer_cell_facts(source, wanted: dict[str, set[str]]) -> dict[tuple[str, str], CellFacts]:
    """``{(sheet, cell): CellFacts}`` for the answer cells in ``wanted`` that hold something untrustworthy.

    ``source`` is a path or the file's bytes; ``wanted`` maps sheet names to
    cell references (``"D6"``).  Cells without a formula, an error, a merge or
    a date format are left out, so the common case is an empty dict.
    """
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    facts: dict[tuple[str, str], CellFacts] = {}
    with zipfile.ZipFile(source) as z:
        parts = _sheet_parts(z)
        dates = _date_styles(z)
        for sheet, refs in wanted.items():
            part = parts.get(sheet)
            if part is None or not refs:
                continue
            try:
                xml = z.read(part)
            except KeyError:
                continue
            found: dict[str, dict] = {}
            cheap = b"<f" not in xml and b"<x:f" not in xml and b't="e"' not in xml and not dates
            if not cheap:
                for m in _answer_cells(xml, refs):
                    a = _cell_attrs(m.group(1))
                    ref = a.get("r", "")
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
                    if trait:
                        found[ref] = trait
            if b"mergeCell" in xml:
                at = {_index(cell): cell for cell in refs}
                for ref, (r1, c1), (r2, c2) in _merges(xml):
                    if (r1, c1) == (r2, c2):
                        continue
                    if (r2 - r1 + 1) * (c2 - c1 + 1) <= len(at):  # a header merge spans a few cells: look them up
                        covered = [at[(r, c)] for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) in at]
                    else:
                        covered = [cell for (r, c), cell in at.items() if r1 <= r <= r2 and c1 <= c <= c2]
                    for cell in covered:
                        found.setdefault(cell, {})["merged"] = ref
            for ref, trait in found.items():
                facts[(sheet, ref)] = CellFacts(**trait)
    return facts
