"""Analytic Network Process: supermatrix, weighting, limit matrix, SWOT-ANP.

The ANP (Saaty 1996, 2005) replaces the AHP's tree by a network of clusters of
nodes.  Every node's influence on the nodes of a cluster is a priority vector
from pairwise comparisons; stacked as columns they make the *unweighted
supermatrix*.  Multiplying each block by the priority of its cluster (the
*cluster matrix*) and renormalising the columns gives the column-stochastic
*weighted supermatrix* S, whose limit ``lim_k S^k`` holds the overall
priorities.  When S is cyclic (periodic) the powers do not converge and the
limit is the Cesàro average of one cycle, ``(1/p) Σ_{j<p} S^{k+j}``
(Saaty 2005, ch. 2).

For SWOT the usual shortcut is Yüksel & Dağdeviren (2007): with w1 the SWOT
group weights and W2 the inner-dependence matrix among the groups,
``w_groups = W2 · w1`` (normalised), global factor weights =
``w_groups × local factor weights`` and strategy scores = ``W4 · global``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import MatrixError
from .hierarchy import HierarchyResult, synthesize

__all__ = [
    "LimitMatrix",
    "SwotAnpResult",
    "check_column_stochastic",
    "inner_dependence_matrix",
    "limit_matrix",
    "swot_anp",
    "unweighted_supermatrix",
    "weighted_supermatrix",
]

# Column sums of a supermatrix built from rounded published priorities are off
# by ~1e-4; computed ones by ~1e-15.  1e-6 accepts the latter only: pass
# `normalize=True` to rescale rounded input.
_STOCHASTIC_ATOL = 1e-6

# Fixed probe vectors for the cheap check S·(P·v) ≈ P·v after squaring has
# converged: O(n²) instead of the O(n³) of S·P.  Fixed seed = reproducible.
_PROBE_SEED = 20070101

# After 2^12 = 4096 steps without settling, look for a cycle before squaring on.
_STALL_CHECK = 12


# ------------------------------------------------------------------ validation
def _labels(labels: Sequence[str] | None, n: int) -> tuple[str, ...] | None:
    if labels is None:
        return None
    labels = tuple(str(x) for x in labels)
    if len(labels) != n:
        raise MatrixError(f"`labels` must name every node: {n} nodes, got {len(labels)} labels")
    return labels


def _name(labels: tuple[str, ...] | None, j: int) -> str:
    return f"{j} ({labels[j]!r})" if labels else str(j)


def check_column_stochastic(
    S: Any, *, labels: Sequence[str] | None = None, atol: float = _STOCHASTIC_ATOL, normalize: bool = False
) -> np.ndarray:
    """Validate a (stack of) column-stochastic matrix ``(..., n, n)`` and return it as floats.

    Every entry must be finite and non-negative and every column must sum to 1
    (within ``atol``).  The error names the offending columns (by label when
    ``labels`` are given).  A column of zeros is a *sink* node — nothing is
    influenced by it; give it a 1 on the diagonal or feedback links.
    ``normalize=True`` rescales columns with a positive sum instead of
    rejecting rounding errors.

    >>> check_column_stochastic([[0.5, 1.0], [0.5, 0.0]]).tolist()
    [[0.5, 1.0], [0.5, 0.0]]
    """
    try:
        s = np.array(S, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MatrixError(f"supermatrix must be numeric ({exc})") from None
    if s.ndim < 2 or s.shape[-1] != s.shape[-2] or s.shape[-1] == 0:
        raise MatrixError(f"supermatrix must be square (got shape {s.shape})")
    n = s.shape[-1]
    names = _labels(labels, n)
    if not np.all(np.isfinite(s)):
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(s))[0])
        raise MatrixError(f"supermatrix must be finite (got {s[where]} in row {where[-2]}, column {_name(names, where[-1])})")
    if np.any(s < 0):
        cols = sorted({int(j) for j in np.argwhere(s < 0)[:, -1]})
        shown = ", ".join(_name(names, j) for j in cols[:8]) + (" …" if len(cols) > 8 else "")
        raise MatrixError(f"supermatrix entries must be non-negative; negative entries in column(s) {shown}")
    sums = s.sum(axis=-2)  # (..., n)
    if normalize:
        positive = sums > 0
        s = np.where(positive[..., None, :], s / np.where(positive, sums, 1.0)[..., None, :], s)
        sums = s.sum(axis=-2)
    bad = np.abs(sums - 1.0) > atol
    if np.any(bad):
        flat_bad = bad.reshape(-1, n).any(axis=0)
        flat_sums = sums.reshape(-1, n)
        cols = np.flatnonzero(flat_bad)
        first = flat_sums[np.argmax(bad.reshape(-1, n).any(axis=1))]
        shown = ", ".join(f"{_name(names, j)} sums to {first[j]:.6g}" for j in cols[:8]) + (" …" if cols.size > 8 else "")
        sinks = [int(j) for j in cols if np.all(s.reshape(-1, n, n)[:, :, j] == 0)]
        hint = (
            f"; column(s) {', '.join(_name(names, j) for j in sinks)} are all zero (sink nodes): "
            "put 1 on their diagonal or add feedback"
            if sinks
            else ("" if normalize else "; pass normalize=True if this is rounding in published priorities")
        )
        raise MatrixError(f"supermatrix is not column-stochastic: column {shown}{hint}")
    return s


def _cluster_slices(clusters: Any) -> tuple[list[str], list[slice], list[str]]:
    """(cluster names, row/column slice per cluster, node labels) from a mapping or sizes."""
    if isinstance(clusters, Mapping):
        names = [str(c) for c in clusters]
        members = [list(v) for v in clusters.values()]
        sizes = [len(m) for m in members]
        nodes = [str(x) for m in members for x in m]
        if len(set(nodes)) != len(nodes):
            dup = sorted({x for x in nodes if nodes.count(x) > 1})
            raise MatrixError(f"node(s) {dup} appear in more than one cluster")
    else:
        sizes = [int(x) for x in clusters]
        names = [str(i) for i in range(len(sizes))]
        nodes = [str(i) for i in range(sum(sizes))]
    if not sizes or any(k < 1 for k in sizes):
        raise MatrixError(f"every cluster needs at least one node (got sizes {sizes})")
    starts = np.cumsum([0] + sizes)
    return names, [slice(int(a), int(b)) for a, b in zip(starts[:-1], starts[1:])], nodes


# ------------------------------------------------------------------ supermatrix
def unweighted_supermatrix(
    clusters: Mapping[str, Sequence[str]], vectors: Mapping[tuple[str, str], Any]
) -> np.ndarray:
    """The unweighted supermatrix from the nodes' priority vectors (Saaty 2005).

    ``clusters`` maps each cluster id to its node ids, in order; the matrix rows
    and columns follow that order.  ``vectors[(node, cluster)]`` is the
    priority vector of ``cluster``'s nodes with respect to ``node`` (its
    influence on them); it becomes the block of column ``node`` and the rows of
    ``cluster``, normalised to sum 1.  Pairs not given are zero blocks.

    >>> unweighted_supermatrix({"C": ["a", "b"], "A": ["x"]},
    ...     {("a", "A"): [1], ("b", "A"): [1], ("x", "C"): [3, 1]}).tolist()
    [[0.0, 0.0, 0.75], [0.0, 0.0, 0.25], [1.0, 1.0, 0.0]]
    """
    names, slices, nodes = _cluster_slices(clusters)
    index = {node: i for i, node in enumerate(nodes)}
    cluster_slice = dict(zip(names, slices))
    n = len(nodes)
    u = np.zeros((n, n))
    for key, vec in vectors.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise MatrixError(f"`vectors` keys must be (node, cluster) pairs (got {key!r})")
        node, cluster = str(key[0]), str(key[1])
        if node not in index:
            raise MatrixError(f"`vectors` names node {node!r}, which is in no cluster; nodes: {nodes}")
        if cluster not in cluster_slice:
            raise MatrixError(f"`vectors` names cluster {cluster!r}; clusters: {names}")
        rows = cluster_slice[cluster]
        v = np.asarray(vec, dtype=float).ravel()
        size = rows.stop - rows.start
        if v.size != size:
            raise MatrixError(
                f"priorities of cluster {cluster!r} with respect to node {node!r} need {size} values (got {v.size})"
            )
        if not np.all(np.isfinite(v)) or np.any(v < 0) or v.sum() <= 0:
            raise MatrixError(
                f"priorities of cluster {cluster!r} with respect to node {node!r} must be finite, non-negative "
                f"and not all zero (got {v.tolist()})"
            )
        u[rows, index[node]] = v / v.sum()
    return u


def weighted_supermatrix(unweighted: Any, clusters: Any, cluster_matrix: Any) -> np.ndarray:
    """Weight an unweighted supermatrix by its cluster matrix (Saaty 2005).

    Block (I, J) is multiplied by ``cluster_matrix[I, J]``, the priority of
    cluster I among the clusters influencing cluster J; then each column is
    divided by its sum, which renormalises the columns whose node influences
    fewer clusters than the cluster matrix allows.  Zero columns (sinks) stay
    zero.  ``clusters`` is the same mapping as for
    :func:`unweighted_supermatrix`, or a sequence of cluster sizes.

    >>> U = [[0.0, 0.0, 0.75], [0.0, 0.0, 0.25], [1.0, 1.0, 0.0]]
    >>> weighted_supermatrix(U, [2, 1], [[0.5, 1.0], [0.5, 0.0]]).tolist()
    [[0.0, 0.0, 0.75], [0.0, 0.0, 0.25], [1.0, 1.0, 0.0]]
    """
    names, slices, _ = _cluster_slices(clusters)
    u = np.asarray(unweighted, dtype=float)
    n = slices[-1].stop
    if u.shape[-2:] != (n, n):
        raise MatrixError(f"unweighted supermatrix must be {n} × {n} to match the clusters (got shape {u.shape})")
    if not np.all(np.isfinite(u)) or np.any(u < 0):
        raise MatrixError("unweighted supermatrix entries must be finite and non-negative")
    c = np.asarray(cluster_matrix, dtype=float)
    k = len(slices)
    if c.shape[-2:] != (k, k):
        raise MatrixError(f"`cluster_matrix` must be {k} × {k}, one row and column per cluster {names} (got shape {c.shape})")
    if not np.all(np.isfinite(c)) or np.any(c < 0):
        raise MatrixError("`cluster_matrix` entries must be finite and non-negative")
    sizes = np.array([s.stop - s.start for s in slices])
    expand = np.repeat(np.arange(k), sizes)
    weights = c[..., expand[:, None], expand[None, :]]
    w = u * weights
    sums = w.sum(axis=-2, keepdims=True)
    return np.where(sums > 0, w / np.where(sums > 0, sums, 1.0), 0.0)


# --------------------------------------------------------------------- limit
@dataclass(frozen=True, slots=True)
class LimitMatrix:
    """The limit of a column-stochastic supermatrix (see :func:`limit_matrix`).

    ``matrix`` is ``lim S^k`` or, when ``cyclic``, the Cesàro average over one
    period of length ``period``.  ``iterations`` counts the squarings.
    ``converged`` is False only when neither squaring nor the cycle search
    settled within the limits (``matrix`` is then the last power computed).
    Fields are arrays with the batch shape for a batch of supermatrices.
    """

    matrix: np.ndarray
    converged: Any
    cyclic: Any
    period: Any
    iterations: Any
    labels: tuple[str, ...] | None = None

    @property
    def batched(self) -> bool:
        return self.matrix.ndim > 2

    def _index(self, nodes: Any) -> np.ndarray:
        n = self.matrix.shape[-1]
        if nodes is None:
            return np.arange(n)
        out = []
        for node in nodes:
            if isinstance(node, (int, np.integer)):
                if not 0 <= int(node) < n:
                    raise MatrixError(f"node index {node} is out of range (0–{n - 1})")
                out.append(int(node))
            elif self.labels and str(node) in self.labels:
                out.append(self.labels.index(str(node)))
            else:
                raise MatrixError(f"unknown node {node!r}" + (f"; nodes: {list(self.labels)}" if self.labels else ""))
        if not out:
            raise MatrixError("`nodes` is empty; name at least one node")
        return np.array(out)

    def priorities(self, nodes: Any = None, *, column: Any = None) -> np.ndarray:
        """Limit priorities of ``nodes`` (indices or labels), normalised to sum 1.

        By default the mean over the limit matrix's columns (all columns are
        equal for an irreducible supermatrix); pass ``column`` (a node) to read
        the priorities as seen from that node, e.g. the goal.
        """
        rows = self._index(nodes)
        if column is None:
            values = self.matrix[..., rows, :].mean(axis=-1)
        else:
            values = self.matrix[..., rows, self._index([column])[0]]
        total = values.sum(axis=-1, keepdims=True)
        if np.any(total == 0):
            raise MatrixError("the chosen nodes all have limit priority 0 (transient nodes); choose other nodes")
        return values / total

    def __repr__(self) -> str:
        if self.batched:
            return f"LimitMatrix(batch={self.matrix.shape[:-2]}, n={self.matrix.shape[-1]})"
        state = f"cyclic, period={self.period}" if self.cyclic else ("converged" if self.converged else "NOT converged")
        return f"LimitMatrix(n={self.matrix.shape[-1]}, {state}, iterations={self.iterations})"

    def to_frame(self):
        """The limit matrix as a DataFrame labelled by node (unbatched results only)."""
        import pandas as pd

        if self.batched:
            raise MatrixError("to_frame() needs an unbatched result; index one supermatrix first")
        names = list(self.labels) if self.labels else list(range(self.matrix.shape[-1]))
        return pd.DataFrame(self.matrix, index=pd.Index(names, name="node"), columns=pd.Index(names, name="from"))

    def to_dict(self) -> dict[str, Any]:
        def plain(x):
            return np.asarray(x).tolist()

        return {
            "matrix": self.matrix.tolist(),
            "converged": plain(self.converged),
            "cyclic": plain(self.cyclic),
            "period": plain(self.period),
            "iterations": plain(self.iterations),
            "labels": list(self.labels) if self.labels else None,
        }


def _probe(n: int) -> np.ndarray:
    return np.random.default_rng(_PROBE_SEED).random((n, 2))


def _find_period(S: np.ndarray, P: np.ndarray, tol: float, max_period: int) -> int | None:
    """Smallest p with S^p·P·v ≈ P·v for fixed probe vectors v — O(n²) per step."""
    v = _probe(S.shape[-1])
    x0 = P @ v
    scale = tol * v.sum(axis=0).max()
    x = x0
    for p in range(1, max_period + 1):
        x = S @ x
        if np.max(np.abs(x - x0)) <= scale:
            return p
    return None


def _period_sum(S: np.ndarray, p: int) -> np.ndarray:
    """Σ_{j<p} S^j by binary doubling: T_{a+b} = T_a + S^a·T_b (≤ 4·log2 p matmuls)."""
    n = S.shape[-1]
    acc_m, acc_t = np.eye(n), np.zeros((n, n))  # (S^0, T_0)
    base_m, base_t = S, np.eye(n)  # (S^1, T_1)
    while p:
        if p & 1:
            acc_m, acc_t = acc_m @ base_m, acc_t + acc_m @ base_t
        p >>= 1
        if p:
            base_m, base_t = base_m @ base_m, base_t + base_m @ base_t
    return acc_t


def _cesaro(S: np.ndarray, P: np.ndarray, tol: float, max_period: int) -> tuple[np.ndarray, int] | None:
    """Period p and Cesàro limit (1/p)·Σ_{j<p} S^j·P, verified by S·C ≈ C."""
    p = _find_period(S, P, tol, max_period)
    if p is None:
        return None
    limit = P if p == 1 else (_period_sum(S, p) @ P) / p
    if np.max(np.abs(S @ limit - limit)) > max(100.0 * tol, 1e-10):
        return None
    return limit, p


def limit_matrix(
    S: Any,
    tol: float = 1e-9,
    max_iter: int = 64,
    *,
    labels: Sequence[str] | None = None,
    normalize: bool = False,
    max_period: int | None = None,
) -> LimitMatrix:
    """Limit of a column-stochastic supermatrix by repeated squaring (Saaty 2005).

    ``P ← P·P`` until ``max|P_{k+1} − P_k| < tol`` (P_k = S^(2^k)).  A cheap
    O(n²) probe then checks ``S·P ≈ P``; only when it fails, or squaring does
    not settle within ``max_iter`` squarings, is S treated as cyclic: the
    smallest period p with ``S^p·P ≈ P`` is found and the limit is the Cesàro
    average ``(P + S·P + … + S^(p−1)·P) / p``.  A 2-state flip chain, for
    instance, has period 2 and the uniform Cesàro limit.

    ``S`` may be a stack ``(..., n, n)``; a column that does not sum to 1 is an
    error naming it (see :func:`check_column_stochastic`).

    >>> r = limit_matrix([[0.5, 0.2], [0.5, 0.8]])
    >>> r.matrix.round(4).tolist(), r.cyclic
    ([[0.2857, 0.2857], [0.7143, 0.7143]], False)
    >>> r = limit_matrix([[0, 1], [1, 0]])
    >>> r.matrix.tolist(), r.cyclic, r.period
    ([[0.5, 0.5], [0.5, 0.5]], True, 2)
    """
    if not (np.isfinite(tol) and tol > 0):
        raise MatrixError(f"`tol` must be a positive number (got {tol!r})")
    if int(max_iter) < 1:
        raise MatrixError(f"`max_iter` must be at least 1 (got {max_iter!r})")
    s = check_column_stochastic(S, labels=labels, normalize=normalize)
    n = s.shape[-1]
    names = _labels(labels, n)
    batch_shape = s.shape[:-2]
    stack = s.reshape(-1, n, n)
    b = stack.shape[0]

    # --- plain repeated squaring; buffers reused so the loop is matmul-bound.
    p = stack.copy()
    q = np.empty_like(p)
    t = np.empty_like(p)
    converged = np.zeros(b, dtype=bool)
    cyclic = np.zeros(b, dtype=bool)
    period = np.ones(b, dtype=int)
    iterations = np.zeros(b, dtype=int)
    result = np.empty_like(p)
    settled = np.zeros(b, dtype=bool)  # converged, or its Cesàro limit is known
    limit_period = int(max_period) if max_period is not None else max(2 * n, 128)
    cycle_tol = max(10.0 * tol, 1e-12)

    def try_cycle(i: int, *, trivial: bool = True) -> None:
        found = _cesaro(stack[i], p[i], cycle_tol, limit_period)
        if found is not None and (trivial or found[1] > 1):
            result[i], period[i] = found
            cyclic[i] = period[i] > 1
            converged[i] = True
            settled[i] = True

    for k in range(1, int(max_iter) + 1):
        np.matmul(p, p, out=q)
        np.subtract(q, p, out=t)
        np.abs(t, out=t)
        diff = t.max(axis=(-1, -2))
        p, q = q, p
        iterations[~settled] = k
        newly = ~settled & (diff < tol)
        result[newly] = p[newly]
        converged |= newly
        settled |= newly
        if settled.all():
            break
        if k == _STALL_CHECK:
            # S^4096 still moving: most likely cyclic (periods 3, 5, … never settle
            # under squaring), so look for the cycle now instead of squaring on.
            for i in np.flatnonzero(~settled):
                try_cycle(i, trivial=False)  # p = 1 here is slow mixing: keep squaring
            if settled.all():
                break

    # --- periodicity: the probe S·(P·v) vs P·v costs two mat-vecs per matrix.
    result[~settled] = p[~settled]
    probe = _probe(n)
    pv = result @ probe
    drift = np.abs(stack @ pv - pv).max(axis=(-1, -2))
    suspect = ~settled | (converged & ~cyclic & (drift > 10.0 * tol * probe.sum(axis=0).max()))
    for i in np.flatnonzero(suspect):
        converged[i] = False  # unless a (possibly trivial) cycle is found and verified
        try_cycle(i)

    def out(x):
        x = x.reshape(batch_shape)
        return x.item() if x.ndim == 0 else x

    return LimitMatrix(
        matrix=result.reshape(s.shape),
        converged=out(converged),
        cyclic=out(cyclic),
        period=out(period),
        iterations=out(iterations),
        labels=names,
    )


# ------------------------------------------------------------------- SWOT-ANP
def inner_dependence_matrix(group_ids: Sequence[str], columns: Mapping[str, tuple[Sequence[str], Any]]) -> np.ndarray:
    """The inner-dependence matrix W2 among SWOT groups (Yüksel & Dağdeviren 2007).

    ``columns[g] = (items, weights)`` is the priority vector of ``items`` (g and
    the groups that influence g) with respect to g — the ``dependence:<g>``
    comparison set; it fills column g.  A group without declared influencers
    gets the unit column (it depends only on itself).  Each column is
    normalised to sum 1.

    >>> inner_dependence_matrix(["S", "W"], {"S": (("S", "W"), (0.75, 0.25))}).tolist()
    [[0.75, 0.0], [0.25, 1.0]]
    """
    ids = [str(g) for g in group_ids]
    if len(set(ids)) != len(ids) or not ids:
        raise MatrixError(f"`group_ids` must be distinct and non-empty (got {ids})")
    index = {g: i for i, g in enumerate(ids)}
    m = np.eye(len(ids))
    for g, spec in columns.items():
        if str(g) not in index:
            raise MatrixError(f"`columns` has group {g!r}, which is not in `group_ids` {ids}")
        try:
            items, weights = spec
        except (TypeError, ValueError):
            raise MatrixError(f"`columns[{g!r}]` must be (items, weights)") from None
        items = [str(x) for x in items]
        w = np.asarray(weights, dtype=float).ravel()
        unknown = [x for x in items if x not in index]
        if unknown:
            raise MatrixError(f"dependence of {g!r} names unknown group(s) {unknown}; groups: {ids}")
        if len(set(items)) != len(items):
            raise MatrixError(f"dependence of {g!r} lists a group twice: {items}")
        if w.size != len(items):
            raise MatrixError(f"dependence of {g!r} has {len(items)} groups but {w.size} weights")
        if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
            raise MatrixError(f"dependence weights of {g!r} must be finite, non-negative and not all zero (got {w.tolist()})")
        col = np.zeros(len(ids))
        col[[index[x] for x in items]] = w / w.sum()
        m[:, index[str(g)]] = col
    return m


#: Deprecated (one release): SWOT-ANP results are :class:`mcda.HierarchyResult` with
#: ``interdependent_group_weights`` set; the name stays so old isinstance checks work.
SwotAnpResult = HierarchyResult


def swot_anp(
    group_weights: Any,
    inner_dependence: Any,
    local_factor_weights: Any,
    factor_groups: Any,
    strategy_scores: Any,
    mode: str = "distributive",
    *,
    group_ids: Sequence[str] | None = None,
    factor_ids: Sequence[str] | None = None,
    strategy_ids: Sequence[str] | None = None,
) -> HierarchyResult:
    """Deprecated alias of :func:`mcda.synthesize` with ``inner_dependence`` (removed in the next release).

    ``swot_anp(w1, W2, local, factor_groups, scores, mode)`` is
    ``synthesize(w1, local, scores, factor_groups, mode, inner_dependence=W2)``
    (Yüksel & Dağdeviren 2007); the result is a :class:`mcda.HierarchyResult`
    whose ``interdependent_group_weights`` are normalise(W2 · w1).
    """
    warnings.warn(
        "mcda.swot_anp is deprecated and will be removed in the next release; call "
        "mcda.synthesize(group_weights, local_factor_weights, strategy_scores, factor_groups, mode, "
        "inner_dependence=W2) instead (note the argument order)",
        DeprecationWarning,
        stacklevel=2,
    )
    return synthesize(
        group_weights,
        local_factor_weights,
        strategy_scores,
        factor_groups,
        mode,
        inner_dependence=inner_dependence,
        group_ids=group_ids,
        factor_ids=factor_ids,
        strategy_ids=strategy_ids,
    )
