"""Incomplete matrices: connectivity and three completions (λmax-optimal, Harker, log least squares).

An expert may leave comparisons unanswered (``NaN``), or a questionnaire may
ask only some pairs to keep the burden human.  Priorities still exist as
long as the *comparison graph* — items as nodes, answered pairs as edges — is
connected (Bozóki, Fülöp & Rónyai 2010, Theorem 2); otherwise some items are
cut off and their weights relative to the rest are unknowable.

Eigenvector method — by default the missing entries are those that minimise
λmax (Bozóki, Fülöp & Rónyai 2010, "On optimal completion of incomplete
pairwise comparison matrices", *Mathematical and Computer Modelling* 52(1–2),
318–333): the completed matrix is as consistent as the answers allow, and
its λmax gives CI and CR.  Harker's (1987) method ("Alternative modes of
questioning in the analytic hierarchy process", *Mathematical Modelling*
9(3–5), 353–360) remains a named choice: replace each missing ``a_ij`` by 0
and add to ``a_ii`` the number of missing entries in row *i*; the Perron
vector ``w`` of that matrix is the eigenvector of the matrix completed with
``a_ij = w_i / w_j`` — a fixed point, not the λmax minimum.

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

from ._kernels import COMPLETION_METHODS, _complete, _disconnected, _harker, _raise_disconnected
from .options import COMPLETIONS
from .pairwise import as_matrix_stack

__all__ = ["COMPLETION_METHODS", "check_connected", "complete_matrix", "harker_matrix"]


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


def complete_matrix(A, method: str = "lambda-max") -> np.ndarray:
    """Fill each ``NaN`` of an incomplete matrix (or ``(N, n, n)`` stack); answered entries are kept as given.

    ``method`` (one of :data:`COMPLETION_METHODS`) says what the filled values optimise:

    ``"lambda-max"`` (default)
        The completion with the smallest λmax, hence the smallest CR — the
        inconsistency of an incomplete matrix as Bozóki, Fülöp & Rónyai (2010)
        define it.  λmax is a convex function of the logarithms of the
        missing entries, with a unique minimum when the answered pairs connect
        all items; rahbord finds it by Newton's method with the exact
        gradient and Hessian of the Perron root, started from the LLSM
        completion.
    ``"harker"``
        Harker (1987): ``a_ij = w_i / w_j`` with ``w`` the Perron vector of
        Harker's auxiliary matrix (:func:`harker_matrix`).  It makes ``w`` the
        eigenvector of the completed matrix; it does *not* minimise λmax,
        and the filled values may fall off the 1–9 scale.
    ``"llsm"``
        ``a_ij = w_i / w_j`` with the logarithmic least-squares weights of the
        answered pairs (the ``"geometric"`` method's weights); it minimises
        ``Σ (ln a_ij − ln w_i + ln w_j)²`` over the answered pairs.

    A stack is completed matrix by matrix (the result equals a loop over the
    matrices); λmax-optimal completions of matrices that share a missing
    pattern are solved together.  Raises
    :class:`~mcda.DisconnectedComparisonsError` if the answered comparisons
    do not connect all items.

    Bozóki, Fülöp & Rónyai (2010), Example 3: a_34 missing, optimum x = 0.7302965
    (to their stopping tolerance; van Uden's triad estimate is 0.7302967):

    >>> import numpy as np
    >>> A = np.array([[1, 1, 5, 2], [1, 1, 3, 4], [1/5, 1/3, 1, np.nan], [1/2, 1/4, np.nan, 1]])
    >>> round(float(complete_matrix(A)[2, 3]), 6), round(float(complete_matrix(A, method="harker")[2, 3]), 6)
    (0.730297, 0.721239)
    """
    COMPLETIONS.check(method, field="method")
    stack, single = as_matrix_stack(A, allow_missing=True)
    missing = np.isnan(stack)
    cut_off = _disconnected(stack)
    if cut_off:
        _raise_disconnected(cut_off, stack.shape[1], single, None)
    completed = _complete(stack, missing, method)
    return completed[0] if single else completed
