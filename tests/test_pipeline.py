"""The analysis pipeline: aggregation choices, exclusion, SWOT-AHP and SWOT-ANP paths."""

from __future__ import annotations

import numpy as np
import pytest

import criteria
import mcda
from _panel import make_panel
from criteria.model import Dependency, Factor, Group, Model, Strategy
from mcda.errors import QuestionnaireError
from analysis.pipeline import AnalysisOptions, analyze


@pytest.fixture(scope="module")
def tehran():
    return criteria.load_library_model("tehran-city-diplomacy")


@pytest.fixture(scope="module")
def panel(tehran):
    return make_panel(tehran, 8, seed=3, wild=(2,))


def small_network_model(evaluation="ratings") -> Model:
    groups = tuple(Group(g, f"{g} group", f"گروه {g}") for g in "SWOT")
    factors = tuple(
        Factor(f"{g}{i}", g, f"{g} factor {i}", f"عامل {g}{i}") for g in "SWOT" for i in (1, 2)
    )
    strategies = tuple(Strategy(f"P{i}", f"Strategy {i}", f"راهبرد {i}") for i in (1, 2, 3))
    return Model(
        id="toy-anp", version="1", title_en="Toy", title_fa="آزمایشی", goal_en="Goal", goal_fa="هدف",
        groups=groups, factors=factors, strategies=strategies, evaluation=evaluation,
        dependencies=(Dependency("T", "O"), Dependency("W", "O"), Dependency("O", "S")),
    )


def test_aij_is_priorities_of_the_aggregated_judgments(tehran, panel):
    res = analyze(tehran, panel)
    stack = panel.judgments["groups"]
    expected = mcda.priorities(mcda.aggregate_judgments(stack), warn=False).weights
    np.testing.assert_allclose(res.set("groups").weights, expected, atol=1e-12)
    np.testing.assert_allclose(res.group_weights, expected, atol=1e-12)
    assert res.options["aggregation"] == "aij"
    assert res.set("groups").matrix is not None


def test_aip_averages_the_individual_priorities(tehran, panel):
    res = analyze(tehran, panel, AnalysisOptions(aggregation="aip"))
    individual = mcda.batch_priorities(panel.judgments["factors:S"], warn=False).weights
    np.testing.assert_allclose(res.set("factors:S").weights, individual.mean(axis=0) / individual.mean(axis=0).sum())
    assert res.set("factors:S").matrix is None and res.set("factors:S").aggregated_cr is None
    aij = analyze(tehran, panel)
    assert not np.allclose(aij.group_weights, res.group_weights)  # the two methods are different numbers
    assert res.options["aggregation"] == "aip"


def test_global_weights_and_scores_follow_the_hierarchy(tehran, panel):
    res = analyze(tehran, panel)
    np.testing.assert_allclose(res.global_factor_weights.sum(), 1.0)
    groups = [f.group for f in tehran.factors]
    for k, g in enumerate(groups):
        gi = tehran.group_ids.index(g)
        assert res.global_factor_weights[k] == pytest.approx(res.group_weights[gi] * res.local_factor_weights[k])
    # ratings: the score is the global-weighted mean rating (raw ideal-scale intensities)
    mean_ratings = np.nanmean(panel.ratings, axis=0)
    np.testing.assert_allclose(res.strategy_local_scores, mean_ratings)
    np.testing.assert_allclose(res.strategy_scores, mean_ratings @ res.global_factor_weights)
    assert sorted(res.ranks.tolist()) == list(range(1, len(tehran.strategies) + 1))
    best = res.ranking()[0]
    assert best[1] == pytest.approx(res.strategy_scores.max())


def test_inconsistent_expert_is_flagged_and_kept_by_default(tehran, panel):
    res = analyze(tehran, panel)
    assert res.excluded_expert_ids == ()
    flagged = [k for k in range(panel.n_experts) if not all(s.consistent[k] for s in res.sets)]
    assert 2 in flagged
    assert res.options["exclude_inconsistent"] is False


def test_exclusion_of_inconsistent_experts_is_recorded(tehran, panel):
    res = analyze(tehran, panel, AnalysisOptions(exclude_inconsistent=True))
    assert "E03" in res.excluded_expert_ids
    expert = next(e for e in res.experts if e.id == "E03")
    # the reason is a message key, worded by each page and report in its own language
    assert expert.excluded and expert.exclusion_reason == "inconsistent"
    assert all(e.exclusion_reason == "" for e in res.experts if not e.excluded)
    assert res.options["exclude_inconsistent"] is True
    # the aggregate is exactly the analysis of the retained experts
    kept = analyze(tehran, panel.subset(res.retained_expert_ids))
    np.testing.assert_allclose(res.group_weights, kept.group_weights)
    np.testing.assert_allclose(res.strategy_scores, kept.strategy_scores)
    # excluded experts' own numbers stay in the results (the report shows why)
    assert res.set("groups").cr.shape == (panel.n_experts,)


def test_excluding_everyone_is_an_error_that_says_what_to_do(tehran):
    wild = make_panel(tehran, 3, seed=5, wild=(0, 1, 2))
    with pytest.raises(QuestionnaireError, match="every expert") as info:
        analyze(tehran, wild, AnalysisOptions(exclude_inconsistent=True))
    assert "keep-inconsistent" in info.value.problems[0].expected


def test_expert_weights_override_and_are_normalised(tehran, panel):
    weights = {e.id: (3.0 if e.id == "E01" else 1.0) for e in panel.experts}
    res = analyze(tehran, panel, AnalysisOptions(expert_weights=weights))
    w = np.array([e.weight for e in res.experts])
    assert w.sum() == pytest.approx(1.0) and w[0] == pytest.approx(3 * w[1])
    expected = mcda.priorities(mcda.aggregate_judgments(panel.judgments["groups"], w), warn=False).weights
    np.testing.assert_allclose(res.group_weights, expected)
    assert res.options["expert_weights"]["E01"] == 3.0
    with pytest.raises(QuestionnaireError, match="unknown experts"):
        analyze(tehran, panel, AnalysisOptions(expert_weights={"nobody": 1.0}))


def test_responses_for_another_model_version_are_refused(tehran, panel):
    other = criteria.load_library_model("tehran-city-diplomacy-anp")
    with pytest.raises(QuestionnaireError, match="do not fit") as info:
        analyze(other, panel)
    assert any("not tehran-city-diplomacy-anp" in p.message for p in info.value.problems)


def test_disconnected_answers_name_the_expert_file(tehran, panel):
    judgments = {k: v.copy() for k, v in panel.judgments.items()}
    stack = judgments["factors:T"]  # 6 factors; cut T6 off for expert 2
    stack[1, 5, :5] = np.nan
    stack[1, :5, 5] = np.nan
    broken = type(panel)(panel.model_id, panel.model_hash, panel.experts, judgments, panel.ratings)
    with pytest.raises(QuestionnaireError) as info:
        analyze(tehran, broken)
    problem = info.value.problems[0]
    assert problem.file == "e2.xlsx" and problem.sheet == "factors:T" and "T6" in problem.message


def test_missing_answers_are_completed_and_counted(tehran, panel):
    judgments = {k: v.copy() for k, v in panel.judgments.items()}
    judgments["groups"][0, 0, 3] = judgments["groups"][0, 3, 0] = np.nan
    partial = type(panel)(panel.model_id, panel.model_hash, panel.experts, judgments, panel.ratings)
    res = analyze(tehran, partial)
    assert res.set("groups").answered.tolist()[:2] == [5, 6]
    assert np.isfinite(res.group_weights).all()


def test_anp_path_uses_the_inner_dependence_of_the_groups():
    model = small_network_model()
    assert model.is_network
    responses = make_panel(model, 5, seed=11)
    res = analyze(model, responses)
    assert res.is_network
    W2 = res.inner_dependence
    assert W2.shape == (4, 4)
    np.testing.assert_allclose(W2.sum(axis=0), 1.0)
    # column O: O itself and its influencers W, T, from the dependence:O set
    dep = res.set("dependence:O")
    assert dep.items == ("O", "W", "T")
    order = [model.group_ids.index(g) for g in dep.items]
    np.testing.assert_allclose(W2[order, 2], dep.weights)
    np.testing.assert_allclose(W2[:, 3], [0, 0, 0, 1])  # nothing influences T
    mixed = W2 @ res.group_weights
    np.testing.assert_allclose(res.dependent_group_weights, mixed / mixed.sum())
    groups = np.array([model.group_ids.index(f.group) for f in model.factors])
    np.testing.assert_allclose(res.global_factor_weights, res.dependent_group_weights[groups] * res.local_factor_weights)
    np.testing.assert_allclose(res.strategy_scores, res.strategy_local_scores @ res.global_factor_weights)


def test_pairwise_strategy_evaluation_uses_the_strategy_sets():
    model = small_network_model(evaluation="pairwise")
    responses = make_panel(model, 4, seed=2)
    res = analyze(model, responses)
    for k, f in enumerate(model.factors):
        np.testing.assert_allclose(res.strategy_local_scores[:, k], res.set(f"strategies:{f.id}").weights)
    assert res.options["synthesis"] == "distributive"
    assert res.strategy_scores.sum() == pytest.approx(1.0)


def test_options_are_validated_and_recorded(tehran, panel):
    with pytest.raises(ValueError, match="aggregation"):
        AnalysisOptions(aggregation="mean")
    with pytest.raises(ValueError, match="cr_threshold"):
        AnalysisOptions(cr_threshold=2)
    res = analyze(tehran, panel, AnalysisOptions(ri_table="alonso-lamata", cr_threshold=0.15, method="geometric"))
    assert res.options["ri_table"] == "alonso-lamata"
    assert res.options["cr_threshold"] == 0.15
    assert res.options["method"] == "geometric"
    assert res.model_hash == tehran.content_hash
    assert res.software_version
    assert res.created.endswith("+00:00")


def test_progress_callback_sees_each_step(tehran, panel):
    seen = []
    analyze(tehran, panel, progress=seen.append)
    assert len(seen) == 3 and all(isinstance(m, str) for m in seen)
