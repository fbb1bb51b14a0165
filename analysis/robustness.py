"""How robust is one analysis' ranking: sweeps, other MCDA methods, Monte Carlo — from its Results.

:func:`robustness` gathers, for a :class:`~analysis.results.Results`, the three
checks of :mod:`mcda.sweeps`, :mod:`mcda.ranking` and :mod:`mcda.montecarlo`:

* ``group_sweep`` / ``factor_sweep`` — one-way weight sweeps with exact crossing points;
* ``methods`` — the ranking by TOPSIS, VIKOR, PROMETHEE II, SPOTIS, … and the rank correlations;
* ``monte_carlo`` — rank acceptability under perturbed judgments and a
  bootstrapped panel (only when the responses are given: results keep each
  expert's priorities, not their judgments).

The analysis pipeline runs it when ``AnalysisOptions.robustness_draws`` is set
and keeps it in ``Results.robustness`` (saved in ``results.json``); reports
(the main report's robustness chapter, the comparison report) print it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

import mcda
from surveys.responses import Responses

from .network import network_priorities, strategy_flows
from .results import Results, Robustness  # Robustness lives with the results it is saved in

__all__ = ["Robustness", "robustness", "monte_carlo_for", "default_perturbation"]


_PERTURBATION_FIELDS = tuple(f.name for f in dataclasses.fields(mcda.Perturbation))


def _factor_groups(results: Results) -> np.ndarray:
    groups = results.group_ids
    return np.array([groups.index(f["group"]) for f in results.model["factors"]])


def monte_carlo_for(
    results: Results,
    responses: Responses,
    *,
    draws: int = 2000,
    perturbation: mcda.Perturbation | None = None,
    seed: int | None = 0,
    **kwargs: Any,
) -> mcda.MonteCarloResult:
    """Monte Carlo over the judgments and experts behind ``results`` (same options, same retained experts).

    ``perturbation`` defaults to :func:`default_perturbation` for the model:
    judgments move a step with probability 0.2, the panel is bootstrapped and
    (for a ratings model) ratings move a level with probability 0.1.
    """
    model = results.model_obj
    kept = responses.subset(results.retained_expert_ids) if results.excluded_expert_ids else responses
    weights = np.array([e.weight for e in results.experts if not e.excluded], dtype=float)
    ratings = kept.ratings if model.evaluation == "ratings" else None
    spec = perturbation or default_perturbation(model)
    # the keyword arguments monte_carlo_for took before Perturbation existed adjust the default
    old = {name: kwargs.pop(name) for name in _PERTURBATION_FIELDS if name in kwargs}
    if old:
        spec = dataclasses.replace(spec, **old)
    network = network_sets = None
    if results.network is not None:
        network_sets = tuple(s.id for s in model.comparison_sets() if s.kind in _NETWORK_KINDS)
        network = _network_draws(model, _factor_groups(results))
    return mcda.monte_carlo(
        kept.judgments,
        _factor_groups(results),
        group_ids=results.group_ids,
        ratings=ratings,
        expert_weights=weights / weights.sum(),
        draws=draws,
        perturbation=spec,
        aggregation=results.options["aggregation"],
        method=results.options["method"],
        mode=results.options["synthesis"],
        inner_dependence=results.inner_dependence,
        factor_ids=results.factor_ids,
        strategy_ids=results.strategy_ids,
        seed=seed,
        network_sets=network_sets or (),
        network=network,
        **kwargs,
    )


#: the comparison sets a factor network adds (drawn too, after the hierarchy's)
_NETWORK_KINDS = ("network", "clusters", "feedback")


def _network_draws(model, factor_groups: np.ndarray):
    """Each draw's strategy scores and factor weights from its own supermatrix (:func:`analysis.network.network_priorities`)."""
    n_groups = len(model.group_ids)

    def synthesis(weights_of, local_scores, hierarchy_weights):
        shares = np.stack([np.bincount(factor_groups, weights=w, minlength=n_groups) for w in hierarchy_weights])
        return network_priorities(model, weights_of, local_scores, shares)

    return synthesis


def default_perturbation(model) -> mcda.Perturbation:
    """The robustness check's perturbation: judgment steps (p = 0.2), bootstrap, rating levels (p = 0.1)."""
    if model.evaluation != "ratings":
        return mcda.Perturbation(step_probability=0.2, bootstrap=True)
    return mcda.Perturbation(step_probability=0.2, bootstrap=True, rating_step_probability=0.1,
                             rating_values=tuple(i.value for i in model.rating_scale))


def robustness(results: Results, responses: Responses | None = None, *, methods=mcda.RANKING_METHODS,
               draws: int = 2000, seed: int | None = 0) -> Robustness:
    """Sweeps and the method comparison from ``results``; Monte Carlo too when ``responses`` are given."""
    mode = results.options["synthesis"]
    groups = _factor_groups(results)
    x = results.strategy_local_scores
    group_weights, local_weights, inner = results.group_weights, results.local_factor_weights, results.inner_dependence
    if results.network is not None:
        # a factor network's scores are a weighted sum of its limit factor weights with the strategies' flows as
        # local scores (analysis.network.strategy_flows): the sweeps move those weights, the links held fixed
        x, mode, inner = strategy_flows(results.network, results.factor_ids, results.strategy_ids), "raw", None
        group_weights = np.bincount(groups, weights=results.global_factor_weights, minlength=len(results.group_ids))
        local_weights = results.global_factor_weights / group_weights[groups]
    if np.isnan(x).any():
        # The sweeps are lines and the other methods need a full matrix: an unrated cell reads as its
        # strategy's score over the factors rated (mcda.fill_unrated), exact at the analysis' weights.
        x, mode = mcda.fill_unrated(mcda.local_strategy_scores(x, mode), results.global_factor_weights), "raw"
    group_sweep = mcda.group_weight_sweep(
        group_weights, local_weights, x, groups, mode,
        inner_dependence=inner, group_ids=results.group_ids, strategy_ids=results.strategy_ids,
    )
    factor_sweep = mcda.factor_weight_sweep(
        results.global_factor_weights, x, mode,
        factor_ids=results.factor_ids, strategy_ids=results.strategy_ids,
    )
    comparison = None
    if methods and len(results.strategy_ids) >= 2:
        local = mcda.local_strategy_scores(x, mode)
        comparison = mcda.cross_check(local, results.global_factor_weights, methods=methods,
                                      reference_scores=results.strategy_scores,
                                      strategy_ids=results.strategy_ids, factor_ids=results.factor_ids)
    mc = monte_carlo_for(results, responses, draws=draws, seed=seed) if responses is not None and draws else None
    return Robustness(group_sweep, factor_sweep, comparison, mc)
