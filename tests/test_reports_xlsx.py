"""The Excel export: every number behind the report, re-readable (to 14 significant digits), formatted, named, injection-safe; Persian in Persian."""

from __future__ import annotations

import re

import openpyxl
import pytest
from _panel import make_panel

import criteria
import mcda
from analysis.pipeline import AnalysisOptions, analyze
from reports.xlsx import SHEETS, safe_cell_text, sheet_names, write_xlsx


@pytest.fixture(scope="module")
def results():
    model = criteria.load_library_model("tehran-city-diplomacy")
    return analyze(model, make_panel(model, 4, seed=12, wild=(0,)), AnalysisOptions(exclude_inconsistent=True))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=1+1", "'=1+1"),
        ("+98 21", "'+98 21"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain", "plain"),
        (0.5, 0.5),
    ],
)
def test_formula_triggers_are_neutralised(text, expected):
    assert safe_cell_text(text) == expected


def test_workbook_rereads_to_the_same_numbers(results, tmp_path):
    path = write_xlsx(results, tmp_path / "results.xlsx")
    wb = openpyxl.load_workbook(path, read_only=True)
    assert tuple(wb.sheetnames) == SHEETS
    rows = list(wb["Strategies"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3]) for r in rows] == [(s, pytest.approx(v, rel=1e-14)) for s, v in results.ranking()]
    factors = {r[0]: r[4] for r in wb["Global factor weights"].iter_rows(min_row=2, values_only=True)}
    for k, f in enumerate(results.factor_ids):
        assert factors[f] == pytest.approx(results.global_factor_weights[k], rel=1e-14)
    groups = {r[0]: r[2] for r in wb["Groups"].iter_rows(min_row=2, values_only=True)}
    assert groups == {g: pytest.approx(results.group_weights[k], rel=1e-14) for k, g in enumerate(results.group_ids)}
    consistency = list(wb["Consistency"].iter_rows(min_row=2, values_only=True))
    assert len(consistency) == len(results.sets) * len(results.experts)
    first = consistency[0]
    assert first[-1] == results.sets[0].id and first[3] == pytest.approx(results.sets[0].cr[0], rel=1e-14, abs=1e-15)
    summary = {r[0]: r[1:] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    # options named through the registry, their codes beside them
    assert summary["Aggregation of the experts"] == (mcda.AGGREGATIONS["aij"].label("en"), "aij")
    assert summary["model hash"][0] == results.model_hash
    assert summary["experts excluded"][0] == ", ".join(results.excluded_expert_ids)
    aggregated = [r for r in wb["Expert weights"].iter_rows(min_row=2, values_only=True) if r[1] == "(aggregated)"]
    assert sum(len(s.items) for s in results.sets) == len(aggregated)


def test_english_workbook_shows_numbers_rounded_and_names_beside_ids(results, tmp_path):
    wb = openpyxl.load_workbook(write_xlsx(results, tmp_path / "en.xlsx"))
    first = wb["Strategies"]["A2":"E2"][0]
    sid = first[1].value
    assert first[2].value == results.model_obj.strategies[[s.id for s in results.model_obj.strategies].index(sid)].short_en
    assert isinstance(first[3].value, float) and first[3].number_format == "0.000"
    assert wb["Consistency"]["G2"].value in ("yes", "no")


def _model_names(results):
    model = results.model_obj
    return {x.short_fa or x.label_fa for x in (*model.factors, *model.strategies)} | {x.label_fa for x in model.groups}


def test_persian_workbook(results, tmp_path):
    """Persian sheet names and headers, right to left, numbers as formatted numbers, names beside ids."""
    wb = openpyxl.load_workbook(write_xlsx(results, tmp_path / "fa.xlsx", lang="fa"))
    persian = re.compile("[\u0600-\u06ff]")
    model_names = _model_names(results)
    assert tuple(wb.sheetnames) == sheet_names("fa") and all(persian.search(n) for n in wb.sheetnames)
    for ws in wb.worksheets:
        assert ws.sheet_view.rightToLeft, ws.title
        for cell in ws[1]:
            if cell.value is not None:
                assert persian.search(str(cell.value)), (ws.title, cell.value)
                if cell.value not in model_names:  # the model's own names may hold an acronym such as UCLG
                    assert not re.search("[A-Za-z0-9]", str(cell.value)), (ws.title, cell.value)  # no Latin word or digit
    strategies = wb["راهبردها"]
    assert [c.value for c in strategies[1]][:4] == ["رتبه", "شناسهٔ راهبرد", "نام", "امتیاز"]
    rank, sid, name, score, label = (c for c in strategies[2][:5])
    assert isinstance(score.value, float) and score.number_format == "0.000"
    assert score.value == pytest.approx(dict(results.ranking())[sid.value], rel=1e-14)
    assert persian.search(name.value) and persian.search(label.value) and rank.value == 1
    summary = {r[0]: r[1] for r in wb["خلاصه"].iter_rows(min_row=2, values_only=True)}
    assert summary[mcda.AGGREGATIONS.title_fa] == mcda.AGGREGATIONS["aij"].label("fa")
    assert summary[mcda.PRIORITY_METHODS.title_fa] == mcda.PRIORITY_METHODS[results.options["method"]].label("fa")
    assert summary["کنارگذاشتن خبرگان ناسازگار"] == "بله"


def test_persian_workbook_with_robustness_formats_probabilities(tmp_path):
    model = criteria.load_library_model("tehran-city-diplomacy")
    results = analyze(model, make_panel(model, 3, seed=5), AnalysisOptions(robustness_draws=40, robustness_seed=1))
    wb = openpyxl.load_workbook(write_xlsx(results, tmp_path / "rob.xlsx", lang="fa"))
    assert tuple(wb.sheetnames) == sheet_names("fa", robustness=True)
    ws = wb["احتمال رتبه‌ها"]
    p_first = ws["C2"]
    assert isinstance(p_first.value, float) and p_first.number_format == "0.0%"
    latin = [c.value for sheet in wb.worksheets for c in sheet[1]
             if c.value and c.value not in _model_names(results) and re.search("[A-Za-z0-9]", str(c.value))]
    assert latin == []


def test_user_text_is_neutralised_in_persian_too(results, tmp_path):
    import dataclasses

    hostile = dataclasses.replace(results, notes=("=HYPERLINK(\"http://x\")",))
    wb = openpyxl.load_workbook(write_xlsx(hostile, tmp_path / "h.xlsx", lang="fa"))
    notes = [r[1] for r in wb["خلاصه"].iter_rows(min_row=2, values_only=True) if r[0] == "یادداشت"]
    assert notes == ["'=HYPERLINK(\"http://x\")"]
