"""Fuzzy AHP (Buckley's fuzzy geometric mean): the numeric core, the registry, and the analysis beside the crisp one."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
import criteria
import mcda
import surveys
from analysis import AnalysisOptions, analyze

SAATY_2008 = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])


def test_the_scale_becomes_the_usual_triangular_numbers_and_reciprocals_stay_reciprocal():
    table = {1: (1, 1, 1), 2: (1, 2, 3), 3: (2, 3, 4), 4: (3, 4, 5), 5: (4, 5, 6), 6: (5, 6, 7), 7: (6, 7, 8),
             8: (7, 8, 9), 9: (8, 9, 9)}
    for k, tfn in table.items():
        np.testing.assert_allclose(mcda.triangular_numbers(k), tfn)
        l, m, u = tfn
        np.testing.assert_allclose(mcda.triangular_numbers(1 / k), (1 / u, 1 / m, 1 / l))
    F = mcda.fuzzy_matrix(SAATY_2008)
    np.testing.assert_allclose(F.transpose(1, 0, 2), 1 / F[..., ::-1])  # ã_ji = (1/u_ij, 1/m_ij, 1/l_ij)
    # between the labels (an aggregate, a completed pair) the spread is continuous
    below, above = mcda.triangular_numbers([1.5 - 1e-9, 1.5 + 1e-9])
    np.testing.assert_allclose(below, above, atol=1e-8)


def test_buckley_weights_of_saatys_matrix_worked_out_by_hand():
    """Saaty (2008, Int. J. Services Sciences 1(1)) 3×3 matrix, fuzzified by the table, Buckley (1985) by hand.

    Rows of triangular numbers: (1,1,1) (2,3,4) (4,5,6) | (¼,⅓,½) (1,1,1) (2,3,4) | (⅙,⅕,¼) (¼,⅓,½) (1,1,1), so
    r₁ = (8^⅓, 15^⅓, 24^⅓), r₂ = ((½)^⅓, 1, 2^⅓), r₃ = ((1/24)^⅓, (1/15)^⅓, (⅛)^⅓) and, with Σr = (L, M, U),
    wᵢ = (lᵢ/U, mᵢ/M, uᵢ/L) — the inverse of a triangular number reverses its order (Buckley 1985; Liu, Eckert &
    Earl 2020, Eq. 27).  No published Buckley example with its intermediate numbers was reachable from this
    project's reference corpora, so the arithmetic is written out here in closed form.
    """
    c = np.cbrt
    r = np.array([[c(8), c(15), c(24)], [c(1 / 2), 1.0, c(2)], [c(1 / 24), c(1 / 15), c(1 / 8)]])
    L, M, U = r.sum(axis=0)
    w = np.column_stack([r[:, 0] / U, r[:, 1] / M, r[:, 2] / L])
    centroid = w.sum(axis=1) / 3
    graded = (w[:, 0] + 4 * w[:, 1] + w[:, 2]) / 6
    result = mcda.fuzzy_priorities(mcda.fuzzy_matrix(SAATY_2008), labels=["a", "b", "c"])
    np.testing.assert_allclose(result.geometric_means, r, rtol=1e-12)
    np.testing.assert_allclose(result.fuzzy_weights, w, rtol=1e-12)
    np.testing.assert_allclose(result.weights, centroid / centroid.sum(), rtol=1e-12)
    np.testing.assert_allclose(result.fuzzy_weights, [[0.4306, 0.6370, 0.9185], [0.1709, 0.2583, 0.4012],
                                                      [0.0746, 0.1047, 0.1592]], atol=5e-5)
    assert result.weights.round(3).tolist() == [0.629, 0.263, 0.107]
    graded_result = mcda.fuzzy_priorities(mcda.fuzzy_matrix(SAATY_2008), "graded-mean")
    np.testing.assert_allclose(graded_result.weights, graded / graded.sum(), rtol=1e-12)
    frame = result.to_frame()
    assert list(frame.columns) == ["l", "m", "u", "crisp", "weight"] and list(frame.index) == ["a", "b", "c"]
    assert "a=0.629" in repr(result)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([1, 2, 3, 4, 5, 6, 7, 8, 9, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 7, 1 / 9]),
                min_size=6, max_size=6), st.permutations(range(4)))
def test_middle_weights_are_the_crisp_geometric_means_and_permuting_items_permutes_the_weights(upper, order):
    A = np.ones((4, 4))
    A[np.triu_indices(4, 1)] = upper
    A = np.triu(A) + np.tril(1 / A.T, -1)
    result = mcda.fuzzy_priorities(mcda.fuzzy_matrix(A))
    # the m components are the crisp judgments: their Buckley weights are the row geometric means
    np.testing.assert_allclose(result.fuzzy_weights[:, 1], mcda.priorities(A, method="geometric", warn=False).weights,
                               rtol=1e-10)
    assert np.all(result.fuzzy_weights[:, 0] <= result.fuzzy_weights[:, 1])
    assert np.all(result.fuzzy_weights[:, 1] <= result.fuzzy_weights[:, 2])
    assert np.all(result.weights > 0) and result.weights.sum() == pytest.approx(1)
    permuted = mcda.fuzzy_priorities(mcda.fuzzy_matrix(A[np.ix_(order, order)]))
    np.testing.assert_allclose(permuted.weights, result.weights[list(order)], rtol=1e-12)


def test_a_stack_is_the_loop_over_its_matrices():
    rng = np.random.default_rng(4)
    stack = []
    for _ in range(25):
        A = np.ones((5, 5))
        A[np.triu_indices(5, 1)] = rng.choice([1, 2, 3, 5, 7, 9, 1 / 2, 1 / 3, 1 / 5, 1 / 9], 10)
        stack.append(np.triu(A) + np.tril(1 / A.T, -1))
    F = mcda.fuzzy_matrix(np.array(stack))
    batch = mcda.fuzzy_priorities(F, "graded-mean")
    assert batch.weights.shape == (25, 5) and batch.fuzzy_weights.shape == (25, 5, 3)
    for k in range(25):
        one = mcda.fuzzy_priorities(F[k], "graded-mean")
        np.testing.assert_allclose(batch.fuzzy_weights[k], one.fuzzy_weights, rtol=1e-13)
        np.testing.assert_allclose(batch.weights[k], one.weights, rtol=1e-13)


def test_the_panels_fuzzy_judgment_is_the_weighted_geometric_mean_per_component():
    F = mcda.fuzzy_matrix(np.array([[[1, 2], [1 / 2, 1]], [[1, 8], [1 / 8, 1]]]))
    agg = mcda.aggregate_fuzzy_judgments(F, [3, 1])
    np.testing.assert_allclose(agg[0, 1], [1 ** 0.75 * 7 ** 0.25, 2 ** 0.75 * 8 ** 0.25, 3 ** 0.75 * 9 ** 0.25])
    np.testing.assert_allclose(agg[1, 0], 1 / agg[0, 1][::-1])
    W = mcda.fuzzy_priorities(F).fuzzy_weights
    np.testing.assert_allclose(mcda.aggregate_fuzzy_weights(W, [3, 1]), 0.75 * W[0] + 0.25 * W[1])


def test_nonsense_is_refused_with_a_message_that_says_what_to_do():
    with pytest.raises(mcda.MatrixError, match="complete"):
        mcda.fuzzy_matrix([[1, np.nan], [np.nan, 1]])
    with pytest.raises(mcda.MatrixError, match=r"shape \(n, n, 3\)"):
        mcda.fuzzy_priorities(np.ones((3, 3)))
    bad = mcda.fuzzy_matrix(SAATY_2008).copy()
    bad[0, 1] = (4, 3, 2)
    with pytest.raises(mcda.MatrixError, match=r"\(0, 1\) = \(4.0, 3.0, 2.0\) is not ordered l ≤ m ≤ u"):
        mcda.fuzzy_priorities(bad)
    with pytest.raises(mcda.ArgumentError, match="`defuzzification` must be one of centroid, graded-mean"):
        mcda.fuzzy_priorities(mcda.fuzzy_matrix(SAATY_2008), "mean-of-maxima")


def _chang_extent_weights(F: np.ndarray) -> np.ndarray:
    """Chang's (1996) extent analysis, written out only to show why rahbord does not offer it."""
    rows = F.sum(axis=1)  # (n, 3)
    total = rows.sum(axis=0)
    S = rows / total[::-1]
    n = len(S)

    def possibility(a, b):  # V(a ≥ b)
        if a[1] >= b[1]:
            return 1.0
        if b[0] >= a[2]:
            return 0.0
        return (b[0] - a[2]) / ((a[1] - a[2]) - (b[1] - b[0]))

    d = np.array([min(possibility(S[i], S[k]) for k in range(n) if k != i) for i in range(n)])
    return d / d.sum()


def test_changs_extent_analysis_is_not_offered_and_the_refusal_says_why():
    """Wang, Luo & Hua (2008, EJOR 186(2) 735–747): extent analysis can give an item weight 0 however much it
    matters.  A factor judged a seventh as important as another but on par with a third is still a factor."""
    A = np.array([[1, 7, 7], [1 / 7, 1, 1], [1 / 7, 1, 1]])
    F = mcda.fuzzy_matrix(A)
    chang = _chang_extent_weights(F)
    assert chang.tolist() == [1.0, 0.0, 0.0]  # two of the three items vanish
    buckley = mcda.fuzzy_priorities(F).weights
    assert np.all(buckley > 0.08) and buckley[1] == pytest.approx(buckley[2])

    assert "chang" not in mcda.FUZZY_METHODS
    assert "Wang, Luo & Hua 2008" in mcda.FUZZY_METHODS.not_offered["chang"]
    with pytest.raises(mcda.UnknownOptionError, match=r"\(got 'chang'\): Chang's \(1996\) extent analysis is not "
                                                        r"offered: .*Wang, Luo & Hua 2008"):
        AnalysisOptions(fuzzy="chang")
    assert "Wang, Luo & Hua (2008)" in mcda.fuzzy.__doc__ and "Why Chang's extent analysis is not offered" in mcda.fuzzy.__doc__


@pytest.fixture(scope="module")
def panel():
    model = criteria.load_library_model("generic-swot")
    return model, surveys.synthetic_panel(model, 5, seed=11, missing_share=0.25).responses


@pytest.mark.parametrize("aggregation", ["aij", "aip"])
def test_the_fuzzy_result_sits_beside_the_crisp_one_which_it_never_changes(panel, aggregation):
    model, responses = panel
    crisp = analyze(model, responses, AnalysisOptions(aggregation=aggregation))
    both = analyze(model, responses, AnalysisOptions(aggregation=aggregation, fuzzy="buckley"))
    assert crisp.fuzzy is None and "fuzzy" not in crisp.to_dict() and "fuzzy" not in crisp.options
    for name in ("global_factor_weights", "strategy_scores", "ranks", "group_weights"):
        np.testing.assert_array_equal(getattr(both, name), getattr(crisp, name))
    f = both.fuzzy
    assert f.method == "buckley" and f.defuzzification == "centroid" and both.options["fuzzy"] == "buckley"
    assert f.global_factor_weights.sum() == pytest.approx(1) and sorted(f.ranks.tolist()) == [1, 2, 3]
    # the group weights are the defuzzified Buckley weights of the groups set, computed on the completed answers
    stack = mcda.complete_matrix(np.asarray(responses.judgments["groups"], float))
    w = np.array([e.weight for e in responses.experts], float)
    w /= w.sum()
    F = mcda.fuzzy_matrix(stack)
    if aggregation == "aij":
        fuzzy = mcda.fuzzy_priorities(mcda.aggregate_fuzzy_judgments(F, w)).fuzzy_weights
    else:
        fuzzy = np.einsum("k,kic->ic", w, mcda.fuzzy_priorities(F).fuzzy_weights)
    np.testing.assert_allclose(f.set("groups").fuzzy_weights, fuzzy, rtol=1e-12)
    np.testing.assert_allclose(f.group_weights, fuzzy.mean(axis=1) / fuzzy.mean(axis=1).sum(), rtol=1e-12)
    # saved and read back as it was
    assert analysis.Results.from_dict(both.to_dict()) == both


def test_graded_mean_and_an_excluded_expert_follow_the_options(panel):
    model, responses = panel
    options = AnalysisOptions(fuzzy="buckley-graded", exclude_inconsistent=True, cr_threshold=0.2)
    results = analyze(model, responses, options)
    assert results.fuzzy.defuzzification == "graded-mean"
    kept = np.array([not e.excluded for e in results.experts])
    stack = mcda.complete_matrix(np.asarray(responses.judgments["groups"], float)[kept])
    w = np.array([e.weight for e in results.experts])[kept]
    fuzzy = mcda.fuzzy_priorities(mcda.aggregate_fuzzy_judgments(mcda.fuzzy_matrix(stack), w), "graded-mean")
    np.testing.assert_allclose(results.fuzzy.group_weights, fuzzy.weights, rtol=1e-12)
