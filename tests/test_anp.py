"""ANP: supermatrix construction and weighting, limit matrix (incl. cyclic), SWOT-ANP."""

import numpy as np
import pytest

import mcda
from mcda.anp import check_column_stochastic, unweighted_supermatrix, weighted_supermatrix


def stationary(S):
    """Independent check: the eigenvector of S for eigenvalue 1, normalised to sum 1."""
    values, vectors = np.linalg.eig(S)
    v = np.real(vectors[:, np.argmin(np.abs(values - 1))])
    return v / v.sum()


# --------------------------------------------------------------------- golden
def test_pyanp_supermatrix1_limit():
    """pyanp (W. Adams), examples/ANPSupermatrixCalcs.ipynb: supermatrix1.xlsx and its
    printed `calculus` limit, rounded to 4 decimals: rows 0, 0, 0.2857, 0.7143 in
    every column (github.com/wjladams/pyanp)."""
    S = np.array([[0.5, 0.2, 0.0, 0.0], [0.2, 0.3, 0.0, 0.0], [0.1, 0.3, 0.75, 0.1], [0.2, 0.2, 0.25, 0.9]])
    r = mcda.limit_matrix(S)
    expected = np.array([0.0, 0.0, 0.2857, 0.7143])
    np.testing.assert_allclose(r.matrix, np.repeat(expected[:, None], 4, axis=1), atol=5e-5)
    assert r.converged and not r.cyclic and r.period == 1
    np.testing.assert_allclose(r.priorities([2, 3]), [2 / 7, 5 / 7], atol=1e-12)


def test_two_state_chain_closed_form():
    """[[1−a, b], [a, 1−b]] has stationary vector (b, a)/(a + b) (any Markov-chain text)."""
    a, b = 0.3, 0.1
    r = mcda.limit_matrix([[1 - a, b], [a, 1 - b]])
    np.testing.assert_allclose(r.matrix, [[0.25, 0.25], [0.75, 0.75]], atol=1e-12)


def test_positive_matrix_limit_is_the_stationary_vector():
    rng = np.random.default_rng(7)
    S = rng.random((12, 12))
    S /= S.sum(axis=0)
    r = mcda.limit_matrix(S)
    pi = stationary(S)
    np.testing.assert_allclose(r.matrix, np.repeat(pi[:, None], 12, axis=1), atol=1e-9)
    np.testing.assert_allclose(r.priorities(), pi, atol=1e-9)


# ---------------------------------------------------------------------- cyclic
def test_flip_chain_cesaro_limit():
    """Hand-computed: S = [[0, 1], [1, 0]] alternates I, S, I, …; Cesàro mean = ½·(I + S)."""
    r = mcda.limit_matrix([[0, 1], [1, 0]])
    np.testing.assert_allclose(r.matrix, 0.5)
    assert r.cyclic and r.period == 2 and r.converged


def test_three_cycle_cesaro_limit_is_uniform():
    S = np.roll(np.eye(3), 1, axis=0)  # 0 → 1 → 2 → 0
    r = mcda.limit_matrix(S)
    np.testing.assert_allclose(r.matrix, 1 / 3, atol=1e-12)
    assert r.cyclic and r.period == 3


def test_bipartite_periodic_chain_cesaro_equals_stationary_vector():
    # clusters {0, 1} and {2, 3, 4} only influence each other: period 2, not uniform
    S = np.zeros((5, 5))
    S[2:, 0] = [0.2, 0.3, 0.5]
    S[2:, 1] = [0.6, 0.2, 0.2]
    S[:2, 2] = [0.9, 0.1]
    S[:2, 3] = [0.5, 0.5]
    S[:2, 4] = [0.3, 0.7]
    r = mcda.limit_matrix(S)
    assert r.cyclic and r.period == 2
    np.testing.assert_allclose(r.matrix, np.repeat(stationary(S)[:, None], 5, axis=1), atol=1e-9)


def test_reducible_chain_columns_differ_but_limit_is_idempotent():
    S = np.array([[1.0, 0.0, 0.3], [0.0, 1.0, 0.3], [0.0, 0.0, 0.4]])
    r = mcda.limit_matrix(S)
    np.testing.assert_allclose(r.matrix @ r.matrix, r.matrix, atol=1e-12)
    np.testing.assert_allclose(r.matrix[:, 2], [0.5, 0.5, 0.0], atol=1e-9)
    np.testing.assert_allclose(r.priorities([0, 1], column=2), [0.5, 0.5])
    assert not r.cyclic


def test_slowly_mixing_chain_is_solved_exactly():
    # Issue 15: squaring gave inf (1e-7), 1e-34 with converged=True (1e-8) and S itself (1e-10);
    # the limit is now a direct stationary solve, so the mixing speed does not matter.
    for eps in (1e-6, 1e-7, 1e-8, 1e-10, 1e-12):
        r = mcda.limit_matrix([[1 - eps, eps], [eps, 1 - eps]])
        assert r.converged and not r.cyclic and r.classes == 1
        np.testing.assert_allclose(r.matrix, 0.5, atol=1e-12)


def test_not_converged_is_flagged():
    # converged means "residual ≤ tol"; no float result meets a tolerance of 1e-300
    r = mcda.limit_matrix([[0.9, 0.3], [0.1, 0.7]], tol=1e-300)
    assert r.residual > 0 and not r.converged and "NOT converged" in repr(r)


def test_batch_of_supermatrices():
    S = np.stack([np.array([[0.7, 0.1], [0.3, 0.9]]), np.array([[0.0, 1.0], [1.0, 0.0]])])
    r = mcda.limit_matrix(S)
    assert r.matrix.shape == (2, 2, 2)
    assert r.cyclic.tolist() == [False, True] and r.period.tolist() == [1, 2]
    np.testing.assert_allclose(r.matrix[0], [[0.25, 0.25], [0.75, 0.75]], atol=1e-12)
    np.testing.assert_allclose(r.priorities(), [[0.25, 0.75], [0.5, 0.5]], atol=1e-12)


def test_labels_frame_and_dict():
    r = mcda.limit_matrix([[0.5, 0.2], [0.5, 0.8]], labels=["goal", "S"])
    assert r.priorities(["S"]).tolist() == [1.0]
    frame = r.to_frame()
    assert list(frame.index) == ["goal", "S"] and frame.loc["S", "goal"] == pytest.approx(5 / 7)
    d = r.to_dict()
    assert d["labels"] == ["goal", "S"] and d["period"] == 1 and d["converged"] is True
    with pytest.raises(mcda.MatrixError, match="unknown node 'X'"):
        r.priorities(["X"])
    with pytest.raises(mcda.MatrixError, match="out of range"):
        r.priorities([5])


# ------------------------------------------------------------------- bad input
def test_not_column_stochastic_names_the_columns():
    S = np.array([[0.5, 0.2, 0.1], [0.4, 0.8, 0.9], [0.0, 0.0, 0.0]])
    with pytest.raises(mcda.MatrixError, match=r"column 0 \('S1'\) sums to 0.9") as info:
        mcda.limit_matrix(S, labels=["S1", "S2", "O1"])
    assert "normalize=True" in str(info.value)


def test_sink_column_gets_a_hint():
    S = np.array([[0.5, 0.0], [0.5, 0.0]])
    with pytest.raises(mcda.MatrixError, match=r"all zero \(sink nodes\)"):
        mcda.limit_matrix(S)


def test_negative_entries_are_named():
    with pytest.raises(mcda.MatrixError, match=r"non-negative; negative entries in column\(s\) 1"):
        mcda.limit_matrix([[1.0, 1.2], [0.0, -0.2]])


@pytest.mark.parametrize("S", [np.ones((2, 3)) / 2, np.ones(3), np.zeros((0, 0))])
def test_non_square_is_an_error(S):
    with pytest.raises(mcda.MatrixError, match="square"):
        mcda.limit_matrix(S)


def test_nan_is_an_error():
    with pytest.raises(mcda.MatrixError, match="finite"):
        mcda.limit_matrix([[np.nan, 0.5], [0.5, 0.5]])


def test_normalize_accepts_rounded_published_columns():
    S = np.array([[0.333, 0.5], [0.666, 0.5]])
    with pytest.raises(mcda.MatrixError, match="column-stochastic"):
        mcda.limit_matrix(S)
    r = mcda.limit_matrix(S, normalize=True)
    assert r.converged


@pytest.mark.parametrize("kwargs", [{"tol": 0}, {"tol": np.nan}, {"tol": -1.0}])
def test_bad_parameters(kwargs):
    with pytest.raises(mcda.MatrixError):
        mcda.limit_matrix(np.eye(2), **kwargs)


def test_wrong_label_count():
    with pytest.raises(mcda.MatrixError, match="2 nodes, got 1 labels"):
        check_column_stochastic(np.eye(2), labels=["a"])


# ----------------------------------------------------------------- supermatrix
CLUSTERS = {"goal": ["G"], "criteria": ["c1", "c2"], "alts": ["a1", "a2"]}


def test_unweighted_and_weighted_supermatrix():
    vectors = {
        ("G", "criteria"): [3, 1],  # normalised to 0.75, 0.25
        ("c1", "alts"): [0.6, 0.4],
        ("c2", "alts"): [0.2, 0.8],
        ("c1", "criteria"): [0.5, 0.5],  # inner dependence among the criteria
        ("a1", "criteria"): [0.7, 0.3],
        ("a2", "criteria"): [0.4, 0.6],
        ("a1", "goal"): [1.0],
        ("a2", "goal"): [1.0],
    }
    U = unweighted_supermatrix(CLUSTERS, vectors)
    assert U.shape == (5, 5)
    np.testing.assert_allclose(U[1:3, 0], [0.75, 0.25])
    np.testing.assert_allclose(U[:, 2], [0, 0, 0, 0.2, 0.8])  # c2 influences only the alternatives
    # cluster matrix: column J = priorities of the clusters influencing cluster J
    C = np.array([[0.0, 0.0, 0.2], [1.0, 0.5, 0.8], [0.0, 0.5, 0.0]])
    W = weighted_supermatrix(U, CLUSTERS, C)
    check_column_stochastic(W)
    np.testing.assert_allclose(W[:, 1], [0, 0.25, 0.25, 0.3, 0.2])  # both blocks × 0.5
    np.testing.assert_allclose(W[:, 2], [0, 0, 0, 0.2, 0.8])  # renormalised: no inner block
    np.testing.assert_allclose(W[:, 3], [0.2, 0.56, 0.24, 0, 0])
    r = mcda.limit_matrix(W, labels=[n for ns in CLUSTERS.values() for n in ns])
    assert r.converged
    np.testing.assert_allclose(r.priorities(["a1", "a2"]).sum(), 1)
    np.testing.assert_allclose(r.matrix, np.repeat(stationary(W)[:, None], 5, axis=1), atol=1e-9)


@pytest.mark.parametrize(
    "vectors, message",
    [
        ({("X", "alts"): [0.5, 0.5]}, "node 'X', which is in no cluster"),
        ({("G", "nowhere"): [1.0]}, "cluster 'nowhere'"),
        ({("G", "alts"): [1.0]}, r"need 2 values \(got 1\)"),
        ({("G", "alts"): [-1.0, 2.0]}, "non-negative"),
        ({"G": [1.0]}, r"\(node, cluster\) pairs"),
    ],
)
def test_bad_supermatrix_vectors(vectors, message):
    with pytest.raises(mcda.MatrixError, match=message):
        unweighted_supermatrix(CLUSTERS, vectors)


def test_bad_cluster_inputs():
    with pytest.raises(mcda.MatrixError, match="more than one cluster"):
        unweighted_supermatrix({"a": ["x"], "b": ["x"]}, {})
    with pytest.raises(mcda.MatrixError, match="at least one node"):
        weighted_supermatrix(np.eye(2), [2, 0], np.eye(2))
    with pytest.raises(mcda.MatrixError, match=r"`cluster_matrix` must be 2 × 2"):
        weighted_supermatrix(np.eye(3), [2, 1], np.eye(3))
    with pytest.raises(mcda.MatrixError, match="3 × 3 to match the clusters"):
        weighted_supermatrix(np.eye(2), [2, 1], np.eye(2))
    with pytest.raises(mcda.MatrixError, match="non-negative"):
        weighted_supermatrix(np.eye(3), [2, 1], -np.eye(2))


# -------------------------------------------------------------------- SWOT-ANP
def test_inner_dependence_matrix_unit_columns_for_independent_groups():
    W2 = mcda.inner_dependence_matrix(
        ["S", "W", "O", "T"],
        {"S": (("S", "O"), (3, 1)), "O": (("S", "O", "T"), (0.2, 0.5, 0.3))},
    )
    expected = np.array(
        [[0.75, 0, 0.2, 0], [0, 1, 0, 0], [0.25, 0, 0.5, 0], [0, 0, 0.3, 1]],
    )
    np.testing.assert_allclose(W2, expected)


@pytest.mark.parametrize(
    "columns, message",
    [
        ({"X": (("S",), (1,))}, "group 'X', which is not in `group_ids`"),
        ({"S": (("S", "Q"), (1, 1))}, r"unknown group\(s\) \['Q'\]"),
        ({"S": (("S", "S"), (1, 1))}, "twice"),
        ({"S": (("S", "T"), (1,))}, "2 groups but 1 weights"),
        ({"S": (("S", "T"), (0, 0))}, "not all zero"),
        ({"S": "S"}, r"\(items, weights\)"),
    ],
)
def test_bad_inner_dependence(columns, message):
    with pytest.raises(mcda.MatrixError, match=message):
        mcda.inner_dependence_matrix(["S", "T"], columns)


def test_swot_anp_by_hand():
    """Steps of Yüksel & Dağdeviren (2007), computed by hand: their paper's tables
    could not be retrieved, so no published numbers are used here."""
    w1 = np.array([0.4, 0.1, 0.3, 0.2])
    W2 = mcda.inner_dependence_matrix(["S", "W", "O", "T"], {"S": (("S", "O"), (0.5, 0.5)), "T": (("W", "T"), (0.5, 0.5))})
    # W2·w1 = [0.2, 0.1 + 0.1, 0.3 + 0.2, 0.1] = [0.2, 0.2, 0.5, 0.1]
    local = {"S": [0.5, 0.5], "W": [1.0], "O": [0.8, 0.2], "T": [1.0]}
    groups = [0, 0, 1, 2, 2, 3]
    W4 = np.array([[0.6, 0.5, 0.3, 0.9, 0.5, 0.1], [0.4, 0.5, 0.7, 0.1, 0.5, 0.9]])
    r = mcda.synthesize(w1, local, W4, groups, inner_dependence=W2, group_ids=["S", "W", "O", "T"],
                        strategy_ids=["SO", "WT"])
    assert isinstance(r, mcda.HierarchyResult) and r.is_network
    np.testing.assert_allclose(r.interdependent_group_weights, [0.2, 0.2, 0.5, 0.1])
    np.testing.assert_allclose(r.group_weights, w1)
    np.testing.assert_allclose(r.global_factor_weights, [0.1, 0.1, 0.2, 0.4, 0.1, 0.1])
    np.testing.assert_allclose(r.strategy_scores, W4 @ [0.1, 0.1, 0.2, 0.4, 0.1, 0.1])
    assert r.ranks.tolist() == [1, 2]
    assert r.groups_frame().loc["O", "interdependent"] == pytest.approx(0.5)
    assert r.groups_frame().loc["O", "weight"] == pytest.approx(0.3)
    assert r.factors_frame().loc[r.factors_frame().index[3], "group_weight"] == pytest.approx(0.5)
    assert r.to_frame().loc["SO", "rank"] == 1
    assert r.to_dict()["interdependent_group_weights"] == pytest.approx([0.2, 0.2, 0.5, 0.1])
    assert r.to_dict()["inner_dependence"][0] == pytest.approx([0.5, 0.0, 0.0, 0.0])
    assert repr(r).startswith("HierarchyResult(interdependent_group_weights=[0.200")


def test_deprecated_swot_anp_alias_keeps_its_argument_order_and_fields():
    w1 = np.array([0.4, 0.1, 0.3, 0.2])
    W2 = mcda.inner_dependence_matrix(["S", "W", "O", "T"], {"S": (("S", "O"), (0.5, 0.5)), "T": (("W", "T"), (0.5, 0.5))})
    local = {"S": [0.5, 0.5], "W": [1.0], "O": [0.8, 0.2], "T": [1.0]}
    groups = [0, 0, 1, 2, 2, 3]
    W4 = np.array([[0.6, 0.5, 0.3, 0.9, 0.5, 0.1], [0.4, 0.5, 0.7, 0.1, 0.5, 0.9]])
    with pytest.warns(DeprecationWarning, match=r"mcda\.synthesize\(.*inner_dependence=W2"):
        old = mcda.swot_anp(w1, W2, local, groups, W4, "raw", group_ids=["S", "W", "O", "T"], strategy_ids=["SO", "WT"])
    new = mcda.synthesize(w1, local, W4, groups, "raw", inner_dependence=W2, group_ids=["S", "W", "O", "T"],
                          strategy_ids=["SO", "WT"])
    assert isinstance(old, mcda.SwotAnpResult)
    for name in ("group_weights", "inner_dependence", "interdependent_group_weights", "local_factor_weights",
                 "global_factor_weights", "local_strategy_scores", "strategy_scores", "ranks", "factor_groups"):
        np.testing.assert_array_equal(getattr(old, name), getattr(new, name))
    assert (old.mode, old.group_ids, old.strategy_ids) == ("raw", ("S", "W", "O", "T"), ("SO", "WT"))


def test_swot_anp_with_identity_dependence_is_swot_ahp():
    w1 = [0.6, 0.4]
    scores = [[0.5, 0.2, 0.3], [0.5, 0.8, 0.7]]
    ahp = mcda.synthesize(w1, [0.75, 0.25, 1.0], scores, [0, 0, 1])
    anp = mcda.synthesize(w1, [0.75, 0.25, 1.0], scores, [0, 0, 1], inner_dependence=np.eye(2))
    np.testing.assert_allclose(anp.strategy_scores, ahp.strategy_scores)
    assert not ahp.is_network and ahp.interdependent_group_weights is None and ahp.to_dict()["inner_dependence"] is None


def test_swot_anp_batch_of_group_weights():
    W2 = np.array([[0.5, 0.0], [0.5, 1.0]])
    w1 = np.array([[0.8, 0.2], [0.2, 0.8]])
    r = mcda.synthesize(w1, [1.0, 1.0], [[0.9, 0.1], [0.1, 0.9]], [0, 1], inner_dependence=W2)
    np.testing.assert_allclose(r.interdependent_group_weights, [[0.4, 0.6], [0.1, 0.9]])
    assert r.strategy_scores.shape == (2, 2)
    for d in range(2):  # the batch is the loop of single syntheses (N = 1)
        single = mcda.synthesize(w1[d], [1.0, 1.0], [[0.9, 0.1], [0.1, 0.9]], [0, 1], inner_dependence=W2)
        np.testing.assert_allclose(r.strategy_scores[d], single.strategy_scores, rtol=0, atol=1e-15)


def test_swot_anp_bad_inputs():
    def anp(w, W2):
        return mcda.synthesize(w, [1, 1], [[1, 0], [0, 1]], [0, 1], inner_dependence=W2)

    with pytest.raises(mcda.MatrixError, match="column-stochastic"):
        anp([0.5, 0.5], [[0.5, 0.5], [0.4, 0.5]])
    with pytest.raises(mcda.MatrixError, match=r"must be 2 × 2"):
        anp([0.5, 0.5], np.eye(3))
    with pytest.raises(mcda.MatrixError, match="sum to 1"):
        anp([0.5, 0.6], np.eye(2))


def test_synthesis_result_arrays_are_read_only():
    r = mcda.synthesize([0.8, 0.2], [1.0, 1.0], [[0.9, 0.1], [0.1, 0.9]], [0, 1], inner_dependence=np.eye(2))
    for name in ("group_weights", "global_factor_weights", "strategy_scores", "ranks", "interdependent_group_weights"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(r, name)[0] = 0
