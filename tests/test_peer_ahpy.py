"""Differential test against AHPy (PhilipGriffith/AHPy), the Python AHP library used as the peer.

AHPy 2.x computes the principal eigenvector by repeated squaring until the weights, rounded to
`precision` decimals, stop changing, and CR = |CI / RI| rounded to `precision`, where with
random_index='saaty' RI is Saaty's 2005 table (RI(3) = 0.52 … RI(9) = 1.45; ahpy.py,
_compute_consistency_ratio) — not the 1980 table that is rahbord's default.  So the comparison passes
AHPy's table explicitly and allows AHPy's rounding.
"""

import numpy as np
import pytest

ahpy = pytest.importorskip("ahpy")

from mcda import SAATY_VALUES, batch_priorities, priorities  # noqa: E402

AHPY_SAATY = {3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45, 10: 1.49, 11: 1.52, 12: 1.54, 13: 1.56, 14: 1.58, 15: 1.59}
PRECISION = 4
# AHPy rounds to 4 decimals (±0.00005) and stops when the rounded vector stops changing.
TOLERANCE = 1.5 * 10**-PRECISION


def random_reciprocal(rng, n):
    iu = np.triu_indices(n, 1)
    A = np.eye(n)
    A[iu] = rng.choice(SAATY_VALUES, size=iu[0].size)
    A[iu[1], iu[0]] = 1 / A[iu]
    return A


def ahpy_result(A):
    n = A.shape[0]
    names = [f"x{i}" for i in range(n)]
    comparisons = {(names[i], names[j]): float(A[i, j]) for i in range(n) for j in range(i + 1, n)}
    compare = ahpy.Compare("peer", comparisons, precision=PRECISION, random_index="saaty")
    return np.array([compare.local_weights[name] for name in names]), compare.consistency_ratio


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7, 8, 9])
def test_weights_and_cr_agree_with_ahpy_on_random_matrices(n):
    rng = np.random.default_rng(1000 + n)
    for _ in range(15):
        A = random_reciprocal(rng, n)
        peer_weights, peer_cr = ahpy_result(A)
        ours = priorities(A, ri_table=AHPY_SAATY, warn=False)
        np.testing.assert_allclose(ours.weights, peer_weights, atol=TOLERANCE)
        assert ours.cr == pytest.approx(peer_cr, abs=TOLERANCE)


def test_batch_agrees_with_an_ahpy_loop():
    rng = np.random.default_rng(99)
    stack = np.stack([random_reciprocal(rng, 6) for _ in range(40)])
    batch = batch_priorities(stack, ri_table=AHPY_SAATY, warn=False)
    for k, A in enumerate(stack):
        peer_weights, peer_cr = ahpy_result(A)
        np.testing.assert_allclose(batch.weights[k], peer_weights, atol=TOLERANCE)
        assert batch.cr[k] == pytest.approx(peer_cr, abs=TOLERANCE)


def test_two_by_two_agrees_with_ahpy():
    A = np.array([[1, 7], [1 / 7, 1]])
    peer_weights, peer_cr = ahpy_result(A)
    ours = priorities(A)
    np.testing.assert_allclose(ours.weights, peer_weights, atol=TOLERANCE)
    assert ours.cr == peer_cr == 0


def test_near_consistent_matrices_agree_with_ahpy():
    rng = np.random.default_rng(5)
    for n in (4, 7):
        w = rng.uniform(1, 9, n)
        A = w[:, None] / w[None, :] * np.exp(rng.normal(0, 0.05, (n, n)))
        A = np.triu(A, 1) + np.tril(1 / A.T, -1) + np.eye(n)
        peer_weights, peer_cr = ahpy_result(A)
        ours = priorities(A, ri_table=AHPY_SAATY)
        np.testing.assert_allclose(ours.weights, peer_weights, atol=TOLERANCE)
        assert ours.cr == pytest.approx(peer_cr, abs=TOLERANCE)
