"""limit_matrix is exact (issue 15, item 1): property tests against independent stationary solves.

References used here share no code with mcda.anp: an exact rational (fractions.Fraction) null-space
solve of the chain built from the stored floats, and numpy.linalg.eig's eigenvector for eigenvalue 1.
"""

from fractions import Fraction
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mcda


def exact_stationary(S: np.ndarray) -> np.ndarray:
    """Stationary vector of an irreducible column-stochastic S in exact rational arithmetic.

    The generator's diagonal is minus the column's off-diagonal sum, i.e. the chain the stored
    off-diagonal floats define (the stored diagonal 1 − ε cannot carry ε to full precision).
    """
    n = S.shape[0]
    F = [[Fraction(float(S[i, j])) for j in range(n)] for i in range(n)]
    rows = [[F[i][j] if i != j else -sum(F[k][j] for k in range(n) if k != j) for j in range(n)] + [Fraction(0)]
            for i in range(n)]
    rows[-1] = [Fraction(1)] * n + [Fraction(1)]
    for c in range(n):
        p = next(r for r in range(c, n) if rows[r][c] != 0)
        rows[c], rows[p] = rows[p], rows[c]
        for r in range(n):
            if r != c and rows[r][c] != 0:
                f = rows[r][c] / rows[c][c]
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[c])]
    return np.array([float(rows[i][n] / rows[i][i]) for i in range(n)])


def eig_stationary(S: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eig(S)
    v = np.real(vectors[:, np.argmin(np.abs(values - 1))])
    return v / v.sum()


def column_stochastic(rng, n, density=1.0):
    S = rng.random((n, n)) * (rng.random((n, n)) < density)
    S[np.arange(n), rng.permutation(n)] += 0.05  # every column non-empty
    return S / S.sum(axis=0)


@settings(max_examples=60)
@given(st.integers(0, 2**32 - 1), st.integers(2, 9))
def test_primitive_matrices_agree_with_eig(seed, n):
    rng = np.random.default_rng(seed)
    S = column_stochastic(rng, n)
    S[:, 0] = 0.5 * S[:, 0] + 0.5 / n  # a positive column: irreducible and aperiodic
    r = mcda.limit_matrix(S)
    assert r.converged and not r.cyclic and r.classes == 1
    np.testing.assert_allclose(r.matrix, np.repeat(eig_stationary(S)[:, None], n, axis=1), atol=1e-10)
    np.testing.assert_allclose(r.matrix, np.repeat(exact_stationary(S)[:, None], n, axis=1), atol=1e-13)


@settings(max_examples=60)
@given(st.integers(0, 2**32 - 1), st.integers(3, 8), st.sampled_from([1e-3, 1e-6, 1e-9, 1e-12]))
def test_nearly_decomposable_matrices_are_exact(seed, n, eps):
    # Two blocks coupled by ε: powers need ~1/ε steps, squaring lost everything below ~1e-8 (issue 15).
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, n))
    S = rng.random((n, n)) + 0.01
    S[:k, k:] *= eps
    S[k:, :k] *= eps
    S /= S.sum(axis=0)
    r = mcda.limit_matrix(S)
    expected = exact_stationary(S)
    assert r.converged and r.classes == 1
    np.testing.assert_allclose(r.matrix[:, 0], expected, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(r.matrix, np.repeat(expected[:, None], n, axis=1), rtol=1e-9, atol=1e-15)


@settings(max_examples=40)
@given(st.integers(0, 2**32 - 1), st.lists(st.integers(1, 3), min_size=2, max_size=4))
def test_block_cyclic_matrices_give_the_cesaro_limit(seed, sizes):
    # Clusters 0 → 1 → … → p−1 → 0 only: period p = len(sizes); the Cesàro limit's columns are the stationary vector.
    rng = np.random.default_rng(seed)
    p, n = len(sizes), sum(sizes)
    starts = np.cumsum([0] + sizes)
    S = np.zeros((n, n))
    for c in range(p):
        rows = slice(starts[(c + 1) % p], starts[(c + 1) % p + 1])
        block = rng.random((sizes[(c + 1) % p], sizes[c])) + 0.05
        S[rows, starts[c]:starts[c + 1]] = block / block.sum(axis=0)
    r = mcda.limit_matrix(S)
    assert r.converged and r.cyclic and r.period == p and r.classes == 1
    pi = exact_stationary(S)
    np.testing.assert_allclose(r.matrix, np.repeat(pi[:, None], n, axis=1), atol=1e-13)
    # the Cesàro mean of one period of powers, computed by brute force from a high power
    P = np.linalg.matrix_power(S, 64 * p)
    cesaro = sum(np.linalg.matrix_power(S, j) @ P for j in range(p)) / p
    np.testing.assert_allclose(r.matrix, cesaro, atol=1e-9)


@settings(max_examples=40)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3), st.integers(1, 4))
def test_reducible_matrices_settle_into_their_closed_classes(seed, closed, transient):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 4, size=closed)
    n = int(sizes.sum()) + transient
    S = np.zeros((n, n))
    start = 0
    for size in sizes:
        block = rng.random((size, size)) + 0.05
        S[start:start + size, start:start + size] = block / block.sum(axis=0)
        start += size
    S[:, start:] = rng.random((n, transient)) + 0.01
    S[:, start:] /= S[:, start:].sum(axis=0)
    r = mcda.limit_matrix(S)
    assert r.converged and r.classes == closed
    # independent: the Cesàro limit is the projector onto ker(I − S) along range(I − S); L = lim of high powers
    # (all closed blocks are positive, so aperiodic) and it is idempotent and commutes with S.
    P = np.linalg.matrix_power(S, 4096)
    np.testing.assert_allclose(r.matrix, P, atol=1e-9)
    np.testing.assert_allclose(r.matrix @ r.matrix, r.matrix, atol=1e-12)
    np.testing.assert_allclose(S @ r.matrix, r.matrix, atol=1e-12)
    np.testing.assert_allclose(r.matrix.sum(axis=0), 1, atol=1e-12)
    if closed > 1:
        with pytest.warns(mcda.LimitColumnsWarning, match="column=<node>"):
            r.priorities()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            r.priorities(column=n - 1)


def test_issue_15_cases_and_batch_equals_loop():
    # [[1 − e, e], [e, 1 − e]]: squaring gave inf, 1.45e-34 "converged" and S itself; exact is ½ everywhere.
    stack = np.array([[[1 - e, e], [e, 1 - e]] for e in (1e-7, 1e-8, 1e-10)])
    r = mcda.limit_matrix(stack)
    np.testing.assert_array_equal(r.matrix, 0.5)
    assert r.converged.all() and r.residual.max() == 0
    for k in range(3):
        one = mcda.limit_matrix(stack[k])
        np.testing.assert_array_equal(one.matrix, r.matrix[k])


def test_large_matrices_use_lu_and_agree_with_eig():
    rng = np.random.default_rng(5)
    n = 400  # above the GTH limit
    S = column_stochastic(rng, n, density=0.1)
    S[:, 0] = 1 / n
    r = mcda.limit_matrix(S)
    assert r.converged and r.residual < 1e-12
    np.testing.assert_allclose(r.matrix[:, 7], eig_stationary(S), atol=1e-12)
