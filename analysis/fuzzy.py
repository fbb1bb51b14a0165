"""Fuzzy AHP beside the crisp result: Buckley's fuzzy geometric mean on the same answers (``AnalysisOptions.fuzzy``).

For every comparison set the retained experts' judgments are taken as they
are; an unanswered pair is first completed as the crisp analysis completes it
(``AnalysisOptions.completion``), so both analyses read the same matrices.
Each judgment becomes a triangular fuzzy number (:func:`mcda.fuzzy_matrix`);
under AIJ the panel's fuzzy matrix is the experts' weighted geometric mean per
component and Buckley's weights are taken from it, under AIP each expert's
fuzzy weights are averaged with the expert weights (:mod:`mcda.fuzzy`).  The
fuzzy weights are defuzzified and normalised, and then enter the same
synthesis as the crisp ones: local factor weights scaled by the groups'
weights (the model's group weighting), the strategies' local scores (fuzzy
for a pairwise model; the panel's ratings, which are not pairwise judgments,
for a ratings model), the SWOT-ANP inner dependence among the groups, the
factor network's limit supermatrix (:mod:`analysis.network`) when the model
has one, and the strategy scores and ranks.  The crisp numbers are never touched: the
fuzzy result sits in ``Results.fuzzy``.

Why not Chang's extent analysis: see :mod:`mcda.fuzzy` (Wang, Luo & Hua 2008).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import mcda
from criteria.model import Model
from mcda.fuzzy import FUZZY_DEFUZZIFICATION
from mcda.plain import plain_data, readonly
from surveys.responses import Responses

from .network import build_network

__all__ = ["FuzzyResults", "FuzzySet", "fuzzy_analysis"]


def _array(values) -> np.ndarray:
    return readonly(np.asarray(values, dtype=float))


@dataclass(frozen=True, slots=True, eq=False)
class FuzzySet:
    """One comparison set's panel fuzzy weights ``(n, 3)`` (l, m, u) and their defuzzified, normalised ``weights``."""

    id: str
    items: tuple[str, ...]
    fuzzy_weights: np.ndarray
    weights: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "fuzzy_weights", _array(self.fuzzy_weights))
        object.__setattr__(self, "weights", _array(self.weights))

    def to_dict(self) -> dict:
        return plain_data(self)

    @classmethod
    def from_dict(cls, data: dict) -> FuzzySet:
        return cls(data["id"], tuple(data["items"]), data["fuzzy_weights"], data["weights"])


@dataclass(frozen=True, eq=False)
class FuzzyResults:
    """The fuzzy AHP result of one analysis, in model order, beside the crisp one in :class:`analysis.Results`.

    ``method`` is the choice of :data:`mcda.FUZZY_METHODS` (``"buckley"`` or
    ``"buckley-graded"``), ``defuzzification`` its defuzzification; ``sets``
    the panel's fuzzy weights per comparison set; ``group_weights`` (groups),
    ``local_factor_weights`` / ``global_factor_weights`` (factors),
    ``strategy_scores`` and ``ranks`` (1 = best) as the crisp fields of the
    same names.
    """

    method: str
    defuzzification: str
    sets: tuple[FuzzySet, ...]
    group_weights: np.ndarray
    local_factor_weights: np.ndarray
    global_factor_weights: np.ndarray
    strategy_scores: np.ndarray
    ranks: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "sets", tuple(self.sets))
        for name in ("group_weights", "local_factor_weights", "global_factor_weights", "strategy_scores"):
            object.__setattr__(self, name, _array(getattr(self, name)))
        object.__setattr__(self, "ranks", readonly(np.asarray(self.ranks, dtype=int)))

    def set(self, set_id: str) -> FuzzySet:
        for s in self.sets:
            if s.id == set_id:
                return s
        raise KeyError(f"no comparison set {set_id!r} in the fuzzy result (have {', '.join(s.id for s in self.sets)})")

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "defuzzification": self.defuzzification,
            "sets": [s.to_dict() for s in self.sets],
            **{name: plain_data(getattr(self, name)) for name in (
                "group_weights", "local_factor_weights", "global_factor_weights", "strategy_scores", "ranks")},
        }

    @classmethod
    def from_dict(cls, data: dict) -> FuzzyResults:
        return cls(
            method=data["method"],
            defuzzification=data["defuzzification"],
            sets=tuple(FuzzySet.from_dict(s) for s in data["sets"]),
            group_weights=data["group_weights"],
            local_factor_weights=data["local_factor_weights"],
            global_factor_weights=data["global_factor_weights"],
            strategy_scores=data["strategy_scores"],
            ranks=data["ranks"],
        )

    def __eq__(self, other) -> bool:
        return isinstance(other, FuzzyResults) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        top = int(np.argmin(self.ranks)) if self.ranks.size else -1
        return f"FuzzyResults({self.method}, {self.defuzzification}; first: strategy #{top + 1})"


def _set_weights(stack: np.ndarray, w_keep: np.ndarray, aggregation: str, completion: str, defuzzification: str):
    """Panel fuzzy weights (n, 3) and normalised crisp weights (n,) of the retained experts' judgments (K, n, n)."""
    if np.isnan(stack).any():
        # the crisp analysis already refused a disconnected set; fill the gaps as it does
        stack = mcda.complete_matrix(stack, method=completion)
    F = mcda.fuzzy_matrix(stack, name="judgments")
    if aggregation == "aij":
        fuzzy_weights = mcda.fuzzy_priorities(mcda.aggregate_fuzzy_judgments(F, w_keep)).fuzzy_weights
    else:
        fuzzy_weights = mcda.aggregate_fuzzy_weights(mcda.fuzzy_priorities(F).fuzzy_weights, w_keep)
    crisp = mcda.defuzzify(fuzzy_weights, defuzzification)
    return fuzzy_weights, crisp / crisp.sum()


def fuzzy_analysis(model: Model, responses: Responses, keep: np.ndarray, w_keep: np.ndarray, options,
                   strategy_local: np.ndarray) -> FuzzyResults:
    """The fuzzy counterpart of one crisp analysis (same experts kept, same expert weights, same choices).

    ``keep`` marks the retained experts and ``w_keep`` their normalised
    weights; ``options`` is the :class:`analysis.AnalysisOptions` with
    ``fuzzy`` set; ``strategy_local`` the crisp (S, F) local scores, used as
    they are for a ratings model.
    """
    defuzzification = FUZZY_DEFUZZIFICATION[options.fuzzy]
    sets = []
    for cs in model.comparison_sets():
        stack = np.asarray(responses.judgments[cs.id], dtype=float)[keep]
        fuzzy_weights, weights = _set_weights(stack, w_keep, options.aggregation, options.completion, defuzzification)
        sets.append(FuzzySet(cs.id, tuple(cs.items), fuzzy_weights, weights))
    by_id = {s.id: s for s in sets}

    # the same synthesis as analysis.pipeline.analyze, on the fuzzy weights
    group_ids = model.group_ids
    local = np.empty(len(model.factors))
    for g in group_ids:
        idx = [k for k, f in enumerate(model.factors) if f.group == g]
        local[idx] = by_id[f"factors:{g}"].weights if len(idx) >= 2 else 1.0
    factor_groups = np.array([group_ids.index(f.group) for f in model.factors])
    scaling = mcda.group_scaling(by_id["groups"].weights, local, factor_groups, options.resolved_group_weighting(model))
    if model.evaluation == "pairwise":
        strategy_local = np.column_stack([by_id[f"strategies:{f.id}"].weights for f in model.factors])
    # the groups' inner dependence (SWOT-ANP) when the model asked for it
    columns = {g: (by_id[f"dependence:{g}"].items, by_id[f"dependence:{g}"].weights)
               for g in group_ids if f"dependence:{g}" in by_id}
    inner = np.asarray(mcda.inner_dependence_matrix(group_ids, columns), dtype=float) if columns else None
    synthesis = mcda.synthesize(
        scaling.scaling_factors, [local[factor_groups == gi] for gi in range(len(group_ids))], strategy_local,
        factor_groups, mode=options.resolved_synthesis(model), inner_dependence=inner,
    )
    global_weights, scores, ranks = synthesis.global_factor_weights, synthesis.strategy_scores, synthesis.ranks
    if model.has_factor_network:  # the crisp run's supermatrix and limit, on the fuzzy weights
        shares = np.bincount(factor_groups, weights=global_weights, minlength=len(group_ids))
        network = build_network(model, {s.id: s.weights for s in sets}, strategy_local, shares)
        global_weights, scores = network.priorities(model.factor_ids), network.priorities(model.strategy_ids)
        ranks = mcda.rank_scores(scores)
    return FuzzyResults(
        method=options.fuzzy,
        defuzzification=defuzzification,
        sets=tuple(sets),
        group_weights=scaling.scaling_factors,
        local_factor_weights=local,
        global_factor_weights=global_weights,
        strategy_scores=scores,
        ranks=ranks,
    )
