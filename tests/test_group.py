"""Group decisions: AIJ, AIP, expert weights, consensus (S*, Kendall's W, distances)."""

import math

import numpy as np
import pytest

import mcda
from mcda.group import _min_alpha_entropy

A1 = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
A2 = np.array([[1, 1 / 2, 2], [2, 1, 4], [1 / 2, 1 / 4, 1]])
A3 = np.array([[1, 5, 9], [1 / 5, 1, 2], [1 / 9, 1 / 2, 1]])


# ----------------------------------------------------------------------- AIJ
def test_aij_is_entrywise_geometric_mean():
    result = mcda.aggregate_judgments(np.stack([A1, A2, A3]))
    expected = (A1 * A2 * A3) ** (1 / 3)
    np.testing.assert_allclose(result, expected, rtol=1e-12)


def test_aij_weighted_geometric_mean():
    result = mcda.aggregate_judgments(np.stack([A1, A2]), weights=[3, 1])
    np.testing.assert_allclose(result, A1**0.75 * A2**0.25, rtol=1e-12)


def test_aij_is_exactly_reciprocal():
    result = mcda.aggregate_judgments(np.stack([A1, A2, A3]), weights=[0.2, 0.3, 0.5])
    upper = np.triu_indices(3, 1)
    lower = (upper[1], upper[0])
    assert np.array_equal(result[lower], 1 / result[upper])  # bit for bit


def test_aij_skips_missing_judgments_and_renormalises_weights():
    B = A2.copy()
    B[0, 1] = B[1, 0] = np.nan
    result = mcda.aggregate_judgments(np.stack([A1, B, A3]), weights=[1, 5, 3])
    # pair (0, 1): only experts 0 and 2 answered → weights 1/4 and 3/4
    assert result[0, 1] == pytest.approx(3 ** 0.25 * 5 ** 0.75)
    assert result[1, 0] == pytest.approx(1 / result[0, 1])
    # pair (0, 2): all three answered
    assert result[0, 2] == pytest.approx((5 * 2**5 * 9**3) ** (1 / 9))


def test_aij_nan_where_nobody_answered():
    B1, B2 = A1.copy(), A2.copy()
    for B in (B1, B2):
        B[0, 2] = B[2, 0] = np.nan
    result = mcda.aggregate_judgments(np.stack([B1, B2]))
    assert np.isnan(result[0, 2]) and np.isnan(result[2, 0])
    assert result[0, 1] == pytest.approx(math.sqrt(3 * 0.5))
    assert np.all(np.diag(result) == 1)


def test_aij_single_matrix_is_itself():
    np.testing.assert_allclose(mcda.aggregate_judgments(A1), A1, rtol=1e-12)


def test_aij_batch_of_weights_gives_batch_of_matrices():
    weights = np.array([[1, 0, 0], [0, 1, 0], [1, 1, 1]])
    result = mcda.aggregate_judgments(np.stack([A1, A2, A3]), weights=weights)
    assert result.shape == (3, 3, 3)
    np.testing.assert_allclose(result[0], A1, rtol=1e-12)
    np.testing.assert_allclose(result[1], A2, rtol=1e-12)
    np.testing.assert_allclose(result[2], mcda.aggregate_judgments(np.stack([A1, A2, A3])), rtol=1e-12)


# ----------------------------------------------------------------------- AIP
def test_aip_arithmetic_weighted_mean():
    W = np.array([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3]])
    np.testing.assert_allclose(mcda.aggregate_priorities(W), [0.4, 0.4, 0.2])
    np.testing.assert_allclose(mcda.aggregate_priorities(W, weights=[3, 1]), [0.5, 0.35, 0.15])


def test_aip_geometric_is_renormalised_weighted_geometric_mean():
    W = np.array([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3]])
    g = np.sqrt(W[0] * W[1])
    np.testing.assert_allclose(mcda.aggregate_priorities(W, method="geometric"), g / g.sum())
    assert mcda.aggregate_priorities(W, method="geometric").sum() == pytest.approx(1)


def test_aip_leaves_out_absent_experts():
    W = np.array([[0.6, 0.3, 0.1], [np.nan] * 3, [0.2, 0.5, 0.3]])
    np.testing.assert_allclose(mcda.aggregate_priorities(W, weights=[1, 100, 1]), [0.4, 0.4, 0.2])


def test_aip_renormalises_rows_that_do_not_sum_to_one():
    np.testing.assert_allclose(mcda.aggregate_priorities([[6, 4], [2, 8]]), [0.4, 0.6])


def test_aip_bad_method():
    with pytest.raises(mcda.MatrixError, match="method"):
        mcda.aggregate_priorities([[0.5, 0.5]], method="median")


# -------------------------------------------------------------- expert weights
@pytest.mark.parametrize(
    "weights, message",
    [
        ([1, -1, 1], r"non-negative \(expert 1 has weight -1\)"),
        ([0, 0, 0], "all zero"),
        ([1, 1], r"one weight per expert: 3 experts, got 2 weights"),
        ([1, np.inf, 1], "finite"),
        ([1, np.nan, 1], "finite"),
        (2.0, "got a scalar"),
    ],
)
def test_bad_expert_weights_are_clear_errors(weights, message):
    stack = np.stack([A1, A2, A3])
    with pytest.raises(mcda.MatrixError, match=message):
        mcda.aggregate_judgments(stack, weights=weights)
    with pytest.raises(mcda.MatrixError, match=message):
        mcda.aggregate_priorities(np.full((3, 3), 1 / 3), weights=weights)
    with pytest.raises(mcda.MatrixError, match=message):
        mcda.consensus(np.full((3, 3), 1 / 3), weights=weights)


def test_weight_only_on_absent_experts_is_an_error():
    with pytest.raises(mcda.MatrixError, match="weight 0"):
        mcda.aggregate_priorities([[0.5, 0.5], [np.nan, np.nan]], weights=[0, 1])


def test_expert_weights_normalised():
    np.testing.assert_allclose(mcda.validate_expert_weights(None, 4), [0.25] * 4)
    np.testing.assert_allclose(mcda.validate_expert_weights([1, 3], 2), [0.25, 0.75])


# ------------------------------------------------------------ bad judgments
def test_non_reciprocal_matrix_is_named():
    bad = A1.copy()
    bad[0, 1] = 4
    with pytest.raises(mcda.MatrixError, match=r"stack\[1\] is not reciprocal: a\[0,1\] = 4"):
        mcda.aggregate_judgments(np.stack([A2, bad]))


def test_non_positive_judgment_is_named():
    bad = A1.copy()
    bad[0, 2] = 0
    with pytest.raises(mcda.MatrixError, match=r"positive \(got 0 at stack\[0, 0, 2\]"):
        mcda.aggregate_judgments(np.stack([bad, A2]))


def test_one_sided_missing_judgment_is_named():
    bad = A1.copy()
    bad[1, 2] = np.nan
    with pytest.raises(mcda.MatrixError, match="both sides of the diagonal"):
        mcda.aggregate_judgments(np.stack([bad, A2]))


@pytest.mark.parametrize("shape", [(3,), (2, 3, 4)])
def test_non_square_stack(shape):
    with pytest.raises(mcda.MatrixError, match="square"):
        mcda.aggregate_judgments(np.ones(shape))


def test_infinite_judgment():
    bad = A1.copy()
    bad[0, 1] = np.inf
    with pytest.raises(mcda.MatrixError, match="finite"):
        mcda.aggregate_judgments(bad)


@pytest.mark.parametrize(
    "W, message",
    [
        ([[0.5, np.nan, 0.5]], "partly missing"),
        ([[0.5, -0.1, 0.6]], "non-negative"),
        ([[0.0, 0.0]], "all zero"),
        ([0.5, 0.5], "experts × items"),
        ([[1.0]], "two items"),
        ([[np.nan, np.nan]], "no expert"),
    ],
)
def test_bad_priority_rows(W, message):
    with pytest.raises(mcda.MatrixError, match=message):
        mcda.aggregate_priorities(W)


# ------------------------------------------------------------------ consensus
def test_consensus_identical_experts():
    r = mcda.consensus([[0.6, 0.3, 0.1]] * 4)
    assert r.s_star == pytest.approx(1.0)
    assert r.relative_homogeneity == pytest.approx(1.0)
    assert r.kendall_w == pytest.approx(1.0)
    np.testing.assert_allclose(r.distance, 0, atol=1e-15)
    assert r.level == "very high"


def test_consensus_opposite_scale_extremes_is_zero():
    """Two experts judging 9 : 1 in opposite directions.

    No published AHP-OS example with its inputs was found; this checks the
    defining property of Goepel's correction instead: his Hα,min is the entropy
    of exactly these priority vectors (0.9, 0.1), and Dγ,max = n, so S* = 0.
    """
    r = mcda.consensus([[0.9, 0.1], [0.1, 0.9]])
    assert r.s_star == pytest.approx(0.0, abs=1e-12)
    assert r.kendall_w == pytest.approx(0.0)
    assert r.level == "very low"


def test_consensus_matches_independent_goepel_computation():
    """Recomputed by hand from the AHP-OS source (AhpGroup::getShannonBeta, getConsensus,
    ahpShannonCor; github.com/bpmsg/ahp-os) with plain Python, not from a publication."""
    W = [[0.54, 0.30, 0.16], [0.20, 0.50, 0.30], [0.40, 0.40, 0.20]]
    k, n, M = 3, 3, 9.0
    h = lambda p: -sum(x * math.log(x) for x in p)  # noqa: E731
    h_alpha = sum(h(p) for p in W) / k
    mean = [sum(p[i] for p in W) / k for i in range(n)]
    h_gamma = h(mean)
    halmin = -(M / (n + M - 1)) * math.log(M / (n + M - 1)) - (n - 1) / (n + M - 1) * math.log(1 / (n + M - 1))
    cor = math.exp(math.log(n) - halmin)
    expected = (1 / math.exp(h_gamma - h_alpha) - 1 / cor) / (1 - 1 / cor)
    r = mcda.consensus(W)
    assert r.s_star == pytest.approx(expected, rel=1e-12)
    assert r.entropy_alpha == pytest.approx(h_alpha)
    assert r.entropy_gamma == pytest.approx(h_gamma)
    assert r.entropy_beta == pytest.approx(h_gamma - h_alpha)
    assert r.diversity_beta == pytest.approx(r.diversity_gamma / r.diversity_alpha)
    assert _min_alpha_entropy(n, M) == pytest.approx(halmin)


def test_consensus_equal_weights_equal_default_and_weights_shift_the_group():
    W = np.array([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3]])
    assert mcda.consensus(W, weights=[2, 2]).s_star == pytest.approx(mcda.consensus(W).s_star)
    r = mcda.consensus(W, weights=[1, 0])
    # all weight on expert 0: the group is expert 0, so the panel looks unanimous
    assert r.s_star == pytest.approx(1.0)
    np.testing.assert_allclose(r.group_priorities, W[0])
    assert r.distance[0] == pytest.approx(0)


def test_consensus_distance_and_compatibility():
    stack = np.stack([A1, A2, A3])
    g = np.prod(stack, axis=2) ** (1 / 3)  # row geometric means per expert
    W = g / g.sum(axis=1, keepdims=True)
    group = W.mean(axis=0) / W.mean(axis=0).sum()
    r = mcda.consensus(W, judgments=stack, expert_ids=["ali", "sara", "reza"])
    np.testing.assert_allclose(r.distance, np.linalg.norm(W - group, axis=1))
    ratio_t = group[None, :] / group[:, None]
    for k in range(3):
        assert r.compatibility[k] == pytest.approx((stack[k] * ratio_t).mean())
    assert np.all(r.compatibility >= 1 - 1e-12)  # S(A, W) ≥ 1 for reciprocal A (Saaty 1994)
    frame = r.to_frame()
    assert list(frame.index) == ["ali", "sara", "reza"]
    assert list(frame.columns) == ["distance", "compatibility"]
    d = r.to_dict()
    assert d["expert_ids"] == ["ali", "sara", "reza"] and len(d["distance"]) == 3
    assert "s_star=" in repr(r) and len(repr(r)) < 120


def test_consensus_absent_expert_is_left_out():
    W = np.array([[0.6, 0.3, 0.1], [np.nan] * 3, [0.2, 0.5, 0.3]])
    r = mcda.consensus(W)
    r2 = mcda.consensus(W[[0, 2]])
    assert r.s_star == pytest.approx(r2.s_star)
    assert r.kendall_w == pytest.approx(r2.kendall_w)
    assert r.n_experts == 2 and np.isnan(r.distance[1])


def test_consensus_batch():
    W = np.array([[[0.6, 0.3, 0.1], [0.6, 0.3, 0.1]], [[0.9, 0.05, 0.05], [0.05, 0.05, 0.9]]])
    r = mcda.consensus(W)
    assert r.s_star.shape == (2,) and r.distance.shape == (2, 2)
    assert r.s_star[0] == pytest.approx(1) and r.s_star[1] < 0.5
    assert r.s_star[1] == pytest.approx(mcda.consensus(W[1]).s_star)
    assert list(r.level) == ["very high", "very low"]
    assert r.to_frame().index.names == ["draw", "expert"]
    assert "batch=(2,)" in repr(r)


def test_consensus_bad_inputs():
    with pytest.raises(mcda.MatrixError, match="scale_max"):
        mcda.consensus([[0.5, 0.5]], scale_max=1)
    with pytest.raises(mcda.MatrixError, match="one n × n matrix per expert"):
        mcda.consensus([[0.5, 0.3, 0.2]] * 2, judgments=np.stack([A1]))
    with pytest.raises(mcda.MatrixError, match="1 ids given for 2 experts"):
        mcda.consensus([[0.5, 0.5]] * 2, expert_ids=["a"])


# ----------------------------------------------------------------- Kendall's W
def test_kendall_w_textbook_formula():
    """W = 12 S / (m²(n³ − n)) (Kendall & Babington Smith 1939; Wikipedia "Kendall's W").

    Three judges rank four items 1-2-3-4, 1-3-2-4, 2-1-3-4: rank sums 4, 6, 8, 12,
    mean 7.5, S = 35, W = 12·35 / (9·60) = 7/9 (computed by hand).
    """
    priorities = [[4, 3, 2, 1], [4, 2, 3, 1], [3, 4, 2, 1]]  # higher priority = rank 1
    assert mcda.kendall_w(priorities) == pytest.approx(7 / 9)


def test_kendall_w_with_ties_equals_friedman_statistic():
    """The `anxiety` ratings (20 subjects, 3 raters) of R's irr::kendall / DescTools::KendallW.

    Kendall's W corrected for ties equals Friedman's χ² / (m(n − 1)) (DescTools
    documentation); scipy's Friedman test is the independent computation.
    """
    scipy_stats = pytest.importorskip("scipy.stats")
    anxiety = np.array(
        [
            [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
            [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
            [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
        ],
        dtype=float,
    )
    m, n = anxiety.shape
    chi2 = scipy_stats.friedmanchisquare(*anxiety.T).statistic
    assert mcda.kendall_w(anxiety) == pytest.approx(chi2 / (m * (n - 1)), rel=1e-12)


def test_kendall_w_undefined_when_everything_tied():
    assert np.isnan(mcda.kendall_w([[0.5, 0.5], [0.5, 0.5]]))


def test_compatibility_index_consistent_matrix_is_one():
    w = np.array([0.5, 0.3, 0.2])
    assert mcda.compatibility_index(w[:, None] / w[None, :], w) == pytest.approx(1.0)
    with pytest.raises(mcda.MatrixError, match="positive"):
        mcda.compatibility_index(np.ones((2, 2)), [1, 0])


# ------------------------------------------------------------ names in, names out
PANEL = {
    "ali": {("S", "W"): 4, ("S", "O"): 2, ("W", "O"): "1/2"},
    "sara": {("S", "W"): 1, ("O", "S"): 2, ("W", "O"): 1},
}


def test_aggregate_judgments_of_a_named_panel_keeps_labels_and_takes_weights_by_id():
    group = mcda.aggregate_judgments(PANEL, weights={"sara": 1, "ali": 3}, name="Groups")
    assert isinstance(group, mcda.PairwiseMatrix) and group.labels == ("S", "W", "O") and group.name == "Groups"
    assert group.values[0, 1] == pytest.approx(4 ** 0.75)
    result = mcda.priorities(group)
    assert result.name == "Groups" and list(result.to_series().index) == ["S", "W", "O"]
    arrays = np.stack([mcda.PairwiseMatrix(PANEL[k], labels=["S", "W", "O"]).values for k in ("ali", "sara")])
    np.testing.assert_array_equal(group.values, mcda.aggregate_judgments(arrays, [3, 1]))


def test_group_messages_name_the_expert():
    stack = np.stack([A1, np.array([[1, 2, 3], [1 / 2, 1, 0], [1 / 3, 1, 1]])])
    with pytest.raises(mcda.MatrixError, match="expert 'sara' \\(1, 2\\)"):
        mcda.aggregate_judgments(stack, ids=["ali", "sara"])
    with pytest.raises(mcda.MatrixError, match="expert 'sara' has weight -1"):
        mcda.aggregate_judgments(stack[:1].repeat(2, axis=0), weights=[1, -1], ids=["ali", "sara"])
    with pytest.raises(mcda.MatrixError, match="one weight per expert \\['ali', 'sara'\\]; unknown: \\['reza'\\]"):
        mcda.aggregate_judgments(PANEL, weights={"ali": 1, "sara": 1, "reza": 1})


def test_aggregate_priorities_and_consensus_keep_ids_and_labels_from_a_batch():
    b = mcda.batch_priorities(PANEL, name="Groups")
    group = mcda.aggregate_priorities(b, weights={"ali": 1, "sara": 1})
    assert list(group.index) == ["S", "W", "O"]
    np.testing.assert_allclose(group.to_numpy(), b.weights.mean(axis=0) / b.weights.mean(axis=0).sum())
    c = mcda.consensus(b)
    assert c.expert_ids == ("ali", "sara") and list(c.to_frame().index) == ["ali", "sara"]
