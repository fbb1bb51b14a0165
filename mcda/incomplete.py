"""Incomplete matrices: connectivity, Harker's method, logarithmic least squares.

An expert may leave comparisons unanswered (``NaN``), or a questionnaire may
ask only some pairs to keep the burden human.  Priorities still exist as
long as the *comparison graph* — items as nodes, answered pairs as edges — is
connected (Bozóki, Fülöp & Rónyai 2010, Theorem 2); otherwise some items are
cut off and their weights relative to the rest are unknowable.

Eigenvector method — Harker (1987), "Alternative modes of questioning in the
analytic hierarchy process", *Mathematical Modelling* 9(3–5), 353–360:
replace each missing ``a_ij`` by 0 and add to ``a_ii`` the number of missing
entries in row *i*.  The Perron vector ``w`` of that matrix is the
eigenvector of the matrix completed with ``a_ij = w_i / w_j``, with the same
λmax — which therefore gives CI and CR.

Geometric method — logarithmic least squares over the answered pairs
(Kwiesielewicz 1996; Bozóki, Fülöp & Rónyai 2010): minimise
``Σ (ln a_ij − v_i + v_j)²`` over answered pairs, i.e. solve ``L v = r`` with
``L`` the graph Laplacian and ``r_i = Σ_j ln a_ij``; ``w = exp(v)``
normalised.  On a complete matrix this is the row geometric mean.

>>> import numpy as np
>>> from mcda.incomplete import complete_matrix
>>> A = np.array([[1, 2, np.nan], [1/2, 1, 2], [np.nan, 1/2, 1]])
>>> complete_matrix(A).round(3).tolist()
[[1.0, 2.0, 4.0], [0.5, 1.0, 2.0], [0.25, 0.5, 1.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .errors import DisconnectedComparisonsError
from .pairwise import as_matrix_stack

__all__ = ["check_connected", "complete_matrix", "harker_matrix"]


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


def check_connected(stack, labels: Sequence[str] | None = None) -> None:
    """Raise :class:`~mcda.DisconnectedComparisonsError` unless every matrix's comparison graph is connected.

    ``stack`` is one ``(n, n)`` matrix or an ``(N, n, n)`` stack with ``NaN``
    for unanswered pairs.  The error names, per matrix, the items that no
    chain of answered comparisons links to item 0 (by label when ``labels``
    are given); ``error.cut_off`` maps matrix index → those item indices.
    Vectorised over the stack (boolean reachability by repeated squaring).

    >>> import numpy as np
    >>> A = np.array([[1, 2, np.nan], [1/2, 1, np.nan], [np.nan, np.nan, 1]])
    >>> check_connected(A, labels=["S", "W", "O"])
    Traceback (most recent call last):
    ...
    mcda.errors.DisconnectedComparisonsError: the answered comparisons do not link every item to the others, so their relative weights are unknown (ask for at least one comparison across each gap):
      - item 'O' is not connected to 'S', 'W' by any answered comparison
    """
    array, single = as_matrix_stack(stack, allow_missing=True, labels=labels, name="stack")
    cut_off = _disconnected(array)
    if cut_off:
        _raise_disconnected(cut_off, array.shape[1], single, labels)


def _harker(stack: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """Harker's (1987) matrix: missing entries 0, a_ii = 1 + (number missing in row i)."""
    B = np.where(missing, 0.0, stack)
    n = stack.shape[1]
    d = np.arange(n)
    B[:, d, d] += missing.sum(axis=2)
    return B


def harker_matrix(A) -> np.ndarray:
    """Harker's (1987) auxiliary matrix of an incomplete matrix (same shape as ``A``).

    Missing entries become 0 and each diagonal entry becomes 1 plus the
    number of missing entries in its row.  Its principal eigenpair is that
    of the optimally completed reciprocal matrix.

    >>> import numpy as np
    >>> harker_matrix(np.array([[1, 2, np.nan], [1/2, 1, 2], [np.nan, 1/2, 1]])).tolist()
    [[2.0, 2.0, 0.0], [0.5, 1.0, 2.0], [0.0, 0.5, 2.0]]
    """
    stack, single = as_matrix_stack(A, allow_missing=True)
    B = _harker(stack, np.isnan(stack))
    return B[0] if single else B


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


def complete_matrix(A) -> np.ndarray:
    """Fill each ``NaN`` of an incomplete matrix (or stack) with ``w_i / w_j`` from Harker's weights.

    The answered entries are kept as given.  The completed matrix has
    Harker's weights as its principal eigenvector and the same λmax
    (Harker 1987), so its CR is the CR reported for the incomplete one.
    Raises :class:`~mcda.DisconnectedComparisonsError` if the answered
    comparisons do not connect all items.
    """
    from .priorities import _eigen  # priorities imports this module; import late to avoid a cycle

    stack, single = as_matrix_stack(A, allow_missing=True)
    missing = np.isnan(stack)
    cut_off = _disconnected(stack)
    if cut_off:
        _raise_disconnected(cut_off, stack.shape[1], single, None)
    weights, _ = _eigen(_harker(stack, missing))
    ratios = weights[:, :, None] / weights[:, None, :]
    completed = np.where(missing, ratios, stack)
    return completed[0] if single else completed
