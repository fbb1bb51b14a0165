"""surveys.cellscan finds formulas, error values, merges and date formats in answer cells only.

The answer cells are found by a byte search for ``r="D6"``; a file that writes the attribute
another way (single quotes, spaces) is scanned cell by cell and gives the same facts.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.cellscan import CellFacts, answer_cell_facts


def _workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pairs"
    ws["B2"] = 3  # a plain answer
    ws["B3"] = "=1/3"  # a formula typed in an answer cell
    ws["B4"] = 5
    ws["B4"].number_format = "d/m/yyyy"  # shown as a date
    ws["C5"] = "label"
    ws.merge_cells("B5:C5")  # an answer cell covered by a merge
    for row in range(10, 200):  # plenty of cells that are not answers, formulas among them
        ws.cell(row, 1, f"=A{row - 1}+1")
        ws.cell(row, 2, "text")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _requote(data: bytes) -> bytes:
    """The same workbook with every cell reference written r='B2' instead of r="B2"."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                body = re.sub(rb'<c r="([A-Z]+[0-9]+)"', rb"<c r='\1'", body)
                assert b"r='B3'" in body
            dst.writestr(item, body)
    return out.getvalue()


def test_answer_cells_facts_whether_found_by_search_or_by_scan():
    data = _workbook()
    wanted = {"Pairs": {"B2", "B3", "B4", "B5", "B6"}}
    expected = {
        ("Pairs", "B3"): CellFacts(formula="=1/3"),
        ("Pairs", "B4"): CellFacts(date_format=True),
        ("Pairs", "B5"): CellFacts(merged="B5:C5"),
    }
    assert answer_cell_facts(data, wanted) == expected
    assert answer_cell_facts(_requote(data), wanted) == expected
    assert answer_cell_facts(data, {"Pairs": {"B2", "B6"}}) == {}  # a plain answer and an empty cell


# ---------------------------------------------------------------- a sheet searched for suspects vs a full XML parse
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DATES = frozenset({3})  # style 3 shows a date in these sheets
_KINDS = ("number", "text", "formula", "formula_after_value", "shared_formula", "error", "date", "empty", "deep")


def _cell_xml(ref: str, kind: str, p: str, q: str, eq: str) -> str:
    r = f"r{eq}{q}{ref}{q}"
    if kind == "number":
        return f"<{p}c {r} s{eq}{q}1{q}><{p}v>3</{p}v></{p}c>"
    if kind == "text":
        return f"<{p}c {r} t{eq}{q}inlineStr{q}><{p}is><{p}t>f &amp; e</{p}t></{p}is></{p}c>"
    if kind == "formula":
        return f"<{p}c {r}><{p}f>1/3</{p}f><{p}v>0.33</{p}v></{p}c>"
    if kind == "formula_after_value":  # out of the schema's order, still a formula
        return f"<{p}c s{eq}{q}1{q} {r}><{p}v>2</{p}v><{p}f>A1*2</{p}f></{p}c>"
    if kind == "shared_formula":
        return f"<{p}c {r}><{p}f t=\"shared\" si=\"0\"/><{p}v>4</{p}v></{p}c>"
    if kind == "error":
        return f"<{p}c {r} t{eq}{q}e{q}><{p}v>#DIV/0!</{p}v></{p}c>"
    if kind == "date":
        return f"<{p}c s{eq}{q}3{q} {r}><{p}v>45000</{p}v></{p}c>"
    if kind == "deep":  # a formula behind many tags: not traced back, the answer cells are looked at one by one
        runs = "".join(f"<{p}r><{p}t>{k}</{p}t></{p}r>" for k in range(6))
        return f"<{p}c {r}><{p}is>{runs}</{p}is><{p}f>B1</{p}f></{p}c>"
    return f"<{p}c {r}/>"


def _sheet_xml(kinds, prefix: str, quote: str, eq: str, merge: str) -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{_MAIN}"' if prefix else f'xmlns="{_MAIN}"'
    rows = []
    for k, row_kinds in enumerate(kinds, start=1):
        cells = "".join(_cell_xml(f"{col}{k}", kind, p, quote, eq) for col, kind in zip("ABCD", row_kinds))
        rows.append(f'<{p}row r="{k}" s="3" customFormat="1">{cells}</{p}row>')  # a row style is not a cell's
    merges = f'<{p}mergeCells count="1"><{p}mergeCell ref="{merge}"/></{p}mergeCells>' if merge else ""
    rule = (f'<{p}conditionalFormatting sqref="A1"><{p}cfRule type="expression" priority="1">'
            f"<{p}formula>A1&gt;1</{p}formula></{p}cfRule></{p}conditionalFormatting>")
    return (f'<?xml version="1.0"?><{p}worksheet {ns}><{p}sheetData>{"".join(rows)}</{p}sheetData>'
            f"{merges}{rule}</{p}worksheet>").encode()


def _parsed_facts(xml: bytes, refs) -> dict:
    """The facts by a full XML parse (ElementTree): the reference the byte search must agree with."""
    import xml.etree.ElementTree as ET

    def local(name: str) -> str:
        return name.rpartition("}")[2]

    facts = {}
    root = ET.fromstring(xml)
    for c in (e for e in root.iter() if local(e.tag) == "c"):
        attrs = {local(k): v for k, v in c.attrib.items()}
        if attrs.get("r") not in refs:
            continue
        children = {local(e.tag): e for e in c}
        trait = {}
        if "f" in children:
            text = (children["f"].text or "").strip()
            trait["formula"] = f"={text}" if text else "=…"
        if attrs.get("t") == "e":
            trait["error"] = children["v"].text if "v" in children else "#N/A"
        if int(attrs.get("s", "0")) in _DATES:
            trait["date_format"] = True
        if trait:
            facts[attrs["r"]] = trait
    for merge in (e for e in root.iter() if local(e.tag) == "mergeCell"):
        ref = merge.get("ref")
        first, last = ref.split(":")
        rows = range(int(first[1:]), int(last[1:]) + 1)
        cols = [chr(c) for c in range(ord(first[0]), ord(last[0]) + 1)]
        for cell in (f"{c}{r}" for r in rows for c in cols):
            if cell in refs:
                facts.setdefault(cell, {})["merged"] = ref
    return {ref: CellFacts(**trait) for ref, trait in facts.items()}


@settings(max_examples=150)
@given(
    kinds=st.lists(st.lists(st.sampled_from(_KINDS), min_size=4, max_size=4), min_size=1, max_size=5),
    prefix=st.sampled_from(["", "x"]), quote=st.sampled_from(['"', "'"]), eq=st.sampled_from(["=", " = "]),
    answers=st.sets(st.sampled_from([f"{c}{r}" for c in "ABCD" for r in range(1, 6)]), min_size=1),
    merge=st.sampled_from(["", "A1:B1", "C2:D3", "A1:D5"]),
)
def test_sheet_facts_agree_with_a_full_xml_parse(kinds, prefix, quote, eq, answers, merge):
    from surveys.cellscan import sheet_facts

    xml = _sheet_xml(kinds, prefix, quote, eq, merge)
    assert sheet_facts(xml, answers, _DATES) == _parsed_facts(xml, answers)


def test_facts_from_parts_already_inflated_match_the_file():
    data = _workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    wanted = {"Pairs": {"B2", "B3", "B4", "B5", "B6"}}
    assert answer_cell_facts(data, wanted, parts) == answer_cell_facts(data, wanted)
    # the parts are used, not the zip: a part that differs from the zip's shows
    part = next(n for n in parts if n.startswith("xl/worksheets/"))
    parts[part] = parts[part].replace(b"<f>1/3</f>", b"<f>1/4</f>")
    assert answer_cell_facts(data, wanted, parts)[("Pairs", "B3")].formula == "=1/4"
