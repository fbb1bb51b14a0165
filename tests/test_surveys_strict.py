"""Strict reading: each misreading of the issue planted in a real questionnaire is refused at its cell,
in the expert's language, for both layouts; a correctly filled workbook stays clean."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from _surveys_helpers import small_model

from mcda.errors import QuestionnaireError
from surveys import Expert, read_responses
from surveys.designs import complete_design
from surveys.questionnaire import TEXT, build_workbook, how_options
from surveys.reader import MAP_SHEET, scale_cells

LANGS = ["fa", "en"]
LAYOUTS = ["pairs", "scale"]


@pytest.fixture(scope="module")
def model():
    return small_model()


def _answers(model, lang):
    """A complete, valid set of answers: every pair 'A, 3', every rating the first level."""
    side_a = TEXT[lang]["side"][0]
    out = {}
    for s in model.comparison_sets():
        for i in range(s.size):
            for j in range(i + 1, s.size):
                out[("pair", s.id, s.items[i], s.items[j])] = (side_a, how_options(lang)[2])
    level = model.rating_scale[0]
    for p in model.strategy_ids:
        for f in model.factor_ids:
            out[("rating", p, f)] = level.label_fa if lang == "fa" else level.label_en
    return out


@pytest.fixture(scope="module", params=[(lang, layout) for lang in LANGS for layout in LAYOUTS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def filled(request, model, tmp_path_factory):
    lang, layout = request.param
    path = tmp_path_factory.mktemp(f"{lang}{layout}") / "filled.xlsx"
    wb = build_workbook(model, Expert("E1", "Expert One"), lang, complete_design(model).for_expert(0),
                        answers=_answers(model, lang), layout=layout)
    wb.save(path)
    rows = list(openpyxl.load_workbook(path)[MAP_SHEET].iter_rows(values_only=True))
    start = next(k for k, r in enumerate(rows) if r[0] == "kind") + 1
    cells = {(r[4], r[5], r[6]): (r[0], r[1], r[2], r[3]) for r in rows[start:]}
    return lang, layout, path, cells


def _edit(src, dst, cells=None, merge=None, date_format=None):
    wb = openpyxl.load_workbook(src)
    for (sheet, ref), value in (cells or {}).items():
        wb[sheet][ref].value = value
    for sheet, rng in merge or []:
        wb[sheet].merge_cells(rng)
    for sheet, ref in date_format or []:
        wb[sheet][ref].number_format = "dd/mm/yyyy"
    wb.save(dst)
    return dst


def _errors(path, model):
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [path])
    return [p for p in exc.value.problems if p.severity == "error"]


def _at(errors, sheet, cell):
    found = [p for p in errors if p.sheet == sheet and p.cell == cell]
    assert found, f"no error at {sheet} › {cell} in {errors}"
    return found[0]


def _persian_only(text):
    """A Persian message: no Latin digits (ids such as S1 aside, none are in these cells' messages)."""
    assert not any(ch in "0123456789" for ch in text.replace("S1", "").replace("S2", "").replace("S3", "")
                   .replace("W1", "").replace("W2", "").replace("W3", "")), text


def test_correct_workbook_is_clean(filled, model):
    _, _, path, _ = filled
    r = read_responses(model, [path])
    assert r.problems == () and r.judgments["groups"][0, 0, 1] == 3.0


def test_reversed_fraction_is_refused(filled, model, tmp_path):
    lang, layout, path, cells = filled
    if layout == "scale":
        pytest.skip("the scale layout has no 'how much' cell: a reversed answer cannot be written")
    kind, sheet, side, how = cells[("factors:S", "S1", "S2")]
    side_b = TEXT[lang]["side"][1]
    bad = _edit(path, tmp_path / "reversed.xlsx", {(sheet, side): side_b, (sheet, how): "1/3" if lang == "en" else "۱/۳"})
    p = _at(_errors(bad, model), sheet, how)
    if lang == "fa":
        assert "اگر ب مهم‌تر است، عدد صحیح ۱ تا ۹ را انتخاب کنید" in p.expected
        _persian_only(p.message + p.expected)
    else:
        assert "B" in p.message and "whole number from 1 to 9" in p.expected


def test_value_between_scale_points_is_refused(filled, model, tmp_path):
    lang, layout, path, cells = filled
    if layout == "scale":
        pytest.skip("the scale layout offers only the 17 points")
    kind, sheet, side, how = cells[("groups", "S", "W")]
    bad = _edit(path, tmp_path / "half.xlsx", {(sheet, how): 5.5})
    p = _at(_errors(bad, model), sheet, how)
    assert ("۵٫۵" if lang == "fa" else "5.5") in p.message


def _answer_cells(layout, kind, sheet, cell, cell2):
    return scale_cells(cell, cell2) if kind == "scale" else [cell, cell2]


@pytest.mark.parametrize("formula", ["=1/3", '=HYPERLINK("http://example.org","3")'])
def test_formula_in_an_answer_cell_is_refused(filled, model, tmp_path, formula):
    lang, layout, path, cells = filled
    kind, sheet, cell, cell2 = cells[("factors:W", "W1", "W3")]
    target = _answer_cells(layout, kind, sheet, cell, cell2)[-1]
    bad = _edit(path, tmp_path / "formula.xlsx", {(sheet, target): formula})
    p = _at(_errors(bad, model), sheet, target)
    assert "HYPERLINK" in p.message or "=1/3" in p.message
    assert ("فرمول" in p.message) if lang == "fa" else ("formula" in p.message)


def test_error_value_is_refused(filled, model, tmp_path):
    lang, layout, path, cells = filled
    kind, sheet, cell, cell2 = cells[("factors:T", "T1", "T2")]
    target = _answer_cells(layout, kind, sheet, cell, cell2)[0]
    wb = openpyxl.load_workbook(path)
    wb[sheet][target].value = "#DIV/0!"
    wb[sheet][target].data_type = "e"
    wb.save(tmp_path / "error.xlsx")
    p = _at(_errors(tmp_path / "error.xlsx", model), sheet, target)
    assert "#DIV/0!" in p.message


def test_merged_answer_cells_are_refused(filled, model, tmp_path):
    lang, layout, path, cells = filled
    kind, sheet, cell, cell2 = cells[("groups", "O", "T")]
    row_cells = _answer_cells(layout, kind, sheet, cell, cell2)
    bad = _edit(path, tmp_path / "merged.xlsx", merge=[(sheet, f"{row_cells[0]}:{row_cells[1]}")])
    p = _at(_errors(bad, model), sheet, row_cells[0])
    assert row_cells[0] in p.message and (("ادغام" in p.expected) if lang == "fa" else ("unmerge" in p.expected))


def test_date_where_a_label_belongs_is_refused(filled, model, tmp_path):
    lang, layout, path, cells = filled
    kind, sheet, cell, cell2 = cells[("groups", "S", "T")]
    target = cell2 if kind == "pair" else cell
    bad = _edit(path, tmp_path / "date.xlsx", {(sheet, target): dt.datetime(2024, 1, 3)},
                date_format=[(sheet, target)])
    p = _at(_errors(bad, model), sheet, target)
    assert ("تاریخ" in p.message) if lang == "fa" else ("date" in p.message)
    # the same format on an empty cell misreads nothing
    empty = cells[("groups", "S", "O")]
    ok = _edit(path, tmp_path / "fmt.xlsx", date_format=[(empty[1], empty[3] if kind == "pair" else empty[2])])
    assert read_responses(model, [ok]).n_experts == 1


def test_legitimately_empty_is_unanswered_and_every_problem_is_collected(filled, model, tmp_path):
    lang, layout, path, cells = filled
    k1, s1, a1, b1 = cells[("factors:S", "S1", "S3")]
    k2, s2, a2, b2 = cells[("factors:W", "W2", "W3")]
    k3, s3, a3, b3 = cells[("groups", "S", "W")]
    first = _answer_cells(layout, k1, s1, a1, b1)
    second = _answer_cells(layout, k2, s2, a2, b2)
    third = _answer_cells(layout, k3, s3, a3, b3)
    edits = {(s1, c): None for c in first}           # legitimately empty
    edits[(s2, second[-1])] = "=1/5"                  # a formula
    edits[(s3, third[-1])] = "x" if layout == "scale" else "ten"  # a second mark / not on the scale
    bad = _edit(path, tmp_path / "many.xlsx", edits)
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [bad])
    problems = exc.value.problems
    errors = [p for p in problems if p.severity == "error"]
    assert {(p.sheet, p.cell) for p in errors} == {(s2, second[-1]), (s3, third[0] if layout == "scale" else third[-1])}
    assert any(p.severity == "warning" and p.sheet == s1 for p in problems)


def test_two_marks_in_a_scale_row_are_refused(filled, model, tmp_path):
    lang, layout, path, cells = filled
    if layout != "scale":
        pytest.skip("marks belong to the scale layout")
    kind, sheet, cell, cell2 = cells[("factors:O", "O1", "O2")]
    row = scale_cells(cell, cell2)
    bad = _edit(path, tmp_path / "marks.xlsx", {(sheet, row[0]): "x", (sheet, row[-1]): "x"})
    p = _at(_errors(bad, model), sheet, cell)
    assert ("۳" if lang == "fa" else "3") in p.message  # the pre-filled mark and the two planted
