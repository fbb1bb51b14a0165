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


# ------------------------------------------------------------------------------------ completion
#: Names of the ways to fill missing judgments (mcda.complete_matrix; completion= of mcda.priorities).
COMPLETION_METHODS = ("lambda-max", "harker", "llsm")

# Newton's method on λmax(x) stops when the gradient is below this (λmax has the scale of n, and
# LAPACK's eigenpairs are good to ~1e-14, so smaller is noise), or after _NEWTON_STEPS steps.
_NEWTON_GRADIENT = 1e-10
_NEWTON_STEPS = 60
_LINE_SEARCH_HALVINGS = 40


def _fill(stack: np.ndarray, rows: np.ndarray, cols: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Copy of ``stack`` with ``a[rows, cols] = exp(x)`` and the reciprocals below the diagonal."""
    A = stack.copy()
    value = np.exp(x)
    A[:, rows, cols] = value
    A[:, cols, rows] = 1.0 / value
    return A


def _perron_root(A: np.ndarray) -> np.ndarray:
    return np.linalg.eigvals(A).real.max(axis=-1)


def _lambda_max_derivatives(A: np.ndarray, rows: np.ndarray, cols: np.ndarray):
    """λmax, its gradient and Hessian in x = log a_ij of the free pairs (rows[k] < cols[k]).

    Perturbation of the simple Perron root λ with right vector w and left vector u (uᵀw = 1):
    with E_k = ∂A/∂x_k (a_ij at (i, j), −a_ji at (j, i)) and F_k = ∂²A/∂x_k² (a_ij and a_ji),
    ∂λ/∂x_k = uᵀE_k w and ∂²λ/∂x_k∂x_l = δ_kl uᵀF_k w + uᵀE_k Z E_l w + uᵀE_l Z E_k w, where
    Z = (λI − A + w uᵀ)⁻¹ − w uᵀ is the reduced resolvent (group inverse of λI − A).  Z needs no
    other eigenvectors, so repeated eigenvalues elsewhere (a consistent completion has n − 1
    zeros) do no harm.
    """
    G, n, _ = A.shape
    w, lam = _eigen(A)
    u, _ = _eigen(np.swapaxes(A, 1, 2))
    u = u / np.einsum("gi,gi->g", u, w)[:, None]
    M = lam[:, None, None] * np.eye(n) - A + w[:, :, None] * u[:, None, :]
    Z = np.linalg.inv(M) - w[:, :, None] * u[:, None, :]
    a_ij = A[:, rows, cols]  # (G, m)
    a_ji = A[:, cols, rows]
    u_i, u_j, w_i, w_j = u[:, rows], u[:, cols], w[:, rows], w[:, cols]
    gradient = a_ij * u_i * w_j - a_ji * u_j * w_i
    diagonal = a_ij * u_i * w_j + a_ji * u_j * w_i
    m = rows.size
    k = np.arange(m)
    left = np.zeros((G, m, n))  # row vectors uᵀE_k
    left[:, k, cols] = a_ij * u_i
    left[:, k, rows] = -a_ji * u_j
    right = np.zeros((G, m, n))  # column vectors E_k w
    right[:, k, rows] = a_ij * w_j
    right[:, k, cols] = -a_ji * w_i
    cross = np.einsum("gkp,gpq,glq->gkl", left, Z, right)
    hessian = cross + np.swapaxes(cross, 1, 2)
    hessian[:, k, k] += diagonal
    return lam, gradient, hessian


def _lambda_max_solve(stack: np.ndarray, rows: np.ndarray, cols: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Minimise λmax over x = log of the free entries, for a stack sharing one missing pattern.

    λmax is a convex function of x (Bozóki, Fülöp & Rónyai 2010, after Kingman 1961), strictly so
    when the answered pairs connect all items, so damped Newton steps (Armijo backtracking) reach
    the unique minimum from any start; the start is the LLSM completion.
    """
    active = np.arange(stack.shape[0])
    for _ in range(_NEWTON_STEPS):
        if active.size == 0:
            break
        A = _fill(stack[active], rows, cols, x[active])
        lam, gradient, hessian = _lambda_max_derivatives(A, rows, cols)
        done = np.abs(gradient).max(axis=1) < _NEWTON_GRADIENT
        if done.all():
            break
        active, lam, gradient, hessian = active[~done], lam[~done], gradient[~done], hessian[~done]
        # Rounding can leave a tiny negative eigenvalue in a nearly flat direction: shift it away.
        ridge = 1e-12 * np.abs(hessian).max(axis=(1, 2)) + 1e-300
        hessian[:, np.arange(rows.size), np.arange(rows.size)] += ridge[:, None]
        try:
            step = -np.linalg.solve(hessian, gradient[..., None])[..., 0]
        except np.linalg.LinAlgError:
            step = -gradient
        slope = np.einsum("gk,gk->g", gradient, step)
        step = np.where((slope < 0)[:, None], step, -gradient)
        slope = np.where(slope < 0, slope, -np.einsum("gk,gk->g", gradient, gradient))
        t = np.ones(active.size)
        pending = np.arange(active.size)
        for _ in range(_LINE_SEARCH_HALVINGS):
            trial = x[active[pending]] + t[pending, None] * step[pending]
            ok = _perron_root(_fill(stack[active[pending]], rows, cols, trial)) <= lam[pending] + 1e-4 * t[pending] * slope[pending] + 1e-13
            x[active[pending[ok]]] = trial[ok]
            pending = pending[~ok]
            if pending.size == 0:
                break
            t[pending] /= 2
        # A matrix whose line search found no decrease is at the minimum to rounding: stop iterating it.
        stuck = np.zeros(active.size, dtype=bool)
        stuck[pending] = True
        active = active[~stuck]
    return x


def _complete(stack: np.ndarray, missing: np.ndarray, method: str) -> np.ndarray:
    """Fill the missing entries of a connected stack by ``method`` ("lambda-max", "harker" or "llsm")."""
    completed = stack.copy()
    incomplete = np.flatnonzero(missing.any(axis=(1, 2)))
    if incomplete.size == 0:
        return completed
    sub, holes = stack[incomplete], missing[incomplete]
    if method == "harker":
        w, _ = _eigen(_harker(sub, holes))
        completed[incomplete] = np.where(holes, w[:, :, None] / w[:, None, :], sub)
        return completed
    logs = np.log(np.where(holes, 1.0, sub))
    v = _llsm_log_weights(logs, holes)
    llsm = np.where(holes, np.exp(v[:, :, None] - v[:, None, :]), sub)
    if method == "llsm":
        completed[incomplete] = llsm
        return completed
    # λmax-optimal: one Newton solve per missing pattern (a questionnaire design shares one), from LLSM.
    n = stack.shape[1]
    patterns, which = np.unique(holes.reshape(len(incomplete), -1), axis=0, return_inverse=True)
    which = np.asarray(which).ravel()
    for k, pattern in enumerate(patterns):
        members = np.flatnonzero(which == k)
        rows, cols = np.nonzero(np.triu(pattern.reshape(n, n), 1))
        x = np.log(llsm[members][:, rows, cols])
        x = _lambda_max_solve(np.where(holes[members], 1.0, sub[members]), rows, cols, x)
        completed[incomplete[members]] = _fill(np.where(holes[members], 1.0, sub[members]), rows, cols, x)
    return completed
