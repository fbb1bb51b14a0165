"""A SWOT-ANP factor network's supermatrices, built from the aggregated comparison sets.

SuperDecisions' layout (Saaty 1996, 2005): the clusters are the goal, the SWOT
groups (their nodes are the factors) and the strategies.  The columns of the
unweighted supermatrix are local priority vectors:

* the goal's column: in each group's rows, the factors' local weights
  (``factors:<G>``);
* factor F's column: in the strategies' rows, the strategies' scores with
  respect to F (ratings or ``strategies:<F>``, normalised: a column is a
  priority vector); in the rows of each group G holding factors that influence
  F, their priorities with respect to F (``network:<F>:<G>``, or 1 for a
  single influencer);
* strategy P's column: with ``feedback``, in each group's rows, the factors'
  priorities with respect to P (``feedback:<P>:<G>``); without it, 1 in the
  goal's row.  That link closes the hierarchy into a cycle (goal → factors →
  strategies → goal), so the supermatrix is irreducible and its (Cesàro)
  limit, normalised within each cluster, is the hierarchic composition when no
  factor depends on another (Saaty 2005, ch. 2; ``tests/test_network.py``
  checks it against :func:`mcda.synthesize`).

The cluster matrix weighs the blocks: the goal's column holds the groups'
weights as the hierarchy has them (the groups comparison, scaled as the model's
group weighting says, times the inner dependence among groups when the model
declares it: each group's share of the SWOT-AHP global weights); a group's
column the clusters influencing its factors (``clusters:<G>``, or equal
weights with ``cluster_weights: equal``); the strategies' column, with
feedback, the groups' weights again (the same question: how much each group
matters).  With feedback the goal and its column are transient (as in
SuperDecisions): the limit lives on the factors and strategies.

Priorities are read from the limit (:meth:`mcda.Supermatrix.priorities`):
global factor weights normalised over all factors, strategy scores over the
strategies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

import mcda
from criteria.model import STRATEGY_CLUSTER, Model
from mcda.errors import Problem, QuestionnaireError

__all__ = ["GOAL_CLUSTER", "build_network", "network_priorities", "strategy_flows"]

#: the goal's cluster (and its one node)
GOAL_CLUSTER = "goal"


@dataclass(frozen=True)
class _Layout:
    """What the model fixes about its network: nodes, clusters and where each priority vector goes."""

    clusters: dict[str, tuple[str, ...]]
    nodes: tuple[str, ...]
    # (set id or None for a single item, column, rows): one block of the unweighted supermatrix each
    blocks: tuple[tuple[str | None, int, np.ndarray], ...]
    factor_columns: np.ndarray  # the factors' columns (their strategies' rows are filled from the scores)
    strategy_rows: np.ndarray
    cluster_ids: tuple[str, ...]
    # (cluster-matrix row positions, column position, set id or None for equal weights) per group column
    group_columns: tuple[tuple[np.ndarray, int, str | None], ...]


@lru_cache(maxsize=32)
def _layout(model: Model) -> _Layout:
    clusters: dict[str, tuple[str, ...]] = {GOAL_CLUSTER: (GOAL_CLUSTER,)}
    for g in model.group_ids:
        clusters[g] = tuple(f.id for f in model.factors_of(g))
    clusters[STRATEGY_CLUSTER] = model.strategy_ids
    nodes = tuple(n for members in clusters.values() for n in members)
    index = {n: i for i, n in enumerate(nodes)}
    blocks = []

    def block(set_id: str, column: str, items: tuple[str, ...]) -> None:
        blocks.append((set_id if len(items) >= 2 else None, index[column], np.array([index[i] for i in items])))

    for g in model.group_ids:
        block(f"factors:{g}", GOAL_CLUSTER, clusters[g])
    for f in model.factors:
        for g, ids in model.factor_influencers(f.id):
            block(f"network:{f.id}:{g}", f.id, ids)
    for s in model.strategy_ids:
        if model.feedback:
            for g in model.group_ids:
                block(f"feedback:{s}:{g}", s, clusters[g])
        else:
            block("", s, (GOAL_CLUSTER,))
    cluster_ids = tuple(clusters)
    position = {c: k for k, c in enumerate(cluster_ids)}
    group_columns = []
    for g in model.group_ids:
        influencing = model.influencing_clusters(g)
        compared = len(influencing) >= 2 and model.cluster_weights == "compared"
        group_columns.append((np.array([position[x] for x in influencing]), position[g],
                              f"clusters:{g}" if compared else None))
    return _Layout(clusters, nodes, tuple(blocks), np.array([index[f] for f in model.factor_ids]),
                   np.array([index[s] for s in model.strategy_ids]), cluster_ids, tuple(group_columns))


def build_network(model: Model, weights: Mapping[str, np.ndarray], strategy_local: np.ndarray,
                  group_shares: np.ndarray) -> mcda.Supermatrix:
    """The network's unweighted, weighted and limit supermatrices.

    ``weights`` maps each comparison set id to its aggregated priorities;
    ``strategy_local`` is (strategies × factors), NaN where no expert rated the
    cell (left out of that factor's column); ``group_shares`` the groups'
    weights for the goal's column (they are normalised).
    """
    layout = _layout(model)
    n = len(layout.nodes)
    u = np.zeros((n, n))
    for set_id, column, rows in layout.blocks:
        values = np.ones(1) if set_id is None else np.asarray(weights[set_id], dtype=float)
        u[rows, column] = values / values.sum()
    scores = np.nan_to_num(np.asarray(strategy_local, dtype=float), nan=0.0)
    totals = scores.sum(axis=0)
    unrated = [f for f, total in zip(model.factor_ids, totals) if not total > 0]
    if unrated:
        raise QuestionnaireError(
            "no strategy was scored on a factor of the network",
            [Problem("", "ratings", fid, "no expert gave any strategy a score on this factor",
                     expected="at least one rating of every factor of a factor network") for fid in unrated],
        )
    u[np.ix_(layout.strategy_rows, layout.factor_columns)] = scores / totals
    if not (np.isfinite(u).all() and (u >= 0).all()):
        raise QuestionnaireError("the network's priorities are not finite, non-negative numbers",
                                 [Problem("", "", "", "a priority vector of the network is not usable")])

    shares = np.asarray(group_shares, dtype=float)
    shares = shares / shares.sum()
    k = len(layout.cluster_ids)
    c = np.zeros((k, k))
    goal, strategies = 0, k - 1
    for gi, (rows, column, set_id) in enumerate(layout.group_columns):
        c[column, goal] = shares[gi]
        if set_id is not None:
            c[rows, column] = np.asarray(weights[set_id], dtype=float)
        else:
            c[rows, column] = 1.0 / rows.size  # the strategies alone, or equal cluster weights
        if model.feedback:
            c[column, strategies] = shares[gi]
    if not model.feedback:
        c[goal, strategies] = 1.0
    sizes = [len(m) for m in layout.clusters.values()]
    w = mcda.weighted_supermatrix(u, sizes, c)
    return mcda.Supermatrix(
        clusters=tuple(layout.clusters.items()),
        unweighted=u,
        cluster_matrix=c,
        weighted=w,
        limit=mcda.limit_matrix(w, labels=layout.nodes),
    )


def network_priorities(model: Model, weights: Mapping[str, np.ndarray], strategy_local: np.ndarray,
                       group_shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batch of :func:`build_network`'s priorities: ``(scores (D, S), factor weights (D, F))`` for D draws.

    ``weights[set_id]`` is ``(D, n)``, ``strategy_local`` ``(D, S, F)``,
    ``group_shares`` ``(D, G)``.  Each draw's weighted supermatrix W is built
    as :func:`build_network` builds it and its stationary vector solved
    directly (``(W − I) π = 0`` with ``Σ π = 1``, one batched LU solve), which
    is every column of the (Cesàro) limit of a network with one closed class —
    the Monte Carlo's thousands of networks in one call.
    """
    layout = _layout(model)
    local = np.nan_to_num(np.asarray(strategy_local, dtype=float), nan=0.0)
    d, n = local.shape[0], len(layout.nodes)
    u = np.zeros((d, n, n))
    for set_id, column, rows in layout.blocks:
        values = np.ones((d, 1)) if set_id is None else np.asarray(weights[set_id], dtype=float)
        u[:, rows, column] = values / values.sum(axis=1, keepdims=True)
    totals = local.sum(axis=1, keepdims=True)
    u[:, layout.strategy_rows[:, None], layout.factor_columns[None, :]] = local / np.where(totals > 0, totals, 1.0)
    shares = np.asarray(group_shares, dtype=float)
    shares = shares / shares.sum(axis=1, keepdims=True)
    k = len(layout.cluster_ids)
    c = np.zeros((d, k, k))
    for gi, (rows, column, set_id) in enumerate(layout.group_columns):
        c[:, column, 0] = shares[:, gi]
        c[:, rows, column] = (np.asarray(weights[set_id], dtype=float) if set_id is not None
                              else np.full((d, rows.size), 1.0 / rows.size))
        if model.feedback:
            c[:, column, k - 1] = shares[:, gi]
    if not model.feedback:
        c[:, 0, k - 1] = 1.0
    w = mcda.weighted_supermatrix(u, [len(m) for m in layout.clusters.values()], c)
    a = w - np.eye(n)
    a[:, -1, :] = 1.0
    rhs = np.zeros((d, n, 1))
    rhs[:, -1, 0] = 1.0
    pi = np.linalg.solve(a, rhs)[..., 0]
    scores, factors = pi[:, layout.strategy_rows], pi[:, layout.factor_columns]
    return scores / scores.sum(axis=1, keepdims=True), factors / factors.sum(axis=1, keepdims=True)


def strategy_flows(net: mcda.Supermatrix, factor_ids, strategy_ids) -> np.ndarray:
    """(strategies × factors): how much of a strategy's limit score each unit of a factor's weight carries.

    In the limit a strategy's priority is the flow into it from the factors,
    ``π_P = Σ_f W[P, f] π_f`` (only factor columns have strategy rows), so with
    ``g = π_F / Σ π_F`` the global factor weights and ``k = Σ π_F / Σ π_S``,
    the strategy scores are exactly ``Σ_f g_f · k · W[P, f]``.  These are the
    "local scores" that make the network's scores a weighted sum of its factor
    weights at the analysis' point: the weight sweeps and the other ranking
    methods use them (holding the network's links fixed while a weight moves).
    """
    nodes = list(net.nodes)
    rows = [nodes.index(s) for s in strategy_ids]
    cols = [nodes.index(f) for f in factor_ids]
    limit = net.limit.matrix.mean(axis=1)  # one closed class: every column is the stationary vector
    return net.weighted[np.ix_(rows, cols)] * (limit[cols].sum() / limit[rows].sum())
