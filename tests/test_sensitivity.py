"""Sensitivity: one-way sweeps with exact crossings, reversal thresholds, Monte Carlo acceptability.

Known answers are computed by hand from the linear score model
s_a(t) = t·C_a + (1 − t)·R_a (Triantaphyllou & Sánchez 1997).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import criteria
import mcda
from analysis.pipeline import AnalysisOptions, analyze
from tests._panel import make_panel

# ---- two strategies, two criteria: hand-computable crossing -------------------------------------------
# A: 0.8 on c1, 0.3 on c2; B: 0.2 on c1, 0.6 on c2.  Weight t on c1:
# s_A = 0.3 + 0.5t, s_B = 0.6 − 0.4t → equal at t = 1/3 (score 0.4666…).
C = np.array([[0.8, 0.2], [0.3, 0.6]])


def test_two_strategy_crossing_is_exact():
    s = mcda.weight_sweep([0.5, 0.5], C, item_ids=["c1", "c2"], strategy_ids=["A", "B"])
    c1 = [c for c in s.crossings if c.item == "c1"]
    assert len(c1) == 1
    assert c1[0].weight == pytest.approx(1 / 3, abs=1e-15)
    assert c1[0].score == pytest.approx(0.3 + 0.5 / 3, abs=1e-15)
    assert (c1[0].above_before, c1[0].above_after) == ("B", "A")
    assert c1[0].changes_top
    # by symmetry the c2 weight crosses at 1 − 1/3
    c2 = [c for c in s.crossings if c.item == "c2"]
    assert c2[0].weight == pytest.approx(2 / 3, abs=1e-15)
    assert (c2[0].above_before, c2[0].above_after) == ("A", "B")


def test_reversal_thresholds_absolute_and_relative():
    s = mcda.weight_sweep([0.5, 0.5], C, item_ids=["c1", "c2"], strategy_ids=["A", "B"])
    absolute, relative = s.reversal_thresholds()
    # A leads at the base (0.55 vs 0.40); lowering c1 from 0.5 to 1/3 reverses them
    assert absolute[0, 0, 1] == pytest.approx(1 / 3 - 0.5)
    assert relative[0, 0, 1] == pytest.approx((1 / 3 - 0.5) / 0.5)
    assert absolute[1, 0, 1] == pytest.approx(2 / 3 - 0.5)
    frame = s.thresholds_frame()
    assert list(frame["better"]) == ["A", "A"] and list(frame["worse"]) == ["B", "B"]
    np.testing.assert_allclose(s.top_thresholds(), [[1 / 3, np.nan], [np.nan, 2 / 3]])


def test_sweep_lines_reproduce_the_scores_with_renormalised_weights():
    rng = np.random.default_rng(4)
    w = rng.dirichlet(np.ones(5))
    contributions = rng.random((5, 6))
    s = mcda.weight_sweep(w, contributions)
    for k in range(5):
        for t in (0.0, 0.13, 0.5, 0.97, 1.0):
            w_t = w * (1 - t) / (1 - w[k])
            w_t[k] = t
            np.testing.assert_allclose(s.scores_at(k, t)[0], w_t @ contributions, atol=1e-12)
    np.testing.assert_allclose(s.scores_at(0, w[0])[0], s.base_scores, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_every_crossing_is_a_tie_and_the_top_only_changes_at_flagged_crossings(seed):
    rng = np.random.default_rng(seed)
    K, S = rng.integers(2, 6), rng.integers(2, 6)
    w = rng.dirichlet(np.ones(K))
    contributions = rng.random((K, S))
    s = mcda.weight_sweep(w, contributions)
    for c in s.crossings:
        k = s.item_ids.index(c.item)
        scores = s.scores_at(k, c.weight)[0]
        a, b = s.strategy_ids.index(c.above_before), s.strategy_ids.index(c.above_after)
        assert scores[a] == pytest.approx(scores[b], abs=1e-9)
        below, above = s.scores_at(k, [max(c.weight - 1e-7, 0), min(c.weight + 1e-7, 1)])
        assert below[a] >= below[b] - 1e-12 and above[b] >= above[a] - 1e-12
    # a fine grid sees the top change only between flagged crossings
    grid = np.linspace(0, 1, 2001)
    for k, item in enumerate(s.item_ids):
        top = np.argmax(s.scores_at(k, grid), axis=1)
        changes = grid[1:][top[1:] != top[:-1]]
        flagged = [c.weight for c in s.top_changes if c.item == item]
        for t in changes:
            assert any(abs(t - f) <= 1e-3 for f in flagged), (t, flagged)


def test_group_sweep_by_hand_and_with_inner_dependence():
    # two groups, one factor each: the group sweep equals the factor sweep
    s = mcda.group_weight_sweep([0.6, 0.4], [1.0, 1.0], [[0.8, 0.3], [0.2, 0.7]], [0, 1], group_ids=["S", "T"],
                                strategy_ids=["P1", "P2"], mode="raw")
    # P1 = 0.3 + 0.5 w_S, P2 = 0.7 − 0.5 w_S → tie at w_S = 0.4
    assert [(c.item, round(c.weight, 12)) for c in s.top_changes] == [("S", 0.4), ("T", 0.6)]
    W2 = mcda.inner_dependence_matrix(["S", "T"], {"S": (("S", "T"), (0.5, 0.5))})
    anp = mcda.group_weight_sweep([0.8, 0.2], [1.0, 1.0], [[0.9, 0.1], [0.1, 0.9]], [0, 1], inner_dependence=W2,
                                  group_ids=["S", "T"], mode="raw")
    r = mcda.synthesize([0.8, 0.2], [1.0, 1.0], [[0.9, 0.1], [0.1, 0.9]], [0, 1], mode="raw", inner_dependence=W2)
    np.testing.assert_allclose(anp.base_scores, r.strategy_scores)


def test_factor_sweep_matches_synthesis_at_base():
    model = criteria.load_library_model("tehran-city-diplomacy")
    results = analyze(model, make_panel(model, 6, seed=2))
    groups = [model.group_ids.index(f.group) for f in model.factors]
    mode = results.options["synthesis"]
    f = mcda.factor_weight_sweep(results.global_factor_weights, results.strategy_local_scores, mode,
                                 factor_ids=model.factor_ids, strategy_ids=model.strategy_ids)
    g = mcda.group_weight_sweep(results.group_weights, results.local_factor_weights, results.strategy_local_scores,
                                groups, mode, group_ids=model.group_ids, strategy_ids=model.strategy_ids)
    np.testing.assert_allclose(f.base_scores, results.strategy_scores, atol=1e-12)
    np.testing.assert_allclose(g.base_scores, results.strategy_scores, atol=1e-12)
    assert set(g.to_frame().columns) >= {"item", "weight", "change", "relative_change", "changes_top"}
    assert g.to_dict()["level"] == "groups"


def test_sweep_rejects_weights_not_summing_to_one():
    with pytest.raises(mcda.MatrixError, match="sum to 1"):
        mcda.weight_sweep([0.5, 0.6], C)


# ---- Monte Carlo ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tehran():
    model = criteria.load_library_model("tehran-city-diplomacy")
    responses = make_panel(model, 8, seed=5)
    results = analyze(model, responses)
    groups = [model.group_ids.index(f.group) for f in model.factors]
    kwargs = dict(group_ids=model.group_ids, ratings=responses.ratings, expert_weights=responses.expert_weights,
                  strategy_ids=model.strategy_ids, mode=results.options["synthesis"])
    return model, responses, results, groups, kwargs


def test_zero_noise_gives_the_deterministic_ranking_with_probability_one(tehran):
    model, responses, results, groups, kwargs = tehran
    mc = mcda.monte_carlo(responses.judgments, groups, draws=300, seed=1, **kwargs)
    np.testing.assert_allclose(mc.scores, np.broadcast_to(results.strategy_scores, mc.scores.shape), atol=1e-12)
    for a, rank in enumerate(results.ranks):
        assert mc.rank_acceptability[a, rank - 1] == 1.0
    assert mc.p_first[int(np.argmin(results.ranks))] == 1.0
    np.testing.assert_allclose(mc.group_weight_mean, results.group_weights, atol=1e-12)
    np.testing.assert_allclose(mc.factor_weight_mean, results.global_factor_weights, atol=1e-12)


def test_zero_noise_aip_matches_the_pipeline(tehran):
    model, responses, _, groups, kwargs = tehran
    results = analyze(model, responses, AnalysisOptions(aggregation="aip"))
    mc = mcda.monte_carlo(responses.judgments, groups, draws=50, aggregation="aip", **kwargs)
    np.testing.assert_allclose(mc.score_mean, results.strategy_scores, atol=1e-12)


def test_pairwise_model_monte_carlo_matches_the_pipeline():
    model = criteria.load_library_model("generic-swot")
    responses = make_panel(model, 5, seed=3)
    results = analyze(model, responses)
    groups = [model.group_ids.index(f.group) for f in model.factors]
    kwargs = dict(group_ids=model.group_ids, strategy_ids=model.strategy_ids, mode=results.options["synthesis"])
    if model.evaluation == "ratings":
        kwargs["ratings"] = responses.ratings
    else:
        kwargs["factor_ids"] = model.factor_ids
    mc = mcda.monte_carlo(responses.judgments, groups, draws=20, **kwargs)
    np.testing.assert_allclose(mc.score_mean, results.strategy_scores, atol=1e-10)


def test_monte_carlo_is_seedable_and_noise_spreads_the_ranks(tehran):
    _, responses, _, groups, kwargs = tehran
    args = dict(draws=2000, step_probability=0.3, bootstrap=True, log_sd=0.1, rating_values=[1, 0.6, 0.3, 0.15, 0.05],
                rating_step_probability=0.2)
    a = mcda.monte_carlo(responses.judgments, groups, seed=7, **args, **kwargs)
    b = mcda.monte_carlo(responses.judgments, groups, seed=7, **args, **kwargs)
    c = mcda.monte_carlo(responses.judgments, groups, seed=8, **args, **kwargs)
    np.testing.assert_array_equal(a.scores, b.scores)
    assert not np.array_equal(a.scores, c.scores)
    np.testing.assert_allclose(a.rank_acceptability.sum(axis=1), 1.0)
    assert a.p_top_k.sum() == pytest.approx(a.top_k, abs=0.05)  # ties are rare under noise
    assert np.all(a.score_low <= a.score_mean) and np.all(a.score_mean <= a.score_high)
    assert np.all((a.p_beats + a.p_beats.T) <= 1 + 1e-12)
    assert a.to_frame().shape[0] == len(kwargs["strategy_ids"])
    assert a.to_dict()["settings"]["seed"] == 7


def test_monte_carlo_scale_steps_stay_on_the_scale():
    from mcda.montecarlo import _perturb_logs, _prepare_set

    stack = np.array([[[1, 9, 1 / 9], [1 / 9, 1, 2], [9, 1 / 2, 1]]], dtype=float)
    s = _prepare_set("x", stack, 1, np.ones(1))
    logs = _perturb_logs(s, 500, np.random.default_rng(0), 1.0, 2, 0.0)
    values = np.exp(logs)
    assert np.all(values <= 9 + 1e-9) and np.all(values >= 1 / 9 - 1e-9)
    np.testing.assert_allclose(mcda.nearest_scale_value(values), values)
    # pair (0, 2) = 1/9 can only move up (or stay at the end of the scale); pair (1, 2) = 2 moves to 1/2 … 4
    assert set(np.round(values[:, 0, 1], 6)) == {round(v, 6) for v in (1 / 9, 1 / 8, 1 / 7)}
    assert set(np.round(values[:, 0, 2], 6)) == {0.5, 1.0, 3.0, 4.0}


def test_monte_carlo_names_bad_input(tehran):
    _, responses, _, groups, kwargs = tehran
    with pytest.raises(mcda.ArgumentError, match="step_probability"):
        mcda.monte_carlo(responses.judgments, groups, step_probability=1.5, **kwargs)
    judgments = {k: v for k, v in responses.judgments.items() if k != "factors:O"}
    with pytest.raises(mcda.MatrixError, match="factors:O"):
        mcda.monte_carlo(judgments, groups, **kwargs)
    with pytest.raises(mcda.ArgumentError, match="rating_values"):
        mcda.monte_carlo(responses.judgments, groups, rating_step_probability=0.1, **kwargs)


def test_perturbation_spec_gives_the_same_draws_as_the_old_keywords(tehran):
    _, responses, _, groups, kwargs = tehran
    old = dict(step_probability=0.3, max_step=2, bootstrap=True, log_sd=0.1,
               rating_values=[1, 0.6, 0.3, 0.15, 0.05], rating_step_probability=0.2)
    a = mcda.monte_carlo(responses.judgments, groups, draws=700, seed=3, **old, **kwargs)
    spec = mcda.Perturbation(**old)
    b = mcda.monte_carlo(responses.judgments, groups, draws=700, seed=3, perturbation=spec, **kwargs)
    np.testing.assert_array_equal(a.scores, b.scores)
    assert a.settings == b.settings and b.settings["max_step"] == 2
    assert spec.rating_values == (0.05, 0.15, 0.3, 0.6, 1.0)  # kept sorted, as the draws use them
    with pytest.raises(mcda.ArgumentError, match="either as `perturbation=Perturbation"):
        mcda.monte_carlo(responses.judgments, groups, draws=10, perturbation=spec, bootstrap=False, **kwargs)


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"step_probability": 1.5}, r"`step_probability` must be a probability from 0 to 1 \(got 1.5\): the chance"),
        ({"step_probability": "0.2"}, "`step_probability` must be a probability"),
        ({"max_step": 0}, "`max_step` must be an integer from 1 to 16"),
        ({"max_step": 1.5}, "`max_step` must be an integer"),
        ({"log_sd": -0.1}, r"`log_sd` must be a number ≥ 0 .*standard deviation"),
        ({"bootstrap": "yes"}, "`bootstrap` must be True or False"),
        ({"rating_step_probability": 0.1}, "needs `rating_values`"),
        ({"rating_values": [1]}, "`rating_values` must be two or more distinct"),
    ],
)
def test_perturbation_is_checked_once_with_messages_that_teach(bad, message):
    with pytest.raises(mcda.ArgumentError, match=message):
        mcda.Perturbation(**bad)


def test_monte_carlo_results_and_sweeps_are_read_only_and_round_trip(tehran):
    _, responses, results, groups, kwargs = tehran
    mc = mcda.monte_carlo(responses.judgments, groups, draws=200, seed=2,
                          perturbation=mcda.Perturbation(step_probability=0.2, bootstrap=True), **kwargs)
    for name in ("scores", "p_first", "rank_acceptability", "p_beats", "group_weight_mean"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(mc, name).flat[0] = 1.0
    back = mcda.MonteCarloResult.from_dict(mc.to_dict())
    assert back.to_dict() == mc.to_dict()
    np.testing.assert_array_equal(back.p_first, mc.p_first)
    sweep = mcda.factor_weight_sweep(results.global_factor_weights, results.strategy_local_scores, "raw")
    with pytest.raises(ValueError, match="read-only"):
        sweep.at_one[0, 0] = 1.0


def test_sensitivity_module_still_gathers_the_old_names():
    import mcda.montecarlo
    import mcda.sensitivity
    import mcda.sweeps

    for name in ("CrossingPoint", "WeightSweep", "weight_sweep", "group_weight_sweep", "factor_weight_sweep",
                 "MonteCarloResult", "monte_carlo"):
        assert getattr(mcda.sensitivity, name) is getattr(mcda, name)
    assert set(mcda.sensitivity.__all__) == set(mcda.sweeps.__all__) | set(mcda.montecarlo.__all__)
