"""Consistency inside the workbook: LibreOffice recalculates the helper formulas of a filled questionnaire
and finds rahbord's own CR and most inconsistent judgment; and the layout reads and prints right."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import openpyxl
import pytest

from criteria import load_library_model
from mcda.consistency import consistency
from surveys import Expert
from surveys.designs import complete_design
from surveys.live import CALC_SHEET, LIVE_TEXT
from surveys.questionnaire import TEXT, build_workbook, how_options
from surveys.reader import MAP_SHEET

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POINTS = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]


@pytest.fixture(scope="module")
def tehran():
    return load_library_model("tehran-city-diplomacy")


def _answers(model, lang, seed, skip=None):
    """Random (so mostly inconsistent) judgments as an expert picks them; ``skip`` leaves one pair empty."""
    rng = np.random.default_rng(seed)
    side_a, side_b, _ = TEXT[lang]["side"]
    answers, matrices = {}, {}
    for s in model.comparison_sets():
        A = np.ones((s.size, s.size))
        for i in range(s.size):
            for j in range(i + 1, s.size):
                if skip == (s.id, i, j):
                    A[i, j] = A[j, i] = np.nan
                    continue
                v = float(rng.choice(POINTS))
                A[i, j], A[j, i] = v, 1 / v
                k = round(v if v >= 1 else 1 / v)
                answers[("pair", s.id, s.items[i], s.items[j])] = (side_a if v >= 1 else side_b, how_options(lang)[k - 1])
        matrices[s.id] = A
    return answers, matrices


def _recalculated(path, tmp_path):
    """LibreOffice opens the workbook, computes every formula and saves it; the cached values are read back."""
    from python_calamine import CalamineWorkbook

    out = tmp_path / "out"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=240)
    return CalamineWorkbook.from_path(str(out / path.name))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is installed by scripts/setup.sh (libreoffice-calc)")
@pytest.mark.parametrize("lang,layout", [("fa", "pairs"), ("en", "scale")])
def test_libreoffice_recalculates_cr_and_the_judgment_to_revisit(tehran, tmp_path, lang, layout):
    skip = ("factors:W", 0, 1)
    answers, matrices = _answers(tehran, lang, seed=7, skip=skip)
    wb = build_workbook(tehran, Expert("E1", "Expert One"), lang, complete_design(tehran).for_expert(0),
                        answers=answers, layout=layout)
    path = tmp_path / f"filled-{lang}-{layout}.xlsx"
    wb.save(path)
    book = _recalculated(path, tmp_path)
    index = book.get_sheet_by_name(CALC_SHEET).to_python()
    rows = {}
    for r in index[1:]:  # the index table: one row per set, up to the first empty row
        if not r or not r[0]:
            break
        rows[r[0]] = r[:8]
    assert set(rows) == {s.id for s in tehran.comparison_sets() if s.size >= 3}
    for set_id, (_, cr, state, worst_i, worst_j, suggested, answered, _lam) in rows.items():
        if set_id == skip[0]:
            assert state == 0 and answered == tehran.comparison_sets()[2].n_pairs - 1
            continue
        report = consistency(matrices[set_id], warn=False)
        assert cr == pytest.approx(report.cr, abs=0.02), set_id
        top = report.revisions[0]
        assert (int(worst_i) - 1, int(worst_j) - 1) == (top.i, top.j), set_id
        assert suggested == pytest.approx(top.suggested), set_id
        assert state == (1 if report.cr <= 0.10 else 2 if report.cr <= 0.20 else 3)
    # what the expert sees: no error values anywhere, "incomplete" for the partial set, states in words
    text = LIVE_TEXT[lang]
    shown = []
    for name in book.sheet_names:
        if name.startswith("_"):
            continue
        for row in book.get_sheet_by_name(name).to_python():
            shown.extend(row)
    import zipfile

    with zipfile.ZipFile(tmp_path / "out" / path.name) as z:  # calamine reads an error value as empty
        for part in z.namelist():
            if part.startswith("xl/worksheets/sheet"):
                assert b't="e"' not in z.read(part), f"an error value in {part}"
    assert text["incomplete"] in shown
    assert text["inconsistent"] in shown
    assert any(isinstance(v, str) and text["fits"] in v for v in shown)


def _px(width: float) -> float:
    """Excel column width (characters of the default 11 pt font) in pixels at 96 dpi."""
    return 7 * width + 5


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("layout", ["pairs", "scale"])
def test_reading_order_and_printed_font_size(tehran, tmp_path, lang, layout):
    wb = build_workbook(tehran, Expert("E1", "کارشناس یک"), lang, complete_design(tehran).for_expert(0),
                        layout=layout)
    path = tmp_path / "q.xlsx"
    wb.save(path)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        landscape = ws.page_setup.orientation == "landscape"
        printable = (297 if landscape else 210) / 25.4 * 96 - (ws.page_margins.left + ws.page_margins.right) * 96
        used = {c.column_letter for row in ws.iter_rows() for c in row if c.value is not None}
        width = sum(_px(ws.column_dimensions[col].width or 8.43) for col in used)
        scale = min(1.0, printable / width)
        for row in ws.iter_rows():
            for c in row:
                if c.value is None or type(c).__name__ == "MergedCell":
                    continue
                assert c.font.sz * scale >= 9, (ws.title, c.coordinate, c.font.sz, round(scale, 2))
                if lang == "fa":
                    assert c.alignment.readingOrder == 2, (ws.title, c.coordinate)
                assert c.font.name == ("Tahoma" if lang == "fa" else "Calibri")
    assert MAP_SHEET in wb.sheetnames
