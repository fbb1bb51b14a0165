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

import numpy as np

import mcda
from criteria.model import STRATEGY_CLUSTER, Model
from mcda.errors import Problem, QuestionnaireError

__all__ = ["GOAL_CLUSTER", "build_network"]

#: the goal's cluster (and its one node)
GOAL_CLUSTER = "goal"


def build_network(model: Model, weights: Mapping[str, np.ndarray], strategy_local: np.ndarray,
                  group_shares: np.ndarray) -> mcda.Supermatrix:
    """The network's unweighted, weighted and limit supermatrices.

    ``weights`` maps each comparison set id to its aggregated priorities;
    ``strategy_local`` is (strategies × factors), NaN where no expert rated the
    cell (left out of that factor's column); ``group_shares`` the groups'
    weights for the goal's column (they are normalised).
    """
    clusters: dict[str, tuple[str, ...]] = {GOAL_CLUSTER: (GOAL_CLUSTER,)}
    for g in model.group_ids:
        clusters[g] = tuple(f.id for f in model.factors_of(g))
    clusters[STRATEGY_CLUSTER] = model.strategy_ids
    cluster_ids = list(clusters)
    position = {c: k for k, c in enumerate(cluster_ids)}

    def local(set_id: str, members: tuple[str, ...], items: tuple[str, ...] | None = None) -> np.ndarray:
        """A full vector over ``members`` from a set's weights (zeros for members not compared)."""
        items = members if items is None else items
        vector = np.zeros(len(members))
        values = np.ones(1) if len(items) == 1 else np.asarray(weights[set_id], dtype=float)
        vector[[members.index(i) for i in items]] = values
        return vector

    vectors: dict[tuple[str, str], np.ndarray] = {}
    for g in model.group_ids:
        vectors[(GOAL_CLUSTER, g)] = local(f"factors:{g}", clusters[g])
    unrated = []
    for k, f in enumerate(model.factors):
        scores = np.nan_to_num(np.asarray(strategy_local[:, k], dtype=float), nan=0.0)
        if not scores.sum() > 0:
            unrated.append(f.id)
            continue
        vectors[(f.id, STRATEGY_CLUSTER)] = scores
        for g, ids in model.factor_influencers(f.id):
            vectors[(f.id, g)] = local(f"network:{f.id}:{g}", clusters[g], ids)
    if unrated:
        raise QuestionnaireError(
            "no strategy was scored on a factor of the network",
            [Problem("", "ratings", fid, "no expert gave any strategy a score on this factor",
                     expected="at least one rating on every factor of a factor network") for fid in unrated],
        )
    for s in model.strategy_ids:
        if model.feedback:
            for g in model.group_ids:
                vectors[(s, g)] = local(f"feedback:{s}:{g}", clusters[g])
        else:
            vectors[(s, GOAL_CLUSTER)] = np.ones(1)

    shares = np.asarray(group_shares, dtype=float)
    shares = shares / shares.sum()
    c = np.zeros((len(cluster_ids), len(cluster_ids)))
    goal, strategies = position[GOAL_CLUSTER], position[STRATEGY_CLUSTER]
    for gi, g in enumerate(model.group_ids):
        c[position[g], goal] = shares[gi]
        influencing = model.influencing_clusters(g)
        if len(influencing) == 1:
            column = np.ones(1)
        elif model.cluster_weights == "compared":
            column = np.asarray(weights[f"clusters:{g}"], dtype=float)
        else:
            column = np.full(len(influencing), 1.0 / len(influencing))
        c[[position[x] for x in influencing], position[g]] = column
        if model.feedback:
            c[position[g], strategies] = shares[gi]
    if not model.feedback:
        c[goal, strategies] = 1.0
    return mcda.network_supermatrix(clusters, vectors, c)
