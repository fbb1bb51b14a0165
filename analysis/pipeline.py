"""The analysis pipeline: a model and the experts' responses in, :class:`Results` out.

One direction, no back and forth (design.md, "Data flow")::

    Responses ──► per-expert priorities + consistency (every comparison set)
              ──► optional exclusion of inconsistent experts
              ──► group aggregation (AIJ or AIP, expert weights) + consensus
              ──► global factor weights (SWOT-AHP, or SWOT-ANP for a network model)
              ──► strategy scores and ranking ──► Results (frozen, saved as JSON)

Every choice an analyst makes is an :class:`AnalysisOptions` field and is
recorded in the results, so a report can always say how its numbers were made.

References
----------
Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
Kurttila, M., Pesonen, M., Kangas, J., Kajanus, M. (2000). Utilizing the analytic
hierarchy process (AHP) in SWOT analysis — a hybrid method (A'WOT). *Forest Policy
and Economics* 1(1), 41–52.
Yüksel, İ., Dağdeviren, M. (2007). Using the analytic network process (ANP) in a
SWOT analysis. *Information Sciences* 177(16), 3364–3382.
Forman, E., Peniwati, K. (1998). Aggregating individual judgments and priorities
with the AHP. *EJOR* 108(1), 165–169 (AIJ vs AIP).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone

import numpy as np

import mcda
from criteria.model import Model
from mcda.errors import ArgumentError, DisconnectedComparisonsError, InconsistencyWarning, Problem, QuestionnaireError
from surveys.responses import Responses

from mcda.position import aggregate_ratings, position_scores

from .fuzzy import fuzzy_analysis
from .network import build_network
from .results import ExpertSummary, Results, SetResult

__all__ = ["EXCLUSION_REASONS", "PROGRESS_STEPS", "AnalysisOptions", "ProgressStep", "analyze"]

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """Every analyst choice behind a set of results (all recorded in them).

    method
        ``"eigen"`` (Saaty's principal eigenvector) or ``"geometric"`` (row
        geometric mean) for every priority vector.
    aggregation
        ``"aij"`` aggregates the judgments (weighted geometric mean) and then
        derives priorities; ``"aip"`` derives each expert's priorities and
        averages them (Forman & Peniwati 1998).
    ri_table
        Random-index table for CR, one of :data:`mcda.RI_TABLES` (Saaty 1980 by
        default; Saaty 2005, Donegan & Dodd 1991, Alonso & Lamata 2006 or rahbord's simulated table).
    completion
        How unanswered comparisons are completed before the eigenvector and
        λmax are taken: ``"lambda-max"`` (the most consistent completion,
        Bozóki, Fülöp & Rónyai 2010), ``"harker"`` (Harker 1987) or
        ``"llsm"`` (logarithmic least squares); see :data:`mcda.COMPLETIONS`.
    cr_threshold
        CR above which a matrix is flagged inconsistent (Saaty: 0.10).
    exclude_inconsistent
        Leave out of the aggregation every expert whose CR exceeds the
        threshold in any comparison set.  Off by default: inconsistent answers
        are flagged and reported, not thrown away (design.md).
    synthesis
        How the strategies' local scores enter the synthesis
        (:func:`mcda.synthesize`): ``"auto"`` uses the rating intensities as
        given (``"raw"``, absolute measurement, Saaty 1986) for a ratings model
        and the priority vectors (``"distributive"``) for a pairwise one;
        ``"ideal"`` divides each factor's scores by their maximum.
    group_weighting
        What the groups comparison means (:data:`mcda.GROUP_WEIGHTINGS`):
        ``"auto"`` follows the model (``Model.group_weighting``); ``"direct"``
        (groups compared with respect to the goal) or ``"kurttila"`` (each
        group represented by its most important factor, Kurttila et al. 2000)
        override it, e.g. in a scenario.  Both scale the local factor weights
        by the comparison's priorities (:func:`mcda.group_scaling`).
    expert_weights
        ``{expert_id: weight}`` overriding the weights in the responses.
    robustness_draws
        Monte Carlo draws for the robustness check (:mod:`analysis.robustness`:
        judgments perturbed on the scale, panel bootstrapped) run with the
        analysis and kept in ``Results.robustness``, together with the weight
        sweeps and the ranking by other MCDA methods.  0 (the library default)
        skips the whole check; ``rahbord analyze`` and ``rahbord demo`` use 2000.
    robustness_seed
        Seed of those draws: the same seed gives the same numbers.
    fuzzy
        Fuzzy AHP computed beside the crisp result on the same answers
        (:data:`mcda.FUZZY_METHODS`): ``"none"`` (default), ``"buckley"``
        (Buckley's 1985 fuzzy geometric mean, centroid) or ``"buckley-graded"``
        (graded-mean defuzzification); kept in ``Results.fuzzy``
        (:mod:`analysis.fuzzy`).  Chang's extent analysis is not offered
        (zero weights; Wang, Luo & Hua 2008).
    """

    # the allowed values of these four are the registries mcda.OPTION_REGISTRIES
    method: str = "eigen"
    aggregation: str = "aij"
    ri_table: str = "saaty"
    completion: str = "lambda-max"
    cr_threshold: float = 0.10
    exclude_inconsistent: bool = False
    synthesis: str = "auto"
    group_weighting: str = "auto"
    expert_weights: Mapping[str, float] | None = field(default=None)
    robustness_draws: int = 0
    robustness_seed: int = 0
    fuzzy: str = "none"

    def __post_init__(self) -> None:
        for name, registry in mcda.OPTION_REGISTRIES.items():  # the allowed values live in one place
            registry.check(getattr(self, name), field=name)
        if not 0 < self.cr_threshold < 1:
            raise ArgumentError(f"`cr_threshold` must be between 0 and 1 (got {self.cr_threshold!r})")
        for name in ("robustness_draws", "robustness_seed"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
                raise ArgumentError(f"`{name}` must be a whole number ≥ 0 (got {value!r})")

    def resolved_synthesis(self, model: Model) -> str:
        if self.synthesis != "auto":
            return self.synthesis
        return "raw" if model.evaluation == "ratings" else "distributive"

    def resolved_group_weighting(self, model: Model) -> str:
        return model.group_weighting if self.group_weighting == "auto" else self.group_weighting

    def to_dict(self) -> dict:
        data = asdict(self)
        data["expert_weights"] = dict(self.expert_weights) if self.expert_weights else None
        if data["fuzzy"] == "none":  # a crisp-only analysis records its options as before the fuzzy choice existed
            del data["fuzzy"]
        return data


#: the steps ``analyze`` reports to its ``progress`` callback, by key (a page words them in its own language)
PROGRESS_STEPS = {
    "priorities": "priorities and consistency of every expert",
    "aggregation": "group aggregation and consensus",
    "synthesis": "global factor weights and strategy scores",
    "robustness": "robustness: weight sweeps, other methods, {draws:,} Monte Carlo draws",
}


class ProgressStep(str):
    """What ``analyze`` hands its ``progress`` callback: the step's English description (what a console
    prints), carrying its key in :data:`PROGRESS_STEPS` and the values, so a page can word it in Persian."""

    def __new__(cls, key: str, **values):
        step = super().__new__(cls, PROGRESS_STEPS[key].format(**values))
        step.key, step.values = key, values
        return step


def analyze(
    model: Model,
    responses: Responses,
    options: AnalysisOptions | None = None,
    *,
    progress: Progress | None = None,
) -> Results:
    """Turn one model's responses into weights, consistency, consensus and a ranking.

    ``progress`` (optional) is called with a short description before each
    step, for a progress bar: a :class:`ProgressStep` (a ``str``, with the
    step's ``key`` and ``values`` for a page that words it in another language).

    Raises :class:`mcda.QuestionnaireError` (with every problem listed) when the
    responses do not fit the model, a comparison graph is disconnected, or the
    exclusion rule would leave no expert.
    """
    options = options or AnalysisOptions()
    step = progress or (lambda _message: None)
    _check_fit(model, responses)
    weights_all = _expert_weights(responses, options)
    sets = model.comparison_sets()

    step(ProgressStep("priorities"))
    individual = {cs.id: _individual(cs, responses, options) for cs in sets}

    excluded: dict[str, str] = {}
    if options.exclude_inconsistent:
        excluded = _inconsistent_experts(sets, individual, responses, options)
        if len(excluded) == responses.n_experts:
            raise QuestionnaireError(
                "every expert exceeds the consistency threshold in at least one comparison set",
                [
                    Problem(
                        "", "", "",
                        f"CR > {options.cr_threshold:g} for all {responses.n_experts} experts",
                        expected="keep inconsistent experts (--keep-inconsistent) or raise the CR threshold",
                    )
                ],
                key="all_inconsistent", values={"n": responses.n_experts, "threshold": options.cr_threshold},
            )
    keep = np.array([e.id not in excluded for e in responses.experts])
    w_keep = weights_all[keep] / weights_all[keep].sum()

    step(ProgressStep("aggregation"))
    set_results = tuple(
        _aggregate(cs, responses.judgments[cs.id], individual[cs.id], keep, w_keep, options) for cs in sets
    )
    by_id = {s.id: s for s in set_results}

    step(ProgressStep("synthesis"))
    notes: list[str] = []
    group_ids = model.group_ids
    local = np.empty(len(model.factors))
    for g in group_ids:
        idx = [k for k, f in enumerate(model.factors) if f.group == g]
        local[idx] = by_id[f"factors:{g}"].weights if len(idx) >= 2 else 1.0
    factor_groups = np.array([group_ids.index(f.group) for f in model.factors])
    local_by_group = [local[factor_groups == gi] for gi in range(len(group_ids))]
    # the groups comparison's priorities are the groups' scaling factors, asked directly or (Kurttila et al.
    # 2000) through each group's most important factor; mcda.group_scaling names that factor
    scaling = mcda.group_scaling(by_id["groups"].weights, local, factor_groups, options.resolved_group_weighting(model))
    group_weights = scaling.scaling_factors

    strategy_local = _strategy_local_scores(model, responses, by_id, keep, w_keep, notes)

    inner = _inner_dependence(model, by_id) if model.group_dependencies else None
    synthesis = mcda.synthesize(
        group_weights, local_by_group, strategy_local, factor_groups, mode=options.resolved_synthesis(model),
        inner_dependence=inner,
    )
    global_factor_weights, strategy_scores, ranks = (
        synthesis.global_factor_weights, synthesis.strategy_scores, synthesis.ranks)
    network = None
    if model.has_factor_network:
        # the groups' shares of the hierarchy's global weights weigh the goal's column (analysis.network)
        shares = np.bincount(factor_groups, weights=synthesis.global_factor_weights, minlength=len(group_ids))
        network = build_network(model, {s.id: s.weights for s in set_results}, strategy_local, shares)
        global_factor_weights = network.priorities(model.factor_ids)
        strategy_scores = network.priorities(model.strategy_ids)
        # the report's network section says how (the notes reach the report unworded)
        ranks = mcda.rank_scores(strategy_scores)

    position = _position(model, responses, global_factor_weights, keep, w_keep)
    # beside the crisp numbers, never instead of them
    fuzzy = None if options.fuzzy == "none" else fuzzy_analysis(model, responses, keep, w_keep, options, strategy_local)

    experts = tuple(
        ExpertSummary(
            id=e.id,
            name=e.name,
            role=e.role,
            weight=float(weights_all[k]),
            lang=e.lang,
            source_file=e.source_file,
            excluded=e.id in excluded,
            exclusion_reason=excluded.get(e.id, ""),
        )
        for k, e in enumerate(responses.experts)
    )
    results = Results(
        software_version=mcda.__version__,
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        model=model.to_dict(),
        model_hash=model.content_hash,
        options={**options.to_dict(), "synthesis": options.resolved_synthesis(model),
                 "group_weighting": options.resolved_group_weighting(model)},
        experts=experts,
        sets=set_results,
        group_weights=np.asarray(group_weights, dtype=float),
        local_factor_weights=local,
        global_factor_weights=global_factor_weights,
        inner_dependence=inner,
        dependent_group_weights=synthesis.interdependent_group_weights,
        strategy_local_scores=strategy_local,
        strategy_scores=strategy_scores,
        ranks=ranks,
        problems=tuple(p.to_dict() for p in responses.problems),
        notes=tuple(notes),
        position=position,
        network=network,
        fuzzy=fuzzy,
    )
    if options.robustness_draws and len(model.strategies) >= 2:
        # Here, not in the report: the Monte Carlo needs the judgments, and
        # results.json keeps only each expert's priorities.
        from .robustness import robustness

        step(ProgressStep("robustness", draws=options.robustness_draws))
        results = replace(
            results,
            robustness=robustness(results, responses, draws=options.robustness_draws, seed=options.robustness_seed),
        )
    return results


# ---- steps -----------------------------------------------------------------


def _check_fit(model: Model, responses: Responses) -> None:
    """Every problem that makes the responses unusable for this model, together."""
    problems: list[Problem] = []
    if responses.model_hash != model.content_hash:
        problems.append(
            Problem(
                "", "", "",
                f"the responses answer model {responses.model_id}@{responses.model_hash}, "
                f"not {model.id}@{model.content_hash}",
                expected="questionnaires generated from this exact model version",
            )
        )
    if responses.n_experts == 0:
        problems.append(Problem("", "", "", "no expert responses", expected="at least one filled questionnaire"))
    for cs in model.comparison_sets():
        stack = responses.judgments.get(cs.id)
        expected_shape = (responses.n_experts, cs.size, cs.size)
        if stack is None:
            problems.append(Problem("", cs.id, "", "comparison set missing from the responses"))
        elif stack.shape != expected_shape:
            problems.append(
                Problem("", cs.id, "", f"judgments have shape {stack.shape}", expected=f"shape {expected_shape}")
            )
    if model.evaluation == "ratings":
        shape = (responses.n_experts, len(model.strategies), len(model.factors))
        if responses.ratings is None or responses.ratings.shape != shape:
            got = None if responses.ratings is None else responses.ratings.shape
            problems.append(Problem("", "ratings", "", f"ratings have shape {got}", expected=f"shape {shape}"))
    if model.position_ratings and responses.position is not None:
        # responses built without them (None) are analysed without the IFE/EFE, with a note
        shape = (responses.n_experts, len(model.factors))
        if responses.position.shape != shape:
            got = responses.position.shape
            problems.append(Problem("", "position", "", f"current-position ratings have shape {got}",
                                    expected=f"shape {shape} (the model asks for IFE/EFE ratings)"))
    if problems:
        raise QuestionnaireError("the responses do not fit the model", problems, key="responses_do_not_fit")


def _expert_weights(responses: Responses, options: AnalysisOptions) -> np.ndarray:
    if options.expert_weights is None:
        w = np.array([e.weight for e in responses.experts], dtype=float)
    else:
        unknown = sorted(set(options.expert_weights) - set(responses.expert_ids))
        if unknown:
            raise QuestionnaireError(
                "expert weights name unknown experts",
                [Problem("", "", i, "no such expert in the responses") for i in unknown],
            )
        w = np.array([float(options.expert_weights.get(e.id, e.weight)) for e in responses.experts])
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise QuestionnaireError(
            "expert weights must be non-negative numbers with a positive sum",
            [Problem("", "", e.id, f"weight {w[k]!r}") for k, e in enumerate(responses.experts)],
        )
    return w / w.sum()


@dataclass(frozen=True, slots=True)
class _Individual:
    weights: np.ndarray  # (N, n)
    lambda_max: np.ndarray
    cr: np.ndarray
    gci: np.ndarray
    consistent: np.ndarray
    answered: np.ndarray  # pairs answered per expert


def _individual(cs, responses: Responses, options: AnalysisOptions) -> _Individual:
    stack = np.asarray(responses.judgments[cs.id], dtype=float)
    upper = np.triu_indices(cs.size, 1)
    answered = np.sum(np.isfinite(stack[:, upper[0], upper[1]]), axis=1)
    try:
        b = mcda.batch_priorities(
            stack, method=options.method, ri_table=options.ri_table, cr_threshold=options.cr_threshold, warn=False,
            completion=options.completion
        )
    except DisconnectedComparisonsError as error:
        problems = [
            Problem(
                responses.experts[k].source_file or responses.experts[k].id,
                cs.id,
                "",
                "the answered comparisons leave "
                + ", ".join(cs.items[i] for i in cut)
                + " unconnected to the other items",
                expected="answer at least one comparison linking every item",
            )
            for k, cut in error.cut_off.items()
        ]
        raise QuestionnaireError(f"incomplete answers in {cs.id}", problems, key="disconnected",
                                 values={"set": cs.id, "n": len(problems)}) from error
    return _Individual(
        weights=np.asarray(b.weights, float),
        lambda_max=np.asarray(b.lambda_max, float),
        cr=np.asarray(b.cr, float),
        gci=np.asarray(b.gci, float),
        consistent=np.asarray(b.consistent, bool),
        answered=answered.astype(int),
    )


#: why an expert is left out, as a message key (each page and report words it in its own language; the
#: parameters — which sets, their CR and the threshold — are in the results' sets and options)
EXCLUSION_REASONS = ("inconsistent",)


def _inconsistent_experts(sets, individual, responses: Responses, options: AnalysisOptions) -> dict[str, str]:
    """``{expert_id: reason key}`` for experts over the CR threshold in any set."""
    return {expert.id: "inconsistent" for k, expert in enumerate(responses.experts)
            if any(not individual[cs.id].consistent[k] for cs in sets)}


def _aggregate(cs, stack, ind: _Individual, keep, w_keep, options: AnalysisOptions) -> SetResult:
    kept_weights = ind.weights[keep]
    matrix = cr = gci = None
    if options.aggregation == "aij":
        matrix = np.asarray(mcda.aggregate_judgments(np.asarray(stack, float)[keep], w_keep), dtype=float)
        with warnings.catch_warnings():
            # the aggregate's consistency is reported, not warned about
            warnings.simplefilter("ignore", InconsistencyWarning)
            p = mcda.priorities(
                matrix, method=options.method, ri_table=options.ri_table, cr_threshold=options.cr_threshold, warn=False,
                completion=options.completion
            )
        weights, cr, gci = np.asarray(p.weights, float), float(p.cr), float(p.gci)
    else:
        weights = np.asarray(mcda.aggregate_priorities(kept_weights, w_keep), dtype=float)
    s_star = kendall_w = float("nan")
    if keep.sum() >= 2:
        c = mcda.consensus(kept_weights, w_keep)
        s_star, kendall_w = float(c.s_star), float(c.kendall_w)
    return SetResult(
        id=cs.id,
        kind=cs.kind,
        items=tuple(cs.items),
        context=cs.context,
        expert_weights=ind.weights,
        lambda_max=ind.lambda_max,
        cr=ind.cr,
        gci=ind.gci,
        consistent=ind.consistent,
        answered=ind.answered,
        n_pairs=cs.n_pairs,
        weights=weights,
        matrix=matrix,
        aggregated_cr=cr,
        aggregated_gci=gci,
        s_star=s_star,
        kendall_w=kendall_w,
    )


def _strategy_local_scores(model: Model, responses: Responses, by_id, keep, w_keep, notes) -> np.ndarray:
    """(S, F) local score of each strategy with respect to each factor."""
    if model.evaluation == "pairwise":
        return np.column_stack([by_id[f"strategies:{f.id}"].weights for f in model.factors])
    ratings = np.asarray(responses.ratings, dtype=float)[keep]
    answered = np.isfinite(ratings)
    w = w_keep[:, None, None] * answered
    total = w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        # NaN: no kept expert rated the cell; the synthesis leaves it out of the strategy's score
        mean = np.where(total > 0, np.nansum(ratings * w, axis=0) / np.where(total > 0, total, 1), np.nan)
    unrated = np.argwhere(total == 0)
    if unrated.size:
        cells = ", ".join(f"{model.strategies[s].id}×{model.factors[f].id}" for s, f in unrated[:10])
        more = f" and {len(unrated) - 10} more" if len(unrated) > 10 else ""
        notes.append(f"no expert rated {cells}{more}; each is left out of its strategy's score, "
                     "which is renormalised over the factors rated")
    never = [model.strategies[s].id for s in range(mean.shape[0]) if np.isnan(mean[s]).all()]
    if never:
        raise QuestionnaireError(
            "a strategy was rated on no factor",
            [Problem("", "ratings", sid, "no expert rated this strategy on any factor",
                     expected="at least one rating of every strategy") for sid in never],
        )
    return mean


def _position(model: Model, responses: Responses, global_weights, keep, w_keep):
    """IFE / EFE, the IE cell and the strategic position (:mod:`mcda.position`), or ``None``.

    The panel's rating of a factor is the expert-weighted arithmetic mean of
    the retained experts' 1–4 ratings (David's "average rating"; a rating is a
    score, not a ratio, so the geometric mean of the pairwise judgments does
    not apply); the weights are the global factor weights of this analysis.
    """
    if not model.position_ratings:
        return None
    if responses.position is None:  # the report's chapter says so in the reader's language
        return None
    ratings = np.asarray(responses.position, dtype=float)
    # a factor nobody rated is NaN: left out of its side (the tables show it without a rating)
    aggregated = aggregate_ratings(ratings[keep], w_keep)
    internal = np.array([model.is_internal(f.id) for f in model.factors])
    if not (np.isfinite(aggregated[internal]).any() and np.isfinite(aggregated[~internal]).any()):
        return None  # nobody rated one whole side: no total for it
    return position_scores(global_weights, aggregated, internal, expert_ratings=ratings)


def _inner_dependence(model: Model, by_id) -> np.ndarray:
    """(G, G) column-stochastic inner dependence matrix of the SWOT groups.

    Column G holds the priorities of G and its influencers with respect to G
    (the ``dependence:<G>`` set); a group nothing influences depends only on
    itself (Yüksel & Dağdeviren 2007).
    """
    columns = {
        g: (by_id[f"dependence:{g}"].items, by_id[f"dependence:{g}"].weights)
        for g in model.group_ids
        if f"dependence:{g}" in by_id
    }
    return np.asarray(mcda.inner_dependence_matrix(model.group_ids, columns), dtype=float)
