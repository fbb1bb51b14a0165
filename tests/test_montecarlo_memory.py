"""Monte Carlo memory is bounded by a budget, and the budget never changes the numbers (issue 14, item 6).

The draws are worked in pieces whose size follows from experts × pairs; the
random numbers keep their layout (blocks of 2000 draws: panel, each set,
ratings), so the same seed gives the same result — exactly — whatever the
budget (under AIP to the eigenvectors' convergence, about 1e-9).  Peak memory itself is measured in ``benchmarks/bench_montecarlo_memory.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

import mcda
from mcda.montecarlo import _prepare, _rows_per_piece

SCALE = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])


def _panel(n_experts: int, seed: int = 0):
    rng = np.random.default_rng(seed)

    def stack(n: int, missing: float = 0.0) -> np.ndarray:
        a = np.ones((n_experts, n, n))
        for i in range(n):
            for j in range(i + 1, n):
                v = rng.choice(SCALE, n_experts)
                if missing:
                    v = np.where(rng.random(n_experts) < missing, np.nan, v)
                a[:, i, j], a[:, j, i] = v, 1 / v
        return a

    judgments = {"groups": stack(4), "factors:S": stack(3), "factors:W": stack(5, 0.2), "factors:O": stack(2),
                 "factors:T": stack(3)}
    ratings = rng.choice([1.0, 2, 3, 4, 5], (n_experts, 6, 13))
    ratings[rng.random(ratings.shape) < 0.1] = np.nan
    return dict(judgments=judgments, factor_groups=[0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3],
                group_ids=["S", "W", "O", "T"], ratings=ratings)


SPECS = {
    "steps, bootstrap, ratings": mcda.Perturbation(step_probability=0.2, bootstrap=True, rating_step_probability=0.1,
                                                   rating_values=(1, 2, 3, 4, 5)),
    "long steps and noise": mcda.Perturbation(step_probability=0.3, max_step=3, log_sd=0.1),
    "noise, bootstrap": mcda.Perturbation(log_sd=0.2, bootstrap=True),
    "long steps": mcda.Perturbation(step_probability=0.25, max_step=2),
}


@pytest.mark.parametrize("aggregation", ["aij", "aip"])
@pytest.mark.parametrize("spec", list(SPECS), ids=list(SPECS))
def test_same_seed_same_result_whatever_the_budget(spec, aggregation):
    panel = _panel(60)
    kwargs = dict(panel, draws=2101, perturbation=SPECS[spec], aggregation=aggregation, seed=5)
    prep = _prepare(panel["judgments"], panel["factor_groups"], panel["group_ids"], panel["ratings"], None,
                    SPECS[spec], None, None, None)
    budget = 1_000_000
    while _rows_per_piece(prep, aggregation, budget) < 40:  # blocks cut into ~40-draw pieces
        budget *= 2
    assert _rows_per_piece(prep, aggregation, budget) < 100
    whole = mcda.monte_carlo(**kwargs)  # default budget: one piece per block for 60 experts
    small = mcda.monte_carlo(**kwargs, memory_budget=budget)
    for name in ("scores", "rank_acceptability", "p_first", "p_top_k", "score_low", "score_high", "p_beats",
                 "group_weight_mean", "factor_weight_low", "factor_weight_high"):
        if aggregation == "aij":  # exactly
            np.testing.assert_array_equal(getattr(small, name), getattr(whole, name), err_msg=name)
        else:  # each piece's expert priorities converge on their own (to 1e-12 per step)
            np.testing.assert_allclose(getattr(small, name), getattr(whole, name), rtol=0, atol=1e-8, err_msg=name)


def test_pieces_shrink_as_the_panel_grows_and_stay_even():
    spec = SPECS["steps, bootstrap, ratings"]
    rows = {}
    for experts in (10, 100, 1000):
        panel = _panel(experts)
        prep = _prepare(panel["judgments"], panel["factor_groups"], panel["group_ids"], panel["ratings"], None,
                        spec, None, None, None)
        rows[experts] = _rows_per_piece(prep, "aij", mcda.montecarlo.MEMORY_BUDGET)
    assert rows[10] == 2000 and rows[100] < 2000 and rows[1000] < rows[100] // 5
    assert all(r % 2 == 0 and r >= 2 for r in rows.values())
    # 1000 experts × 78 rating cells × 8 bytes × the work arrays stay inside the budget
    assert rows[1000] * 1000 * 78 * 8 * mcda.montecarlo._WORK_ARRAYS <= mcda.montecarlo.MEMORY_BUDGET


def test_budget_is_checked():
    with pytest.raises(mcda.ArgumentError, match="memory_budget"):
        mcda.monte_carlo(**_panel(3), draws=10, memory_budget=0)
