"""The reader: round trips, answers as people type them, and every bad-input case located by file/sheet/cell."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import numpy as np
import openpyxl
import pytest
from _surveys_helpers import small_model

from criteria import load_library_model
from mcda.errors import QuestionnaireError
from surveys import Expert, incomplete_design, read_responses, synthetic_panel, write_questionnaire
from surveys.questionnaire import build_workbook, how_options
from surveys.designs import complete_design
from surveys.reader import MAP_SHEET


# ---------------------------------------------------------------- helpers
def _filled(model, path, expert_id="E1", answers=None, lang="en", name="Expert One"):
    wb = build_workbook(model, Expert(expert_id, name), lang, complete_design(model).for_expert(0), answers=answers)
    wb.save(path)
    return path


def _all_equal_answers(model, lang="en"):
    """Every pair 'A, 3' and every rating the first level: a complete, valid workbook."""
    answers = {}
    side_a = "A" if lang == "en" else "الف"
    for s in model.comparison_sets():
        for i in range(s.size):
            for j in range(i + 1, s.size):
                answers[("pair", s.id, s.items[i], s.items[j])] = (side_a, how_options(lang)[2])
    if model.evaluation == "ratings":
        level = model.rating_scale[0]
        for p in model.strategy_ids:
            for f in model.factor_ids:
                answers[("rating", p, f)] = level.label_en if lang == "en" else level.label_fa
    return answers


def _edit(src, dst, cells: dict, remove_sheet: str | None = None):
    """Change cells as a person (or a tampering hand) would, with openpyxl; returns dst."""
    wb = openpyxl.load_workbook(src)
    for (sheet, ref), value in cells.items():
        wb[sheet][ref].value = value
    if remove_sheet:
        wb.remove(wb[remove_sheet])
    wb.save(dst)
    return dst


def _map(path):
    """{(set_id, a, b) or ('ratings', s, f): (sheet, cell, cell2)} and {meta key: cell}."""
    wb = openpyxl.load_workbook(path)
    ws = wb[MAP_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    start = next(k for k, r in enumerate(rows) if r[0] == "kind")
    meta = {r[0]: f"B{k + 1}" for k, r in enumerate(rows[:start])}
    cells = {(r[4], r[5], r[6]): (r[1], r[2], r[3]) for r in rows[start + 1:]}
    return cells, meta


def _one_problem(exc_info, **where):
    found = [p for p in exc_info.value.problems if p.severity == "error"]
    for key, value in where.items():
        found = [p for p in found if getattr(p, key) == value]
    assert found, f"no error with {where} in {exc_info.value.problems}"
    return found[0]


@pytest.fixture(scope="module")
def model():
    return small_model()


@pytest.fixture(scope="module")
def good(model, tmp_path_factory):
    return _filled(model, tmp_path_factory.mktemp("good") / "good.xlsx", answers=_all_equal_answers(model))


@pytest.fixture(scope="module")
def layout(good):
    return _map(good)


# ---------------------------------------------------------------- round trips
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_round_trip_tehran_synthetic_panel(tmp_path, lang):
    tehran = load_library_model("tehran-city-diplomacy")
    panel = synthetic_panel(tehran, 8, seed=11, missing_share=0.15, inconsistent_share=0.25, out_dir=tmp_path,
                            lang=lang)
    responses = read_responses(tehran, panel.paths)
    assert responses.expert_ids == tuple(e.id for e in panel.experts)
    assert responses.model_hash == tehran.content_hash
    for key, stack in panel.responses.judgments.items():
        np.testing.assert_array_equal(responses.judgments[key], stack)
    np.testing.assert_array_equal(responses.ratings, panel.responses.ratings)
    # the missing answers are kept as warnings with a location
    assert responses.problems and all(p.severity == "warning" and p.sheet and p.cell for p in responses.problems)


def test_round_trip_anp_incomplete_design(tmp_path):
    anp = load_library_model("tehran-city-diplomacy-anp")
    design = incomplete_design(anp, 6, coverage=2, seed=5)
    panel = synthetic_panel(anp, 6, seed=2, out_dir=tmp_path, lang="en", design=design)
    responses = read_responses(anp, panel.paths)
    for key, stack in panel.responses.judgments.items():
        np.testing.assert_array_equal(responses.judgments[key], stack)
    assert "dependence:S" in responses.judgments


def test_round_trip_pairwise_strategies(tmp_path):
    pairwise = small_model("pairwise", network=True)
    panel = synthetic_panel(pairwise, 4, seed=9, out_dir=tmp_path, lang="fa")
    responses = read_responses(pairwise, panel.paths)
    assert responses.ratings is None
    for key, stack in panel.responses.judgments.items():
        np.testing.assert_array_equal(responses.judgments[key], stack)


def test_reads_in_process_and_from_bytes_and_file_objects(model, good):
    data = good.read_bytes()
    with open(good, "rb") as fh:
        for source in ([str(good)], [data], [fh]):
            r = read_responses(model, source, isolate=False)
            assert r.judgments["groups"][0, 0, 1] == 3.0
    renamed = good.with_suffix(".dat")
    shutil.copy(good, renamed)  # content, not name, decides
    assert read_responses(model, [renamed]).n_experts == 1


def test_an_equal_model_loaded_again_or_one_that_cannot_be_hashed_reads_alike(model, good):
    """The model's look-ups are kept for an equal model; a model that holds a list is read without them."""
    import dataclasses

    again = dataclasses.replace(model)  # the same study loaded again: another object, equal
    listed = dataclasses.replace(model, strategies=list(model.strategies))  # unhashable
    with pytest.raises(TypeError):
        hash(listed)
    first = read_responses(model, [good])
    for other in (again, listed):
        for isolate in (True, False):
            r = read_responses(other, [good], isolate=isolate)
            assert r.model_hash == first.model_hash and r.experts == first.experts
            for key, stack in first.judgments.items():
                np.testing.assert_array_equal(r.judgments[key], stack)


# ---------------------------------------------------------------- answers as people type them
def test_hand_typed_answers(model, tmp_path, layout):
    cells, _ = layout
    typed = {
        ("groups", "S", "W"): ("B", " 3 "),          # number as text with spaces, B (A with 1/3 is refused)
        ("groups", "S", "O"): ("a", "۵"),           # Persian digit, lower-case side
        ("groups", "S", "T"): ("B", "٣"),           # Arabic-Indic digit, B
        ("groups", "W", "O"): ("الف", "Strong importance"),  # verbal label (en), Persian side
        ("groups", "W", "T"): ("W", "اهمیت خیلی زیاد"),  # item id as side, verbal label (fa) = 7
        ("groups", "O", "T"): ("Equal", None),
        ("factors:S", "S1", "S2"): (None, 1),        # 1 with no side = equal
        ("factors:S", "S1", "S3"): ("ب", 7),          # numeric cell
        ("factors:S", "S2", "S3"): ("b", "۲ — اهمیت"),  # a dropdown-like entry
    }
    edits = {}
    for key, (side, how) in typed.items():
        sheet, c1, c2 = cells[key]
        edits[(sheet, c1)] = side
        edits[(sheet, c2)] = how
    path = _edit(layout_path(model, tmp_path), tmp_path / "typed.xlsx", edits)
    r = read_responses(model, [path])
    g = r.judgments["groups"][0]
    assert g[0, 1] == pytest.approx(1 / 3) and g[0, 2] == 5 and g[0, 3] == pytest.approx(1 / 3)
    assert g[1, 2] == 5 and g[1, 3] == 7 and g[2, 3] == 1
    assert g[1, 0] == pytest.approx(3)  # reciprocal
    f = r.judgments["factors:S"][0]
    assert f[0, 1] == 1 and f[0, 2] == pytest.approx(1 / 7) and f[1, 2] == pytest.approx(1 / 2)


def layout_path(model, tmp_path):
    return _filled(model, tmp_path / "base.xlsx", answers=_all_equal_answers(model))


def test_ratings_accept_labels_in_either_language_and_ids(model, tmp_path, layout):
    cells, _ = layout
    sheet, c, _ = cells[("ratings", "P1", "S1")]
    sheet2, c2, _ = cells[("ratings", "P2", "S1")]
    sheet3, c3, _ = cells[("ratings", "P3", "S1")]
    path = _edit(layout_path(model, tmp_path), tmp_path / "r.xlsx",
                 {(sheet, c): "زیاد", (sheet2, c2): "very_low", (sheet3, c3): " medium "})
    r = read_responses(model, [path])
    assert r.ratings[0, 0, 0] == 0.6 and r.ratings[0, 1, 0] == 0.05 and r.ratings[0, 2, 0] == 0.3


# ---------------------------------------------------------------- bad answers, located
@pytest.mark.parametrize("how", [12, "ten", 0, -3, "1/12", True])
def test_off_scale_and_text_answers_are_errors_at_the_cell(model, tmp_path, layout, how):
    cells, _ = layout
    sheet, c1, c2 = cells[("factors:W", "W1", "W3")]
    path = _edit(layout_path(model, tmp_path), tmp_path / "bad.xlsx", {(sheet, c2): how})
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [path])
    p = _one_problem(exc, sheet=sheet, cell=c2)
    assert p.file == str(path) and "W1 vs W3" in p.message and "1" in p.expected


def test_contradictions_and_bad_sides(model, tmp_path, layout):
    cells, _ = layout
    s1, a1, b1 = cells[("groups", "S", "W")]
    s2, a2, b2 = cells[("groups", "S", "O")]
    s3, a3, b3 = cells[("groups", "W", "T")]
    s4, a4, b4 = cells[("groups", "O", "T")]
    path = _edit(layout_path(model, tmp_path), tmp_path / "bad.xlsx", {
        (s1, a1): "Equal", (s1, b1): 7,           # equal but 7
        (s2, a2): None, (s2, b2): 5,              # how much without which
        (s3, a3): "maybe",                        # not a side
        (s4, b4): dt.datetime(2024, 1, 3),        # a fraction Excel turned into a date
    })
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [path])
    assert "Equal" in _one_problem(exc, sheet=s1, cell=b1).message
    assert "which item" in _one_problem(exc, sheet=s2, cell=a2).message
    assert "maybe" in _one_problem(exc, sheet=s3, cell=a3).message
    assert "date" in _one_problem(exc, sheet=s4, cell=b4).message


def test_bad_rating_is_an_error_at_the_cell(model, tmp_path, layout):
    cells, _ = layout
    sheet, c, _ = cells[("ratings", "P2", "T3")]
    path = _edit(layout_path(model, tmp_path), tmp_path / "bad.xlsx", {(sheet, c): "excellent"})
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [path])
    p = _one_problem(exc, sheet=sheet, cell=c)
    assert "excellent" in p.message and "Very high" in p.expected


# ---------------------------------------------------------------- partial and disconnected
def test_partial_workbook_is_accepted_with_a_located_warning(model, tmp_path, layout):
    cells, _ = layout
    sheet, c1, c2 = cells[("factors:S", "S1", "S2")]
    path = _edit(layout_path(model, tmp_path), tmp_path / "partial.xlsx", {(sheet, c1): None, (sheet, c2): None})
    r = read_responses(model, [path])
    assert np.isnan(r.judgments["factors:S"][0, 0, 1])
    warning = [p for p in r.problems if p.sheet == sheet]
    assert warning and warning[0].cell == c1 and warning[0].severity == "warning"
    assert "1 of 3" in warning[0].message


def test_direction_without_intensity_is_a_warning_and_unanswered(model, tmp_path, layout):
    cells, _ = layout
    sheet, c1, c2 = cells[("factors:T", "T1", "T2")]
    path = _edit(layout_path(model, tmp_path), tmp_path / "half.xlsx", {(sheet, c2): None})
    r = read_responses(model, [path])
    assert np.isnan(r.judgments["factors:T"][0, 0, 1])
    assert any(p.cell == c2 and p.severity == "warning" for p in r.problems)


def test_disconnected_answers_are_an_error_naming_the_items_cut_off(model, tmp_path, layout):
    cells, _ = layout
    edits = {}
    for pair in (("factors:W", "W1", "W3"), ("factors:W", "W2", "W3")):
        sheet, c1, c2 = cells[pair]
        edits[(sheet, c1)] = None
        edits[(sheet, c2)] = None
    path = _edit(layout_path(model, tmp_path), tmp_path / "cut.xlsx", edits)
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [path])
    p = _one_problem(exc, sheet=cells[("factors:W", "W1", "W3")][0])
    assert "W3" in p.message and "factors:W" in p.message
    assert p.cell in (cells[("factors:W", "W1", "W3")][1], cells[("factors:W", "W2", "W3")][1])


def test_empty_workbook_is_an_error(model, tmp_path):
    path = write_questionnaire(model, Expert("E9", "Nobody"), tmp_path / "empty.xlsx", lang="en")
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [path])
    p = _one_problem(exc, file=str(path))
    assert "no answers" in p.message and p.sheet == "Groups" and p.cell


# ---------------------------------------------------------------- wrong or tampered workbooks
def test_workbook_of_another_model_version_is_refused(tmp_path):
    old = small_model(version="1")
    new = small_model(version="2")
    path = _filled(old, tmp_path / "old.xlsx", answers=_all_equal_answers(old))
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(new, [path])
    _, meta = _map(path)
    p = _one_problem(exc, sheet=MAP_SHEET, cell=meta["model_hash"])
    assert "another version" in p.message and "version 1" in p.message


def test_workbook_of_another_model_is_refused(tmp_path, model):
    tehran = load_library_model("tehran-city-diplomacy")
    path = _filled(model, tmp_path / "small.xlsx", answers=_all_equal_answers(model))
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(tehran, [path])
    assert "small-swot" in _one_problem(exc, sheet=MAP_SHEET).message


def test_edited_hidden_ids_are_refused(model, tmp_path, layout):
    _, meta = layout
    path = _edit(layout_path(model, tmp_path), tmp_path / "tampered.xlsx",
                 {(MAP_SHEET, meta["expert_id"]): "E2"})
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [path])
    p = _one_problem(exc, sheet=MAP_SHEET, cell=meta["checksum"])
    assert "edited" in p.message


def test_edited_answer_map_is_refused(model, tmp_path, layout):
    cells, _ = layout
    wb = openpyxl.load_workbook(layout_path(model, tmp_path))
    ws = wb[MAP_SHEET]
    row = next(r for r in ws.iter_rows() if r[4].value == "groups")
    row[5].value, row[6].value = row[6].value, row[5].value  # swap items: flips the answer's meaning
    wb.save(tmp_path / "swapped.xlsx")
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [tmp_path / "swapped.xlsx"])
    assert _one_problem(exc, sheet=MAP_SHEET)


def test_missing_sheet_is_named(model, tmp_path):
    path = _edit(layout_path(model, tmp_path), tmp_path / "nosheet.xlsx", {}, remove_sheet="Factors W")
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [path])
    p = _one_problem(exc, sheet="Factors W")
    assert "missing" in p.message and p.file == str(path)


def test_workbook_that_is_not_a_questionnaire(model, tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "my own answers"
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [tmp_path / "other.xlsx"])
    assert "_rahbord" in _one_problem(exc, sheet=MAP_SHEET).message


def test_renamed_text_file_is_refused_by_content(model, tmp_path):
    fake = tmp_path / "answers.xlsx"
    fake.write_text("id,S,W\nE1,3,5\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [fake])
    p = _one_problem(exc, file=str(fake))
    assert "not an Excel workbook" in p.message and "text" in p.message


def test_duplicate_experts_and_every_problem_of_every_file(model, tmp_path, layout):
    cells, _ = layout
    base = layout_path(model, tmp_path)
    twin = tmp_path / "twin.xlsx"
    shutil.copy(base, twin)
    sheet, _, c2 = cells[("groups", "S", "W")]
    bad = _edit(base, tmp_path / "bad.xlsx", {(sheet, c2): 42})
    other = _filled(model, tmp_path / "other.xlsx", expert_id="E5", answers=_all_equal_answers(model))
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [base, twin, bad, other])
    problems = exc.value.problems
    dup = [p for p in problems if "also answered" in p.message]
    assert {p.file for p in dup} == {str(twin), str(bad)}
    assert any(p.file == str(bad) and p.cell == c2 for p in problems)
    assert not any(p.file == str(other) and p.severity == "error" for p in problems)
    assert "problems in 2 of 4" in str(exc.value)


def test_panel_list_checks_membership_and_replaces_metadata(model, tmp_path):
    a = _filled(model, tmp_path / "a.xlsx", expert_id="E1", answers=_all_equal_answers(model))
    b = _filled(model, tmp_path / "b.xlsx", expert_id="X9", answers=_all_equal_answers(model))
    panel = [Expert("E1", "Dr. One", weight=3.0), Expert("E2", "Dr. Two")]
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [a, b], experts=panel)
    assert "not on the panel" in _one_problem(exc, file=str(b)).message
    r = read_responses(model, [a], experts=panel)
    assert r.experts[0].name == "Dr. One" and r.experts[0].weight == 3.0 and r.experts[0].source_file == str(a)
    assert any("E2" in p.message and p.severity == "warning" for p in r.problems)


def test_no_files_is_an_error(model):
    with pytest.raises(QuestionnaireError):
        read_responses(model, [])


def test_file_object_input_type_errors(model):
    with pytest.raises(TypeError):
        read_responses(model, [12345])


def test_bytes_io_upload_with_name(model, good):
    buf = io.BytesIO(good.read_bytes())
    buf.name = "upload.xlsx"
    assert read_responses(model, [buf]).experts[0].source_file == "upload.xlsx"
