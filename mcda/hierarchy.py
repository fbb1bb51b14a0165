"""Hierarchy synthesis for SWOT-AHP (A'WOT): global factor weights and strategy scores.

A SWOT-AHP model has three levels under the goal: the SWOT *groups* (S, W, O,
T or any others), the *factors* inside each group, and the candidate
*strategies* evaluated against every factor (Kurttila et al. 2000; Kangas et
al. 2001, "A'WOT").  Synthesis is the ordinary AHP composition (Saaty 1980):

* global factor weight ``g_f = w_group(f) · l_f`` (group weight times the
  factor's local weight inside its group);
* strategy score ``s_a = Σ_f g_f · x_af`` where ``x_af`` is the local score of
  strategy ``a`` for factor ``f`` — a priority vector per factor when strategies
  are compared pairwise (distributive mode), or intensity values of a rating
  scale (absolute measurement, Saaty 1986), optionally divided by the column
  maximum (ideal mode, Belton & Gear 1983).
* an unrated cell (NaN: no expert rated strategy ``a`` on factor ``f``) is left
  out of that strategy's score, which is renormalised over the factors it was
  rated on: ``s_a = Σ_{f rated} g_f · x_af / Σ_{f rated} g_f`` (a strategy rated
  on every factor keeps ``Σ g_f = 1`` in the denominator, so complete data give
  exactly the plain composition).

Every function is batch first: a leading axis of draws (Monte Carlo,
sensitivity sweeps, bootstrap over experts) is carried through unchanged, so
``group_weights`` of shape ``(D, G)`` gives ``(D, F)`` global weights and
``(D, S)`` strategy scores in one vectorised call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import MatrixError
from .plain import freeze_arrays, plain_data

__all__ = [
    "compose_hierarchy",
    "HierarchyResult",
    "global_factor_weights",
    "local_strategy_scores",
    "composite_scores",
    "rank_scores",
    "synthesize",
    "fill_unrated",
    "GROUP_WEIGHTING_METHODS",
    "GroupScaling",
    "group_scaling",
    "representative_factors",
]

#: modes for turning the strategies × factors matrix into local scores
MODES = ("distributive", "ideal", "raw")

#: how the groups' scaling factors are judged (named, labelled and explained in :data:`mcda.GROUP_WEIGHTINGS`)
GROUP_WEIGHTING_METHODS = ("direct", "kurttila")

# Sums of published priority vectors are off by rounding; 1e-6 accepts
# computed vectors and rejects weights that plainly do not sum to one.
_SUM_TOL = 1e-6


# --------------------------------------------------------------------------- ranks
def rank_scores(scores: Any, *, ties: str = "min", rtol: float = 1e-9, atol: float = 1e-12) -> np.ndarray:
    """Rank scores along the last axis, 1 = best (largest score).

    ``ties="min"`` gives tied scores the better (smaller) rank, as in sports
    tables ("1, 2, 2, 4"); ``ties="average"`` gives them the mean rank
    ("1, 2.5, 2.5, 4", the mid-ranks Kendall's W uses).  Scores closer than
    ``atol + rtol·|score|`` count as tied, so two strategies whose scores differ
    only by floating-point noise share a rank.

    >>> rank_scores([0.2, 0.5, 0.2, 0.1]).tolist()
    [2, 1, 2, 4]
    >>> rank_scores([0.2, 0.5, 0.2, 0.1], ties="average").tolist()
    [2.5, 1.0, 2.5, 4.0]
    """
    x = np.asarray(scores, dtype=float)
    if x.ndim == 0:
        raise MatrixError("`scores` must have at least one axis (got a scalar)")
    if ties not in ("min", "average"):
        raise MatrixError(f"`ties` must be 'min' or 'average' (got {ties!r})")
    # Pairwise comparison is O(n²) per row, which is what we want for the
    # handful of strategies/items of a decision model and keeps tolerance ties.
    xi = x[..., :, None]
    xj = x[..., None, :]
    close = np.abs(xi - xj) <= atol + rtol * np.maximum(np.abs(xi), np.abs(xj))
    better = (xj > xi) & ~close
    n_better = better.sum(axis=-1)
    if ties == "min":
        return (1 + n_better).astype(int)
    n_tied = close.sum(axis=-1)  # includes the item itself
    return 1.0 + n_better + (n_tied - 1) / 2.0


# ------------------------------------------------------------------- validation
def _as_float(name: str, value: Any, min_ndim: int) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MatrixError(f"`{name}` must be numeric ({exc})") from None
    if arr.ndim < min_ndim:
        raise MatrixError(f"`{name}` must have at least {min_ndim} axis/axes (got shape {arr.shape})")
    return arr


def _first_bad(mask: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(mask)[0])


def _all_finite_nonnegative(arr: np.ndarray) -> bool:
    """One cheap pass for the common case (NaN fails ``min() >= 0``; +inf fails ``max() < inf``)."""
    return arr.size == 0 or bool(arr.min() >= 0 and arr.max() < np.inf)


def _check_finite_nonnegative(name: str, arr: np.ndarray) -> None:
    if _all_finite_nonnegative(arr):
        return
    if not np.all(np.isfinite(arr)):
        where = _first_bad(~np.isfinite(arr))
        raise MatrixError(f"`{name}` must be finite (got {arr[where]} at index {list(where)})")
    if np.any(arr < 0):
        where = _first_bad(arr < 0)
        raise MatrixError(f"`{name}` must be non-negative (got {arr[where]:g} at index {list(where)})")


def _check_factor_groups(factor_groups: Any, n_groups: int | None = None) -> np.ndarray:
    groups = np.asarray(factor_groups)
    if groups.ndim != 1 or groups.size == 0:
        raise MatrixError(f"`factor_groups` must be a 1-D sequence of group indices, one per factor (got shape {groups.shape})")
    if not np.issubdtype(groups.dtype, np.integer):
        if np.issubdtype(groups.dtype, np.floating) and np.all(np.equal(np.mod(groups, 1), 0)):
            groups = groups.astype(int)
        else:
            raise MatrixError(f"`factor_groups` must hold integer group indices (got dtype {groups.dtype})")
    if np.any(groups < 0):
        raise MatrixError(f"`factor_groups` must be non-negative group indices (factor {int(np.argmax(groups < 0))} has {int(groups[groups < 0][0])})")
    if n_groups is not None:
        if np.any(groups >= n_groups):
            bad = int(np.argmax(groups >= n_groups))
            raise MatrixError(
                f"`factor_groups` names group {int(groups[bad])} for factor {bad}, "
                f"but `group_weights` has only {n_groups} groups (indices 0–{n_groups - 1})"
            )
        empty = sorted(set(range(n_groups)) - set(groups.tolist()))
        if empty:
            raise MatrixError(f"group(s) {empty} have no factor in `factor_groups`; every group needs at least one factor")
    return groups


def _check_sums_to_one(name: str, sums: np.ndarray, what: str) -> None:
    bad = np.abs(sums - 1.0) > _SUM_TOL
    if np.any(bad):
        where = _first_bad(bad)
        raise MatrixError(f"`{name}` must sum to 1 {what} (got {sums[where]:.6g} at batch index {list(where)})")


def _is_per_group(local: Any, groups: np.ndarray, n_groups: int) -> bool:
    """True when ``local`` is given per group (mapping, or one vector per group)."""
    if isinstance(local, Mapping):
        return True
    if isinstance(local, np.ndarray) or not isinstance(local, Sequence) or len(local) != n_groups:
        return False
    sizes = np.bincount(groups, minlength=n_groups)
    try:
        return all(np.ndim(v) == 1 and len(v) == sizes[g] for g, v in enumerate(local))
    except TypeError:
        return False


def _local_from_mapping(
    local: Mapping[Any, Any] | Sequence[Any], groups: np.ndarray, n_groups: int, group_ids: Sequence[str] | None
) -> np.ndarray:
    """Place per-group local weight vectors at their factors' positions."""
    if isinstance(local, Mapping):
        items = list(local.items())
    else:
        items = list(enumerate(local))
    out = np.full(groups.shape, np.nan)
    seen: set[int] = set()
    for key, vec in items:
        if isinstance(key, (int, np.integer)):
            g = int(key)
        elif group_ids is not None and key in group_ids:
            g = list(group_ids).index(key)
        else:
            hint = f"; known group ids: {list(group_ids)}" if group_ids is not None else " (pass `group_ids` to use names)"
            raise MatrixError(f"`local_factor_weights` has key {key!r}, which is not a group index{hint}")
        if not 0 <= g < n_groups:
            raise MatrixError(f"`local_factor_weights` has group {g}, but there are only {n_groups} groups")
        vec = np.atleast_1d(np.asarray(vec, dtype=float))
        where = np.flatnonzero(groups == g)
        if vec.shape != (where.size,):
            raise MatrixError(
                f"`local_factor_weights` for group {key!r} must have one weight per factor of that group "
                f"({where.size} factors), got shape {vec.shape}"
            )
        out[where] = vec
        seen.add(g)
    missing = sorted(set(range(n_groups)) - seen)
    if missing:
        # A group with a single factor needs no comparisons: its local weight is 1.
        for g in list(missing):
            where = np.flatnonzero(groups == g)
            if where.size == 1:
                out[where] = 1.0
                missing.remove(g)
    if missing:
        names = [group_ids[g] for g in missing] if group_ids is not None else missing
        raise MatrixError(f"`local_factor_weights` has no weights for group(s) {names}")
    return out


# ------------------------------------------------------------------------ maths
def global_factor_weights(
    group_weights: Any, local_factor_weights: Any, factor_groups: Any, *, normalize: bool = False
) -> np.ndarray:
    """Global factor weights ``g_f = w_{group(f)} · l_f`` (Saaty 1980; Kurttila et al. 2000).

    ``group_weights`` has shape ``(..., G)`` and sums to 1 along the last axis;
    ``local_factor_weights`` has shape ``(..., F)`` and sums to 1 inside each
    group; ``factor_groups`` (F,) gives each factor's group index.  Leading
    (batch) axes broadcast.  The result, shape ``(..., F)``, sums to 1.
    ``normalize=True`` first rescales the group weights and each group's
    local weights to sum 1 — for weights copied from a publication, whose
    rounding leaves sums such as 1.001.

    >>> global_factor_weights([0.6, 0.4], [0.75, 0.25, 1.0], [0, 0, 1]).round(3).tolist()
    [0.45, 0.15, 0.4]
    """
    w = _as_float("group_weights", group_weights, 1)
    groups = _check_factor_groups(factor_groups, w.shape[-1])
    w, local = _checked_weights(w, local_factor_weights, groups, normalize)
    return _global_weights(w, local, groups)


def _checked_weights(w: np.ndarray, local_factor_weights: Any, groups: np.ndarray, normalize: bool):
    """Group and local factor weights validated (finite, ≥ 0, each sums to 1), rescaled first with ``normalize``."""
    local = _as_float("local_factor_weights", local_factor_weights, 1)
    if local.shape[-1] != groups.size:
        raise MatrixError(
            f"`local_factor_weights` must have one weight per factor ({groups.size} in `factor_groups`), "
            f"got {local.shape[-1]} (shape {local.shape})"
        )
    _check_finite_nonnegative("group_weights", w)
    _check_finite_nonnegative("local_factor_weights", local)
    if normalize:
        w, local = _normalised(w, local, groups)
    _check_sums_to_one("group_weights", w.sum(axis=-1), "over the groups")
    group_sums = _group_sums(local, groups, w.shape[-1])
    bad = np.abs(group_sums - 1.0) > _SUM_TOL
    if np.any(bad):
        where = _first_bad(bad)
        raise MatrixError(
            f"`local_factor_weights` must sum to 1 inside each group; group {where[-1]} sums to "
            f"{group_sums[where]:.6g}" + (f" at batch index {list(where[:-1])}" if len(where) > 1 else "")
        )
    return w, local


def _group_sums(local: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Per-group sums of local weights, batch-aware: (..., G)."""
    membership = (groups[None, :] == np.arange(n_groups)[:, None]).astype(float)  # (G, F)
    return local @ membership.T


def _normalised(w: np.ndarray, local: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group weights and each group's local weights rescaled to sum 1."""
    w_sums = w.sum(axis=-1, keepdims=True)
    local_sums = _group_sums(local, groups, w.shape[-1])
    if np.any(w_sums == 0) or np.any(local_sums == 0):
        raise MatrixError("cannot normalise weights that sum to 0 (all group weights, or all local weights of a group, are 0)")
    return w / w_sums, local / local_sums[..., groups]


def _global_weights(w: np.ndarray, local: np.ndarray, groups: np.ndarray) -> np.ndarray:
    return w[..., groups] * local


def local_strategy_scores(strategy_scores: Any, mode: str = "distributive") -> np.ndarray:
    """Local scores of strategies per factor, shape ``(..., S, F)``.

    ``mode="distributive"`` divides each factor column by its sum (priority
    vectors from pairwise comparisons already sum to 1); ``"ideal"`` divides
    each column by its maximum, so the best strategy on a factor scores 1
    (Belton & Gear 1983; Saaty 1994); ``"raw"`` uses the values as given, e.g.
    intensity values of an absolute rating scale (Saaty 1986).

    >>> local_strategy_scores([[2.0, 1.0], [6.0, 1.0]], mode="ideal").tolist()
    [[0.3333333333333333, 1.0], [1.0, 1.0]]
    """
    x = _as_float("strategy_scores", strategy_scores, 2)
    if mode not in MODES:
        raise MatrixError(f"`mode` must be one of {MODES} (got {mode!r})")
    if x.shape[-2] < 1 or x.shape[-1] < 1:
        raise MatrixError(f"`strategy_scores` must be strategies × factors with at least one of each (got shape {x.shape})")
    unrated = None
    if not _all_finite_nonnegative(x):
        unrated = np.isnan(x)
        # NaN is an unrated cell (left out of the strategy's score); anything else must be a finite score ≥ 0
        _check_finite_nonnegative("strategy_scores", np.where(unrated, 0.0, x))
        if not unrated.any():
            unrated = None
    if mode == "raw":
        return x.copy()
    if unrated is None:
        denom = x.sum(axis=-2, keepdims=True) if mode == "distributive" else x.max(axis=-2, keepdims=True)
        empty = np.zeros(denom.shape, dtype=bool)
    else:
        # the column's rated cells alone; a factor no strategy was rated on stays NaN (left out for all)
        rated_x = np.where(unrated, 0.0, x)
        denom = rated_x.sum(axis=-2, keepdims=True) if mode == "distributive" else rated_x.max(axis=-2, keepdims=True)
        empty = unrated.all(axis=-2, keepdims=True)
    if np.any((denom == 0) & ~empty):
        where = _first_bad((denom == 0)[..., 0, :] & ~empty[..., 0, :])
        raise MatrixError(f"every strategy scores 0 on factor {where[-1]}; {mode} mode cannot normalise that column")
    return x / np.where(empty, 1.0, denom)


def composite_scores(global_weights: Any, local_scores: Any) -> np.ndarray:
    """Strategy scores ``s_a = Σ_f g_f · x_af`` — the AHP composition (Saaty 1980).

    ``global_weights`` (..., F) and ``local_scores`` (..., S, F) broadcast over
    leading axes; the result has shape (..., S).

    An unrated cell (NaN) is left out and the strategy's score renormalised
    over the factors it was rated on (see the module docstring):

    >>> composite_scores([0.5, 0.5], [[0.2, float("nan")], [0.8, 0.4]]).round(3).tolist()
    [0.2, 0.6]
    """
    g = np.asarray(global_weights, dtype=float)
    x = np.asarray(local_scores, dtype=float)
    if g.shape[-1] != x.shape[-1]:
        raise MatrixError(
            f"`local_scores` must have one column per factor ({g.shape[-1]} global weights), got {x.shape[-1]} (shape {x.shape})"
        )
    unrated = np.isnan(x)
    if not unrated.any():
        return np.einsum("...f,...sf->...s", g, x)
    scores = np.einsum("...f,...sf->...s", g, np.where(unrated, 0.0, x))
    return _renormalised_over_rated(scores, g, unrated)


def fill_unrated(local_scores: Any, global_weights: Any) -> np.ndarray:
    """Local scores with every unrated cell (NaN) set to its strategy's score over the factors rated.

    The composition of the filled matrix gives exactly the renormalised scores
    (``Σ_f g_f x̃_af = s_a`` when each unrated ``x̃_af = s_a``), so methods that
    need a complete strategies × factors matrix at the given weights — linear
    weight sweeps, TOPSIS and the other ranking methods — see the same scores
    as the synthesis.  Away from those weights a sweep reads the filled value,
    not a new renormalisation.

    >>> fill_unrated([[0.2, float("nan")], [0.8, 0.4]], [0.5, 0.5]).round(3).tolist()
    [[0.2, 0.2], [0.8, 0.4]]
    """
    x = _as_float("local_scores", local_scores, 2)
    unrated = np.isnan(x)
    if not unrated.any():
        return x.copy()
    scores = composite_scores(global_weights, x)
    return np.where(unrated, scores[..., :, None], x)


# ----------------------------------------------------------------- group weighting
def representative_factors(local_factor_weights: Any, factor_groups: Any) -> np.ndarray:
    """Index of each group's most important factor: the highest local priority (first in order on a tie).

    ``local_factor_weights`` (..., F), ``factor_groups`` (F,); returns (..., G)
    factor indices.  In Kurttila et al.'s (2000) A'WOT this factor represents
    its group when the groups are compared.

    >>> representative_factors([0.2, 0.5, 0.3, 0.9, 0.1], [0, 0, 0, 1, 1]).tolist()
    [1, 3]
    """
    local = _as_float("local_factor_weights", local_factor_weights, 1)
    groups = _check_factor_groups(factor_groups)
    if local.shape[-1] != groups.size:
        raise MatrixError(
            f"`local_factor_weights` must have one weight per factor ({groups.size} in `factor_groups`), "
            f"got {local.shape[-1]} (shape {local.shape})"
        )
    n_groups = int(groups.max()) + 1
    out = np.empty((*local.shape[:-1], n_groups), dtype=int)
    for g in range(n_groups):
        members = np.flatnonzero(groups == g)
        if members.size == 0:
            raise MatrixError(f"group {g} has no factor in `factor_groups`; every group needs at least one factor")
        out[..., g] = members[np.argmax(local[..., members], axis=-1)]
    return out


@dataclass(frozen=True, slots=True)
class GroupScaling:
    """The groups' scaling factors and what they mean (:func:`group_scaling`).

    ``scaling_factors`` (..., G) sum to 1; ``global_factor_weights`` (..., F)
    are the local weights scaled by them; ``representatives`` (..., G) is, for
    ``method="kurttila"``, the index of the factor that represented each group
    (``None`` for ``"direct"``).
    """

    method: str
    scaling_factors: np.ndarray
    global_factor_weights: np.ndarray
    representatives: np.ndarray | None = None

    def __post_init__(self) -> None:
        freeze_arrays(self, "scaling_factors", "global_factor_weights")
        if self.representatives is not None:
            object.__setattr__(self, "representatives", np.asarray(self.representatives, dtype=int))
            self.representatives.setflags(write=False)

    def __repr__(self) -> str:
        scale = ", ".join(f"{x:.3f}" for x in np.asarray(self.scaling_factors).reshape(-1)[:6])
        return f"GroupScaling(method={self.method!r}, scaling_factors=[{scale}])"

    def to_dict(self) -> dict[str, Any]:
        return plain_data(self)


def group_scaling(
    group_priorities: Any, local_factor_weights: Any, factor_groups: Any, method: str = "direct", *, normalize: bool = False
) -> GroupScaling:
    """The groups' scaling factors and the global factor weights, by one of two published procedures.

    ``method="direct"`` (the usual SWOT-AHP, Saaty 1980): the groups are
    compared pairwise with respect to the goal; their priorities
    ``group_priorities`` are the scaling factors.

    ``method="kurttila"`` (Kurttila, Pesonen, Kangas & Kajanus 2000, *Forest
    Policy and Economics* 1(1) 41–52, step 3 of A'WOT; also Pesonen et al.
    2001): the factor with the highest local priority in each group represents
    the group; the representatives are compared pairwise and their priorities
    ``p_g`` (summing to 1) are the scaling factors of the groups.  A factor's
    global (overall) priority is its local priority times its group's scaling
    factor, ``g_f = p_group(f) · l_f``, so the global priorities sum to 1.

    Both take ``group_priorities`` (..., G) — the priority vector of the one
    groups comparison — and the same formula; what differs is the question the
    experts answered (and so what the priorities mean), and ``"kurttila"``
    names each group's representative (from ``local_factor_weights``).

    >>> r = group_scaling([0.5, 0.3, 0.2], [0.6, 0.4, 0.3, 0.7, 1.0], [0, 0, 1, 1, 2], "kurttila")
    >>> r.representatives.tolist(), r.global_factor_weights.round(3).tolist()
    ([0, 3, 4], [0.3, 0.2, 0.09, 0.21, 0.2])
    """
    if method not in GROUP_WEIGHTING_METHODS:
        raise MatrixError(f"`method` must be one of {', '.join(GROUP_WEIGHTING_METHODS)} (got {method!r})")
    w = _as_float("group_priorities", group_priorities, 1)
    groups = _check_factor_groups(factor_groups, w.shape[-1])
    w, local = _checked_weights(w, local_factor_weights, groups, normalize)
    representatives = representative_factors(local, groups) if method == "kurttila" else None
    return GroupScaling(method, w, _global_weights(w, local, groups), representatives)


# ------------------------------------------------------------------------ kernel
# ---------------------------------------------------------------- the one hierarchic composition
def compose_hierarchy(
    local: Sequence[np.ndarray], items: Sequence[np.ndarray], parents: Sequence[int], n_elements: int, root: int
) -> np.ndarray:
    """Global weights of every element of a hierarchy from its nodes' local vectors (batch first).

    Node ``k`` is element ``parents[k]`` and spreads its global weight over the
    elements ``items[k]`` by ``local[k]`` (shape ``(..., len(items[k]))``):
    ``g[items] += g[node] · local``.  Nodes must come in topological order
    (every node after all nodes that list it).  ``g[root] = 1``; leading axes of
    the local vectors broadcast.  Returns ``(..., n_elements)``.

    >>> compose_hierarchy([np.array([0.6, 0.4]), np.array([0.5, 0.5])],
    ...                   [np.array([1, 2]), np.array([3, 4])], [0, 1], 5, 0).tolist()
    [1.0, 0.6, 0.4, 0.3, 0.3]
    """
    batch = np.broadcast_shapes(*(np.shape(v)[:-1] for v in local)) if local else ()
    g = np.zeros((*batch, n_elements))
    g[..., root] = 1.0
    for node, where, vector in zip(parents, items, local):
        g[..., where] += g[..., node, None] * vector
    return g


def _synthesis_kernel(
    group_weights: np.ndarray,
    local_factor_weights: np.ndarray,
    local_scores: np.ndarray,
    factor_groups: np.ndarray,
    inner_dependence: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The synthesis on validated arrays: ``(effective group weights, global factor weights, scores)``.

    ``group_weights`` (..., G), ``local_factor_weights`` (..., F),
    ``local_scores`` (..., S, F) (already through :func:`local_strategy_scores`),
    ``factor_groups`` (F,) and, for SWOT-ANP, ``inner_dependence`` W2
    (..., G, G); leading axes broadcast.  With W2 the group weights become
    ``W2 · w`` renormalised (Yüksel & Dağdeviren 2007), otherwise they are
    used as given.  No checks: callers validate once, batches stay fast.
    """
    if inner_dependence is not None:
        mixed = np.einsum("...ij,...j->...i", inner_dependence, group_weights)
        group_weights = mixed / mixed.sum(axis=-1, keepdims=True)
    # The SWOT tree goal → groups → factors → strategies composed by the one hierarchic
    # composition of the package (compose_hierarchy above, which mcda.Hierarchy uses too).
    G, F, S = group_weights.shape[-1], local_factor_weights.shape[-1], local_scores.shape[-2]
    unrated = np.isnan(local_scores)
    any_unrated = bool(unrated.any())
    if any_unrated:
        local_scores = np.where(unrated, 0.0, local_scores)
    factors = 1 + G + np.arange(F)
    strategies = 1 + G + F + np.arange(S)
    members = [np.flatnonzero(factor_groups == g) for g in range(G)]
    local = [group_weights, *(local_factor_weights[..., m] for m in members), *np.moveaxis(local_scores, -1, 0)]
    items = [1 + np.arange(G), *(factors[m] for m in members), *([strategies] * F)]
    parents = [0, *(1 + np.arange(G)), *factors]
    g = compose_hierarchy(local, items, parents, 1 + G + F + S, 0)
    global_w, scores = g[..., factors], g[..., strategies]
    if any_unrated:
        scores = _renormalised_over_rated(scores, global_w, unrated)
    return group_weights, global_w, scores


def _renormalised_over_rated(scores: np.ndarray, global_w: np.ndarray, unrated: np.ndarray) -> np.ndarray:
    """``Σ_{f rated} g_f x_af / Σ_{f rated} g_f`` from the composition's ``Σ_{f rated} g_f x_af``.

    The composition gave unrated cells 0, so ``scores`` already holds the
    numerator; a strategy rated on no factor (or only on factors of weight 0)
    has nothing to renormalise over and keeps its 0.
    """
    rated_weight = np.einsum("...f,...sf->...s", global_w, (~unrated).astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(rated_weight > 0, scores / np.where(rated_weight > 0, rated_weight, 1.0), 0.0)


# ----------------------------------------------------------------------- result
_RESULT_ARRAYS = (
    "group_weights",
    "local_factor_weights",
    "global_factor_weights",
    "local_strategy_scores",
    "strategy_scores",
    "ranks",
    "factor_groups",
    "inner_dependence",
    "interdependent_group_weights",
    "unrated_cells",
)


@dataclass(frozen=True, slots=True)
class HierarchyResult:
    """Result of :func:`synthesize` (SWOT-AHP / A'WOT, or SWOT-ANP with inner dependence).

    Arrays may carry leading batch axes when batch inputs were given; they are
    read-only.  ``ranks`` are 1 = best; tied strategies share the better rank.
    ``group_weights`` are the weights given (w1: groups independent);
    with an ``inner_dependence`` matrix W2, ``interdependent_group_weights``
    holds normalise(W2 · w1), the weights the global factor weights were
    computed with (Yüksel & Dağdeviren 2007); both are ``None`` otherwise.
    ``unrated_cells`` counts, per strategy, the factors it was not rated on
    (NaN scores, left out of its score); ``None`` when every cell was rated.
    """

    group_weights: np.ndarray
    local_factor_weights: np.ndarray
    global_factor_weights: np.ndarray
    local_strategy_scores: np.ndarray
    strategy_scores: np.ndarray
    ranks: np.ndarray
    factor_groups: np.ndarray
    mode: str
    group_ids: tuple[str, ...] | None = field(default=None)
    factor_ids: tuple[str, ...] | None = field(default=None)
    strategy_ids: tuple[str, ...] | None = field(default=None)
    inner_dependence: np.ndarray | None = field(default=None)
    interdependent_group_weights: np.ndarray | None = field(default=None)
    unrated_cells: np.ndarray | None = field(default=None)

    def __post_init__(self) -> None:
        freeze_arrays(self, *_RESULT_ARRAYS)

    @property
    def batched(self) -> bool:
        return self.strategy_scores.ndim > 1

    @property
    def is_network(self) -> bool:
        """True when the groups were made interdependent (SWOT-ANP)."""
        return self.inner_dependence is not None

    @property
    def effective_group_weights(self) -> np.ndarray:
        """The group weights the global factor weights were computed with."""
        return self.group_weights if self.interdependent_group_weights is None else self.interdependent_group_weights

    @property
    def best(self) -> np.ndarray | int | str:
        """Index (or id) of the top strategy; an array of indices for a batch."""
        top = np.argmax(self.strategy_scores, axis=-1)
        if self.batched:
            return top
        return self.strategy_ids[int(top)] if self.strategy_ids else int(top)

    def __repr__(self) -> str:
        shape = self.strategy_scores.shape
        if self.batched:
            return f"HierarchyResult(batch={shape[:-1]}, strategies={shape[-1]}, factors={self.global_factor_weights.shape[-1]}, mode={self.mode!r})"
        scores = ", ".join(f"{s:.3f}" for s in self.strategy_scores[:6])
        more = ", …" if shape[-1] > 6 else ""
        network = ""
        if self.is_network:
            network = "interdependent_group_weights=[" + ", ".join(f"{x:.3f}" for x in self.interdependent_group_weights) + "], "
        return f"HierarchyResult({network}strategy_scores=[{scores}{more}], best={self.best!r}, mode={self.mode!r})"

    def _ids(self, ids: tuple[str, ...] | None, n: int, prefix: str) -> list[str]:
        return list(ids) if ids else [f"{prefix}{i}" for i in range(n)]

    def to_frame(self):
        """Strategies with score and rank (a MultiIndex (draw, strategy) for a batch)."""
        import pandas as pd

        n_s = self.strategy_scores.shape[-1]
        strategies = self._ids(self.strategy_ids, n_s, "strategy_")
        if not self.batched:
            return pd.DataFrame(
                {"score": self.strategy_scores, "rank": self.ranks}, index=pd.Index(strategies, name="strategy")
            )
        flat_scores = self.strategy_scores.reshape(-1, n_s)
        flat_ranks = self.ranks.reshape(-1, n_s)
        index = pd.MultiIndex.from_product([range(flat_scores.shape[0]), strategies], names=["draw", "strategy"])
        return pd.DataFrame({"score": flat_scores.ravel(), "rank": flat_ranks.ravel()}, index=index)

    def groups_frame(self):
        """Group weights (and, for SWOT-ANP, the interdependent ones) — unbatched results only."""
        import pandas as pd

        if self.batched:
            raise MatrixError("groups_frame() needs an unbatched result; index a draw first")
        columns = {"weight": self.group_weights}
        if self.is_network:
            columns["interdependent"] = self.interdependent_group_weights
        ids = self._ids(self.group_ids, self.group_weights.shape[-1], "group_")
        return pd.DataFrame(columns, index=pd.Index(ids, name="group"))

    def factors_frame(self):
        """Factors with group, group weight (as used), local and global weight (unbatched results only)."""
        import pandas as pd

        if self.batched:
            raise MatrixError("factors_frame() needs an unbatched result; index a draw first")
        n_f = self.global_factor_weights.shape[-1]
        n_g = self.group_weights.shape[-1]
        groups = self._ids(self.group_ids, n_g, "group_")
        return pd.DataFrame(
            {
                "group": [groups[g] for g in self.factor_groups],
                "group_weight": self.effective_group_weights[self.factor_groups],
                "local_weight": self.local_factor_weights,
                "global_weight": self.global_factor_weights,
            },
            index=pd.Index(self._ids(self.factor_ids, n_f, "factor_"), name="factor"),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (see :func:`mcda.plain.plain_data`)."""
        return plain_data(self)


def _check_ids(name: str, ids: Sequence[str] | None, n: int) -> tuple[str, ...] | None:
    if ids is None:
        return None
    ids = tuple(ids)
    if len(ids) != n:
        raise MatrixError(f"`{name}` must have {n} entries (got {len(ids)})")
    return ids


def _check_inner_dependence(inner_dependence: Any, n_groups: int, group_ids: Sequence[str] | None) -> np.ndarray:
    from .anp import check_column_stochastic  # anp builds on this module, so it is imported here

    inner = _as_float("inner_dependence", inner_dependence, 2)
    if inner.shape[-2:] != (n_groups, n_groups):
        raise MatrixError(
            f"`inner_dependence` must be {n_groups} × {n_groups} to match `group_weights` (got shape {inner.shape}); "
            "build it with mcda.inner_dependence_matrix"
        )
    return check_column_stochastic(inner, labels=group_ids)


def synthesize(
    group_weights: Any,
    local_factor_weights: Any,
    strategy_scores: Any,
    factor_groups: Any,
    mode: str = "distributive",
    *,
    inner_dependence: Any = None,
    group_ids: Sequence[str] | None = None,
    factor_ids: Sequence[str] | None = None,
    strategy_ids: Sequence[str] | None = None,
    normalize: bool = False,
) -> HierarchyResult:
    """Synthesize a SWOT-AHP (A'WOT) or SWOT-ANP model into strategy scores and ranks.

    Global factor weight ``g_f = w_{group(f)} · l_f``; strategy score
    ``s_a = Σ_f g_f · x_af`` with ``x`` from :func:`local_strategy_scores`
    (Saaty 1980; Kurttila et al. 2000; Kangas et al. 2001).  With
    ``inner_dependence`` W2 the groups influence each other (SWOT-ANP,
    Yüksel & Dağdeviren 2007): ``w`` is first replaced by ``W2 · w``
    renormalised to sum 1.

    Batch first: every array may carry leading axes (draws of a Monte Carlo,
    points of a sweep), which broadcast; one model is the case without them.

    Parameters
    ----------
    group_weights : (..., G) array, sums to 1 (w1: groups assumed independent).
    local_factor_weights : (..., F) array ordered like ``factor_groups``, or a
        mapping / sequence ``group -> (n_g,)`` local priority vector (keys are
        group indices or, with ``group_ids``, group ids).  A group with one
        factor may be omitted (its local weight is 1).
    strategy_scores : (..., S, F) local score of each strategy on each factor;
        NaN marks an unrated cell, left out of that strategy's score (renormalised
        over the factors it was rated on).
    factor_groups : (F,) group index of each factor.
    mode : "distributive" (columns sum to 1: the scores then sum to 1),
        "ideal" (columns divided by their maximum) or "raw" (rating intensities as given).
    inner_dependence : optional (G, G) (or (..., G, G)) column-stochastic
        inner-dependence matrix among the groups, see :func:`mcda.inner_dependence_matrix`.
    normalize : rescale group and local weights to sum 1 first (see
        :func:`global_factor_weights`); off by default, so a wrong sum is an error.

    >>> r = synthesize([0.6, 0.4], {0: [0.75, 0.25], 1: [1.0]},
    ...                [[0.5, 0.2, 0.3], [0.5, 0.8, 0.7]], [0, 0, 1])
    >>> r.global_factor_weights.round(3).tolist()
    [0.45, 0.15, 0.4]
    >>> r.strategy_scores.round(3).tolist(), r.ranks.tolist()
    ([0.375, 0.625], [2, 1])

    SWOT-ANP: S depends half on itself and half on T, so W2 · w1 = [0.4, 0.6]:

    >>> W2 = [[0.5, 0.0], [0.5, 1.0]]
    >>> r = synthesize([0.8, 0.2], [1.0, 1.0], [[0.9, 0.1], [0.1, 0.9]], [0, 1], inner_dependence=W2)
    >>> r.interdependent_group_weights.round(3).tolist(), r.strategy_scores.round(3).tolist()
    ([0.4, 0.6], [0.42, 0.58])
    """
    w = _as_float("group_weights", group_weights, 1)
    n_groups = w.shape[-1]
    inner = None if inner_dependence is None else _check_inner_dependence(inner_dependence, n_groups, group_ids)
    groups = _check_factor_groups(factor_groups, n_groups)
    if _is_per_group(local_factor_weights, groups, n_groups):
        local_factor_weights = _local_from_mapping(local_factor_weights, groups, n_groups, group_ids)
    x = _as_float("strategy_scores", strategy_scores, 2)
    if x.shape[-1] != groups.size:
        raise MatrixError(
            f"`strategy_scores` must be strategies × factors with {groups.size} factor columns "
            f"(one per entry of `factor_groups`), got shape {x.shape}"
        )
    w, local = _checked_weights(w, local_factor_weights, groups, normalize)
    local_x = local_strategy_scores(x, mode)
    used, global_w, scores = _synthesis_kernel(w, local, local_x, groups, inner)
    batch = global_w.shape[:-1]
    # Arrays computed here belong to the result alone: frozen in place, not copied (Monte Carlo chunks are large).
    for fresh in (local_x, global_w, scores):
        fresh.setflags(write=False)
    unrated = np.isnan(local_x)
    unrated_cells = unrated.sum(axis=-1) if unrated.any() else None
    return HierarchyResult(
        group_weights=np.broadcast_to(w, batch + w.shape[-1:]),
        local_factor_weights=np.broadcast_to(local, global_w.shape),
        global_factor_weights=global_w,
        local_strategy_scores=local_x,
        strategy_scores=scores,
        ranks=rank_scores(scores),
        factor_groups=groups,
        mode=mode,
        group_ids=_check_ids("group_ids", group_ids, n_groups),
        factor_ids=_check_ids("factor_ids", factor_ids, groups.size),
        strategy_ids=_check_ids("strategy_ids", strategy_ids, x.shape[-2]),
        inner_dependence=inner,
        interdependent_group_weights=None if inner is None else np.broadcast_to(used, batch + w.shape[-1:]),
        unrated_cells=unrated_cells,
    )
