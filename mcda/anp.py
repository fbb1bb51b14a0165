"""Analytic Network Process: supermatrix, weighting, limit matrix, SWOT-ANP.

The ANP (Saaty 1996, 2005) replaces the AHP's tree by a network of clusters of
nodes.  Every node's influence on the nodes of a cluster is a priority vector
from pairwise comparisons; stacked as columns they make the *unweighted
supermatrix*.  Multiplying each block by the priority of its cluster (the
*cluster matrix*) and renormalising the columns gives the column-stochastic
*weighted supermatrix* S, whose limit ``lim_k S^k`` holds the overall
priorities.  When S is cyclic (periodic) the powers do not converge and the
limit is the Cesàro average of one cycle, ``(1/p) Σ_{j<p} S^{k+j}``
(Saaty 2005, ch. 2).  rahbord computes that limit exactly from the closed
classes' stationary vectors (see :func:`limit_matrix`), not by raising S to
powers, which fails on slowly mixing supermatrices.

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
    "LimitColumnsWarning",
    "LimitMatrix",
    "Supermatrix",
    "SwotAnpResult",
    "check_column_stochastic",
    "inner_dependence_matrix",
    "limit_matrix",
    "network_supermatrix",
    "swot_anp",
    "unweighted_supermatrix",
    "weighted_supermatrix",
]

# Column sums of a supermatrix built from rounded published priorities are off
# by ~1e-4; computed ones by ~1e-15.  1e-6 accepts the latter only: pass
# `normalize=True` to rescale rounded input.
_STOCHASTIC_ATOL = 1e-6


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
class LimitColumnsWarning(UserWarning):
    """The limit matrix's columns differ, so an average over them depends on which nodes are in the model."""


@dataclass(frozen=True, slots=True)
class LimitMatrix:
    """The limit of a column-stochastic supermatrix (see :func:`limit_matrix`).

    ``matrix`` is ``lim S^k`` or, when ``cyclic``, the Cesàro limit
    ``lim (1/k) Σ_{j<k} S^j`` (the average over one period of the powers).
    ``period`` is the least common period of the closed (recurrent) classes
    and ``classes`` their number: with one closed class every column of the
    limit is the same stationary vector, with more the columns differ and
    depend on the node one starts from.  ``residual`` is
    ``max(|S·L − L|, |L·S − L|)`` measured on the result; ``converged`` is True
    only when it is at most the ``tol`` asked for and the columns are
    probability vectors.  Fields are arrays with the batch shape for a batch
    of supermatrices.
    """

    matrix: np.ndarray
    converged: Any
    cyclic: Any
    period: Any
    classes: Any
    residual: Any
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

        Convention: by default the **mean over all columns** of the limit
        matrix.  For a supermatrix with one closed class (every irreducible
        one, and any whose transient nodes all lead into the same class) the
        columns are identical and the mean is that column.  With several
        closed classes the columns differ — the limit seen from node j is
        where a walk started at j settles — so the mean weighs every starting
        node equally and a :class:`LimitColumnsWarning` says so; pass
        ``column`` (a node, e.g. the goal) to read the priorities as seen from
        that node instead.
        """
        rows = self._index(nodes)
        if column is None:
            spread = np.abs(self.matrix - self.matrix.mean(axis=-1, keepdims=True)).max()
            if spread > 1e-9:
                warnings.warn(
                    f"the limit matrix's columns differ (by up to {spread:.3g}): the supermatrix has more than one "
                    "closed class, so these priorities are the mean over all columns; pass column=<node> "
                    "(e.g. the goal) to read them from one node",
                    LimitColumnsWarning,
                    stacklevel=2,
                )
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
        state = f"cyclic, period={self.period}" if self.cyclic else "aperiodic"
        verified = "converged" if self.converged else "NOT converged"
        return f"LimitMatrix(n={self.matrix.shape[-1]}, {state}, classes={self.classes}, {verified}, residual={self.residual:.1e})"

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
            "classes": plain(self.classes),
            "residual": plain(self.residual),
            "labels": list(self.labels) if self.labels else None,
        }


def _reach(edges: np.ndarray, start: int, *, backward: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Nodes reachable from ``start`` (or that reach it) and their BFS levels; ``edges[i, j]``: j → i.

    One boolean reduction per level, O(n²) in all.  Unreached nodes have level −1.
    """
    n = edges.shape[0]
    level = np.full(n, -1)
    level[start] = 0
    frontier = np.array([start])
    depth = 0
    while frontier.size:
        depth += 1
        step = edges[frontier, :].any(axis=0) if backward else edges[:, frontier].any(axis=1)
        new = np.flatnonzero(step & (level < 0))
        level[new] = depth
        frontier = new
    return level >= 0, level


def _period(edges: np.ndarray) -> int:
    """Period of an irreducible graph: gcd over its edges j → i of level(j) + 1 − level(i) (BFS levels)."""
    if edges.diagonal().any():
        return 1  # a self-loop is a cycle of length 1
    _, level = _reach(edges, 0)
    i, j = np.nonzero(edges)
    return int(np.gcd.reduce(np.abs(level[j] + 1 - level[i]))) or 1


def _closed_classes(edges: np.ndarray) -> list[np.ndarray]:
    """The closed (recurrent) classes: strongly connected sets that no edge leaves.

    From an unassigned node v, its forward set F and its strongly connected
    class C = F ∩ backward(v); C is closed when F = C, otherwise every node of C
    is transient and the search moves on into F \\ C, which ends in a closed
    class.  One pair of BFS per class visited.
    """
    n = edges.shape[0]
    status = np.zeros(n, dtype=int)  # 0 unknown, 1 recurrent, 2 transient
    classes = []
    for start in range(n):
        v = start
        while status[v] == 0:
            forward, _ = _reach(edges, v)
            backward, _ = _reach(edges, v, backward=True)
            component = forward & backward
            if np.array_equal(forward, component):
                status[component] = 1
                classes.append(np.flatnonzero(component))
                break
            status[component] = 2
            ahead = np.flatnonzero(forward & ~component & (status == 0))
            if ahead.size == 0:
                break  # everything downstream is already classified
            v = int(ahead[0])
    return classes


# Below this size the stationary vector comes from GTH, which never subtracts and so stays accurate to
# rounding even for nearly decomposable matrices; above it a dense LU solve is used (O(n³) in LAPACK,
# where GTH's n rank-one updates would cost Python-loop time).
_GTH_LIMIT = 300


def _stationary(T: np.ndarray) -> np.ndarray:
    """Stationary vector (Σ = 1) of an irreducible column-stochastic matrix.

    Grassmann, Taksar & Heyman (1985) for n ≤ _GTH_LIMIT: Gaussian elimination on the
    chain with every pivot recomputed as a sum of positive off-diagonal entries.  Larger:
    ``numpy.linalg.solve`` (LU) on the generator (T − I, with its diagonal taken as minus
    the column's off-diagonal sum so that columns sum to exactly 0) with one equation
    replaced by Σ π = 1.
    """
    n = T.shape[0]
    if n == 1:
        return np.ones(1)
    if n <= _GTH_LIMIT:
        P = T.T.copy()  # row-stochastic: P[i, j] = probability of i → j
        for k in range(n - 1, 0, -1):
            pivot = P[k, :k].sum()
            P[:k, k] /= pivot
            P[:k, :k] += np.outer(P[:k, k], P[k, :k])
        pi = np.empty(n)
        pi[0] = 1.0
        for k in range(1, n):
            pi[k] = pi[:k] @ P[:k, k]
        return pi / pi.sum()
    Q = T.copy()
    d = np.arange(n)
    Q[d, d] = 0.0
    Q[d, d] = -Q.sum(axis=0)
    Q[-1, :] = 1.0
    rhs = np.zeros(n)
    rhs[-1] = 1.0
    pi = np.linalg.solve(Q, rhs)
    return np.clip(pi, 0.0, None) / np.clip(pi, 0.0, None).sum()


def _limit_one(S: np.ndarray) -> tuple[np.ndarray, int, int, float]:
    """(Cesàro) limit of one column-stochastic matrix, its period, number of closed classes and residual."""
    n = S.shape[0]
    edges = S > 0
    forward, _ = _reach(edges, 0)
    irreducible = forward.all() and _reach(edges, 0, backward=True)[0].all()
    classes = [np.arange(n)] if irreducible else _closed_classes(edges)
    stationary = np.zeros((n, len(classes)))  # Π: one stationary vector per closed class
    settles = np.zeros((n, len(classes)))  # B: probability that a walk from node j settles in class c
    period = 1
    for c, members in enumerate(classes):
        block = S if len(classes) == 1 and members.size == n else S[np.ix_(members, members)]
        stationary[members, c] = _stationary(block)
        settles[members, c] = 1.0
        period = int(np.lcm(period, _period(block > 0)))
    transient = np.flatnonzero(settles.sum(axis=1) == 0)
    if transient.size:
        # Absorption probabilities: Bᵀ_T = R + Bᵀ_T S_TT, i.e. (I − S_TT)ᵀ B_T = R with R[j, c] = Σ_{i∈c} S_ij;
        # the diagonal of I − S_TT is taken as the column's off-diagonal sum, again to avoid 1 − (1 − ε).
        sub = -S[np.ix_(transient, transient)]
        d = np.arange(transient.size)
        sub[d, d] = S[:, transient].sum(axis=0) - S[transient, transient]
        into = np.stack([S[np.ix_(members, transient)].sum(axis=0) for members in classes], axis=1)
        settles[transient] = np.linalg.solve(sub.T, into)
    limit = stationary @ settles.T
    residual = max(
        float(np.abs(S @ stationary - stationary).max()),
        float(np.abs(settles.T @ S - settles.T).max()),
        float(np.abs(limit.sum(axis=0) - 1.0).max()),
        float(max(0.0, -limit.min())),
    )
    return limit, period, len(classes), residual


def limit_matrix(
    S: Any,
    tol: float = 1e-9,
    *,
    labels: Sequence[str] | None = None,
    normalize: bool = False,
) -> LimitMatrix:
    """Limit of a column-stochastic supermatrix, solved exactly (Saaty 2005; any Markov-chain text).

    The limit (Cesàro limit when S is cyclic) is ``L = Σ_c π_c b_cᵀ`` over
    the closed classes c of S: ``π_c`` the stationary vector of the class
    (``S π = π``, Σ π = 1) and ``b_c(j)`` the probability that a walk from
    node j settles in c.  An irreducible S is one class: every column of L is
    its stationary vector, found by a direct solve (GTH elimination, or LU for
    more than 300 nodes) — no powers, so slowly mixing (nearly decomposable)
    and periodic supermatrices are as exact as any other.  Reducible S: the
    closed classes are found by graph search, each solved the same way, and
    the transient nodes' settling probabilities by one linear solve.
    ``cyclic``/``period`` report periodicity (the powers S^k then oscillate
    and L is their Cesàro mean, as Saaty prescribes); ``converged`` is True
    only when the residual ``max(|S·L − L|, |L·S − L|)`` is at most ``tol``.

    ``S`` may be a stack ``(..., n, n)``; a column that does not sum to 1 is an
    error naming it (see :func:`check_column_stochastic`).

    >>> r = limit_matrix([[0.5, 0.2], [0.5, 0.8]])
    >>> r.matrix.round(4).tolist(), r.cyclic
    ([[0.2857, 0.2857], [0.7143, 0.7143]], False)
    >>> r = limit_matrix([[0, 1], [1, 0]])
    >>> r.matrix.tolist(), r.cyclic, r.period
    ([[0.5, 0.5], [0.5, 0.5]], True, 2)
    >>> limit_matrix([[1 - 1e-10, 1e-10], [1e-10, 1 - 1e-10]]).matrix.tolist()  # slowly mixing
    [[0.5, 0.5], [0.5, 0.5]]
    """
    if not (np.isfinite(tol) and tol > 0):
        raise MatrixError(f"`tol` must be a positive number (got {tol!r})")
    s = check_column_stochastic(S, labels=labels, normalize=normalize)
    n = s.shape[-1]
    names = _labels(labels, n)
    batch_shape = s.shape[:-2]
    stack = s.reshape(-1, n, n)
    b = stack.shape[0]
    result = np.empty_like(stack)
    period = np.ones(b, dtype=int)
    classes = np.ones(b, dtype=int)
    residual = np.zeros(b)
    for k in range(b):
        result[k], period[k], classes[k], residual[k] = _limit_one(stack[k])
    converged = residual <= tol

    def out(x):
        x = x.reshape(batch_shape)
        return x.item() if x.ndim == 0 else x

    return LimitMatrix(
        matrix=result.reshape(s.shape),
        converged=out(converged),
        cyclic=out(period > 1),
        period=out(period),
        classes=out(classes),
        residual=out(residual),
        labels=names,
    )


# -------------------------------------------------------------- the network
@dataclass(frozen=True, slots=True)
class Supermatrix:
    """An ANP network's three supermatrices (Saaty 2005), as :func:`network_supermatrix` builds them.

    ``clusters`` maps each cluster id to its node ids (rows and columns follow
    that order); ``unweighted`` holds the local priority vectors as column
    blocks, ``cluster_matrix`` the cluster weights (column J: the priorities of
    the clusters influencing cluster J), ``weighted`` the column-stochastic
    weighted supermatrix and ``limit`` its :class:`LimitMatrix`.
    """

    clusters: tuple[tuple[str, tuple[str, ...]], ...]
    unweighted: np.ndarray
    cluster_matrix: np.ndarray
    weighted: np.ndarray
    limit: LimitMatrix

    @property
    def nodes(self) -> tuple[str, ...]:
        return tuple(node for _, members in self.clusters for node in members)

    @property
    def cluster_ids(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.clusters)

    @property
    def size(self) -> int:
        """Nodes, i.e. rows and columns of each supermatrix."""
        return len(self.nodes)

    def priorities(self, nodes: Sequence[str]) -> np.ndarray:
        """Limit priorities of ``nodes``, normalised to sum 1 over them (e.g. one cluster, or every factor).

        The limit of a network with one closed class has identical columns; its
        entries summed over a cluster give the cluster's share, and normalised
        within the cluster they are the nodes' priorities (Saaty 2005, ch. 2).
        """
        return self.limit.priorities(list(nodes))

    def __repr__(self) -> str:
        how = f"Cesàro, period {self.limit.period}" if self.limit.cyclic else "stationary"
        return f"Supermatrix(clusters={len(self.clusters)}, nodes={self.size}, limit {how})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "clusters": [[c, list(members)] for c, members in self.clusters],
            "unweighted": self.unweighted.tolist(),
            "cluster_matrix": self.cluster_matrix.tolist(),
            "weighted": self.weighted.tolist(),
            "limit": self.limit.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Supermatrix":
        limit = data["limit"]
        return cls(
            clusters=tuple((str(c), tuple(str(m) for m in members)) for c, members in data["clusters"]),
            unweighted=np.asarray(data["unweighted"], dtype=float),
            cluster_matrix=np.asarray(data["cluster_matrix"], dtype=float),
            weighted=np.asarray(data["weighted"], dtype=float),
            limit=LimitMatrix(
                matrix=np.asarray(limit["matrix"], dtype=float),
                converged=bool(limit["converged"]),
                cyclic=bool(limit["cyclic"]),
                period=int(limit["period"]),
                classes=int(limit["classes"]),
                residual=float(limit["residual"]),
                labels=tuple(limit["labels"]) if limit.get("labels") else None,
            ),
        )


def network_supermatrix(
    clusters: Mapping[str, Sequence[str]],
    vectors: Mapping[tuple[str, str], Any],
    cluster_matrix: Any,
    *,
    tol: float = 1e-9,
) -> Supermatrix:
    """Unweighted, weighted and limit supermatrices of an ANP network in one call (Saaty 1996, 2005).

    ``clusters`` and ``vectors`` as for :func:`unweighted_supermatrix`;
    ``cluster_matrix`` (clusters × clusters, columns summing to 1 over the
    clusters each cluster's nodes influence) as for
    :func:`weighted_supermatrix`.  The limit is :func:`limit_matrix`'s exact
    one (the Cesàro limit when the network is cyclic).  A node with no
    outgoing priorities is a sink and an error that names it.

    A hierarchy closed into a cycle (the alternatives linked back to the
    goal) has the hierarchic composition as its limit, normalised within
    each cluster:

    >>> net = network_supermatrix(
    ...     {"goal": ["g"], "criteria": ["c1", "c2"], "alternatives": ["a", "b"]},
    ...     {("g", "criteria"): [0.75, 0.25], ("c1", "alternatives"): [0.2, 0.8],
    ...      ("c2", "alternatives"): [0.6, 0.4], ("a", "goal"): [1], ("b", "goal"): [1]},
    ...     [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    >>> net.priorities(["a", "b"]).round(4).tolist(), bool(net.limit.cyclic)
    ([0.3, 0.7], True)
    """
    u = unweighted_supermatrix(clusters, vectors)
    names, _, nodes = _cluster_slices(clusters)
    w = weighted_supermatrix(u, clusters, cluster_matrix)
    limit = limit_matrix(w, tol, labels=nodes)
    return Supermatrix(
        clusters=tuple((str(c), tuple(str(m) for m in members)) for c, members in clusters.items()),
        unweighted=u,
        cluster_matrix=np.asarray(cluster_matrix, dtype=float),
        weighted=w,
        limit=limit,
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
