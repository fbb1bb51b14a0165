"""One-way weight sweeps with exact crossing points and rank-reversal thresholds.

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

References
----------
Triantaphyllou, E., Sánchez, A. (1997). A sensitivity analysis approach for some
deterministic multi-criteria decision-making methods. *Decision Sciences* 28(1), 151–194.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import MatrixError
from .hierarchy import _check_factor_groups, local_strategy_scores
from .plain import freeze_arrays, plain_data

__all__ = [
    "CrossingPoint",
    "WeightSweep",
    "weight_sweep",
    "group_weight_sweep",
    "factor_weight_sweep",
]

# Two scores closer than this count as equal: a crossing at a tie is not a reversal.
_SCORE_TOL = 1e-12


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

    def __post_init__(self) -> None:
        freeze_arrays(self, "base_weights", "base_scores", "at_zero", "at_one", "crossing_weight")

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
        return plain_data({
            "level": self.level,
            "item_ids": self.item_ids,
            "strategy_ids": self.strategy_ids,
            "base_weights": self.base_weights,
            "base_scores": self.base_scores,
            "at_zero": self.at_zero,
            "at_one": self.at_one,
            "crossings": [c.to_dict() for c in self.crossings],
        })

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
