"""surveys.cellscan finds formulas, error values, merges and date formats in answer cells only.

The answer cells are found by a byte search for ``r="D6"``; a file that writes the attribute
another way (single quotes, spaces) is scanned cell by cell and gives the same facts.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl

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
