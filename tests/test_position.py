"""IFE / EFE, the IE matrix and the strategic position (issue 13, item 3), end to end.

The model asks for current-position ratings (``position_ratings``); the
questionnaire carries a 1–4 dropdown per factor; the reader takes what an
expert writes there and refuses the rest by sheet and cell; the analysis
combines the panel's mean rating with the AHP/ANP global weights.  The
totals are recomputed here with NumPy from the answers read back and must be
what the PDF text (pdftotext), the Word copy and the results workbook show.

No golden case from a paper: the Tehran sources (../shared/seeds, the domain
note) give no IFE/EFE numbers, so the arithmetic is checked against a hand
computation (the doctest of :mod:`mcda.position`) and the David cut-offs at
their boundaries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess

import numpy as np
import openpyxl
import pytest

import criteria
import surveys
from analysis import AnalysisOptions, analyze
from analysis.results import Results
from criteria.io import model_from_yaml, model_to_yaml
from mcda.errors import ArgumentError, QuestionnaireError
from mcda.position import aggregate_ratings, ie_cell, ie_strategy, position_scores, strategic_quadrant
from reports import ReportOptions, build_context, write_report, write_xlsx
from reports.chapters.base import Settings
from reports.chapters.position import build as build_position
from reports.formatting import format_number
from reports.strings import text_for, tows_name
from surveys.questionnaire import TEXT, position_options
from surveys.reader import MAP_SHEET

TEHRAN = "tehran-city-diplomacy"


# ---- the numbers -------------------------------------------------------------------------------
@pytest.mark.parametrize("ife, efe, cell, kind", [
    (4.0, 4.0, 1, "grow"), (3.0, 3.0, 1, "grow"), (2.99, 3.0, 2, "grow"), (1.99, 3.5, 3, "hold"),
    (3.2, 2.99, 4, "grow"), (2.0, 2.0, 5, "hold"), (1.0, 2.5, 6, "harvest"), (3.0, 1.99, 7, "hold"),
    (2.5, 1.0, 8, "harvest"), (1.5, 1.5, 9, "harvest"),
])
def test_ie_cells_follow_davids_cuts(ife, efe, cell, kind):
    assert ie_cell(ife, efe) == cell and ie_strategy(cell) == kind


def test_strategic_quadrant_cuts_at_the_midpoint():
    assert strategic_quadrant(2.5, 2.5) == "aggressive"
    assert strategic_quadrant(2.49, 2.5) == "conservative"
    assert strategic_quadrant(2.5, 2.49) == "competitive"
    assert strategic_quadrant(2.49, 2.49) == "defensive"


def test_unrated_factor_is_left_out_and_its_side_renormalised():
    w = np.array([0.3, 0.1, 0.2, 0.4])
    p = position_scores(w, np.array([4.0, np.nan, 2.0, 1.0]), np.array([True, True, False, False]))
    assert p.weights.tolist() == pytest.approx([1.0, 0.0, 1 / 3, 2 / 3])
    assert p.ife_total == pytest.approx(4.0) and p.efe_total == pytest.approx(2 / 3 + 2 / 3)
    assert np.isnan(p.scores[1])
    again = type(p).from_dict(p.to_dict())
    assert again == p


def test_ratings_off_the_scale_or_one_sided_models_are_refused():
    with pytest.raises(ArgumentError, match="1–4"):
        aggregate_ratings(np.array([[5.0, 1.0]]))
    with pytest.raises(ArgumentError, match="internal"):
        position_scores(np.ones(2), np.ones(2), np.array([True, True]))


# ---- the model ---------------------------------------------------------------------------------
def test_the_flag_round_trips_through_yaml_and_the_model_workbook(tmp_path):
    model = criteria.load_library_model(TEHRAN)
    assert model.position_ratings and model.n_position_ratings == len(model.factors)
    assert model_from_yaml(model_to_yaml(model)) == model
    criteria.write_model_workbook(model, tmp_path / "m.xlsx")
    book = openpyxl.load_workbook(tmp_path / "m.xlsx")
    rows = {r[0]: r[1] for r in book["Model"].iter_rows(values_only=True)}
    assert rows["position_ratings"] == "yes"
    again = criteria.read_model_workbook(tmp_path / "m.xlsx")
    assert again == model and again.content_hash == model.content_hash
    off = dataclasses.replace(model, position_ratings=False)
    assert "position_ratings" not in off.to_dict()  # models without it keep their hash
    criteria.write_model_workbook(off, tmp_path / "off.xlsx")
    assert criteria.read_model_workbook(tmp_path / "off.xlsx") == off


def test_validation_names_the_field():
    data = criteria.model_to_data(criteria.load_library_model(TEHRAN))
    data["position_ratings"] = "maybe"
    problems = [p for p in criteria.validate_model(data) if p.severity == "error"]
    assert [p.cell for p in problems] == ["position_ratings"] and "true or false" in problems[0].message
    data["position_ratings"] = "yes"
    data["factors"] = [f for f in data["factors"] if f["group"] in ("S", "W")]
    data["groups"] = [g for g in data["groups"] if g["id"] in ("S", "W")]
    data["strategies"] = [{k: v for k, v in s.items() if not k.startswith("tows")} for s in data["strategies"]]
    problems = [p for p in criteria.validate_model(data) if p.severity == "error"]
    assert any(p.cell == "position_ratings" and "external factors for the EFE" in p.message for p in problems)


def test_the_web_form_carries_the_checkbox():
    from rahbord.web.model_form import form_view, model_data_from_form

    data, _ = model_data_from_form({"id": "m", "position_ratings": "on"})
    assert data["position_ratings"] is True
    assert model_data_from_form({"id": "m"})[0]["position_ratings"] is False
    assert form_view({"position_ratings": True})["position_ratings"] is True


# ---- the questionnaire and the reader -------------------------------------------------------------
def _position_cells(path) -> dict[str, tuple[str, str]]:
    """factor id → (sheet, cell) of its current-position rating, from the hidden map."""
    rows = list(openpyxl.load_workbook(path)[MAP_SHEET].iter_rows(values_only=True))
    start = next(k for k, r in enumerate(rows) if r[0] == "kind") + 1
    return {r[5]: (r[1], r[2]) for r in rows[start:] if r[0] == "position"}


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_sheet_lists_every_factor_with_a_dropdown(tmp_path, lang):
    model = criteria.load_library_model(TEHRAN)
    path = surveys.write_questionnaire(model, surveys.Expert("E1", "Ali"), tmp_path / "q.xlsx", lang=lang)
    cells = _position_cells(path)
    assert list(cells) == [f.id for f in model.factors]
    book = openpyxl.load_workbook(path)
    ws = book[TEXT[lang]["position"]]
    assert ws.sheet_view.rightToLeft == (lang == "fa")
    validations = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    internal_cells = " ".join(c for f, (_, c) in cells.items() if model.is_internal(f))
    assert validations[internal_cells].endswith("$E$1:$E$4")
    lists = book["_lists"]
    assert [lists[f"E{r}"].value for r in range(1, 5)] == position_options(model, lang, True)
    assert [lists[f"F{r}"].value for r in range(1, 5)] == position_options(model, lang, False)
    for f, (_, cell) in cells.items():
        assert ws[cell].protection.locked is False
        assert ws[cell.replace("C", "A")].value == f


def _filled(tmp_path, lang: str, values: dict) -> tuple:
    """One Tehran questionnaire filled by the synthetic panel, then some position cells overwritten."""
    model = criteria.load_library_model(TEHRAN)
    panel = surveys.synthetic_panel(model, 1, seed=3, out_dir=tmp_path, lang=lang, inconsistent_share=0)
    path = panel.paths[0]
    cells = _position_cells(path)
    book = openpyxl.load_workbook(path)
    for factor, value in values.items():
        sheet, cell = cells[factor]
        book[sheet][cell] = value
    book.save(path)
    return model, path, cells


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_way_of_writing_a_rating_is_read(tmp_path, lang):
    model = criteria.load_library_model(TEHRAN)
    label = model.position_scale("O1")[3]
    values = {"S1": 4, "S2": "۲", "S3": "3", "S4": position_options(model, lang, True)[0], "W1": 2.0,
              "O1": label.label_fa if lang == "fa" else label.label_en, "T1": None}
    model, path, _ = _filled(tmp_path, lang, values)
    responses = surveys.read_responses(model, [path], isolate=False)
    row = dict(zip(model.factor_ids, responses.position[0]))
    assert [row[f] for f in ("S1", "S2", "S3", "S4", "W1", "O1")] == [4, 2, 3, 1, 2, 4]
    assert np.isnan(row["T1"])  # left empty: a warning, not an error
    assert any(p.severity == "warning" and p.sheet == TEXT[lang]["position"] for p in responses.problems)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_nonsense_in_a_rating_cell_is_refused_with_sheet_and_cell(tmp_path, lang):
    values = {"S1": 0, "S2": 5, "S3": 2.5, "S4": "very good", "W1": "=1+2", "O1": dt.datetime(2024, 3, 4),
              "O2": "۷"}
    model, path, cells = _filled(tmp_path, lang, values)
    with pytest.raises(QuestionnaireError) as caught:
        surveys.read_responses(model, [path], isolate=False)
    errors = {p.cell: p for p in caught.value.problems if p.severity == "error"}
    sheet = TEXT[lang]["position"]
    assert set(errors) == {cells[f][1] for f in values}
    assert all(p.sheet == sheet for p in errors.values())
    assert "formula" in errors[cells["W1"][1]].message or "فرمول" in errors[cells["W1"][1]].message
    off = errors[cells["S2"][1]]
    if lang == "fa":
        assert "۵" in off.message and "۱ تا ۴" in off.message and not re.search(r"[A-Za-z0-9]", off.expected)
    else:
        assert "'5'" in off.message and "Major strength" in off.expected
    external = errors[cells["O2"][1]].expected
    assert ("پاسخ عالی" if lang == "fa" else "Superior response") in external


# ---- the analysis and the report ---------------------------------------------------------------
def ife_efe_by_hand(model, responses, global_weights) -> tuple[float, float]:
    """The totals from the answers alone: mean rating of the panel × weight renormalised within each side."""
    mean = np.nanmean(np.asarray(responses.position, dtype=float), axis=0)
    internal = np.array([f.group in ("S", "W") for f in model.factors])
    totals = []
    for side in (internal, ~internal):
        w = np.asarray(global_weights)[side]
        totals.append(float(np.sum(w / w.sum() * mean[side])))
    return totals[0], totals[1]


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    model = criteria.load_library_model(TEHRAN)
    folder = tmp_path_factory.mktemp("answers")
    panel = surveys.synthetic_panel(model, 6, seed=5, out_dir=folder, lang="fa", missing_share=0.05)
    responses = surveys.read_responses(model, list(panel.paths))
    results = analyze(model, responses, AnalysisOptions())
    return model, responses, results


@pytest.fixture(scope="module")
def written(case, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    _, _, results = case
    files = {lang: write_report(results, out, ReportOptions(lang=lang), stem=f"report-{lang}") for lang in ("fa", "en")}
    for lang in files:
        files[lang]["xlsx"] = write_xlsx(results, out / f"results-{lang}.xlsx", lang=lang)
    return files


def test_totals_recomputed_from_the_answers(case):
    model, responses, results = case
    ife, efe = ife_efe_by_hand(model, responses, results.global_factor_weights)
    p = results.position
    assert p.ife_total == pytest.approx(ife, abs=1e-12) and p.efe_total == pytest.approx(efe, abs=1e-12)
    assert p.ie_cell == ie_cell(ife, efe) and p.quadrant == strategic_quadrant(ife, efe)
    assert {"aggressive": "SO", "conservative": "WO", "competitive": "ST", "defensive": "WT"}[p.quadrant] == p.tows
    assert Results.from_dict(results.to_dict()).position == p


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub("[\u200c\u202a-\u202e\u2066-\u2069]", "", text))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed")
def test_the_pdf_shows_the_tables_the_cell_and_the_position(case, written):
    model, responses, results = case
    ife, efe = ife_efe_by_hand(model, responses, results.global_factor_weights)
    p = results.position
    for lang in ("fa", "en"):
        t = text_for(lang)
        text = _squash(subprocess.run(["pdftotext", str(written[lang]["pdf"]), "-"], capture_output=True, text=True,
                                      check=True).stdout)
        chapter = text.split(t["ife_table"], 1)[1]
        for heading in (t["efe_table"], t["ie_matrix"], t["position_chart"]):
            assert heading in chapter, (lang, heading)
        assert format_number(ife, lang, 3) in chapter and format_number(efe, lang, 3) in chapter
        assert t[f"quadrant_{p.quadrant}"] in chapter and tows_name(p.tows, lang) in chapter
        assert t[f"ie_{p.ie_strategy}"] in chapter
        council = text.split(t["council_why"], 1)[0]
        assert t[f"quadrant_{p.quadrant}"] in council and format_number(ife, lang, 2) in council


def test_the_word_copy_and_the_workbook_show_the_same_totals(case, written):
    import docx

    model, responses, results = case
    ife, efe = ife_efe_by_hand(model, responses, results.global_factor_weights)
    for lang in ("fa", "en"):
        t = text_for(lang)
        document = docx.Document(str(written[lang]["docx"]))
        headings = [par.text for par in document.paragraphs if par.style.name.startswith("Heading")]
        assert t["position"] in headings and t["ie_matrix"] in headings
        cells = " ".join(c.text for table in document.tables for row in table.rows for c in row.cells)
        assert t["total_weighted"] in cells
        assert format_number(ife, lang, 3) in cells and format_number(efe, lang, 3) in cells
        book = openpyxl.load_workbook(written[lang]["xlsx"])
        ws = book.worksheets[-1]
        assert ws.title == ("ارزیابی عوامل و موقعیت" if lang == "fa" else "IFE EFE and position")
        totals = {row[0]: row[6] for row in ws.iter_rows(values_only=True) if row and row[0]}
        assert len([r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] in model.factor_ids]) == 31
        ife_label = "جمع امتیاز وزنی عوامل داخلی" if lang == "fa" else "IFE total weighted score"
        efe_label = "جمع امتیاز وزنی عوامل خارجی" if lang == "fa" else "EFE total weighted score"
        assert totals[ife_label] == pytest.approx(ife, abs=1e-12) and totals[efe_label] == pytest.approx(efe, abs=1e-12)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_model_without_the_ratings_says_so(lang):
    model = criteria.load_library_model("generic-swot")
    assert not model.position_ratings
    panel = surveys.synthetic_panel(model, 3, seed=1)
    results = analyze(model, panel.responses)
    assert results.position is None
    t = text_for(lang)
    chapter = build_position(results, lang, Settings("t", "", dt.date(2026, 1, 1), charts=False))
    assert chapter["absent"] == t["position_absent"]
    context = build_context(results, lang, charts_enabled=False)
    assert context["position"]["absent"] == t["position_absent"]
    assert context["council"]["position"] == ""
