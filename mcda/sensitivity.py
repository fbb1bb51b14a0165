"""How sure is the ranking?  One-way weight sweeps, rank-reversal thresholds, Monte Carlo.

One-way sweeps (the "performance sensitivity" of Expert Choice; Triantaphyllou
& Sánchez 1997).  The score of every strategy is linear in the weights,
``s = w · C`` with ``C[k, a]`` the score strategy ``a`` gets per unit of weight
``k`` (for a group: ``Σ_{f∈g} l_f x_af``; for a factor: ``x_af``).  Moving one
weight to ``t`` and rescaling the others proportionally, ``w_j ← w_j (1 − t) /
(1 − w_k)``, makes each score a straight line in ``t``::

    s_a(t) = t · C[k, a] + (1 − t) · R[k, a],   R[k] = (s − w_k C[k]) / (1 − w_k)

so two strategies swap exactly where their lines cross,
``t* = d_R / (d_R − d_C)`` with ``d_R = R_a − R_b`` and ``d_C = C_a − C_b``:
no grid, no tolerance of a grid step.  The top strategy changes only at
crossings that lie on the upper envelope of the lines.  The smallest change in
weight ``k`` that reverses strategies ``a`` and ``b`` is ``t* − w_k`` (absolute)
and ``(t* − w_k) / w_k`` (relative) — Triantaphyllou & Sánchez's "absolute and
relative threshold" for a pair.

Monte Carlo (stochastic acceptability, Lahdelma et al. 1998; judgments
perturbed on the scale as in Hauser & Tadikamalla 1996, or by log-normal
noise as in Saaty & Vargas 1987; experts resampled by the bootstrap, Efron
1979): each draw perturbs every judgment, resamples the panel, aggregates,
re-derives every priority vector and synthesises the hierarchy — all draws at
once, as ``(draws, n, n)`` stacks through :func:`mcda.batch_priorities`.  The
result holds each strategy's rank acceptability ``b[a, r] = P(rank of a = r + 1)``,
``P(first)``, ``P(top k)`` and score confidence intervals.

References
----------
Triantaphyllou, E., Sánchez, A. (1997). A sensitivity analysis approach for some
deterministic multi-criteria decision-making methods. *Decision Sciences* 28(1), 151–194.
Lahdelma, R., Hokkanen, J., Salminen, P. (1998). SMAA — Stochastic multiobjective
acceptability analysis. *EJOR* 106(1), 137–143.
Hauser, D., Tadikamalla, P. (1996). The analytic hierarchy process in an uncertain
environment: a simulation approach. *EJOR* 91(1), 27–37.
Saaty, T. L., Vargas, L. G. (1987). Uncertainty and rank order in the analytic
hierarchy process. *EJOR* 32(1), 107–117.
Efron, B. (1979). Bootstrap methods: another look at the jackknife. *Annals of Statistics* 7(1), 1–26.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import MatrixError
from .hierarchy import _check_factor_groups, local_strategy_scores, rank_scores
from .priorities import batch_priorities
from .scale import SAATY_VALUES, nearest_scale_value

__all__ = [
    "CrossingPoint",
    "WeightSweep",
    "weight_sweep",
    "group_weight_sweep",
    "factor_weight_sweep",
    "MonteCarloResult",
    "monte_carlo",
]

_LOG_SCALE = np.log(SAATY_VALUES)
# Two scores closer than this count as equal: a crossing at a tie is not a reversal.
_SCORE_TOL = 1e-12
# Draws computed together; bounds memory at chunk × experts × pairs floats.
_LEVELS = 1 << 16  # resolution of the step probabilities (see _perturb)
_CHUNK = 2000


# ------------------------------------------------------------------------------------ one-way sweeps
@dataclass(frozen=True, slots=True)
class CrossingPoint:
    """Two strategies swap order when weight ``item`` reaches ``weight``.

    ``above_before`` leads for weights below ``weight`` and ``above_after`` for
    weights above it; ``change`` = ``weight − base_weight`` and
    ``relative_change`` = ``change / base_weight`` (NaN when the base weight is 0).
    ``changes_top`` marks a crossing where the top strategy changes.
    """

    item: str
    weight: float
    base_weight: float
    above_before: str
    above_after: str
    score: float
    changes_top: bool

    @property
    def change(self) -> float:
        return self.weight - self.base_weight

    @property
    def relative_change(self) -> float:
        return self.change / self.base_weight if self.base_weight > 0 else float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "weight": self.weight,
            "base_weight": self.base_weight,
            "change": self.change,
            "relative_change": self.relative_change,
            "above_before": self.above_before,
            "above_after": self.above_after,
            "score": self.score,
            "changes_top": self.changes_top,
        }


@dataclass(frozen=True, slots=True)
class WeightSweep:
    """One-way sweeps of every weight of one level (see :func:`weight_sweep`).

    ``at_zero[k]`` / ``at_one[k]`` are the strategies' scores when weight ``k``
    is 0 / 1 (the others rescaled); scores are linear in between, so these two
    rows are the whole line of the classic sensitivity chart.
    ``crossing_weight[k, a, b]`` is the value of weight ``k`` at which ``a``
    and ``b`` swap (NaN: they never swap in [0, 1]).
    """

    item_ids: tuple[str, ...]
    strategy_ids: tuple[str, ...]
    base_weights: np.ndarray  # (K,)
    base_scores: np.ndarray  # (S,)
    at_zero: np.ndarray  # (K, S)
    at_one: np.ndarray  # (K, S)
    crossing_weight: np.ndarray  # (K, S, S)
    crossings: tuple[CrossingPoint, ...]
    level: str = "weights"

    def scores_at(self, item: int | str, weights: Any) -> np.ndarray:
        """Scores ``(len(weights), S)`` with weight ``item`` set to each of ``weights``."""
        k = self._index(item)
        t = np.atleast_1d(np.asarray(weights, dtype=float))[:, None]
        return t * self.at_one[k] + (1 - t) * self.at_zero[k]

    def _index(self, item: int | str) -> int:
        if isinstance(item, str):
            try:
                return self.item_ids.index(item)
            except ValueError:
                raise MatrixError(f"no weight {item!r} in this sweep (have {', '.join(self.item_ids)})") from None
        return int(item)

    @property
    def top_changes(self) -> tuple[CrossingPoint, ...]:
        """The crossings where the top strategy changes, by item then weight."""
        return tuple(c for c in self.crossings if c.changes_top)

    def top_thresholds(self) -> np.ndarray:
        """``(K, 2)``: for each weight, the nearest value below and above its base value
        at which the top strategy changes (NaN: none in that direction)."""
        out = np.full((len(self.item_ids), 2), np.nan)
        for c in self.top_changes:
            k = self.item_ids.index(c.item)
            if c.weight < c.base_weight and not c.weight <= out[k, 0]:
                out[k, 0] = c.weight
            elif c.weight >= c.base_weight and not c.weight >= out[k, 1]:
                out[k, 1] = c.weight
        return out

    def reversal_thresholds(self) -> tuple[np.ndarray, np.ndarray]:
        """Absolute and relative change of each weight that reverses each pair.

        Both ``(K, S, S)``: entry ``[k, a, b]`` is ``t* − w_k`` (and
        ``(t* − w_k) / w_k``) with ``t*`` the value of weight ``k`` at which
        ``a`` and ``b`` swap; NaN where they never swap.
        """
        w = self.base_weights[:, None, None]
        absolute = self.crossing_weight - w
        with np.errstate(divide="ignore", invalid="ignore"):
            relative = np.where(w > 0, absolute / np.where(w > 0, w, 1.0), np.nan)
        return absolute, relative

    def to_frame(self):
        """Every crossing point: item, weight, change, relative change, strategies, top change."""
        import pandas as pd

        columns = ["item", "weight", "base_weight", "change", "relative_change", "above_before", "above_after",
                   "score", "changes_top"]
        return pd.DataFrame([c.to_dict() for c in self.crossings], columns=columns)

    def thresholds_frame(self):
        """One row per weight and ranked pair (better first at the base weights) that the weight can reverse."""
        import pandas as pd

        absolute, relative = self.reversal_thresholds()
        rows = []
        order = np.argsort(-self.base_scores, kind="stable")
        for k, item in enumerate(self.item_ids):
            for i, a in enumerate(order):
                for b in order[i + 1:]:
                    if np.isfinite(absolute[k, a, b]):
                        rows.append({
                            "item": item, "better": self.strategy_ids[a], "worse": self.strategy_ids[b],
                            "base_weight": self.base_weights[k], "weight": self.crossing_weight[k, a, b],
                            "change": absolute[k, a, b], "relative_change": relative[k, a, b],
                        })
        return pd.DataFrame(rows, columns=["item", "better", "worse", "base_weight", "weight", "change", "relative_change"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "item_ids": list(self.item_ids),
            "strategy_ids": list(self.strategy_ids),
            "base_weights": self.base_weights.tolist(),
            "base_scores": self.base_scores.tolist(),
            "at_zero": self.at_zero.tolist(),
            "at_one": self.at_one.tolist(),
            "crossings": [c.to_dict() for c in self.crossings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "WeightSweep":
        """Inverse of :meth:`to_dict`.  The crossing points are solved again from
        ``at_zero`` / ``at_one`` (the same arithmetic, so the same numbers), which
        is why a stored sweep may leave ``crossings`` out or keep only some."""
        def arr(values):
            return np.array([[np.nan if v is None else v for v in row] for row in values], dtype=float).reshape(
                len(data["item_ids"]), len(data["strategy_ids"]))

        return _sweep_from_lines(
            np.asarray(data["base_weights"], dtype=float), np.asarray(data["base_scores"], dtype=float),
            arr(data["at_zero"]), arr(data["at_one"]), tuple(data["item_ids"]), tuple(data["strategy_ids"]),
            data.get("level", "weights"))

    def __repr__(self) -> str:
        return (f"WeightSweep({self.level}: {len(self.item_ids)} weights, {len(self.strategy_ids)} strategies, "
                f"{len(self.crossings)} crossings, {len(self.top_changes)} change the top)")


def _ids(ids: Sequence[str] | None, n: int, prefix: str, name: str) -> tuple[str, ...]:
    if ids is None:
        return tuple(f"{prefix}{i}" for i in range(n))
    ids = tuple(str(i) for i in ids)
    if len(ids) != n:
        raise MatrixError(f"`{name}` must have {n} entries (got {len(ids)})")
    return ids


def _sweep_lines(w: np.ndarray, C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scores at weight 0 (``R``) and 1 (``C``) for every weight, shape (K, S) each."""
    K = w.size
    base = w @ C
    rest = np.empty_like(C)
    normal = w < 1.0
    rest[normal] = (base[None, :] - w[normal, None] * C[normal]) / (1.0 - w[normal, None])
    if not normal.all():
        # The weight holds everything: the others (all 0) share what it gives up equally.
        for k in np.flatnonzero(~normal):
            others = np.arange(K) != k
            rest[k] = C[others].mean(axis=0) if others.any() else C[k]
    return rest, C


def weight_sweep(
    weights: Any,
    contributions: Any,
    *,
    item_ids: Sequence[str] | None = None,
    strategy_ids: Sequence[str] | None = None,
    level: str = "weights",
) -> WeightSweep:
    """One-way sweeps of each weight from 0 to 1 with exact crossing points.

    ``weights`` (K,) sum to 1; ``contributions`` (K, S) so that the strategy
    scores are ``weights @ contributions``.  Each weight in turn is moved over
    [0, 1] while the others keep their proportions; the crossing points of
    every pair of strategies are solved exactly (scores are linear in the
    weight).  Triantaphyllou & Sánchez (1997).

    Two strategies, one weight: A scores 0.8 and B 0.2 on criterion 1, A 0.3
    and B 0.6 on criterion 2; they tie where ``0.8t + 0.3(1 − t) = 0.2t + 0.6(1 − t)``,
    i.e. ``t = 1/3``:

    >>> s = weight_sweep([0.5, 0.5], [[0.8, 0.2], [0.3, 0.6]], item_ids=["c1", "c2"], strategy_ids=["A", "B"])
    >>> c = s.top_changes[0]
    >>> c.item, round(c.weight, 6), c.above_before, c.above_after
    ('c1', 0.333333, 'B', 'A')
    """
    w = np.asarray(weights, dtype=float)
    C = np.asarray(contributions, dtype=float)
    if w.ndim != 1 or w.size < 1:
        raise MatrixError(f"`weights` must be a vector (got shape {w.shape})")
    if C.ndim != 2 or C.shape[0] != w.size:
        raise MatrixError(f"`contributions` must be weights × strategies ({w.size} rows), got shape {C.shape}")
    if not (np.all(np.isfinite(w)) and np.all(np.isfinite(C))):
        raise MatrixError("`weights` and `contributions` must be finite")
    if np.any(w < 0) or abs(w.sum() - 1.0) > 1e-6:
        raise MatrixError(f"`weights` must be non-negative and sum to 1 (got sum {w.sum():.6g})")
    K, S = C.shape
    items = _ids(item_ids, K, "w", "item_ids")
    strategies = _ids(strategy_ids, S, "s", "strategy_ids")
    rest, one = _sweep_lines(w, C)
    return _sweep_from_lines(w, w @ C, rest, one, items, strategies, level)


def _sweep_from_lines(w: np.ndarray, base: np.ndarray, rest: np.ndarray, one: np.ndarray,
                      items: tuple[str, ...], strategies: tuple[str, ...], level: str) -> WeightSweep:
    """The crossing points of every pair, given each strategy's score at weight 0 (``rest``) and 1 (``one``)."""
    S = one.shape[1]
    # D_ab(t) = dR + t (dC − dR) for every weight and pair; root t* = dR / (dR − dC).
    dR = rest[:, :, None] - rest[:, None, :]
    dC = one[:, :, None] - one[:, None, :]
    slope = dC - dR
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(np.abs(slope) > _SCORE_TOL, -dR / np.where(slope == 0, 1.0, slope), np.nan)
    valid = (t >= -1e-12) & (t <= 1 + 1e-12)
    # A pair already tied at an end of the interval does not "cross" there
    # (it only touches); only a strict sign change counts.
    valid &= ~((np.abs(t) <= 1e-12) & (np.abs(dR) <= _SCORE_TOL))
    valid &= ~((np.abs(t - 1) <= 1e-12) & (np.abs(dC) <= _SCORE_TOL))
    crossing = np.where(valid, np.clip(t, 0.0, 1.0), np.nan)

    points: list[CrossingPoint] = []
    ks, As, Bs = np.nonzero(valid & (np.arange(S)[:, None] < np.arange(S)[None, :]))
    for k, a, b in zip(ks.tolist(), As.tolist(), Bs.tolist()):
        tk = float(crossing[k, a, b])
        scores_t = tk * one[k] + (1 - tk) * rest[k]
        at = float(scores_t[a])
        top = bool(at >= scores_t.max() - 1e-10)
        # Below t* the sign of D is the sign of D(0) = dR (never 0: a tie at an end is no crossing).
        first, second = (a, b) if dR[k, a, b] > 0 else (b, a)
        points.append(CrossingPoint(items[k], tk, float(w[k]), strategies[first], strategies[second], at, top))
    points.sort(key=lambda c: (items.index(c.item), c.weight))
    return WeightSweep(
        item_ids=items,
        strategy_ids=strategies,
        base_weights=w,
        base_scores=base,
        at_zero=rest,
        at_one=one,
        crossing_weight=crossing,
        crossings=tuple(points),
        level=level,
    )


def _local_x(strategy_scores: Any, mode: str) -> np.ndarray:
    x = local_strategy_scores(strategy_scores, mode)
    if x.ndim != 2:
        raise MatrixError(f"`strategy_scores` must be strategies × factors (got shape {x.shape})")
    return x


def group_weight_sweep(
    group_weights: Any,
    local_factor_weights: Any,
    strategy_scores: Any,
    factor_groups: Any,
    mode: str = "distributive",
    *,
    inner_dependence: Any = None,
    group_ids: Sequence[str] | None = None,
    strategy_ids: Sequence[str] | None = None,
) -> WeightSweep:
    """Sweep each SWOT group weight over [0, 1] (others rescaled) — see :func:`weight_sweep`.

    Arguments as in :func:`mcda.synthesize`; with ``inner_dependence`` (G, G)
    the sweep is over the independent group weights w1 of SWOT-ANP
    (scores ``= (W2 w1) · C``, still linear in w1).

    >>> s = group_weight_sweep([0.6, 0.4], [1.0, 1.0], [[0.8, 0.3], [0.2, 0.7]], [0, 1], group_ids=["S", "T"])
    >>> [(c.item, round(c.weight, 3)) for c in s.top_changes]
    [('S', 0.4), ('T', 0.6)]
    """
    w = np.asarray(group_weights, dtype=float)
    local = np.asarray(local_factor_weights, dtype=float)
    groups = _check_factor_groups(factor_groups, w.shape[-1])
    x = _local_x(strategy_scores, mode)
    if local.shape != groups.shape or x.shape[1] != groups.size:
        raise MatrixError(
            f"`local_factor_weights` ({local.shape}) and the columns of `strategy_scores` ({x.shape}) "
            f"must have one entry per factor ({groups.size})"
        )
    membership = (groups[None, :] == np.arange(w.size)[:, None]).astype(float)  # (G, F)
    C = (membership * local[None, :]) @ x.T  # (G, S): score per unit group weight
    if inner_dependence is not None:
        W2 = np.asarray(inner_dependence, dtype=float)
        if W2.shape != (w.size, w.size):
            raise MatrixError(f"`inner_dependence` must be {w.size} × {w.size} (got shape {W2.shape})")
        C = W2.T @ C
    return weight_sweep(w, C, item_ids=_ids(group_ids, w.size, "group_", "group_ids"),
                        strategy_ids=strategy_ids, level="groups")


def factor_weight_sweep(
    global_factor_weights: Any,
    strategy_scores: Any,
    mode: str = "distributive",
    *,
    factor_ids: Sequence[str] | None = None,
    strategy_ids: Sequence[str] | None = None,
) -> WeightSweep:
    """Sweep each global factor weight over [0, 1], all other factors rescaled proportionally.

    >>> s = factor_weight_sweep([0.5, 0.5], [[0.8, 0.3], [0.2, 0.7]], mode="raw", factor_ids=["S1", "T1"])
    >>> round(float(s.top_thresholds()[0, 0]), 3)
    0.4
    """
    g = np.asarray(global_factor_weights, dtype=float)
    x = _local_x(strategy_scores, mode)
    if x.shape[1] != g.size:
        raise MatrixError(f"`strategy_scores` must have one column per factor ({g.size}), got shape {x.shape}")
    return weight_sweep(g, x.T, item_ids=_ids(factor_ids, g.size, "factor_", "factor_ids"),
                        strategy_ids=strategy_ids, level="factors")


# --------------------------------------------------------------------------------------- Monte Carlo
@dataclass(frozen=True, slots=True)
class MonteCarloResult:
    """Stochastic acceptability of the ranking (Lahdelma et al. 1998).

    ``rank_acceptability[a, r]`` is the share of draws in which strategy ``a``
    has rank ``r + 1`` (ties share the better rank); ``p_first`` and
    ``p_top_k`` are its first column and the share with rank ≤ ``top_k``;
    ``score_low`` / ``score_high`` bound the central ``confidence`` interval
    of each score; ``p_beats[a, b]`` = P(score a > score b).
    ``scores`` keeps every draw's scores ``(draws, S)``.
    """

    strategy_ids: tuple[str, ...]
    draws: int
    scores: np.ndarray  # (D, S)
    rank_acceptability: np.ndarray  # (S, S)
    p_first: np.ndarray
    p_top_k: np.ndarray
    top_k: int
    score_mean: np.ndarray
    score_low: np.ndarray
    score_high: np.ndarray
    confidence: float
    p_beats: np.ndarray  # (S, S)
    group_weight_mean: np.ndarray
    group_weight_low: np.ndarray
    group_weight_high: np.ndarray
    factor_weight_mean: np.ndarray
    factor_weight_low: np.ndarray
    factor_weight_high: np.ndarray
    settings: dict = field(default_factory=dict)

    @property
    def most_acceptable(self) -> str:
        """The strategy most often ranked first."""
        return self.strategy_ids[int(np.argmax(self.p_first))]

    def __repr__(self) -> str:
        order = np.argsort(-self.p_first, kind="stable")[:3]
        top = ", ".join(f"{self.strategy_ids[a]}={self.p_first[a]:.2f}" for a in order)
        return f"MonteCarloResult(draws={self.draws}, P(first): {top})"

    def to_frame(self):
        """One row per strategy: P(first), P(top k), mean score, interval, and rank acceptabilities."""
        import pandas as pd

        frame = pd.DataFrame(
            {
                "p_first": self.p_first,
                f"p_top_{self.top_k}": self.p_top_k,
                "score_mean": self.score_mean,
                "score_low": self.score_low,
                "score_high": self.score_high,
            },
            index=pd.Index(self.strategy_ids, name="strategy"),
        )
        for r in range(self.rank_acceptability.shape[1]):
            frame[f"rank_{r + 1}"] = self.rank_acceptability[:, r]
        return frame

    def to_dict(self) -> dict[str, Any]:
        return {
            "strategy_ids": list(self.strategy_ids),
            "draws": self.draws,
            "rank_acceptability": self.rank_acceptability.tolist(),
            "p_first": self.p_first.tolist(),
            "p_top_k": self.p_top_k.tolist(),
            "top_k": self.top_k,
            "score_mean": self.score_mean.tolist(),
            "score_low": self.score_low.tolist(),
            "score_high": self.score_high.tolist(),
            "confidence": self.confidence,
            "p_beats": self.p_beats.tolist(),
            "group_weight_mean": self.group_weight_mean.tolist(),
            "group_weight_low": self.group_weight_low.tolist(),
            "group_weight_high": self.group_weight_high.tolist(),
            "factor_weight_mean": self.factor_weight_mean.tolist(),
            "factor_weight_low": self.factor_weight_low.tolist(),
            "factor_weight_high": self.factor_weight_high.tolist(),
            "settings": dict(self.settings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "MonteCarloResult":
        """Inverse of :meth:`to_dict`, which leaves out the per-draw ``scores``:
        they come back as an empty ``(0, S)`` array; every summary is kept."""
        def arr(name):
            return np.array(_nan(data[name]), dtype=float)

        strategies = tuple(data["strategy_ids"])
        return cls(
            strategy_ids=strategies,
            draws=int(data["draws"]),
            scores=np.empty((0, len(strategies))),
            rank_acceptability=arr("rank_acceptability"),
            p_first=arr("p_first"),
            p_top_k=arr("p_top_k"),
            top_k=int(data["top_k"]),
            score_mean=arr("score_mean"),
            score_low=arr("score_low"),
            score_high=arr("score_high"),
            confidence=float(data["confidence"]),
            p_beats=arr("p_beats"),
            group_weight_mean=arr("group_weight_mean"),
            group_weight_low=arr("group_weight_low"),
            group_weight_high=arr("group_weight_high"),
            factor_weight_mean=arr("factor_weight_mean"),
            factor_weight_low=arr("factor_weight_low"),
            factor_weight_high=arr("factor_weight_high"),
            settings=dict(data.get("settings", {})),
        )


def _nan(values: Any) -> Any:
    """JSON ``null`` (how NaN is saved) back to NaN, in nested lists."""
    if isinstance(values, list):
        return [_nan(v) for v in values]
    return np.nan if values is None else values


@dataclass(frozen=True, slots=True)
class _Set:
    """One comparison set prepared for drawing: upper-triangle logs and scale positions."""

    n: int
    rows: np.ndarray
    cols: np.ndarray
    logs: np.ndarray  # (E, P), 0 where missing
    answered: np.ndarray  # (E, P) bool
    position: np.ndarray  # (E, P) index into SAATY_VALUES
    full_panel: np.ndarray  # (P,) the whole panel's aggregate log (fills pairs no drawn expert answered)
    _tables: dict = field(default_factory=dict)

    def steps(self, max_step: int) -> tuple[np.ndarray, np.ndarray]:
        if max_step not in self._tables:
            self._tables[max_step] = _step_tables(self.position, _LOG_SCALE, self.logs, self.answered, max_step)
        return self._tables[max_step]


def _prepare_set(set_id: str, stack: Any, n_experts: int, lam0: np.ndarray) -> _Set:
    a = np.asarray(stack, dtype=float)
    if a.ndim != 3 or a.shape[0] != n_experts or a.shape[1] != a.shape[2]:
        raise MatrixError(
            f"judgments of set {set_id!r} must be (experts, n, n) with {n_experts} experts (got shape {a.shape})"
        )
    n = a.shape[1]
    rows, cols = np.triu_indices(n, 1)
    upper = a[:, rows, cols]
    answered = np.isfinite(upper)
    if np.any(upper[answered] <= 0):
        raise MatrixError(f"judgments of set {set_id!r} must be positive")
    logs = np.log(np.where(answered, upper, 1.0))
    position = np.searchsorted(SAATY_VALUES, nearest_scale_value(np.where(answered, upper, 1.0)))
    weight = lam0[:, None] * answered
    with np.errstate(invalid="ignore", divide="ignore"):
        full = (weight * logs).sum(axis=0) / weight.sum(axis=0)
    return _Set(n, rows, cols, logs, answered, position.astype(np.int64), full)


def _step_tables(position: np.ndarray, values: np.ndarray, base: np.ndarray, answered: np.ndarray, steps: int):
    """Values one…``steps`` steps down and up the scale from each entry (``(steps, …)`` each)."""
    top = len(values) - 1
    down = np.stack([np.where(answered, values[np.clip(position - k, 0, top)], base) for k in range(1, steps + 1)])
    up = np.stack([np.where(answered, values[np.clip(position + k, 0, top)], base) for k in range(1, steps + 1)])
    return down, up


def _perturb(base: np.ndarray, down: np.ndarray, up: np.ndarray, d: int, rng: np.random.Generator, p: float) -> np.ndarray:
    """``(d, *base.shape)``: each entry steps down with probability p/2, up with p/2.

    One 16-bit uniform integer per entry decides both whether and where it
    moves (so probabilities are resolved to 1/65,536 — drawing 16 bits is four
    times cheaper than a float and this is the hot loop); with several possible
    step sizes a second draw picks the size.
    """
    shape = (d, *base.shape)
    u = rng.integers(0, _LEVELS, shape, dtype=np.uint16)
    half, whole = round(p / 2 * _LEVELS), round(p * _LEVELS)
    if down.shape[0] == 1:
        return np.where(u < half, down[0], np.where(u < whole, up[0], base))
    size = rng.integers(0, down.shape[0], shape)
    return np.where(u < half, _pick(down, size), np.where(u < whole, _pick(up, size), base))


def _pick(tables: np.ndarray, size: np.ndarray) -> np.ndarray:
    """``tables[size[...], ...]`` broadcast over the leading draw axis."""
    out = np.empty(size.shape)
    for k in range(tables.shape[0]):
        np.copyto(out, np.broadcast_to(tables[k], size.shape), where=size == k)
    return out


def _perturb_logs(s: _Set, d: int, rng: np.random.Generator, p: float, max_step: int, sd: float) -> np.ndarray:
    """``(d, E, P)`` judgment logs: moved along the scale with probability ``p``, plus log-normal noise."""
    if p > 0:
        down, up = s.steps(max_step)
        logs = _perturb(s.logs, down, up, d, rng, p)
    else:
        logs = np.broadcast_to(s.logs, (d, *s.logs.shape))
    if sd > 0:
        logs = logs + rng.normal(0.0, sd, logs.shape)
    return logs


def _matrices(upper_logs: np.ndarray, s: _Set) -> np.ndarray:
    """``(..., n, n)`` reciprocal matrices from upper-triangle logs (NaN = missing)."""
    lead = upper_logs.shape[:-1]
    m = np.ones((*lead, s.n, s.n))
    values = np.exp(upper_logs)
    m[..., s.rows, s.cols] = values
    m[..., s.cols, s.rows] = 1.0 / values
    return m


def _set_weights(s: _Set, lam: np.ndarray, logs: np.ndarray, aggregation: str, method: str) -> np.ndarray:
    """Group priorities ``(d, n)`` of one set for a chunk of draws."""
    if aggregation == "aij":
        if s.answered.all():  # lam sums to 1 in every draw
            mean = np.matmul(lam[:, None, :], logs)[:, 0, :]
        else:
            wa = lam[:, :, None] * s.answered[None]  # (d, E, P)
            total = wa.sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = np.einsum("dep,dep->dp", wa, np.where(s.answered, logs, 0.0)) / total
            mean = np.where(total > 0, mean, s.full_panel[None, :])
        return batch_priorities(_matrices(mean, s), method=method, warn=False).weights
    # AIP: each drawn expert's priorities, then their weighted mean.
    d, E, P = logs.shape
    upper = np.where(s.answered, logs, np.nan)
    flat = _matrices(upper.reshape(d * E, P), s)
    weights = batch_priorities(flat, method=method, warn=False).weights.reshape(d, E, s.n)
    group = np.einsum("de,den->dn", lam, weights)
    return group / group.sum(axis=1, keepdims=True)


def _prepare_ratings(ratings: Any, n_experts: int, n_factors: int) -> np.ndarray:
    r = np.asarray(ratings, dtype=float)
    if r.ndim != 3 or r.shape[0] != n_experts or r.shape[2] != n_factors:
        raise MatrixError(
            f"`ratings` must be (experts, strategies, factors) = ({n_experts}, S, {n_factors}), got shape {r.shape}"
        )
    return r


def _ratings_mean(lam: np.ndarray, values: np.ndarray, answered: np.ndarray) -> np.ndarray:
    """Weighted mean of the answered ratings per draw; 0 where no drawn expert rated (as the pipeline)."""
    d = lam.shape[0]
    if values.ndim == 3:  # one (E, S, F) tensor for every draw
        E = values.shape[0]
        num = lam @ np.where(answered, values, 0.0).reshape(E, -1)
        den = lam @ answered.reshape(E, -1).astype(float)
        shape = values.shape[1:]
    else:  # (d, E, S, F) perturbed per draw
        E = values.shape[1]
        num = np.matmul(lam[:, None, :], values.reshape(d, E, -1))[:, 0, :]  # unrated cells hold 0
        den = lam @ answered.reshape(E, -1).astype(float)
        shape = values.shape[2:]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
    return mean.reshape(d, *shape)


def monte_carlo(
    judgments: Mapping[str, Any],
    factor_groups: Any,
    *,
    group_ids: Sequence[str],
    ratings: Any = None,
    expert_weights: Any = None,
    draws: int = 10_000,
    step_probability: float = 0.0,
    max_step: int = 1,
    log_sd: float = 0.0,
    bootstrap: bool = False,
    rating_values: Any = None,
    rating_step_probability: float = 0.0,
    aggregation: str = "aij",
    method: str = "eigen",
    mode: str = "raw",
    inner_dependence: Any = None,
    factor_ids: Sequence[str] | None = None,
    strategy_ids: Sequence[str] | None = None,
    top_k: int = 3,
    confidence: float = 0.90,
    seed: int | np.random.Generator | None = None,
) -> MonteCarloResult:
    """Rank acceptability of the strategies under perturbed judgments and resampled experts.

    Each draw (all draws vectorised):

    1. **judgments** — every answered judgment moves 1…``max_step`` steps up or
       down Saaty's 17-value scale with probability ``step_probability``
       (Hauser & Tadikamalla 1996) and/or is multiplied by
       ``exp(N(0, log_sd²))`` (Saaty & Vargas 1987); ratings move one level of
       ``rating_values`` with probability ``rating_step_probability``;
    2. **experts** — with ``bootstrap`` the panel is resampled with
       replacement (Efron 1979), each resampled expert keeping their weight;
    3. the judgments are aggregated (``"aij"``: weighted geometric mean, then
       priorities; ``"aip"``: each expert's priorities, then their weighted
       mean — Forman & Peniwati 1998), every priority vector re-derived by
       :func:`mcda.batch_priorities` and the hierarchy synthesised as in
       :func:`mcda.synthesize` (``mode``), optionally through a fixed SWOT-ANP
       ``inner_dependence`` matrix.

    ``judgments`` maps comparison-set ids to ``(experts, n, n)`` stacks, named
    as :meth:`criteria.Model.comparison_sets` names them: ``"groups"``,
    ``"factors:<group id>"`` (groups with one factor need none) and, when
    strategies are compared pairwise, ``"strategies:<factor id>"`` (then
    ``ratings`` is None and ``factor_ids`` is required).  ``ratings`` is
    ``(experts, strategies, factors)`` (NaN = not rated).

    With no perturbation and no bootstrap every draw reproduces the
    deterministic analysis, so each strategy keeps its rank with probability 1.
    The same ``seed`` and arguments give the same result.

    >>> import numpy as np
    >>> groups = np.array([[[1, 3], [1/3, 1]]] * 3)          # 3 experts, 2 groups
    >>> ratings = np.array([[[1.0, 0.3], [0.3, 1.0]]] * 3)    # 2 strategies × 2 factors
    >>> r = monte_carlo({"groups": groups}, [0, 1], group_ids=["S", "T"], ratings=ratings,
    ...                 draws=2000, step_probability=0.3, bootstrap=True, seed=1)
    >>> r.strategy_ids, bool(r.p_first[0] > 0.9)
    (('s0', 's1'), True)
    """
    if aggregation not in ("aij", "aip"):
        raise MatrixError(f"`aggregation` must be 'aij' or 'aip' (got {aggregation!r})")
    if method not in ("eigen", "geometric"):
        raise MatrixError(f"`method` must be 'eigen' or 'geometric' (got {method!r})")
    if not (isinstance(draws, (int, np.integer)) and draws >= 1):
        raise MatrixError(f"`draws` must be a positive integer (got {draws!r})")
    for name, value in (("step_probability", step_probability), ("rating_step_probability", rating_step_probability)):
        if not 0 <= value <= 1:
            raise MatrixError(f"`{name}` must be between 0 and 1 (got {value!r})")
    if log_sd < 0:
        raise MatrixError(f"`log_sd` must be ≥ 0 (got {log_sd!r})")
    if not (isinstance(max_step, (int, np.integer)) and 1 <= max_step <= 16):
        raise MatrixError(f"`max_step` must be an integer from 1 to 16 (got {max_step!r})")
    if not 0 < confidence < 1:
        raise MatrixError(f"`confidence` must be between 0 and 1 (got {confidence!r})")
    group_ids = tuple(str(g) for g in group_ids)
    G = len(group_ids)
    groups = _check_factor_groups(factor_groups, G)
    F = groups.size
    if "groups" not in judgments:
        raise MatrixError("`judgments` has no 'groups' set (the groups compared with respect to the goal)")
    E = np.asarray(judgments["groups"]).shape[0]
    if expert_weights is None:
        lam0 = np.full(E, 1.0 / E)
    else:
        lam0 = np.asarray(expert_weights, dtype=float)
        if lam0.shape != (E,) or np.any(lam0 < 0) or not np.isfinite(lam0).all() or lam0.sum() <= 0:
            raise MatrixError(f"`expert_weights` must be {E} non-negative numbers with a positive sum")
        lam0 = lam0 / lam0.sum()

    # ---- the structure: which set gives which weights
    sets: dict[str, _Set] = {"groups": _prepare_set("groups", judgments["groups"], E, lam0)}
    if sets["groups"].n != G:
        raise MatrixError(f"set 'groups' compares {sets['groups'].n} items but there are {G} groups")
    factor_sets: list[tuple[int, np.ndarray, str | None]] = []
    for g, gid in enumerate(group_ids):
        where = np.flatnonzero(groups == g)
        key = f"factors:{gid}"
        if where.size >= 2:
            if key not in judgments:
                raise MatrixError(f"`judgments` has no {key!r} set for the {where.size} factors of group {gid!r}")
            sets[key] = _prepare_set(key, judgments[key], E, lam0)
            if sets[key].n != where.size:
                raise MatrixError(f"set {key!r} compares {sets[key].n} items but group {gid!r} has {where.size} factors")
            factor_sets.append((g, where, key))
        else:
            factor_sets.append((g, where, None))
    pairwise_strategies = ratings is None
    if pairwise_strategies:
        if factor_ids is None:
            raise MatrixError("without `ratings`, strategies are compared pairwise: pass `factor_ids` to find "
                              "the 'strategies:<factor id>' sets")
        factor_ids = tuple(str(f) for f in factor_ids)
        missing = [f for f in factor_ids if f"strategies:{f}" not in judgments]
        if missing:
            raise MatrixError(f"`judgments` has no 'strategies:<factor>' set for factor(s) {missing} (and no `ratings`)")
        for f in factor_ids:
            sets[f"strategies:{f}"] = _prepare_set(f"strategies:{f}", judgments[f"strategies:{f}"], E, lam0)
        S = sets[f"strategies:{factor_ids[0]}"].n
    else:
        ratings_arr = _prepare_ratings(ratings, E, F)
        S = ratings_arr.shape[1]
        rated = np.isfinite(ratings_arr)
        rating_position = None
        levels = None
        if rating_step_probability > 0:
            if rating_values is None:
                raise MatrixError("`rating_step_probability` needs `rating_values` (the intensity values of the scale)")
            levels = np.sort(np.asarray(rating_values, dtype=float))
            rating_position = np.abs(np.where(rated, ratings_arr, levels[0])[..., None] - levels).argmin(axis=-1)
            rating_filled = np.where(rated, ratings_arr, 0.0)
            rating_down, rating_up = _step_tables(rating_position, levels, rating_filled, rated, 1)
    strategies = _ids(strategy_ids, S, "s", "strategy_ids")
    W2 = None if inner_dependence is None else np.asarray(inner_dependence, dtype=float)
    if W2 is not None and W2.shape != (G, G):
        raise MatrixError(f"`inner_dependence` must be {G} × {G} (got shape {W2.shape})")

    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    all_scores = np.empty((draws, S))
    all_groups = np.empty((draws, G))
    all_global = np.empty((draws, F))
    noisy = step_probability > 0 or log_sd > 0
    for start in range(0, draws, _CHUNK):
        d = min(_CHUNK, draws - start)
        if bootstrap:
            counts = rng.multinomial(E, np.full(E, 1.0 / E), size=d)
            lam = counts * lam0[None, :]
            lam /= lam.sum(axis=1, keepdims=True)
        else:
            lam = np.broadcast_to(lam0, (d, E))
        weights_of: dict[str, np.ndarray] = {}
        for key, s in sets.items():
            if noisy:
                logs = _perturb_logs(s, d, rng, step_probability, max_step, log_sd)
            else:
                logs = np.broadcast_to(s.logs, (d, *s.logs.shape))
            weights_of[key] = _set_weights(s, lam, logs, aggregation, method)
        w_groups = weights_of["groups"]
        local = np.ones((d, F))
        for g, where, key in factor_sets:
            if key is not None:
                local[:, where] = weights_of[key]
        if W2 is not None:
            w_groups = w_groups @ W2.T
            w_groups = w_groups / w_groups.sum(axis=1, keepdims=True)
        global_w = w_groups[:, groups] * local
        if pairwise_strategies:
            x = np.stack([weights_of[f"strategies:{f}"] for f in factor_ids], axis=-1)  # (d, S, F)
        else:
            values = ratings_arr
            if levels is not None:
                values = _perturb(rating_filled, rating_down, rating_up, d, rng, rating_step_probability)
            x = _ratings_mean(lam, values, rated)
        local_x = local_strategy_scores(x, mode)
        all_scores[start:start + d] = np.einsum("df,dsf->ds", global_w, local_x)
        all_groups[start:start + d] = w_groups
        all_global[start:start + d] = global_w

    ranks = rank_scores(all_scores)
    acceptability = np.stack([(ranks == r + 1).mean(axis=0) for r in range(S)], axis=1)
    k = max(1, min(int(top_k), S))
    alpha = (1 - confidence) / 2
    low, high = np.quantile(all_scores, [alpha, 1 - alpha], axis=0)
    g_low, g_high = np.quantile(all_groups, [alpha, 1 - alpha], axis=0)
    f_low, f_high = np.quantile(all_global, [alpha, 1 - alpha], axis=0)
    diff = all_scores[:, :, None] - all_scores[:, None, :]
    beats = (diff > _SCORE_TOL * 1e3).mean(axis=0)
    settings = {
        "draws": int(draws), "step_probability": float(step_probability), "max_step": int(max_step),
        "log_sd": float(log_sd), "bootstrap": bool(bootstrap), "rating_step_probability": float(rating_step_probability),
        "aggregation": aggregation, "method": method, "mode": mode, "experts": int(E),
        "seed": None if seed is None or isinstance(seed, np.random.Generator) else int(seed),
    }
    return MonteCarloResult(
        strategy_ids=strategies,
        draws=int(draws),
        scores=all_scores,
        rank_acceptability=acceptability,
        p_first=acceptability[:, 0].copy(),
        p_top_k=(ranks <= k).mean(axis=0),
        top_k=k,
        score_mean=all_scores.mean(axis=0),
        score_low=low,
        score_high=high,
        confidence=float(confidence),
        p_beats=beats,
        group_weight_mean=all_groups.mean(axis=0),
        group_weight_low=g_low,
        group_weight_high=g_high,
        factor_weight_mean=all_global.mean(axis=0),
        factor_weight_low=f_low,
        factor_weight_high=f_high,
        settings=settings,
    )
