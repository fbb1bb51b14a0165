"""MCDA cross-checks (pymcdm) and rank correlation (differential against pymcdm.correlations)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mcda

pymcdm_corr = pytest.importorskip("pymcdm.correlations")


def _ranks(seed, n):
    rng = np.random.default_rng(seed)
    return rng.permutation(n) + 1.0, rng.permutation(n) + 1.0


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 100_000), st.integers(2, 12))
def test_correlations_match_pymcdm(seed, n):
    x, y = _ranks(seed, n)
    assert mcda.rank_correlation(x, y, "weighted_spearman") == pytest.approx(pymcdm_corr.weighted_spearman(x, y))
    assert mcda.rank_correlation(x, y, "ws") == pytest.approx(pymcdm_corr.rank_similarity_coef(x, y))
    assert mcda.rank_correlation(x, y, "kendall_tau") == pytest.approx(pymcdm_corr.kendall_tau(x, y))
    assert mcda.rank_correlation(x, y, "spearman") == pytest.approx(pymcdm_corr.spearman(x, y))


def test_correlations_known_values_and_batch():
    ref = [1, 2, 3, 4]
    assert mcda.rank_correlation(ref, ref) == 1.0
    assert mcda.rank_correlation(ref, ref[::-1], "kendall_tau") == -1.0
    assert mcda.rank_correlation(ref, ref[::-1], "spearman") == pytest.approx(-1.0)
    # WS punishes a swap at the top more than one at the bottom (Sałabun & Urbaniak 2020)
    top = mcda.rank_correlation(ref, [2, 1, 3, 4], "ws")
    bottom = mcda.rank_correlation(ref, [1, 2, 4, 3], "ws")
    assert top < bottom
    batch = mcda.rank_correlation(ref, [[1, 2, 3, 4], [2, 1, 3, 4]], "ws")
    np.testing.assert_allclose(batch, [1.0, top])
    with pytest.raises(mcda.MatrixError, match="method"):
        mcda.rank_correlation(ref, ref, "pearsonish")


def test_kendall_tau_b_with_ties():
    from scipy.stats import kendalltau

    x, y = [1, 2, 2, 4, 5], [2, 1, 3, 3, 5]
    assert mcda.rank_correlation(x, y, "kendall_tau") == pytest.approx(kendalltau(x, y).statistic)


X = np.array([[0.9, 0.2, 0.5, 0.4], [0.4, 0.9, 0.6, 0.4], [0.1, 0.5, 0.9, 0.4], [0.5, 0.5, 0.5, 0.4]])
W = np.array([0.4, 0.3, 0.2, 0.1])


def test_cross_check_runs_every_default_method_and_reports_agreement():
    c = mcda.cross_check(X, W, strategy_ids=["P1", "P2", "P3", "P4"], factor_ids=["S1", "S2", "O1", "T1"])
    assert c.methods[0] == "AHP"
    assert set(c.methods[1:]) | set(c.failed) == set(mcda.RANKING_METHODS)
    assert c.dropped_factors == ("T1",)  # constant column: no method can use it
    np.testing.assert_allclose(c.preferences[0], X @ W)
    assert c.ranks.shape == (len(c.methods), 4)
    for name in mcda.CORRELATIONS:
        m = c.correlations[name]
        assert m.shape == (len(c.methods),) * 2
        np.testing.assert_allclose(np.diag(m), 1.0)
    assert c.agreement_with_ahp["AHP"] == 1.0
    assert c.top["AHP"] == "P2"
    for row in c.disagreements:
        i = c.methods.index(row["method"])
        a = c.strategy_ids.index(row["strategy"])
        assert c.ranks[i, a] == row["method_rank"] != row["ahp_rank"]
    assert list(c.to_frame().columns) == list(c.methods)
    assert c.to_dict()["top"]["AHP"] == "P2"


def test_cross_check_matches_pymcdm_topsis_directly():
    from pymcdm.methods import TOPSIS

    c = mcda.cross_check(X[:, :3], W[:3] / W[:3].sum(), methods=["TOPSIS"])
    pref = TOPSIS()(X[:, :3], W[:3] / W[:3].sum(), np.ones(3))
    np.testing.assert_allclose(c.preferences[1], pref)


def test_cross_check_uses_reference_scores_and_rejects_bad_weights():
    ref = np.array([0.1, 0.2, 0.3, 0.4])
    c = mcda.cross_check(X, W, reference_scores=ref, methods=["SPOTIS"])
    assert c.ranks[0].tolist() == [4.0, 3.0, 2.0, 1.0]
    with pytest.raises(mcda.MatrixError, match="weights"):
        mcda.cross_check(X, [0.5, 0.5, 0.5, 0.5])
    with pytest.raises(mcda.MatrixError, match="unknown ranking method"):
        mcda.cross_check(X, W, methods=["ELECTRE 42"])
