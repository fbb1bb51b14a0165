"""Fuzzy AHP by Buckley's fuzzy geometric mean, batch first: an analysis choice beside the crisp weights.

Each crisp Saaty judgment becomes a triangular fuzzy number ``(l, m, u)``
(:func:`triangular_numbers`, the usual table: 1 → (1, 1, 1), k → (k−1, k, k+1)
for k = 2 … 8, 9 → (8, 9, 9); a judgment below 1 is the inverse of its
reciprocal's number, ``(1/u, 1/m, 1/l)``, so the fuzzy matrix stays
reciprocal).  Buckley (1985) then takes, per component, the fuzzy geometric
mean of each row and normalises it by the fuzzy sum of all rows::

    r_i = (⊗_j a_ij)^(1/n) = ((Π_j l_ij)^(1/n), (Π_j m_ij)^(1/n), (Π_j u_ij)^(1/n))
    w_i = r_i ⊗ (r_1 ⊕ … ⊕ r_n)^-1 = (l_i / Σ u,  m_i / Σ m,  u_i / Σ l)

— the inverse of a triangular number reverses its components, so the lower
weight divides by the *upper* sum.  The fuzzy weights are defuzzified
(:data:`DEFUZZIFICATIONS`: the centroid ``(l + m + u) / 3``, or the graded
mean ``(l + 4m + u) / 6``) and normalised to sum 1.  A panel's fuzzy
judgments are combined by the weighted geometric mean per component
(:func:`aggregate_fuzzy_judgments`; Liu, Eckert & Earl 2020, Eq. 9).

Why Chang's extent analysis is not offered
------------------------------------------
Chang's (1996) extent analysis is the most used fuzzy AHP method, but its
weights are degrees of possibility ``V(S_i ≥ S_k)``, which are 0 whenever two
synthetic extents do not overlap: a criterion can get weight exactly 0 however
much it matters, and the ``l`` of one number and the ``u`` of the other never
enter the comparison, so the weights ignore information in the judgments.
Wang, Luo & Hua (2008) show that these weights do not represent the relative
importance of the criteria and can lead to wrong decisions; Liu, Eckert &
Earl (2020) reach the same conclusion in their review.  rahbord therefore
offers Buckley's geometric mean only (:data:`NOT_OFFERED` holds the reason,
which the options registry gives to anyone who asks for ``chang``).

References
----------
Buckley, J. J. (1985). Fuzzy hierarchical analysis. *Fuzzy Sets and Systems*
17(3), 233–247.
Chang, D.-Y. (1996). Applications of the extent analysis method on fuzzy AHP.
*EJOR* 95(3), 649–655.
Wang, Y.-M., Luo, Y., Hua, Z. (2008). On the extent analysis method for fuzzy
AHP and its applications. *EJOR* 186(2), 735–747.
Liu, Y., Eckert, C. M., Earl, C. (2020). A review of fuzzy AHP methods for
decision-making with subjective judgements. *Expert Systems with
Applications* 161, 113738 (Eqs. 9, 27, 39 and 41; Section 6.4 on extent analysis).

>>> import numpy as np
>>> A = np.array([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]])
>>> r = fuzzy_priorities(fuzzy_matrix(A))
>>> r.weights.round(3).tolist()
[0.629, 0.263, 0.107]
>>> r.fuzzy_weights[0].round(3).tolist()
[0.431, 0.637, 0.919]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from .errors import ArgumentError, MatrixError
from .pairwise import as_matrix_stack
from .plain import readonly

__all__ = [
    "DEFUZZIFICATIONS",
    "FUZZY_DEFUZZIFICATION",
    "NOT_OFFERED",
    "FuzzyPriorities",
    "aggregate_fuzzy_judgments",
    "aggregate_fuzzy_weights",
    "defuzzify",
    "fuzzy_matrix",
    "fuzzy_priorities",
    "triangular_numbers",
]

#: the largest value of Saaty's scale: a judgment of 9 has no upper spread (9 → (8, 9, 9))
SCALE_MAX = 9.0

#: defuzzification of a triangular number (l, m, u), by name
DEFUZZIFICATIONS: Mapping[str, str] = MappingProxyType({
    "centroid": "(l + m + u) / 3",  # centre of area (Liu et al. 2020, Eq. 39)
    "graded-mean": "(l + 4m + u) / 6",  # graded mean integration (Liu et al. 2020, Eq. 41)
})

#: the fuzzy analysis choices of :data:`mcda.FUZZY_METHODS` and the defuzzification each uses
FUZZY_DEFUZZIFICATION: Mapping[str, str] = MappingProxyType({"buckley": "centroid", "buckley-graded": "graded-mean"})

#: methods deliberately left out, with the reason given to whoever asks for them
NOT_OFFERED: Mapping[str, str] = MappingProxyType({
    "chang": (
        "Chang's (1996) extent analysis is not offered: its degree-of-possibility weights are 0 whenever two "
        "synthetic extents do not overlap and they ignore part of each judgment, so they do not measure the "
        "relative importance of the items (Wang, Luo & Hua 2008, EJOR 186(2) 735-747); use buckley"
    ),
})


# ---------------------------------------------------------------------------------------------- numerics


def _triangular(x: np.ndarray) -> np.ndarray:
    """(..., 3) triangular numbers of positive crisp judgments (any shape)."""
    above = x >= 1
    m = np.maximum(x, 1.0 / x)  # the judgment on the ≥ 1 side
    # k → (k−1, k, k+1), clipped to the scale: 1 → (1, 1, 1), 9 → (8, 9, 9); values between the
    # labels (an aggregate, a completed pair) take the same piecewise-linear spread.
    l = np.maximum(1.0, m - 1.0)
    u = np.maximum(m, np.minimum(SCALE_MAX, m + np.minimum(1.0, m - 1.0)))
    out = np.empty(x.shape + (3,))
    out[..., 0] = np.where(above, l, 1.0 / u)
    out[..., 1] = x  # the middle value is the judgment itself
    out[..., 2] = np.where(above, u, 1.0 / l)
    return out


def _buckley(F: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fuzzy geometric means r (..., n, 3) and fuzzy weights w (..., n, 3) of fuzzy matrices (..., n, n, 3)."""
    n = F.shape[-2]
    r = np.exp(np.log(F).sum(axis=-2) / n)  # per row i and component: (Π_j a_ij)^(1/n)
    total = r.sum(axis=-2, keepdims=True)  # (..., 1, 3): (Σ l, Σ m, Σ u)
    return r, r / total[..., ::-1]  # (Σ r)^-1 = (1/Σu, 1/Σm, 1/Σl)


def _defuzzify(T: np.ndarray, method: str) -> np.ndarray:
    l, m, u = T[..., 0], T[..., 1], T[..., 2]
    return (l + m + u) / 3.0 if method == "centroid" else (l + 4.0 * m + u) / 6.0


# ---------------------------------------------------------------------------------------------- checks


def _check_defuzzification(method: str) -> str:
    if isinstance(method, str) and method in DEFUZZIFICATIONS:
        return method
    raise ArgumentError(f"`defuzzification` must be one of {', '.join(DEFUZZIFICATIONS)} (got {method!r})")


def _fuzzy_stack(F, name: str = "fuzzy matrix") -> tuple[np.ndarray, bool]:
    """``(stack (N, n, n, 3), single)`` of a validated fuzzy matrix (n, n, 3) or stack (N, n, n, 3)."""
    try:
        array = np.asarray(F, dtype=float)
    except (TypeError, ValueError) as error:
        raise MatrixError(f"`{name}` must hold numbers (l, m, u) ({error})") from None
    if array.ndim not in (3, 4) or array.shape[-1] != 3 or array.shape[-2] != array.shape[-3]:
        raise MatrixError(
            f"`{name}` must be an n×n matrix of triangular numbers, shape (n, n, 3), or a stack (N, n, n, 3) "
            f"(got shape {array.shape}); fuzzify crisp judgments with mcda.fuzzy_matrix"
        )
    single = array.ndim == 3
    stack = array[None] if single else array
    n = stack.shape[1]
    problems = []
    if n < 2:
        problems.append(f"needs at least 2 items to compare (got shape {array.shape})")
    # two reductions on a valid stack (NaN fails `min > 0`); the slow searches only when something is wrong
    if not (stack.min() > 0 and np.isfinite(stack.max())):
        problems.append("every component must be a positive finite number (no 0, negative, NaN or infinity; "
                        "complete unanswered pairs first)")
    elif not ((stack[..., 0] <= stack[..., 1]).all() and (stack[..., 1] <= stack[..., 2]).all()):
        k, i, j = np.argwhere(np.diff(stack, axis=-1).min(axis=-1) < 0)[0]
        where = f"({i}, {j})" if single else f"matrix {k} ({i}, {j})"
        problems.append(f"{where} = {tuple(float(v) for v in stack[k, i, j])} is not ordered l ≤ m ≤ u")
    elif not np.allclose(stack[:, np.arange(n), np.arange(n)], 1.0):
        problems.append("every diagonal entry must be (1, 1, 1)")
    if problems:
        raise MatrixError(f"`{name}` is not a fuzzy pairwise-comparison matrix: " + "; ".join(problems))
    return np.ascontiguousarray(stack), single


def _expert_weights(weights, K: int) -> np.ndarray:
    if weights is None:
        return np.full(K, 1.0 / K)
    w = np.asarray(weights, dtype=float)
    if w.shape != (K,) or not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ArgumentError(f"`weights` must be {K} non-negative numbers with a positive sum (got {weights!r})")
    return w / w.sum()


# ---------------------------------------------------------------------------------------------- public


def triangular_numbers(judgments) -> np.ndarray:
    """The triangular fuzzy number ``(l, m, u)`` of each crisp Saaty judgment (shape ``(..., 3)``).

    1 → (1, 1, 1); k → (k−1, k, k+1) for k = 2 … 8; 9 → (8, 9, 9); a
    judgment ``x < 1`` gets ``(1/u, 1/m, 1/l)`` of the number of ``1/x``.
    A value between the labels (an aggregate or a completed pair) gets the
    same spread, piecewise linear in the value; a value above 9 (a completion
    can leave the scale) keeps ``u = m``.

    >>> triangular_numbers([1, 3, 9, 1/4]).round(4).tolist()
    [[1.0, 1.0, 1.0], [2.0, 3.0, 4.0], [8.0, 9.0, 9.0], [0.2, 0.25, 0.3333]]
    """
    x = np.asarray(judgments, dtype=float)
    if not np.all(np.isfinite(x)) or np.any(x <= 0):
        raise ArgumentError("judgments to fuzzify must be positive finite numbers (complete unanswered pairs first)")
    return _triangular(x)


def fuzzy_matrix(A, *, labels: Sequence[str] | None = None, name: str = "matrix") -> np.ndarray:
    """The fuzzy pairwise matrix ``(n, n, 3)`` (or stack ``(N, n, n, 3)``) of a complete crisp matrix or stack.

    ``A`` is validated as :func:`mcda.priorities` does (square, positive,
    reciprocal, diagonal 1; any positive ratio is accepted, as an aggregate
    or a completed matrix may leave the 1–9 scale); a missing judgment
    (``NaN``) must be completed first (:func:`mcda.complete_matrix`).

    >>> fuzzy_matrix([[1, 2], [1/2, 1]])[0, 1].tolist()
    [1.0, 2.0, 3.0]
    """
    stack, single = as_matrix_stack(A, labels=labels, name=name)
    F = _triangular(stack)
    return F[0] if single else F


def aggregate_fuzzy_judgments(F, weights=None) -> np.ndarray:
    """The panel's fuzzy matrix ``(n, n, 3)``: the weighted geometric mean of the experts' ``(K, n, n, 3)``, per component.

    ``weights`` (one per expert, default equal) are normalised to sum 1
    (Liu, Eckert & Earl 2020, Eq. 9); reciprocity is kept, as in AIJ.

    >>> aggregate_fuzzy_judgments([fuzzy_matrix([[1, 2], [1/2, 1]]), fuzzy_matrix([[1, 8], [1/8, 1]])])[0, 1].round(4).tolist()
    [2.6458, 4.0, 5.1962]
    """
    stack, _ = _fuzzy_stack(F, "fuzzy judgments")
    w = _expert_weights(weights, stack.shape[0])
    return np.exp(np.einsum("k,kijc->ijc", w, np.log(stack)))


def aggregate_fuzzy_weights(W, weights=None) -> np.ndarray:
    """The panel's fuzzy weights ``(n, 3)``: the weighted arithmetic mean of the experts' ``(K, n, 3)``, per component (AIP)."""
    array = np.asarray(W, dtype=float)
    if array.ndim != 3 or array.shape[-1] != 3 or not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ArgumentError(f"`W` must be (K, n, 3) non-negative fuzzy weights (got shape {array.shape})")
    return np.einsum("k,kic->ic", _expert_weights(weights, array.shape[0]), array)


def defuzzify(T, method: str = "centroid") -> np.ndarray:
    """Crisp values of triangular numbers ``(..., 3)`` by ``method`` (:data:`DEFUZZIFICATIONS`).

    >>> defuzzify([[1, 2, 3], [1, 2, 9]]).tolist(), defuzzify([1, 2, 9], "graded-mean").item()
    ([2.0, 4.0], 3.0)
    """
    T = np.asarray(T, dtype=float)
    if T.shape[-1:] != (3,):
        raise ArgumentError(f"triangular numbers must have a last axis of 3 (l, m, u) (got shape {T.shape})")
    return _defuzzify(T, _check_defuzzification(method))


@dataclass(frozen=True, slots=True, eq=False)
class FuzzyPriorities:
    """Buckley's fuzzy priorities of one fuzzy matrix (``(n, …)`` arrays) or a stack (``(N, n, …)``).

    ``geometric_means`` are the rows' fuzzy geometric means ``r_i``,
    ``fuzzy_weights`` the normalised fuzzy weights ``w_i`` (both ``(…, n, 3)``:
    l, m, u), ``crisp`` their defuzzified values and ``weights`` those values
    normalised to sum 1.
    """

    geometric_means: np.ndarray
    fuzzy_weights: np.ndarray
    crisp: np.ndarray
    weights: np.ndarray
    defuzzification: str
    labels: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        for name in ("geometric_means", "fuzzy_weights", "crisp", "weights"):
            object.__setattr__(self, name, readonly(getattr(self, name)))

    @property
    def n(self) -> int:
        return int(self.weights.shape[-1])

    def __repr__(self) -> str:
        if self.weights.ndim > 1:
            return f"FuzzyPriorities({self.weights.shape[0]} matrices of {self.n} items, {self.defuzzification})"
        names = self.labels or [str(k) for k in range(self.n)]
        return "FuzzyPriorities(" + ", ".join(f"{a}={w:.3f}" for a, w in zip(names, self.weights)) + \
            f"; {self.defuzzification})"

    def to_dict(self) -> dict:
        return {
            "labels": None if self.labels is None else list(self.labels),
            "geometric_means": self.geometric_means.tolist(),
            "fuzzy_weights": self.fuzzy_weights.tolist(),
            "crisp": self.crisp.tolist(),
            "weights": self.weights.tolist(),
            "defuzzification": self.defuzzification,
        }

    def to_frame(self):
        """One row per item (single matrix): the fuzzy weight's l, m, u, its crisp value and the normalised weight."""
        import pandas as pd

        if self.weights.ndim > 1:
            raise ArgumentError("to_frame() shows one matrix; index the stack's arrays for the others")
        frame = pd.DataFrame(self.fuzzy_weights, columns=["l", "m", "u"], index=list(self.labels or range(self.n)))
        frame["crisp"] = self.crisp
        frame["weight"] = self.weights
        return frame


def fuzzy_priorities(F, defuzzification: str = "centroid", *, labels: Sequence[str] | None = None) -> FuzzyPriorities:
    """Buckley's (1985) fuzzy geometric-mean priorities of a fuzzy matrix ``(n, n, 3)`` or stack ``(N, n, n, 3)``.

    ``r_i = (Π_j a_ij)^(1/n)`` per component, ``w_i = r_i ⊗ (Σ_k r_k)^-1 =
    (l_i/Σu, m_i/Σm, u_i/Σl)``, defuzzified by ``defuzzification``
    (``"centroid"`` or ``"graded-mean"``) and normalised.  Start from crisp
    judgments with :func:`fuzzy_matrix`.  A stack is computed in one pass (no
    loop over matrices).

    >>> F = fuzzy_matrix([[1, 2], [1/2, 1]])
    >>> fuzzy_priorities(F).fuzzy_weights.round(4).tolist()
    [[0.366, 0.6667, 1.0981], [0.2113, 0.3333, 0.634]]
    """
    method = _check_defuzzification(defuzzification)
    stack, single = _fuzzy_stack(F)
    if labels is not None and len(labels) != stack.shape[1]:
        raise ArgumentError(f"{len(labels)} labels given for {stack.shape[1]} items")
    r, w = _buckley(stack)
    crisp = _defuzzify(w, method)
    normalised = crisp / crisp.sum(axis=-1, keepdims=True)
    if single:
        r, w, crisp, normalised = r[0], w[0], crisp[0], normalised[0]
    return FuzzyPriorities(r, w, crisp, normalised, method, None if labels is None else tuple(labels))
