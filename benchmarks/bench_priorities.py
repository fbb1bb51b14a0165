"""batch_priorities on 100,000 matrices of 9×9 against NumPy and AHPy.

Targets (design.md): weights + λmax + CR in at most half the time of one
batched ``numpy.linalg.eigvals`` over the same stack (eigenvalues only), and
at least 50× the throughput of a per-matrix loop in AHPy.
"""

from __future__ import annotations

import warnings

import numpy as np

import mcda
from benchmarks.timing import best_of, verdict

N_MATRICES = 100_000
SIZE = 9
AHPY_SAMPLE = 400


def expert_like_stack(n_matrices: int, size: int, seed: int = 0) -> np.ndarray:
    """Reciprocal matrices as experts give them: a latent weighting, log-normal
    noise, every judgment rounded to the 1–9 scale."""
    rng = np.random.default_rng(seed)
    w = rng.dirichlet(np.ones(size), size=n_matrices)
    ratio = w[:, :, None] / w[:, None, :]
    noisy = ratio * np.exp(rng.normal(0.0, 0.35, ratio.shape))
    rounded = mcda.nearest_scale_value(noisy)
    # keep the upper triangle, mirror its reciprocals below the diagonal
    stack = np.triu(rounded, 1) + np.transpose(np.triu(1.0 / rounded, 1), (0, 2, 1))
    idx = np.arange(size)
    stack[:, idx, idx] = 1.0
    return stack


def ahpy_loop(stack: np.ndarray) -> None:
    import ahpy

    names = [f"c{i}" for i in range(stack.shape[1])]
    for matrix in stack:
        comparisons = {
            (names[i], names[j]): float(matrix[i, j])
            for i in range(len(names))
            for j in range(i + 1, len(names))
        }
        ahpy.Compare("bench", comparisons, precision=6)


def run() -> dict[str, float]:
    stack = expert_like_stack(N_MATRICES, SIZE)
    t_eigvals = best_of(lambda: np.linalg.eigvals(stack))

    def rahbord():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", mcda.InconsistencyWarning)
            mcda.batch_priorities(stack)

    t_rahbord = best_of(rahbord)
    t_ahpy = best_of(lambda: ahpy_loop(stack[:AHPY_SAMPLE]), repeat=1)
    ahpy_rate = AHPY_SAMPLE / t_ahpy
    rahbord_rate = N_MATRICES / t_rahbord
    time_ratio = t_rahbord / t_eigvals
    speedup = rahbord_rate / ahpy_rate

    print(f"batch_priorities, {N_MATRICES:,} matrices of {SIZE}×{SIZE} (eigenvector, weights + λmax + CR)")
    print(f"  numpy.linalg.eigvals (eigenvalues only) {t_eigvals:8.3f} s")
    print(f"  mcda.batch_priorities                   {t_rahbord:8.3f} s   {rahbord_rate:12,.0f} matrices/s")
    print(f"  AHPy per-matrix loop ({AHPY_SAMPLE} matrices)       {t_ahpy:8.3f} s   {ahpy_rate:12,.0f} matrices/s")
    print(f"  time ratio rahbord / eigvals = {time_ratio:.3f}  (target ≤ 0.5: {verdict(time_ratio <= 0.5)})")
    print(f"  throughput ratio rahbord / AHPy = {speedup:,.0f}×  (target ≥ 50×: {verdict(speedup >= 50)})")
    return {"time_ratio_vs_eigvals": time_ratio, "throughput_ratio_vs_ahpy": speedup}
