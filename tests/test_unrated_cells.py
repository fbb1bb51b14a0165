"""Unrated strategy × factor cells are left out of a strategy's score (issue 15, item 5).

A cell no (kept) expert rated used to score 0 — the worst rating — and so
pulled its strategy down.  Now it is left out and the strategy's score is
renormalised over the factors it was rated on:
``s_a = Σ_{f rated} g_f x_af / Σ_{f rated} g_f``.  The ranking chapter and the
results workbook count the unrated cells per strategy.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import openpyxl
import pytest

import criteria
import mcda
import surveys
from analysis import AnalysisOptions, analyze
from reports.chapters import ranking
from reports.chapters.base import Settings
from reports.chapters.council import contributions
from reports.xlsx import write_xlsx
from reports.xlsx_strings import xlsx_text_for
from surveys.reader import MAP_SHEET


_SETTINGS = Settings(title="", client="", when=date(2026, 1, 1), charts=False)


# ------------------------------------------------------------------ the numbers
def test_a_cell_left_unrated_is_left_out_and_the_score_renormalised_by_hand():
    # Two factors of weights 0.7 and 0.3; strategy A is rated 0.6 on the first only.
    # Hand computation: A = 0.7·0.6 / 0.7 = 0.6 (it was 0.42 when the gap scored 0); B = 0.7·0.3 + 0.3·1.0 = 0.51.
    r = mcda.synthesize([0.7, 0.3], [1.0, 1.0], [[0.6, np.nan], [0.3, 1.0]], [0, 1], mode="raw")
    assert r.strategy_scores.tolist() == pytest.approx([0.6, 0.51])
    assert r.ranks.tolist() == [1, 2]
    assert r.unrated_cells.tolist() == [1, 0]
    assert np.isnan(r.local_strategy_scores[0, 1])


def test_complete_scores_are_exactly_the_plain_composition():
    rng = np.random.default_rng(3)
    x = rng.uniform(0.05, 1, size=(4, 5))
    r = mcda.synthesize([0.5, 0.5], [0.4, 0.6, 0.2, 0.3, 0.5], x, [0, 0, 1, 1, 1], mode="raw")
    assert r.unrated_cells is None
    assert np.array_equal(r.strategy_scores, np.einsum("f,sf->s", r.global_factor_weights, x))


@pytest.mark.parametrize("mode", ["distributive", "ideal"])
def test_normalised_modes_use_the_rated_cells_of_each_column(mode):
    x = np.array([[0.6, np.nan], [0.3, 1.0], [0.1, 0.5]])
    r = mcda.synthesize([0.7, 0.3], [1.0, 1.0], x, [0, 1], mode=mode)
    column = x[:, 1][1:]
    expected = column / (column.sum() if mode == "distributive" else column.max())
    assert r.local_strategy_scores[1:, 1] == pytest.approx(expected)
    # strategy 0 is scored on factor 0 alone
    assert r.strategy_scores[0] == pytest.approx(r.local_strategy_scores[0, 0])


def test_batches_and_the_fill_give_the_same_scores():
    x = np.array([[[0.6, np.nan, 0.3], [0.3, 1.0, np.nan]], [[0.6, 0.15, 0.3], [np.nan, 1.0, 0.05]]])
    w = np.array([[0.5, 0.5], [0.2, 0.8]])
    batch = mcda.synthesize(w, [1.0, 0.4, 0.6], x, [0, 1, 1], mode="raw")
    for d in range(2):
        one = mcda.synthesize(w[d], [1.0, 0.4, 0.6], x[d], [0, 1, 1], mode="raw")
        assert np.array_equal(one.strategy_scores, batch.strategy_scores[d])
        filled = mcda.fill_unrated(one.local_strategy_scores, one.global_factor_weights)
        assert not np.isnan(filled).any()
        assert np.einsum("f,sf->s", one.global_factor_weights, filled) == pytest.approx(one.strategy_scores)


def test_negative_or_infinite_scores_are_still_refused_beside_a_gap():
    with pytest.raises(mcda.MatrixError, match="non-negative"):
        mcda.synthesize([0.5, 0.5], [1.0, 1.0], [[-0.2, np.nan], [0.3, 1.0]], [0, 1], mode="raw")


# ------------------------------------------------------------------ a panel that leaves cells blank
def _blank(path, cells: set[tuple[str, str]]) -> None:
    """Empty the rating cells of ``(strategy, factor)`` pairs in a filled questionnaire, as an expert would."""
    wb = openpyxl.load_workbook(path)
    for kind, sheet, cell, _cell2, _set, a, b in list(wb[MAP_SHEET].iter_rows(values_only=True))[1:]:
        if kind == "rating" and (a, b) in cells:
            wb[sheet][cell].value = None
    wb.save(path)


@pytest.fixture(scope="module")
def blank_panel(tmp_path_factory):
    """Three experts of the generic SWOT model; expert 1 leaves two cells blank, which nobody else rated either
    in one case (experts 2 and 3 blank it too) and which the others did rate in the other."""
    model = criteria.load_library_model("generic-swot")
    out = tmp_path_factory.mktemp("answers")
    panel = surveys.synthetic_panel(model, 3, seed=11, inconsistent_share=0.0, out_dir=out, lang="en")
    s0, s1 = model.strategies[0].id, model.strategies[1].id
    f0, f1 = model.factors[0].id, model.factors[3].id
    paths = sorted(panel.paths)
    _blank(paths[0], {(s0, f0), (s1, f1)})
    for path in paths[1:]:
        _blank(path, {(s0, f0)})
    responses = surveys.read_responses(model, paths)
    full = surveys.read_responses(model, sorted(surveys.synthetic_panel(
        model, 3, seed=11, inconsistent_share=0.0, out_dir=tmp_path_factory.mktemp("full"), lang="en").paths))
    return model, responses, full


def test_the_pipeline_leaves_the_cell_nobody_rated_out_of_its_strategy(blank_panel):
    model, responses, full = blank_panel
    s0, f0 = 0, 0
    assert np.isnan(responses.ratings[:, s0, f0]).all()
    results = analyze(model, responses)
    assert results.unrated_cells.tolist() == [1] + [0] * (len(model.strategies) - 1)
    x = np.asarray(results.strategy_local_scores)
    assert np.isnan(x[s0, f0]) and np.isfinite(np.delete(x.ravel(), s0 * x.shape[1] + f0)).all()
    g = results.global_factor_weights
    rated = np.arange(len(g)) != f0
    assert results.strategy_scores[s0] == pytest.approx((g[rated] * x[s0, rated]).sum() / g[rated].sum())
    assert any("left out" in note and "renormalised" in note for note in results.notes)
    # the cell only expert 1 left blank is the mean of the two who rated it: not a gap
    assert np.isfinite(x[1, 3]) and np.isnan(responses.ratings[0, 1, 3])
    # a complete panel has no gap, the strategies' scores are the plain composition
    complete = analyze(model, full)
    assert complete.unrated_cells.sum() == 0
    assert complete.strategy_scores == pytest.approx(complete.strategy_local_scores @ complete.global_factor_weights)


def test_the_report_and_workbook_count_the_unrated_cells(blank_panel, tmp_path):
    model, responses, _full = blank_panel
    results = analyze(model, responses, AnalysisOptions(robustness_draws=200))
    for lang in ("en", "fa"):
        chapter = ranking.build(results, lang, _SETTINGS)
        assert chapter["unrated"]
        by_id = {row["id"]: row["unrated"] for row in chapter["rows"]}
        assert by_id[model.strategies[0].id] == ("1" if lang == "en" else "۱")
        if lang == "fa":
            assert not any(c.isascii() and c.isalnum() for c in chapter["unrated_note"]), chapter["unrated_note"]
        path = write_xlsx(results, tmp_path / f"results-{lang}.xlsx", lang=lang)
        wb = openpyxl.load_workbook(path)
        t = xlsx_text_for(lang)
        rows = list(wb[t["sheet_strategies"]].iter_rows(values_only=True))
        column = rows[0].index(t["unrated_cells"])
        counts = {row[1]: row[column] for row in rows[1:] if row[1]}
        assert counts[model.strategies[0].id] == 1 and counts[model.strategies[1].id] == 0
        local = list(wb[t["sheet_local_scores"]].iter_rows(values_only=True))
        assert local[1][2] is None  # the unrated cell stays empty, not 0
    # the council's contributions still sum to the (renormalised) scores
    assert contributions(results).sum(axis=1) == pytest.approx(results.strategy_scores)
    # sweeps and the other methods see the same scores at the analysis' weights
    rob = results.robustness
    assert rob is not None and rob.monte_carlo is not None
    at_base = rob.group_sweep.scores_at(0, results.group_weights[0])[0]
    assert at_base == pytest.approx(results.strategy_scores, rel=1e-9)
    assert math.isfinite(rob.monte_carlo.rank_acceptability.sum())


def test_a_strategy_no_one_rated_at_all_is_an_error_naming_it(blank_panel):
    model, responses, _full = blank_panel
    import dataclasses

    ratings = np.array(responses.ratings)
    ratings[:, 2, :] = np.nan
    with pytest.raises(mcda.QuestionnaireError) as error:
        analyze(model, dataclasses.replace(responses, ratings=ratings))
    assert any(p.cell == model.strategies[2].id for p in error.value.problems)


def test_a_complete_ranking_chapter_has_no_unrated_column(blank_panel):
    model, _responses, full = blank_panel
    chapter = ranking.build(analyze(model, full), "fa", _SETTINGS)
    assert not chapter["unrated"] and chapter["unrated_note"] == ""
