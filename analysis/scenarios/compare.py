"""A baseline and its scenarios side by side: ranks, scores, weight deltas, correlations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import mcda
from mcda.errors import ModelError
from mcda.plain import freeze_arrays, plain_data, readonly

from ..results import Results

__all__ = ["ScenarioComparison", "compare_results"]


# --------------------------------------------------------------------------------------------- comparison
@dataclass(frozen=True)
class ScenarioComparison:
    """A baseline and its scenarios side by side (index 0 is the baseline).

    ``ranks`` / ``scores`` are ``(runs, strategies)`` over the baseline's
    strategies (NaN where a scenario left a strategy out); ``group_weights``
    ``(runs, groups)`` and ``factor_weights`` ``(runs, factors)`` (global);
    ``correlations[name]`` holds each run's rank correlation with the baseline
    over the strategies both rank (re-ranked among those).
    """

    names: tuple[str, ...]
    descriptions: tuple[str, ...]
    changes: tuple[tuple[str, ...], ...]
    strategy_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    factor_ids: tuple[str, ...]
    ranks: np.ndarray
    scores: np.ndarray
    group_weights: np.ndarray
    factor_weights: np.ndarray
    correlations: dict
    results: tuple[Results, ...] = field(repr=False, default=())

    def __post_init__(self) -> None:
        freeze_arrays(self, "ranks", "scores", "group_weights", "factor_weights")
        object.__setattr__(self, "correlations", {name: readonly(v, float) for name, v in self.correlations.items()})

    @property
    def present(self) -> np.ndarray:
        return np.isfinite(self.scores)

    @property
    def top(self) -> tuple[str, ...]:
        """The first-ranked strategy of each run (ties joined by '=')."""
        out = []
        for r in self.ranks:
            best = np.nanmin(r)
            out.append("=".join(s for s, v in zip(self.strategy_ids, r) if v == best))
        return tuple(out)

    def rank_changes(self) -> np.ndarray:
        """``(runs, strategies)``: baseline rank − run rank (positive = moved up)."""
        return self.ranks[0][None, :] - self.ranks

    def robust_conclusions(self, top_k: int = 3) -> dict[str, Any]:
        """Which statements about the ranking hold in every run.

        ``always_first``: strategies ranked first everywhere; ``always_top_k``:
        in the top ``top_k`` wherever ranked; ``always_last``; ``stable_rank``:
        same rank everywhere; ``pairs``: ``(a, b)`` with a ranked above b in
        every run that ranks both, over pairs adjacent in the baseline
        ranking; ``top_group``: the heaviest group if it is the same everywhere.
        """
        present = self.present
        ranks = np.where(present, self.ranks, np.inf)
        n_ranked = present.sum(axis=1)
        everywhere = present.all(axis=0)
        ids = self.strategy_ids
        always_first = [s for a, s in enumerate(ids) if everywhere[a] and np.all(ranks[:, a] == 1)]
        always_top = [s for a, s in enumerate(ids) if everywhere[a] and np.all(ranks[:, a] <= top_k)]
        always_last = [s for a, s in enumerate(ids) if everywhere[a] and np.all(ranks[:, a] == n_ranked)]
        stable = [s for a, s in enumerate(ids) if everywhere[a] and np.all(ranks[:, a] == ranks[0, a])]
        order = [a for a in np.argsort(self.ranks[0], kind="stable")]
        pairs = []
        for a, b in zip(order[:-1], order[1:]):
            both = present[:, a] & present[:, b]
            if both.sum() >= 2 and np.all(self.scores[both, a] > self.scores[both, b]):
                pairs.append((ids[a], ids[b]))
        heaviest = np.argmax(self.group_weights, axis=1)
        top_group = self.group_ids[heaviest[0]] if np.all(heaviest == heaviest[0]) else None
        return {"always_first": always_first, "always_top_k": always_top, "top_k": top_k,
                "always_last": always_last, "stable_rank": stable, "pairs": pairs, "top_group": top_group,
                "same_top": len(set(self.top)) == 1}

    def to_frame(self):
        """Strategies × runs table of ranks."""
        import pandas as pd

        return pd.DataFrame(self.ranks.T, index=pd.Index(self.strategy_ids, name="strategy"), columns=list(self.names))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (NaN — a strategy a run left out — as ``None``)."""
        return plain_data({
            "names": self.names,
            "descriptions": self.descriptions,
            "changes": self.changes,
            "strategy_ids": self.strategy_ids,
            "group_ids": self.group_ids,
            "factor_ids": self.factor_ids,
            "ranks": self.ranks,
            "scores": self.scores,
            "group_weights": self.group_weights,
            "factor_weights": self.factor_weights,
            "correlations": self.correlations,
            "top": self.top,
            "robust": self.robust_conclusions(),
        })


def compare_results(
    baseline: Results,
    scenarios: Sequence[tuple[str, Results]],
    *,
    baseline_name: str = "baseline",
    descriptions: Sequence[str] | None = None,
    changes: Sequence[Sequence[str]] | None = None,
) -> ScenarioComparison:
    """Put the baseline's and every scenario's results side by side (see :class:`ScenarioComparison`)."""
    runs = [(baseline_name, baseline), *scenarios]
    strategy_ids = baseline.strategy_ids
    group_ids = baseline.group_ids
    factor_ids = baseline.factor_ids
    R = len(runs)
    ranks = np.full((R, len(strategy_ids)), np.nan)
    scores = np.full((R, len(strategy_ids)), np.nan)
    groups = np.full((R, len(group_ids)), np.nan)
    factors = np.full((R, len(factor_ids)), np.nan)
    for i, (_, res) in enumerate(runs):
        if res.model_id != baseline.model_id:
            raise ModelError(f"run {runs[i][0]!r} analyses model {res.model_id}, the baseline {baseline.model_id}")
        for k, s in enumerate(res.strategy_ids):
            if s in strategy_ids:
                a = strategy_ids.index(s)
                ranks[i, a] = res.ranks[k]
                scores[i, a] = res.strategy_scores[k]
        groups[i] = [res.group_weights[res.group_ids.index(g)] for g in group_ids]
        factors[i] = [res.global_factor_weights[res.factor_ids.index(f)] for f in factor_ids]
    correlations = {name: np.full(R, np.nan) for name in ("weighted_spearman", "ws", "kendall_tau")}
    for i in range(R):
        both = np.isfinite(scores[0]) & np.isfinite(scores[i])
        if both.sum() >= 2:
            x = mcda.rank_scores(scores[0, both], ties="average")
            y = mcda.rank_scores(scores[i, both], ties="average")
            for name in correlations:
                correlations[name][i] = mcda.rank_correlation(x, y, name)
    return ScenarioComparison(
        names=tuple(n for n, _ in runs),
        descriptions=tuple(descriptions) if descriptions is not None else ("",) * R,
        changes=tuple(tuple(c) for c in changes) if changes is not None else ((),) * R,
        strategy_ids=strategy_ids,
        group_ids=group_ids,
        factor_ids=factor_ids,
        ranks=ranks,
        scores=scores,
        group_weights=groups,
        factor_weights=factors,
        correlations=correlations,
        results=tuple(r for _, r in runs),
    )
