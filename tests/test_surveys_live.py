"""Consistency inside the workbook: LibreOffice recalculates the helper formulas of a filled questionnaire
and finds rahbord's own CR and most inconsistent judgment; and the layout reads and prints right."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import numpy as np
import openpyxl
import pytest

from criteria import load_library_model
from criteria.model import Factor, Group, Model
from mcda.consistency import consistency
from mcda.digits import localize_digits
from surveys import Expert
from surveys.designs import complete_design, incomplete_design
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
    assert set(rows) == {s.id for s in tehran.comparison_sets() if s.size >= 2}
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

    with zipfile.ZipFile(tmp_path / "out" / path.name) as z:  # calamine reads an error value as empty
        for part in z.namelist():
            if part.startswith("xl/worksheets/sheet"):
                assert b't="e"' not in z.read(part), f"an error value in {part}"
    assert text["incomplete"] in shown
    assert text["inconsistent"] in shown
    assert any(isinstance(v, str) and text["fits"] in v for v in shown)


def _uneven_model():
    """Sets of 9, 7, 2 and 5 factors (and 4 groups): an incomplete design asks a share of the large ones,
    and all of the two-item set (its one pair)."""
    sizes = {"S": 9, "W": 7, "O": 2, "T": 5}
    groups = tuple(Group(g, f"Group {g}", f"گروه {g}") for g in sizes)
    factors = tuple(Factor(f"{g}{k}", g, f"{g} factor {k}", f"عامل {g}{k}") for g, n in sizes.items()
                    for k in range(1, n + 1))
    return Model(id="uneven", version="1", title_en="Uneven", title_fa="ناهمسان", goal_en="Goal", goal_fa="هدف",
                 groups=groups, factors=factors, strategies=(), evaluation="ratings")


def _design_answers(model, assignment, lang, seed, skip_set, near_consistent):
    """Answers to the pairs the design asks: random (mostly inconsistent), near-consistent for one set,
    one asked pair left empty in ``skip_set``; the matrices with NaN where nothing was answered."""
    rng = np.random.default_rng(seed)
    side_a, side_b, side_eq = TEXT[lang]["side"]
    answers, matrices = {}, {}
    for s in model.comparison_sets():
        A = np.full((s.size, s.size), np.nan)
        np.fill_diagonal(A, 1.0)
        truth = rng.random(s.size) + 0.2
        asked = assignment.pairs_of(s)
        for k, (i, j) in enumerate(asked):
            if s.id == skip_set and k == len(asked) - 1:
                continue
            if s.size == 2:
                v = 1 / 5  # B five times as important: 17 % and 83 % (no rounding tie such as 12.5 %)
            elif s.id == near_consistent:
                ratio = truth[i] / truth[j] * np.exp(rng.normal(0, 0.15))
                v = min(POINTS, key=lambda p: abs(np.log(p / ratio)))
            else:
                v = float(rng.choice(POINTS))
            A[i, j], A[j, i] = v, 1 / v
            k9 = round(v if v >= 1 else 1 / v)
            side = side_eq if k9 == 1 else side_a if v > 1 else side_b
            answers[("pair", s.id, s.items[i], s.items[j])] = (side, None if k9 == 1 else how_options(lang)[k9 - 1])
        matrices[s.id] = A
    return answers, matrices


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is installed by scripts/setup.sh (libreoffice-calc)")
@pytest.mark.parametrize("lang,layout", [("fa", "pairs"), ("en", "scale")])
def test_libreoffice_incomplete_design_and_two_item_set(tmp_path, lang, layout):
    """A share of the pairs (incomplete design): CR and the judgment to revisit are those of rahbord's
    λmax-optimal completion; the unasked pairs never make the set "incomplete", an unanswered asked pair
    does; a two-item set shows its weights, no CR, and is consistent."""
    model = _uneven_model()
    design = incomplete_design(model, n_experts=4, coverage=2, seed=3)
    checked = []
    for expert in (0, 1):
        assignment = design.for_expert(expert)
        asked = {s.id: len(assignment.pairs_of(s)) for s in model.comparison_sets()}
        assert asked["factors:S"] < 36 and asked["factors:W"] < 21 and asked["factors:O"] == 1
        answers, matrices = _design_answers(model, assignment, lang, seed=11 + expert, skip_set="factors:T",
                                            near_consistent="groups")
        wb = build_workbook(model, Expert("E1", "Expert One"), lang, assignment, answers=answers, layout=layout)
        path = tmp_path / f"design-{expert}-{lang}-{layout}.xlsx"
        wb.save(path)
        book = _recalculated(path, tmp_path)
        index = book.get_sheet_by_name(CALC_SHEET).to_python()[1:]
        rows = {r[0]: r[:8] for r in index[:next(k for k, r in enumerate(index) if not r or not r[0])]}
        assert set(rows) == {s.id for s in model.comparison_sets()}
        for set_id, (_, cr, state, worst_i, worst_j, suggested, answered, _lam) in rows.items():
            if set_id == "factors:T":
                assert state == 0 and answered == asked[set_id] - 1  # incomplete until every asked pair is answered
                continue
            assert answered == asked[set_id]
            report = consistency(matrices[set_id], warn=False)
            assert cr == pytest.approx(report.cr, abs=0.02), set_id
            if set_id == "factors:O":
                assert cr == 0 and state == 1
                continue
            if abs(report.cr - 0.10) > 0.02 and abs(report.cr - 0.20) > 0.02:
                assert state == (1 if report.cr <= 0.10 else 2 if report.cr <= 0.20 else 3), set_id
            top, second = report.revisions[:2]
            if state >= 2 and top.error - second.error > 0.01:  # a clear worst judgment (not a near tie)
                assert (int(worst_i) - 1, int(worst_j) - 1) == (top.i, top.j), set_id
                assert suggested == pytest.approx(top.suggested), set_id
                checked.append(set_id)
        with zipfile.ZipFile(tmp_path / "out" / path.name) as z:  # calamine reads an error value as empty
            for part in z.namelist():
                if part.startswith("xl/worksheets/sheet"):
                    assert b't="e"' not in z.read(part), f"an error value in {part}"
        shown = [v for name in book.sheet_names if not name.startswith("_")
                 for row in book.get_sheet_by_name(name).to_python() for v in row]
        text = LIVE_TEXT[lang]
        assert text["incomplete"] in shown and text["consistent"] in shown
        # the two-item set: its weights as the expert answered them, no CR
        A = matrices["factors:O"]
        assert A[0, 1] == pytest.approx(1 / 5)
        expected = f"O1 {localize_digits(17, lang)}{text['percent']}  ·  O2 {localize_digits(83, lang)}{text['percent']}"
        assert expected in shown
    assert len(checked) >= 2  # the judgment to revisit was compared on clearly inconsistent sets


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
