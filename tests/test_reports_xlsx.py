"""The Excel export: every number behind the report, re-readable (to 14 significant digits), injection-safe."""

from __future__ import annotations

import openpyxl
import pytest

import criteria
from _panel import make_panel
from analysis.pipeline import AnalysisOptions, analyze
from reports.xlsx import SHEETS, safe_cell_text, write_xlsx


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
    assert first[0] == results.sets[0].id and first[3] == pytest.approx(results.sets[0].cr[0], rel=1e-14, abs=1e-15)
    summary = dict(wb["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["aggregation"] == "aij" and summary["model hash"] == results.model_hash
    assert summary["experts excluded"] == ", ".join(results.excluded_expert_ids)
    aggregated = [r for r in wb["Expert weights"].iter_rows(min_row=2, values_only=True) if r[1] == "(aggregated)"]
    assert sum(len(s.items) for s in results.sets) == len(aggregated)


def test_persian_workbook_is_right_to_left(results, tmp_path):
    wb = openpyxl.load_workbook(write_xlsx(results, tmp_path / "fa.xlsx", lang="fa"))
    assert wb["Strategies"].sheet_view.rightToLeft
    labels = [r[2] for r in wb["Strategies"].iter_rows(min_row=2, values_only=True)]
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in label) for label in labels)
