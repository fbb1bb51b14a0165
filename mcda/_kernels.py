"""Numeric kernels shared by :mod:`mcda.priorities` and :mod:`mcda.incomplete` (private).

Each works on a whole ``(N, n, n)`` stack; the public modules validate their
input and call these.  They live apart so that neither public module has to
reach into the other's private names.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .errors import DisconnectedComparisonsError

_TOLERANCE = 1e-12
_SQUARINGS = 3
_MAX_ITERATIONS = 60
_UNCHECKED_STEPS = 2
# Row products of up to this many entries in [1/9, 9] stay far from overflow (9**100 ≈ 3e95).
_PRODUCT_LIMIT = 100


def _geometric_start(stack: np.ndarray) -> np.ndarray:
    """Row-geometric-mean weights of complete positive matrices, normalised to Σ = 1."""
    n = stack.shape[-1]
    if n <= _PRODUCT_LIMIT:
        w = np.prod(stack, axis=-1) ** (1.0 / n)
    else:
        v = np.log(stack).mean(axis=-1)
        w = np.exp(v - v.max(axis=-1, keepdims=True))
    return w / w.sum(axis=-1, keepdims=True)


def _eigen(stack: np.ndarray, start: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Perron vectors (Σ = 1) and Perron roots of a stack of nonnegative irreducible matrices.

    Power iteration on ``B = A^(2^s)`` (same Perron vector, error ratio
    raised to the 2^s) from ``start``; λmax = Σ (A w) since Σ w = 1.
    """
    N, n, _ = stack.shape
    w = _geometric_start(np.where(stack > 0, stack, 1.0)) if start is None else start
    squarings = _SQUARINGS if n > 2 else 0
    # Entries of A^(2^s) are at most (n·max a_ij)^(2^s); rescale only when that could overflow.
    rescale = squarings and (2**squarings) * np.log10(n * float(stack.max())) > 200
    B = stack
    for _ in range(squarings):
        B = np.matmul(B, B)
        if rescale:
            B /= B.max(axis=(1, 2), keepdims=True)  # eigenvectors are unchanged by scaling
    weights = np.empty((N, n))
    # `rows` are the matrices still iterated (positions in the stack); converged ones are
    # dropped only when that halves the work, since copying B costs more than a few extra products.
    rows = unconverged = np.arange(N)
    B_rows, w_rows = B, w
    # From geometric-mean weights (error ~1e-2) even a fast ratio of 1e-4 needs 3 steps to reach 1e-12,
    # so the first steps skip the convergence test.
    for _ in range(_UNCHECKED_STEPS if start is not None else 0):
        w_rows = np.matmul(B_rows, w_rows[:, :, None])[:, :, 0]
        w_rows /= w_rows.sum(axis=1, keepdims=True)
    for _ in range(_MAX_ITERATIONS):
        Bw = np.matmul(B_rows, w_rows[:, :, None])[:, :, 0]
        Bw /= Bw.sum(axis=1, keepdims=True)
        done = np.abs(Bw - w_rows).max(axis=1) < _TOLERANCE
        w_rows = Bw
        weights[rows[done]] = w_rows[done]
        unconverged = rows[~done]
        if unconverged.size == 0:
            break
        if unconverged.size <= rows.size // 2:
            keep = ~done
            rows, w_rows, B_rows = unconverged, w_rows[keep], B_rows[keep]
    if unconverged.size:
        weights[unconverged] = _eigen_lapack(stack[unconverged])
    lambda_max = np.matmul(stack, weights[:, :, None])[:, :, 0].sum(axis=1)
    return weights, lambda_max


def _eigen_lapack(stack: np.ndarray) -> np.ndarray:
    """Fallback for matrices whose power iteration did not converge: LAPACK's eig."""
    values, vectors = np.linalg.eig(stack)
    k = np.argmax(values.real, axis=1)
    w = np.abs(vectors[np.arange(len(stack)), :, k].real)
    return w / w.sum(axis=1, keepdims=True)


def _reachable_from_first(answered: np.ndarray) -> np.ndarray:
    """(N, n) bool: which items are connected to item 0, for each adjacency matrix in the stack.

    Boolean reachability by repeated squaring of (I + adjacency): after k
    squarings paths of length up to 2**k are covered, so ⌈log2 n⌉ matrix
    products settle every matrix of the stack at once.
    """
    N, n, _ = answered.shape
    reach = answered.astype(np.float32)
    reach[:, np.arange(n), np.arange(n)] = 1.0
    for _ in range(max(1, int(np.ceil(np.log2(n))))):
        reach = np.minimum(np.matmul(reach, reach), 1.0)
    return reach[:, 0, :] > 0


def _disconnected(stack: np.ndarray) -> dict[int, list[int]]:
    missing = np.isnan(stack)
    candidates = np.flatnonzero(missing.any(axis=(1, 2)))
    if candidates.size == 0:
        return {}
    reached = _reachable_from_first(~missing[candidates])
    broken = ~reached.all(axis=1)
    return {int(candidates[k]): np.flatnonzero(~reached[k]).tolist() for k in np.flatnonzero(broken)}


def _raise_disconnected(cut_off: dict[int, list[int]], n: int, single: bool, labels: Sequence[str] | None) -> None:
    def name(i: int) -> str:
        return repr(labels[i]) if labels is not None else str(i)

    lines = []
    for k, items in list(cut_off.items())[:10]:
        rest = [i for i in range(n) if i not in items]
        where = "" if single else f"matrix {k}: "
        lines.append(
            f"{where}item{'s' if len(items) > 1 else ''} {', '.join(name(i) for i in items)} "
            f"{'are' if len(items) > 1 else 'is'} not connected to {', '.join(name(i) for i in rest)} "
            "by any answered comparison"
        )
    more = f"\n  … and {len(cut_off) - 10} more matrices" if len(cut_off) > 10 else ""
    listed = "\n".join(f"  - {line}" for line in lines)
    raise DisconnectedComparisonsError(
        "the answered comparisons do not link every item to the others, so their relative weights are unknown "
        f"(ask for at least one comparison across each gap):\n{listed}{more}",
        cut_off=cut_off,
    )


def _harker(stack: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """Harker's (1987) matrix: missing entries 0, a_ii = 1 + (number missing in row i)."""
    B = np.where(missing, 0.0, stack)
    n = stack.shape[1]
    d = np.arange(n)
    B[:, d, d] += missing.sum(axis=2)
    return B


def _llsm_log_weights(logs: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """Logarithmic least-squares log-weights (centred, Σ v = 0) of a stack; ``missing`` marks unanswered entries.

    Complete matrices skip the linear solve: there ``L + 11ᵀ = n I`` and
    ``v`` is the row mean of the logs, i.e. the row geometric mean.
    """
    N, n, _ = logs.shape
    v = np.where(missing, 0.0, logs).sum(axis=2) / n
    incomplete = np.flatnonzero(missing.any(axis=(1, 2)))
    if incomplete.size:
        v[incomplete] = _laplacian_solve(logs[incomplete], missing[incomplete])
    return v - v.mean(axis=1, keepdims=True)


def _laplacian_solve(logs: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """Solve (L + 11ᵀ) v = r for a stack: L the Laplacian of the answered-pair graph, r_i = Σ_j ln a_ij answered.

    These are the normal equations of min Σ_answered (ln a_ij − v_i + v_j)²; on a
    connected graph the added 11ᵀ pins Σ v = Σ r / n and makes the system non-singular.
    """
    n = logs.shape[1]
    answered = ~missing
    r = np.where(missing, 0.0, logs).sum(axis=2)
    system = np.where(answered, 0.0, 1.0)  # off-diagonal: −1 (edge) + 1, or 0 + 1 (no edge)
    d = np.arange(n)
    system[:, d, d] = answered.sum(axis=2)  # degree + 1 (the diagonal counts as "answered")
    return np.linalg.solve(system, r[..., None])[..., 0]
