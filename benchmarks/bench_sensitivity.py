"""Monte Carlo sensitivity over the whole Tehran hierarchy: draws per second, vectorised vs a per-draw loop.

Target (design.md): 10,000 draws over the whole Tehran model (4 groups, 31
factors, 7 strategies rated by every expert) in < 2 s.  Each draw moves every
judgment one step on the 1–9 scale with probability 0.2, resamples the
20-expert panel (bootstrap), aggregates (AIJ), re-derives the five priority
vectors (eigenvector) and synthesises the hierarchy.

The reference is the same computation written the obvious way: a Python loop
over draws calling ``mcda.aggregate_judgments``, ``mcda.priorities`` and
``mcda.synthesize`` once per draw (timed on fewer draws, reported per draw).
"""

from __future__ import annotations

import time
import warnings

import numpy as np

import mcda
from benchmarks.timing import best_of, verdict
from mcda.scale import SAATY_VALUES

DRAWS = 10_000
LOOP_DRAWS = 300
EXPERTS = 20
STEP = 0.2


def _setup():
    import criteria
    import surveys

    model = criteria.load_library_model("tehran-city-diplomacy")
    panel = surveys.synthetic_panel(model, EXPERTS, seed=3)
    groups = np.array([model.group_ids.index(f.group) for f in model.factors])
    return model, panel.responses, groups


def per_draw_loop(model, responses, groups, draws: int, seed: int = 0) -> np.ndarray:
    """The same Monte Carlo, one draw at a time (the reference)."""
    rng = np.random.default_rng(seed)
    logs = np.log(SAATY_VALUES)
    E = responses.n_experts
    w0 = responses.expert_weights
    sets = model.comparison_sets()
    ratings = responses.ratings
    rated = np.isfinite(ratings)
    scores = np.empty((draws, len(model.strategies)))
    for d in range(draws):
        pick = rng.integers(0, E, E)
        lam = w0[pick] / w0[pick].sum()
        weights = {}
        for cs in sets:
            stack = responses.judgments[cs.id][pick].copy()
            iu = np.triu_indices(cs.size, 1)
            upper = stack[:, iu[0], iu[1]]
            pos = np.searchsorted(SAATY_VALUES, mcda.nearest_scale_value(upper))
            u = rng.random(upper.shape)
            pos = np.clip(pos + np.where(u < STEP / 2, -1, np.where(u < STEP, 1, 0)), 0, 16)
            upper = np.exp(logs[pos])
            stack[:, iu[0], iu[1]] = upper
            stack[:, iu[1], iu[0]] = 1 / upper
            A = mcda.aggregate_judgments(stack, lam)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", mcda.InconsistencyWarning)
                weights[cs.id] = mcda.priorities(A, warn=False).weights
        local = np.ones(len(model.factors))
        for g, gid in enumerate(model.group_ids):
            if f"factors:{gid}" in weights:
                local[groups == g] = weights[f"factors:{gid}"]
        r = ratings[pick]
        w = lam[:, None, None] * rated[pick]
        mean = np.nansum(r * w, axis=0) / w.sum(axis=0)
        scores[d] = mcda.synthesize(weights["groups"], local, mean, groups, mode="raw").strategy_scores
    return scores


def run() -> dict[str, float]:
    model, responses, groups = _setup()
    kwargs = dict(group_ids=model.group_ids, ratings=responses.ratings, expert_weights=responses.expert_weights,
                  strategy_ids=model.strategy_ids, mode="raw", step_probability=STEP, bootstrap=True)

    def vectorised(**extra):
        return mcda.monte_carlo(responses.judgments, groups, draws=DRAWS, seed=1, **kwargs, **extra)

    mcda.monte_carlo(responses.judgments, groups, draws=200, seed=0, **kwargs)  # warm-up
    t_vec = best_of(vectorised, repeat=3)
    t_ratings = best_of(lambda: vectorised(rating_values=[i.value for i in model.rating_scale],
                                           rating_step_probability=0.1), repeat=2)
    start = time.perf_counter()
    loop_scores = per_draw_loop(model, responses, groups, LOOP_DRAWS)
    t_loop = (time.perf_counter() - start) / LOOP_DRAWS
    vec = vectorised()
    loop_first = np.bincount(loop_scores.argmax(axis=1), minlength=len(model.strategies)) / LOOP_DRAWS
    rate_vec = DRAWS / t_vec
    rate_loop = 1 / t_loop
    print(f"Monte Carlo over the Tehran hierarchy ({len(model.groups)} groups, {len(model.factors)} factors, "
          f"{len(model.strategies)} strategies, {EXPERTS} experts; judgment steps p={STEP}, bootstrap, AIJ, eigenvector)")
    print(f"  mcda.monte_carlo, {DRAWS:,} draws         {t_vec:7.2f} s   {rate_vec:10,.0f} draws/s  "
          f"(target < 2 s: {verdict(t_vec < 2)})")
    print(f"  … and ratings moved a level (p=0.1)     {t_ratings:7.2f} s   {DRAWS / t_ratings:10,.0f} draws/s")
    print(f"  per-draw Python loop ({LOOP_DRAWS} draws)         {t_loop * 1e3:7.2f} ms/draw {rate_loop:8,.0f} draws/s")
    print(f"  throughput ratio vectorised / loop = {rate_vec / rate_loop:.0f}×")
    top = int(np.argmax(vec.p_first))
    print(f"  P(first) of {model.strategy_ids[top]}: vectorised {vec.p_first[top]:.3f}, loop {loop_first[top]:.3f} "
          f"(±{2 * np.sqrt(loop_first[top] * (1 - loop_first[top]) / LOOP_DRAWS):.3f})")
    return {"draws_per_second": rate_vec, "ratio_vs_loop": rate_vec / rate_loop, "seconds_10k": t_vec}
