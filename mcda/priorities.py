"""Priority vectors from pairwise matrices: principal eigenvector and row geometric mean, batched.

Eigenvector method (Saaty 1977, 1980): ``A w = λmax w`` with ``Σ w = 1``;
λmax is the Perron root, ``CI = (λmax − n) / (n − 1)`` and
``CR = CI / RI(n)`` with a named random-index table
(:func:`~mcda.random_index`).  A 2×2 matrix is always consistent: CR = 0.

Geometric (row geometric mean) method (Crawford & Williams 1985):
``w_i ∝ (Π_j a_ij)^(1/n)``.  CR is a property of the matrix, so it is the
same under both methods (computed from the Perron root); the geometric
consistency index ``GCI = 2 / ((n − 1)(n − 2)) · Σ_{i<j} ln²(a_ij w_j / w_i)``
(Aguarón & Moreno-Jiménez 2003) always uses the geometric-mean weights.

``NaN`` marks a missing judgment: the eigenvector method then takes the
eigenvector of the matrix completed by ``completion`` — by default the
λmax-optimal completion (Bozóki, Fülöp & Rónyai 2010), or Harker's (1987)
method or logarithmic least squares (:data:`mcda.COMPLETIONS`) — and the
geometric method uses logarithmic least squares (:mod:`mcda.incomplete`).  For an incomplete matrix GCI divides by the
degrees of freedom ``m − n + 1`` (m answered pairs), which is
``(n − 1)(n − 2) / 2`` when the matrix is complete.

Batch first: :func:`batch_priorities` takes an ``(N, n, n)`` stack and never
loops over matrices in Python.  The Perron vectors come from power iteration
on ``A^8`` (three batched squarings shrink the error ratio ``|λ2/λ1|`` to its
8th power) started from the geometric-mean weights, iterating only the
matrices not yet converged (weight change < 1e-12); the rare matrix that has
not converged after a bounded number of steps goes to ``numpy.linalg.eig``.

Example — the 3×3 matrix of Saaty (2008, *Int. J. Services Sciences* 1(1)):

>>> import numpy as np
>>> A = np.array([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]])
>>> r = priorities(A)
>>> r.weights.round(3).tolist(), round(r.lambda_max, 3), round(r.cr, 3)
([0.637, 0.258, 0.105], 3.039, 0.033)
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._kernels import _complete, _disconnected, _eigen, _geometric_start, _harker, _llsm_log_weights, _raise_disconnected
from .errors import DisconnectedComparisonsError, InconsistencyWarning, MatrixError
from .options import COMPLETIONS, PRIORITY_METHODS
from .pairwise import PairwiseMatrix, as_comparison, labelled_stack
from .random_index import _table, random_index

__all__ = ["PriorityResult", "BatchPriorityResult", "priorities", "batch_priorities"]

# ---------------------------------------------------------------------------------------------- numerics


def _compute(stack: np.ndarray, method: str, completion: str = "lambda-max") -> dict[str, np.ndarray]:
    """Weights, λmax and GCI of a validated stack (NaN = missing). Raises if a graph is disconnected."""
    N, n, _ = stack.shape
    has_missing = bool(np.isnan(stack.min(axis=None)))  # one reduction; NaN propagates through min
    missing = np.isnan(stack) if has_missing else None
    if has_missing:
        cut_off = _disconnected(stack)
        if cut_off:
            return {"cut_off": cut_off}
        logs = np.log(np.where(missing, 1.0, stack))
        logs[missing] = np.nan
        v = _llsm_log_weights(logs, missing)
        geometric = np.exp(v)
        geometric /= geometric.sum(axis=1, keepdims=True)
        # Harker's matrix has the eigenpair of Harker's completion; the other completions are filled in.
        eigen_input = _harker(stack, missing) if completion == "harker" else _complete(stack, missing, completion)
    else:
        geometric = _geometric_start(stack)
        eigen_input = stack
    eigen_weights, lambda_max = _eigen(eigen_input, start=geometric)
    gci = _gci(stack, geometric, missing)
    if method == "eigen":
        weights = eigen_weights
    elif method == "geometric":
        weights = geometric
    else:  # a registered method brings its own weights; λmax and CR stay the matrix's own
        weights = _registered_weights(method, stack)
    return {
        "weights": weights,
        "lambda_max": lambda_max,
        "gci": gci,
        "n_missing": missing.sum(axis=(1, 2)) // 2 if has_missing else np.zeros(N, dtype=int),
    }


def _registered_weights(method: str, stack: np.ndarray) -> np.ndarray:
    weights = np.asarray(PRIORITY_METHODS[method].weights(stack.copy()), dtype=float)
    if weights.shape != stack.shape[:2] or not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise MatrixError(
            f"priority method {method!r} returned weights of shape {weights.shape} with non-finite or negative "
            f"entries (expected {stack.shape[:2]} finite, ≥ 0)"
        )
    return weights / weights.sum(axis=1, keepdims=True)


def _gci(stack: np.ndarray, geometric: np.ndarray, missing: np.ndarray | None) -> np.ndarray:
    """Aguarón & Moreno-Jiménez (2003) GCI, over answered pairs i < j; 0 for n ≤ 2 or a spanning tree."""
    N, n, _ = stack.shape
    if n <= 2:
        return np.zeros(N)
    i, j = np.triu_indices(n, 1)
    errors = np.log(stack[:, i, j] * geometric[:, j] / geometric[:, i])
    if missing is None:
        return 2.0 * np.einsum("kp,kp->k", errors, errors) / ((n - 1) * (n - 2))
    answered = ~missing[:, i, j]
    errors = np.where(answered, errors, 0.0)
    freedom = answered.sum(axis=1) - (n - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        gci = np.where(freedom > 0, np.einsum("kp,kp->k", errors, errors) / np.maximum(freedom, 1), 0.0)
    return gci


# ---------------------------------------------------------------------------------------------- results


def _names(labels: Sequence[str] | None, n: int) -> list[str]:
    return list(labels) if labels is not None else [str(k) for k in range(n)]


@dataclass(frozen=True, slots=True, eq=False)
class PriorityResult:
    """Priorities of one pairwise matrix and its consistency.

    ``weights`` sum to 1; ``cr`` uses the ``ri_table`` random index;
    ``consistent`` is ``cr <= cr_threshold``; ``gci`` uses the geometric-mean
    weights whatever the ``method``; ``n_missing`` counts unanswered pairs.
    ``labels`` name the items and ``name`` the comparison (both optional);
    :meth:`to_series` gives the weights as a labelled :class:`pandas.Series`.
    """

    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float
    gci: float
    consistent: bool
    n: int
    method: str
    ri_table: str
    cr_threshold: float
    n_missing: int = 0
    labels: tuple[str, ...] | None = None
    name: str | None = None

    def __repr__(self) -> str:
        shown = ", ".join(f"{x:.3f}" for x in self.weights[:8]) + (", …" if self.n > 8 else "")
        items = ""
        if self.labels is not None:
            items = ", items=[" + ", ".join(self.labels[:8]) + (", …" if self.n > 8 else "") + "]"
        flag = "" if self.consistent else ", INCONSISTENT"
        name = f", name={self.name!r}" if self.name else ""
        return f"PriorityResult(weights=[{shown}]{items}, cr={self.cr:.3f}, method={self.method!r}{name}{flag})"

    def to_series(self):
        """The weights as a :class:`pandas.Series` indexed by item (named after the comparison)."""
        import pandas as pd

        return pd.Series(self.weights, index=pd.Index(_names(self.labels, self.n), name="item"), name=self.name or "weight")

    @property
    def ranks(self) -> np.ndarray:
        """Rank of each item, 1 = largest weight (ties share the better rank)."""
        return (self.weights[None, :] > self.weights[:, None]).sum(axis=1) + 1

    def to_frame(self):
        """One row per item: ``weight`` and ``rank``."""
        import pandas as pd

        frame = pd.DataFrame(
            {"weight": self.weights, "rank": self.ranks}, index=pd.Index(_names(self.labels, self.n), name="item")
        )
        frame.attrs["name"] = self.name
        return frame

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "labels": _names(self.labels, self.n),
            "weights": [float(x) for x in self.weights],
            "lambda_max": float(self.lambda_max),
            "ci": float(self.ci),
            "cr": float(self.cr),
            "gci": float(self.gci),
            "consistent": bool(self.consistent),
            "n": int(self.n),
            "method": self.method,
            "ri_table": self.ri_table,
            "cr_threshold": float(self.cr_threshold),
            "n_missing": int(self.n_missing),
        }


@dataclass(frozen=True, slots=True, eq=False)
class BatchPriorityResult:
    """Priorities of a stack of N matrices of size n; ``result[k]`` is the :class:`PriorityResult` of matrix k.

    ``ids`` name the matrices (the experts), so ``result["ali"]`` also works and
    :meth:`to_frame` is indexed by expert; ``labels`` name the items and ``name``
    the comparison.
    """

    weights: np.ndarray  # (N, n)
    lambda_max: np.ndarray  # (N,)
    ci: np.ndarray
    cr: np.ndarray
    gci: np.ndarray
    consistent: np.ndarray  # (N,) bool
    n: int
    method: str
    ri_table: str
    cr_threshold: float
    n_missing: np.ndarray  # (N,) int
    labels: tuple[str, ...] | None = None
    ids: tuple[str, ...] | None = None
    name: str | None = None

    def __len__(self) -> int:
        return self.weights.shape[0]

    def __getitem__(self, k: int | str) -> PriorityResult:
        if isinstance(k, str):
            if self.ids is None or k not in self.ids:
                known = f"one of {list(self.ids)}" if self.ids else "an index (no ids were given)"
                raise KeyError(f"no expert {k!r} in this result (expected {known})")
            k = self.ids.index(k)
        k = range(len(self))[k]
        return PriorityResult(
            weights=self.weights[k],
            lambda_max=float(self.lambda_max[k]),
            ci=float(self.ci[k]),
            cr=float(self.cr[k]),
            gci=float(self.gci[k]),
            consistent=bool(self.consistent[k]),
            n=self.n,
            method=self.method,
            ri_table=self.ri_table,
            cr_threshold=self.cr_threshold,
            n_missing=int(self.n_missing[k]),
            labels=self.labels,
            name=self.name if self.ids is None else f"{self.name or 'matrix'} › {self.ids[k]}",
        )

    def __iter__(self):
        return (self[k] for k in range(len(self)))

    def __repr__(self) -> str:
        bad = int((~self.consistent).sum())
        name = f"{self.name}: " if self.name else ""
        items = f" [{', '.join(self.labels[:8])}{', …' if self.n > 8 else ''}]" if self.labels else ""
        return (
            f"BatchPriorityResult({name}{len(self)} matrices of {self.n}×{self.n}{items}, method={self.method!r}, "
            f"{bad} with CR > {self.cr_threshold:g})"
        )

    def to_frame(self):
        """One row per matrix: the weights (one column per item), λmax, CI, CR, GCI, consistent."""
        import pandas as pd

        frame = pd.DataFrame(self.weights, columns=_names(self.labels, self.n))
        if self.ids is not None:
            frame.index = pd.Index(self.ids, name="expert")
        else:
            frame.index.name = "matrix"
        frame.attrs["name"] = self.name
        frame["lambda_max"] = self.lambda_max
        frame["ci"] = self.ci
        frame["cr"] = self.cr
        frame["gci"] = self.gci
        frame["consistent"] = self.consistent
        return frame

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "ids": None if self.ids is None else list(self.ids),
            "labels": _names(self.labels, self.n),
            "weights": self.weights.tolist(),
            "lambda_max": self.lambda_max.tolist(),
            "ci": self.ci.tolist(),
            "cr": self.cr.tolist(),
            "gci": self.gci.tolist(),
            "consistent": self.consistent.tolist(),
            "n": int(self.n),
            "method": self.method,
            "ri_table": self.ri_table,
            "cr_threshold": float(self.cr_threshold),
            "n_missing": self.n_missing.tolist(),
        }


# ---------------------------------------------------------------------------------------------- public


def _check_method(method: str) -> str:
    return PRIORITY_METHODS.check(method)


def __getattr__(name: str):
    # METHODS was a fixed tuple; the registry now decides (kept readable for one release)
    if name == "METHODS":
        return PRIORITY_METHODS.names
    raise AttributeError(f"module 'mcda.priorities' has no attribute {name!r}")


def _check_completion(completion: str) -> str:
    return COMPLETIONS.check(completion, field="completion")


def _readonly(*arrays: np.ndarray) -> None:
    for array in arrays:
        array.setflags(write=False)


def batch_priorities(
    stack,
    method: str = "eigen",
    ri_table="saaty",
    cr_threshold: float = 0.10,
    warn: bool = True,
    labels: Sequence[str] | None = None,
    completion: str = "lambda-max",
    *,
    ids: Sequence[str] | None = None,
    scale: str = "saaty",
    name: str | None = None,
) -> BatchPriorityResult:
    """Priorities, λmax, CI, CR and GCI of every matrix in an ``(N, n, n)`` stack (``NaN`` = missing).

    ``method`` is ``"eigen"`` (principal right eigenvector) or
    ``"geometric"`` (row geometric mean; logarithmic least squares when
    judgments are missing).  When judgments are missing the eigenvector and
    λmax are those of the matrix completed by ``completion`` (one of
    :data:`~mcda.COMPLETION_METHODS`; default the λmax-minimising completion of
    Bozóki, Fülöp & Rónyai 2010, see :func:`~mcda.complete_matrix`).  CR uses the
    ``ri_table`` random index (``"saaty"``, ``"alonso-lamata"`` or a mapping
    ``{n: RI}``) and is 0 for 2×2 matrices.  If any CR exceeds
    ``cr_threshold``, one :class:`~mcda.InconsistencyWarning` is emitted for
    the whole call (``warn=False`` silences it) and ``consistent`` is False
    for those matrices.

    ``stack`` may also be a sequence of :class:`~mcda.PairwiseMatrix` or
    comparison dicts ``{(a, b): value}``, or a mapping ``expert id -> matrix``;
    ``ids`` name the experts (the mapping's keys by default) in the result,
    its frame and every message; ``labels`` name the items.  ``scale`` is the
    policy of :data:`~mcda.SCALES`: ``"saaty"`` refuses judgments outside
    1/9 … 9 (the default, for arrays as for typed judgments), ``"ratio"``
    accepts any positive ratio (measured values, or matrices you computed).
    ``name`` names the comparison in messages.

    Raises :class:`~mcda.MatrixError` for malformed input (every offending
    entry named) and :class:`~mcda.DisconnectedComparisonsError` when the
    answered comparisons of a matrix do not connect all its items.

    >>> import numpy as np
    >>> stack = np.array([[[1, 3], [1/3, 1]], [[1, 1/4], [4, 1]]])
    >>> batch_priorities(stack).weights.tolist()
    [[0.75, 0.25], [0.2, 0.8]]
    >>> b = batch_priorities({"ali": {("S", "W"): 3}, "sara": {("S", "W"): "1/4"}}, name="Groups")
    >>> b.to_frame()[["S", "W"]].round(2).to_dict("index")
    {'ali': {'S': 0.75, 'W': 0.25}, 'sara': {'S': 0.2, 'W': 0.8}}
    """
    _check_method(method)
    table_name, _ = _table(ri_table)
    array, labels, ids = labelled_stack(stack, labels=labels, ids=ids, scale=scale, name=name or "stack")
    return _batch_result(array, method, ri_table, table_name, cr_threshold, warn, labels, single=False,
                         completion=_check_completion(completion), ids=ids, name=name)


def _batch_result(array, method, ri_table, table_name, cr_threshold, warn, labels, single,
                  completion="lambda-max", ids=None, name=None) -> BatchPriorityResult:
    N, n, _ = array.shape
    computed = _compute(array, method, completion)
    if "cut_off" in computed:
        _raise_disconnected_named(computed["cut_off"], n, single, labels, ids, name)
    lambda_max = computed["lambda_max"]
    ci = np.maximum((lambda_max - n) / (n - 1), 0.0) if n > 2 else np.zeros(N)
    ri = random_index(n, ri_table)
    cr = ci / ri if ri > 0 else np.zeros(N)
    consistent = cr <= cr_threshold
    weights = computed["weights"]
    n_missing = computed["n_missing"].astype(int)
    _readonly(weights, lambda_max, ci, cr, computed["gci"], consistent, n_missing)
    result = BatchPriorityResult(
        weights=weights,
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        gci=computed["gci"],
        consistent=consistent,
        n=n,
        method=method,
        ri_table=table_name,
        cr_threshold=float(cr_threshold),
        n_missing=n_missing,
        labels=None if labels is None else tuple(labels),
        ids=ids,
        name=name,
    )
    if warn and not consistent.all():
        _warn_inconsistent(cr, consistent, cr_threshold, table_name, single, ids, name, labels)
    return result


def _raise_disconnected_named(cut_off, n, single, labels, ids, name) -> None:
    """The kernel's disconnection error, with the comparison's name and the experts' ids in it."""
    try:
        _raise_disconnected(cut_off, n, single, labels)
    except DisconnectedComparisonsError as error:
        message = str(error)
        if ids is not None:
            for k in cut_off:
                message = message.replace(f"  - matrix {k}: ", f"  - expert {ids[k]!r}: ")
        if name:
            message = f"`{name}`: {message}"
        raise DisconnectedComparisonsError(message, cut_off=error.cut_off) from None


def _warn_inconsistent(cr, consistent, threshold, table_name, single, ids=None, name=None, labels=None) -> None:
    # Which comparison: its name, else its items — a notebook with twenty matrices must know which one.
    if name:
        about = f"`{name}`: "
    elif labels is not None:
        about = f"comparison of {', '.join(labels[:6])}{', …' if len(labels) > 6 else ''}: "
    else:
        about = ""
    if single:
        message = (
            f"{about}CR = {cr[0]:.3f} exceeds {threshold:g} ({table_name} random index); "
            "the judgments should be revised (see mcda.consistency for which ones)"
        )
    else:
        bad = np.flatnonzero(~consistent)
        shown = [repr(ids[k]) for k in bad[:10]] if ids is not None else [str(k) for k in bad[:10]]
        listed = ", ".join(shown) + (f" and {bad.size - 10} more" if bad.size > 10 else "")
        who = "experts" if ids is not None else "matrices"
        message = (
            f"{about}{bad.size} of {len(cr)} matrices have CR > {threshold:g} ({table_name} random index): "
            f"{who} {listed}; their judgments should be revised (see mcda.consistency)"
        )
    warnings.warn(message, InconsistencyWarning, stacklevel=4)


def priorities(
    A,
    method: str = "eigen",
    ri_table="saaty",
    cr_threshold: float = 0.10,
    warn: bool = True,
    labels: Sequence[str] | None = None,
    completion: str = "lambda-max",
    *,
    items: Sequence[str] | None = None,
    scale: str = "saaty",
    name: str | None = None,
) -> PriorityResult:
    """Priorities and consistency of one pairwise matrix ``A`` (``NaN`` = missing judgment).

    See :func:`batch_priorities` for the methods and options; this is the
    N = 1 case.  ``A`` may be an array, nested lists, a
    :class:`~mcda.PairwiseMatrix` (whose labels and name are used), or — as in
    AHPy — a dict of pairs ``{("coffee", "wine"): 9, ...}`` or a list of
    ``(a, b, value)`` triples, whose items come in order of first mention
    unless ``items`` fixes them (a name outside ``items`` is an error).  One
    ``scale`` policy (:data:`~mcda.SCALES`) holds for every form:
    ``"saaty"`` (the default) refuses judgments outside 1/9 … 9, ``"ratio"``
    takes measured ratios or a matrix you computed (one completed, perturbed
    or averaged off the scale).  ``name``
    names the comparison in the result, its warnings and its errors.

    Saaty's (2008) drinks-consumption matrix, whose published priorities are
    coffee .177, wine .019, tea .042, beer .116, sodas .190, milk .129,
    water .327:

    >>> import numpy as np
    >>> drinks = np.array([
    ...     [1, 9, 5, 2, 1, 1, 1/2], [1/9, 1, 1/3, 1/9, 1/9, 1/9, 1/9],
    ...     [1/5, 3, 1, 1/3, 1/4, 1/3, 1/9], [1/2, 9, 3, 1, 1/2, 1, 1/3],
    ...     [1, 9, 4, 2, 1, 2, 1/2], [1, 9, 3, 1, 1/2, 1, 1/3], [2, 9, 9, 3, 2, 3, 1]])
    >>> priorities(drinks).weights.round(3).tolist()
    [0.177, 0.019, 0.042, 0.116, 0.19, 0.129, 0.327]
    >>> priorities({("tea", "coffee"): "1/5", ("coffee", "wine"): 9, ("tea", "wine"): 3}).to_series().round(3).to_dict()
    {'tea': 0.178, 'coffee': 0.751, 'wine': 0.07}
    """
    _check_method(method)
    table_name, _ = _table(ri_table)
    if items is not None and labels is not None and tuple(items) != tuple(labels):
        raise MatrixError(f"`items` and `labels` name the same thing; give one (got {list(items)} and {list(labels)})")
    labels = labels if labels is not None else items
    A = as_comparison(A, labels=labels, scale=scale, name=name)
    if isinstance(A, PairwiseMatrix):
        labels = A.labels if labels is None else labels
        name = A.name if name is None else name
        scale = A.scale  # checked under its own policy when it was built
    array, labels, _ = labelled_stack(A, labels=labels, scale=scale, name=name or "matrix")
    if array.shape[0] != 1:
        raise MatrixError(
            f"`priorities` takes one matrix (got a stack of {array.shape[0]}); use mcda.batch_priorities"
        )
    return _batch_result(array, method, ri_table, table_name, cr_threshold, warn, labels, single=True,
                         completion=_check_completion(completion), name=name)[0]
