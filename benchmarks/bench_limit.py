"""ANP limit at 1000 nodes against an exact stationary solve (LU) measured in the same run.

Target (design.md, issue 15): ``mcda.limit_matrix`` at most 2× the time of one
``numpy.linalg.solve`` of the same 1000-node supermatrix's stationary system,
with the same answer.  Also times a nearly decomposable and a cyclic
supermatrix of the same size, where repeated squaring used to fail or crawl.
"""

from __future__ import annotations

import numpy as np

import mcda
from benchmarks.timing import best_of, verdict

NODES = 1000


def supermatrices(n: int, seed: int = 3) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    sparse = rng.random((n, n)) * (rng.random((n, n)) < 0.2)
    sparse[np.arange(n), np.arange(n)] += 1e-3
    half = n // 2
    nearly = rng.random((n, n))
    nearly[:half, half:] *= 1e-9
    nearly[half:, :half] *= 1e-9
    cyclic = np.zeros((n, n))  # three clusters influencing each other in a ring: period 3
    cuts = [0, n // 3, 2 * n // 3, n]
    for c in range(3):
        rows = slice(cuts[(c + 1) % 3], cuts[(c + 1) % 3 + 1])
        cyclic[rows, cuts[c]:cuts[c + 1]] = rng.random((cuts[(c + 1) % 3 + 1] - cuts[(c + 1) % 3], cuts[c + 1] - cuts[c]))
    return {name: S / S.sum(axis=0) for name, S in (("sparse", sparse), ("nearly decomposable", nearly), ("cyclic", cyclic))}


def lu_stationary(S: np.ndarray) -> np.ndarray:
    """The reference: (S − I) π = 0 with the last equation replaced by Σ π = 1, one LAPACK LU solve."""
    n = S.shape[0]
    Q = S - np.eye(n)
    Q[-1, :] = 1.0
    rhs = np.zeros(n)
    rhs[-1] = 1.0
    return np.linalg.solve(Q, rhs)


def run() -> dict[str, float]:
    print(f"limit_matrix at {NODES} nodes vs one LU solve of the stationary system (numpy.linalg.solve)")
    ratios = {}
    for name, S in supermatrices(NODES).items():
        t_lu = best_of(lambda: lu_stationary(S), repeat=5)
        t_ours = best_of(lambda: mcda.limit_matrix(S), repeat=5)
        result = mcda.limit_matrix(S)
        assert result.converged, f"{name}: not converged"
        # LU loses ~eps/ε on nearly decomposable chains; the exact answer is checked in tests/test_limit_exact.py
        assert np.allclose(result.matrix[:, 0], lu_stationary(S), atol=1e-8), f"{name}: answers disagree"
        ratio = t_ours / t_lu
        ratios[name] = ratio
        state = f"period {result.period}" if result.cyclic else "aperiodic"
        print(f"  {name:20s} ({state}): LU {t_lu * 1e3:7.1f} ms   limit_matrix {t_ours * 1e3:7.1f} ms   "
              f"ratio {ratio:.2f}  (target ≤ 2: {verdict(ratio <= 2)})")
    return {f"limit_ratio_vs_lu_{name.replace(' ', '_')}": r for name, r in ratios.items()}


if __name__ == "__main__":
    run()
