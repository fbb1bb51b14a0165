"""A synthetic expert panel built straight from NumPy arrays (no workbooks).

The pipeline and report tests use it so they do not depend on the
questionnaire reader: every expert's judgments scatter around one latent
weighting per comparison set, rounded to Saaty's scale; ratings scatter
around a latent level per strategy × factor.
"""

from __future__ import annotations

import numpy as np

from surveys.responses import Expert, Responses

SAATY = np.array([1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9])


def to_scale(x: np.ndarray) -> np.ndarray:
    idx = np.abs(np.log(x)[..., None] - np.log(SAATY)).argmin(axis=-1)
    return SAATY[idx]


def judgment_stack(latent: np.ndarray, n_experts: int, noise: float, rng) -> np.ndarray:
    n = latent.size
    ratio = latent[:, None] / latent[None, :]
    stack = np.ones((n_experts, n, n))
    iu = np.triu_indices(n, 1)
    for k in range(n_experts):
        upper = to_scale(ratio[iu] * np.exp(rng.normal(0, noise, size=len(iu[0]))))
        stack[k][iu] = upper
        stack[k][(iu[1], iu[0])] = 1 / upper
    return stack


def make_panel(model, n_experts: int = 6, *, seed: int = 1, noise: float = 0.25, wild: tuple[int, ...] = (),
               names=None) -> Responses:
    """Responses for ``model``; experts listed in ``wild`` answer at random (inconsistent)."""
    rng = np.random.default_rng(seed)
    judgments = {}
    for cs in model.comparison_sets():
        latent = rng.dirichlet(np.ones(cs.size) * 2.0)
        stack = judgment_stack(latent, n_experts, noise, rng)
        for k in wild:
            iu = np.triu_indices(cs.size, 1)
            upper = rng.choice(SAATY, size=len(iu[0]))
            stack[k][iu] = upper
            stack[k][(iu[1], iu[0])] = 1 / upper
        judgments[cs.id] = stack
    ratings = None
    if model.evaluation == "ratings":
        values = np.array(sorted(i.value for i in model.rating_scale))
        latent = rng.integers(0, len(values), size=(len(model.strategies), len(model.factors)))
        shift = rng.integers(-1, 2, size=(n_experts, *latent.shape))
        ratings = values[np.clip(latent[None] + shift, 0, len(values) - 1)]
    names = names or [f"Expert {k + 1}" for k in range(n_experts)]
    experts = tuple(Expert(id=f"E{k + 1:02d}", name=names[k], role="analyst", source_file=f"e{k + 1}.xlsx")
                    for k in range(n_experts))
    return Responses(model.id, model.content_hash, experts, judgments, ratings)
