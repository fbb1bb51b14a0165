"""The robustness check inside an analysis: computed with the responses, saved in
results.json, printed by the main report (executive summary and its own chapter)
and exported to the workbook — and left out cleanly when it was not run."""

from __future__ import annotations

import re

import numpy as np
import openpyxl
import pytest

import criteria
from _panel import make_panel
from analysis.pipeline import AnalysisOptions, analyze
from analysis.results import Results, Robustness
from reports import ReportOptions, render_html, write_xlsx
from reports.context import build_context
from reports.formatting import format_percent
from reports.robustness import robustness_lines
from reports.xlsx import ROBUSTNESS_SHEETS, SHEETS


@pytest.fixture(scope="module")
def panel():
    model = criteria.load_library_model("tehran-city-diplomacy")
    return model, make_panel(model, 6, seed=5)


@pytest.fixture(scope="module")
def results(panel):
    model, responses = panel
    return analyze(model, responses, AnalysisOptions(robustness_draws=300, robustness_seed=4))


def test_the_analysis_records_and_reproduces_its_monte_carlo(panel, results):
    model, responses = panel
    rob = results.robustness
    assert isinstance(rob, Robustness)
    assert results.options["robustness_draws"] == 300 and results.options["robustness_seed"] == 4
    assert rob.monte_carlo.draws == 300 and rob.monte_carlo.settings["seed"] == 4
    assert rob.monte_carlo.p_first.sum() == pytest.approx(1.0)
    again = analyze(model, responses, AnalysisOptions(robustness_draws=300, robustness_seed=4))
    np.testing.assert_array_equal(again.robustness.monte_carlo.rank_acceptability, rob.monte_carlo.rank_acceptability)
    np.testing.assert_allclose(rob.group_sweep.base_scores, results.strategy_scores, atol=1e-12)


def test_no_draws_means_no_robustness(panel):
    model, responses = panel
    assert analyze(model, responses).robustness is None
    with pytest.raises(ValueError, match="robustness_draws"):
        AnalysisOptions(robustness_draws=-1)


def test_results_json_round_trip_keeps_the_robustness(results, tmp_path):
    back = Results.load(results.save(tmp_path / "results.json"))
    assert back == results
    assert back.to_json() == results.to_json()
    a, b = results.robustness, back.robustness
    for name in ("rank_acceptability", "p_first", "p_top_k", "score_low", "score_high"):
        np.testing.assert_array_equal(getattr(b.monte_carlo, name), getattr(a.monte_carlo, name))
    # crossings are solved again from the saved sweep lines: the same points, every one of them
    assert b.group_sweep.crossings == a.group_sweep.crossings
    assert b.factor_sweep.crossings == a.factor_sweep.crossings
    np.testing.assert_array_equal(b.methods.ranks, a.methods.ranks)
    assert b.methods.top == a.methods.top


def test_the_report_prints_rank_acceptability_crossings_and_methods(results):
    mc = results.robustness.monte_carlo
    best = results.ranking()[0][0]
    p = format_percent(mc.p_first[mc.strategy_ids.index(best)], "fa")
    html = render_html(results, ReportOptions(lang="fa"))
    summary = re.search(r'<section class="chapter" id="summary">(.*?)</section>', html, re.S).group(1)
    assert p in summary and best in summary
    chapter = re.search(r'<section class="chapter" id="robustness">(.*)</section>', html, re.S).group(1)
    for a, sid in enumerate(mc.strategy_ids):
        cell = re.search(rf'<td class="id" dir="ltr">{sid}</td><td>[^<]*</td><td class="num"[^>]*>([^<]*)</td>', chapter).group(1)
        assert cell == format_percent(mc.p_first[a], "fa")
    assert "تاپسیس" in chapter and "ویکور" in chapter and "TOPSIS" not in chapter  # the methods by their Persian names
    assert "data:image/svg+xml;base64," in chapter  # the sweep charts


def test_the_summary_names_the_nearest_dethroning_group_weight(results):
    sweep = results.robustness.group_sweep
    nearest = min(sweep.top_changes, key=lambda c: abs(c.change))
    lines = robustness_lines(results.robustness, results, "en")
    assert f"{nearest.change:+.3f}" in lines[0]
    assert f"from {nearest.base_weight:.3f} to {nearest.weight:.3f}" in lines[0]
    assert "other MCDA methods also rank it first" in lines[1]


def test_without_robustness_no_section_and_no_empty_heading(panel):
    model, responses = panel
    plain = analyze(model, responses)
    ctx = build_context(plain, "en", charts_enabled=False)
    assert ctx["robustness"] is None and ctx["robust_lines"] == []
    html = render_html(plain, ReportOptions(lang="en"))
    assert 'id="robustness"' not in html and "Rank acceptability" not in html
    assert "How robust" not in html and "Monte Carlo" not in html
    assert not re.search(r"<h[23]>\s*</h[23]>", html)


def test_the_workbook_has_the_robustness_sheets(results, tmp_path):
    wb = openpyxl.load_workbook(write_xlsx(results, tmp_path / "r.xlsx"), read_only=True)
    assert tuple(wb.sheetnames) == SHEETS + ROBUSTNESS_SHEETS
    mc = results.robustness.monte_carlo
    rows = {r[0]: r for r in wb["Rank acceptability"].iter_rows(min_row=2, values_only=True) if r and r[0]}
    for a, sid in enumerate(mc.strategy_ids):
        assert rows[sid][2] == pytest.approx(mc.p_first[a], rel=1e-14)
        assert list(rows[sid][7:7 + len(mc.strategy_ids)]) == pytest.approx(list(mc.rank_acceptability[a]), rel=1e-14)
    crossings = list(wb["Crossings"].iter_rows(min_row=2, values_only=True))
    rob = results.robustness
    assert len(crossings) == len(rob.group_sweep.crossings) + len(rob.factor_sweep.crossings)
    methods = list(wb["Method ranks"].iter_rows(values_only=True))
    assert list(methods[0][2:]) == list(rob.methods.methods)
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Monte Carlo draws"] == 300 and summary["Monte Carlo seed"] == 4
