"""ANP limit matrix of a 500-node supermatrix against a plain NumPy loop.

Target (design.md): ``mcda.limit_matrix`` at most 2× the time of a plain
repeated-squaring loop that stops at the same tolerance.
"""

from __future__ import annotations

import numpy as np

import mcda
from benchmarks.timing import best_of, verdict

NODES = 500
TOL = 1e-9


def random_supermatrix(n: int, seed: int = 1) -> np.ndarray:
    """A sparse-ish column-stochastic matrix, as a weighted supermatrix is."""
    rng = np.random.default_rng(seed)
    S = rng.random((n, n)) * (rng.random((n, n)) < 0.2)
    S[np.arange(n), np.arange(n)] += 1e-3  # keep every column non-empty
    return S / S.sum(axis=0, keepdims=True)


def numpy_squaring(S: np.ndarray, tol: float = TOL, max_iter: int = 64) -> np.ndarray:
    P = S
    for _ in range(max_iter):
        Q = P @ P
        if np.max(np.abs(Q - P)) < tol:
            return Q
        P = Q
    return P


def run() -> dict[str, float]:
    S = random_supermatrix(NODES)
    t_numpy = best_of(lambda: numpy_squaring(S), repeat=5)
    t_rahbord = best_of(lambda: mcda.limit_matrix(S, tol=TOL), repeat=5)
    ours = mcda.limit_matrix(S, tol=TOL).matrix
    assert np.allclose(ours, numpy_squaring(S), atol=1e-7), "limit matrices disagree"
    ratio = t_rahbord / t_numpy
    print(f"limit_matrix, {NODES}-node column-stochastic supermatrix (tolerance {TOL:g})")
    print(f"  plain NumPy repeated squaring {t_numpy * 1e3:8.1f} ms")
    print(f"  mcda.limit_matrix             {t_rahbord * 1e3:8.1f} ms")
    print(f"  time ratio rahbord / numpy = {ratio:.2f}  (target ≤ 2: {verdict(ratio <= 2)})")
    return {"limit_ratio_vs_numpy": ratio}
