"""Monte Carlo rank acceptability: perturbed judgments, resampled experts, every draw synthesised.

Stochastic acceptability (Lahdelma et al. 1998) of a SWOT-AHP / SWOT-ANP
ranking.  Each draw perturbs the judgments on the scale (Hauser &
Tadikamalla 1996) or by log-normal noise (Saaty & Vargas 1987) and/or
resamples the panel (bootstrap, Efron 1979) — the :class:`Perturbation` —
then aggregates, re-derives every priority vector and synthesises the
hierarchy with :func:`mcda.synthesize`.  All draws of a chunk at once, as
``(draws, n, n)`` stacks through :func:`mcda.batch_priorities`.  The result
holds each strategy's rank acceptability ``b[a, r] = P(rank of a = r + 1)``,
``P(first)``, ``P(top k)`` and score confidence intervals.

:func:`monte_carlo` reads as its four steps: validate the arguments, prepare
the comparison sets (:class:`_Prepared`), draw chunk by chunk
(:func:`_draw`), summarise (:func:`_summarise`).

References
----------
Lahdelma, R., Hokkanen, J., Salminen, P. (1998). SMAA — Stochastic multiobjective
acceptability analysis. *EJOR* 106(1), 137–143.
Hauser, D., Tadikamalla, P. (1996). The analytic hierarchy process in an uncertain
environment: a simulation approach. *EJOR* 91(1), 27–37.
Saaty, T. L., Vargas, L. G. (1987). Uncertainty and rank order in the analytic
hierarchy process. *EJOR* 32(1), 107–117.
Efron, B. (1979). Bootstrap methods: another look at the jackknife. *Annals of Statistics* 7(1), 1–26.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import ArgumentError, MatrixError
from .hierarchy import _check_factor_groups, rank_scores, synthesize
from .plain import freeze_arrays, plain_data
from .priorities import batch_priorities
from .scale import SAATY_VALUES, nearest_scale_value
from .sweeps import _ids

__all__ = ["Perturbation", "MonteCarloResult", "monte_carlo"]

_LOG_SCALE = np.log(SAATY_VALUES)
# Two scores closer than this count as equal when one strategy "beats" another.
_BEAT_TOL = 1e-9
_LEVELS = 1 << 16  # resolution of the step probabilities (see _perturb)
# The random numbers are laid out by blocks of this many draws (panel, then each set, then ratings), as
# they always were: a seed gives the same draws whatever the memory budget.
_BLOCK = 2000
#: Bytes of floating-point work one piece of draws may take (:func:`monte_carlo`'s ``memory_budget``).
MEMORY_BUDGET = 256 * 1024 * 1024
# Float arrays of one piece alive at once per (draw, expert, pair), measured on the AIP path
# (perturbed logs, the where/where result, matrices and batch_priorities' work arrays).
_WORK_ARRAYS = 12


# -------------------------------------------------------------------------------------- the spec
@dataclass(frozen=True, slots=True)
class Perturbation:
    """How each Monte Carlo draw disturbs the analysis (checked once, here).

    step_probability
        Chance that an answered judgment moves along Saaty's 17-value scale in
        a draw (Hauser & Tadikamalla 1996); 0.2 moves about one judgment in five.
    max_step
        How far such a move may go: 1…``max_step`` steps, up or down (1–16).
    log_sd
        Standard deviation of log-normal noise multiplied into every judgment
        (Saaty & Vargas 1987); 0 for none, 0.1 is about ±10 %.
    bootstrap
        Resample the panel with replacement in every draw (Efron 1979), each
        resampled expert keeping their weight.
    rating_step_probability
        Chance that a strategy's rating moves one level of ``rating_values``.
    rating_values
        The intensity values of the rating scale (needed when ratings move).

    >>> Perturbation(step_probability=0.2, bootstrap=True)
    Perturbation(step_probability=0.2, max_step=1, log_sd=0.0, bootstrap=True, rating_step_probability=0.0, rating_values=None)
    >>> Perturbation(step_probability=20)
    Traceback (most recent call last):
    ...
    mcda.errors.ArgumentError: `step_probability` must be a probability from 0 to 1 (got 20): the chance that a judgment moves along the scale in one draw, e.g. 0.2
    """

    step_probability: float = 0.0
    max_step: int = 1
    log_sd: float = 0.0
    bootstrap: bool = False
    rating_step_probability: float = 0.0
    rating_values: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        for name, meaning in (
            ("step_probability", "the chance that a judgment moves along the scale in one draw, e.g. 0.2"),
            ("rating_step_probability", "the chance that a rating moves one level in one draw, e.g. 0.1"),
        ):
            value = getattr(self, name)
            if not (_is_number(value) and 0 <= value <= 1):
                raise ArgumentError(f"`{name}` must be a probability from 0 to 1 (got {value!r}): {meaning}")
        if not (_is_number(self.log_sd) and np.isfinite(self.log_sd) and self.log_sd >= 0):
            raise ArgumentError(
                f"`log_sd` must be a number ≥ 0 (got {self.log_sd!r}): the standard deviation of the log-normal "
                "noise on each judgment; 0 for none, 0.1 is about ±10 %"
            )
        if not (isinstance(self.max_step, (int, np.integer)) and not isinstance(self.max_step, bool)
                and 1 <= self.max_step <= 16):
            raise ArgumentError(
                f"`max_step` must be an integer from 1 to 16 (got {self.max_step!r}): how many steps of the "
                "17-value scale a judgment may move"
            )
        if not (isinstance(self.bootstrap, (bool, np.bool_)) or self.bootstrap in (0, 1)):
            raise ArgumentError(f"`bootstrap` must be True or False (got {self.bootstrap!r}): resample the panel in each draw")
        object.__setattr__(self, "bootstrap", bool(self.bootstrap))
        if self.rating_values is not None:
            values = np.sort(np.asarray(self.rating_values, dtype=float).ravel())
            if values.size < 2 or not np.all(np.isfinite(values)) or np.any(np.diff(values) <= 0):
                raise ArgumentError(
                    f"`rating_values` must be two or more distinct finite numbers, the levels of the rating scale "
                    f"(got {self.rating_values!r})"
                )
            object.__setattr__(self, "rating_values", tuple(float(v) for v in values))
        if self.rating_step_probability > 0 and self.rating_values is None:
            raise ArgumentError(
                "`rating_step_probability` needs `rating_values` (the intensity values of the scale), "
                "so that a rating can move to the next level"
            )

    @property
    def moves_judgments(self) -> bool:
        return self.step_probability > 0 or self.log_sd > 0

    def to_dict(self) -> dict[str, Any]:
        return plain_data(self)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


# -------------------------------------------------------------------------------------- the result
_RESULT_ARRAYS = (
    "scores", "rank_acceptability", "p_first", "p_top_k", "score_mean", "score_low", "score_high", "p_beats",
    "group_weight_mean", "group_weight_low", "group_weight_high",
    "factor_weight_mean", "factor_weight_low", "factor_weight_high",
)
_SAVED_FIELDS = (
    "strategy_ids", "draws", "rank_acceptability", "p_first", "p_top_k", "top_k", "score_mean", "score_low",
    "score_high", "confidence", "p_beats", "group_weight_mean", "group_weight_low", "group_weight_high",
    "factor_weight_mean", "factor_weight_low", "factor_weight_high", "settings",
)


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

    def __post_init__(self) -> None:
        freeze_arrays(self, *_RESULT_ARRAYS)

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
        """Plain JSON-ready data, every summary but not the per-draw ``scores``."""
        return plain_data({f: getattr(self, f) for f in _SAVED_FIELDS})

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


# -------------------------------------------------------------------------------------- prepare
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
    ((_, values),) = _perturbed_pieces(base, down, up, d, d, rng, p, 0.0)
    return values


def _moved(base: np.ndarray, down: np.ndarray, up: np.ndarray, u: np.ndarray, size: np.ndarray | None,
           p: float) -> np.ndarray:
    half, whole = round(p / 2 * _LEVELS), round(p * _LEVELS)
    if size is None:
        return np.where(u < half, down[0], np.where(u < whole, up[0], base))
    return np.where(u < half, _pick(down, size), np.where(u < whole, _pick(up, size), base))


def _perturbed_pieces(base: np.ndarray, down: np.ndarray, up: np.ndarray, d: int, rows: int,
                      rng: np.random.Generator, p: float, sd: float):
    """``(slice, values)`` for consecutive pieces of ``rows`` of ``d`` draws: ``base`` moved along the
    scale tables with probability ``p``, plus N(0, ``sd``) noise (the caller adds it to logs).

    The numbers are the ones a single ``(d, *base.shape)`` draw of each kind gives, in the same order
    — every move of the block, then every step size, then every noise term — so results do not depend
    on ``rows``.  Only the last kind drawn is drawn piece by piece (consecutive draws continue one
    stream; ``rows`` is even so 16-bit draws never split a 32-bit word); kinds drawn before it are kept
    for the whole block in compact integers (2 bytes a move, 1 a step size), never as floats.
    """
    shape = base.shape
    several = down.shape[0] > 1
    kinds = [kind for kind, on in (("move", p > 0), ("size", p > 0 and several), ("noise", sd > 0)) if on]
    last = kinds[-1] if kinds else None
    kept: dict[str, np.ndarray] = {}
    if "move" in kinds and last != "move":
        kept["move"] = rng.integers(0, _LEVELS, (d, *shape), dtype=np.uint16)
    if "size" in kinds and last != "size":
        kept["size"] = np.empty((d, *shape), dtype=np.uint8)
        for start in range(0, d, rows):
            n = min(rows, d - start)
            kept["size"][start:start + n] = rng.integers(0, down.shape[0], (n, *shape))
    for start in range(0, d, rows):
        n = min(rows, d - start)
        piece = slice(start, start + n)
        if "move" in kinds:
            u = rng.integers(0, _LEVELS, (n, *shape), dtype=np.uint16) if last == "move" else kept["move"][piece]
            size = None
            if several:
                size = rng.integers(0, down.shape[0], (n, *shape)) if last == "size" else kept["size"][piece]
            values = _moved(base, down, up, u, size, p)
        else:
            values = np.broadcast_to(base, (n, *shape))
        if last == "noise":
            values = values + rng.normal(0.0, sd, (n, *shape))
        yield piece, values


def _pick(tables: np.ndarray, size: np.ndarray) -> np.ndarray:
    """``tables[size[...], ...]`` broadcast over the leading draw axis."""
    out = np.empty(size.shape)
    for k in range(tables.shape[0]):
        np.copyto(out, np.broadcast_to(tables[k], size.shape), where=size == k)
    return out


def _perturb_logs(s: _Set, d: int, rng: np.random.Generator, p: float, max_step: int, sd: float) -> np.ndarray:
    """``(d, E, P)`` judgment logs: moved along the scale with probability ``p``, plus log-normal noise."""
    down, up = s.steps(max_step) if p > 0 else (s.logs[None], s.logs[None])
    ((_, logs),) = _perturbed_pieces(s.logs, down, up, d, d, rng, p, sd)
    return logs


def _drawn_set_weights(s: _Set, lam: np.ndarray, d: int, rows: int, rng: np.random.Generator, spec: "Perturbation",
                       aggregation: str, method: str) -> np.ndarray:
    """``(d, n)`` group priorities of one set: judgments moved along the scale with probability
    ``step_probability``, plus log-normal noise, aggregated ``rows`` draws at a time."""
    p, sd = spec.step_probability, spec.log_sd
    if p > 0:
        down, up = s.steps(spec.max_step)
    else:
        down = up = s.logs[None]
    pieces = _perturbed_pieces(s.logs, down, up, d, rows, rng, p, sd)
    if aggregation == "aij":
        # the experts are reduced piece by piece, the block's priorities derived at once: batch_priorities'
        # convergence rounding depends on its batch, so this gives the numbers of an undivided block exactly
        mean = np.empty((d, s.logs.shape[1]))
        for piece, logs in pieces:
            mean[piece] = _aij_logs(s, lam[piece], logs)
        return batch_priorities(_matrices(mean, s), method=method, warn=False, scale="ratio").weights
    out = np.empty((d, s.n))
    for piece, logs in pieces:  # AIP: every drawn expert's priorities, E per draw, a piece at a time
        out[piece] = _set_weights(s, lam[piece], logs, aggregation, method)
    return out


def _matrices(upper_logs: np.ndarray, s: _Set) -> np.ndarray:
    """``(..., n, n)`` reciprocal matrices from upper-triangle logs (NaN = missing)."""
    lead = upper_logs.shape[:-1]
    m = np.ones((*lead, s.n, s.n))
    values = np.exp(upper_logs)
    m[..., s.rows, s.cols] = values
    m[..., s.cols, s.rows] = 1.0 / values
    return m


def _aij_logs(s: _Set, lam: np.ndarray, logs: np.ndarray) -> np.ndarray:
    """``(d, P)`` logs of the drawn panel's weighted geometric mean (AIJ) of each pair."""
    if s.answered.all():  # lam sums to 1 in every draw
        return np.matmul(lam[:, None, :], logs)[:, 0, :]
    wa = lam[:, :, None] * s.answered[None]  # (d, E, P)
    total = wa.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.einsum("dep,dep->dp", wa, np.where(s.answered, logs, 0.0)) / total
    return np.where(total > 0, mean, s.full_panel[None, :])


def _set_weights(s: _Set, lam: np.ndarray, logs: np.ndarray, aggregation: str, method: str) -> np.ndarray:
    """Group priorities ``(d, n)`` of one set for a chunk of draws."""
    if aggregation == "aij":
        return batch_priorities(_matrices(_aij_logs(s, lam, logs), s), method=method, warn=False, scale="ratio").weights
    # AIP: each drawn expert's priorities, then their weighted mean.
    d, E, P = logs.shape
    upper = np.where(s.answered, logs, np.nan)
    flat = _matrices(upper.reshape(d * E, P), s)
    weights = batch_priorities(flat, method=method, warn=False, scale="ratio").weights.reshape(d, E, s.n)
    group = np.einsum("de,den->dn", lam, weights)
    return group / group.sum(axis=1, keepdims=True)


def _prepare_ratings(ratings: Any, n_experts: int, n_factors: int) -> np.ndarray:
    r = np.asarray(ratings, dtype=float)
    if r.ndim != 3 or r.shape[0] != n_experts or r.shape[2] != n_factors:
        raise MatrixError(
            f"`ratings` must be (experts, strategies, factors) = ({n_experts}, S, {n_factors}), got shape {r.shape}"
        )
    return r


def _ratings_mean(lam: np.ndarray, values: np.ndarray, answered: np.ndarray,
                  den: np.ndarray | None = None) -> np.ndarray:
    """Weighted mean of the answered ratings per draw; NaN where no drawn expert rated (as the pipeline:
    the synthesis leaves such a cell out of the strategy's score).

    ``den`` (the drawn weight behind each cell, ``lam @ answered``) may be given for these draws: a
    matrix product's rounding depends on how many rows it is given, so a caller working a block in
    pieces computes it for the whole block once and the pieces give the block's numbers exactly.
    """
    d = lam.shape[0]
    if values.ndim == 3:  # one (E, S, F) tensor for every draw
        E = values.shape[0]
        num = lam @ np.where(answered, values, 0.0).reshape(E, -1)
        shape = values.shape[1:]
    else:  # (d, E, S, F) perturbed per draw
        E = values.shape[1]
        num = np.matmul(lam[:, None, :], values.reshape(d, E, -1))[:, 0, :]  # unrated cells hold 0
        shape = values.shape[2:]
    if den is None:
        den = lam @ answered.reshape(E, -1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return mean.reshape(d, *shape)




# -------------------------------------------------------------------------------------- the steps
@dataclass(frozen=True, slots=True)
class _Prepared:
    """One Monte Carlo's inputs, checked and ready to draw from (built by :func:`_prepare`)."""

    group_ids: tuple[str, ...]
    factor_groups: np.ndarray  # (F,) group index of each factor
    expert_weights: np.ndarray  # (E,) sums to 1
    sets: dict[str, _Set]  # in the order their random numbers are drawn
    factor_sets: tuple[tuple[np.ndarray, str | None], ...]  # per group: its factors' positions and their set
    strategy_sets: tuple[str, ...] | None  # "strategies:<factor>" keys when strategies are compared pairwise
    ratings: np.ndarray | None  # (E, S, F), NaN = not rated
    rated: np.ndarray | None  # (E, S, F) bool
    rating_tables: tuple[np.ndarray, np.ndarray, np.ndarray] | None  # filled ratings, one level down, one up
    strategy_ids: tuple[str, ...]
    inner_dependence: np.ndarray | None
    network: Callable | None = None  # a network's synthesis of each draw (see monte_carlo)

    @property
    def n_experts(self) -> int:
        return self.expert_weights.size


@dataclass(frozen=True, slots=True)
class _Draws:
    """Every draw's scores, ranks, group weights (as used) and global factor weights."""

    scores: np.ndarray  # (D, S)
    ranks: np.ndarray  # (D, S)
    group_weights: np.ndarray  # (D, G)
    global_factor_weights: np.ndarray  # (D, F)


def _perturbation(perturbation: Perturbation | None, **old: Any) -> Perturbation:
    """The :class:`Perturbation` from the new argument or the old keyword arguments (not both)."""
    given = {name: value for name, value in old.items() if value is not None}
    if perturbation is None:
        return Perturbation(**given)
    if not isinstance(perturbation, Perturbation):
        raise ArgumentError(f"`perturbation` must be a mcda.Perturbation (got {type(perturbation).__name__})")
    if given:
        raise ArgumentError(
            f"give the perturbation either as `perturbation=Perturbation(...)` or as keyword arguments, not both "
            f"(also got {', '.join(sorted(given))})"
        )
    return perturbation


def _validate(aggregation: str, method: str, draws: Any, confidence: float) -> None:
    if aggregation not in ("aij", "aip"):
        raise MatrixError(f"`aggregation` must be 'aij' or 'aip' (got {aggregation!r})")
    if method not in ("eigen", "geometric"):
        raise MatrixError(f"`method` must be 'eigen' or 'geometric' (got {method!r})")
    if not (isinstance(draws, (int, np.integer)) and draws >= 1):
        raise MatrixError(f"`draws` must be a positive integer (got {draws!r})")
    if not 0 < confidence < 1:
        raise MatrixError(f"`confidence` must be between 0 and 1 (got {confidence!r})")


def _panel_weights(expert_weights: Any, n_experts: int) -> np.ndarray:
    if expert_weights is None:
        return np.full(n_experts, 1.0 / n_experts)
    lam0 = np.asarray(expert_weights, dtype=float)
    if lam0.shape != (n_experts,) or np.any(lam0 < 0) or not np.isfinite(lam0).all() or lam0.sum() <= 0:
        raise MatrixError(f"`expert_weights` must be {n_experts} non-negative numbers with a positive sum")
    return lam0 / lam0.sum()


def _prepare(
    judgments: Mapping[str, Any],
    factor_groups: Any,
    group_ids: Sequence[str],
    ratings: Any,
    expert_weights: Any,
    spec: Perturbation,
    inner_dependence: Any,
    factor_ids: Sequence[str] | None,
    strategy_ids: Sequence[str] | None,
    network_sets: Sequence[str] = (),
    network: Callable | None = None,
) -> _Prepared:
    """Check the judgments (and ratings) against the structure and turn them into drawable sets."""
    group_ids = tuple(str(g) for g in group_ids)
    G = len(group_ids)
    groups = _check_factor_groups(factor_groups, G)
    if "groups" not in judgments:
        raise MatrixError("`judgments` has no 'groups' set (the groups compared with respect to the goal)")
    E = np.asarray(judgments["groups"]).shape[0]
    lam0 = _panel_weights(expert_weights, E)

    sets: dict[str, _Set] = {"groups": _prepare_set("groups", judgments["groups"], E, lam0)}
    if sets["groups"].n != G:
        raise MatrixError(f"set 'groups' compares {sets['groups'].n} items but there are {G} groups")
    factor_sets: list[tuple[np.ndarray, str | None]] = []
    for g, gid in enumerate(group_ids):
        where = np.flatnonzero(groups == g)
        key = f"factors:{gid}"
        if where.size < 2:  # one factor: local weight 1, nothing compared
            factor_sets.append((where, None))
            continue
        if key not in judgments:
            raise MatrixError(f"`judgments` has no {key!r} set for the {where.size} factors of group {gid!r}")
        sets[key] = _prepare_set(key, judgments[key], E, lam0)
        if sets[key].n != where.size:
            raise MatrixError(f"set {key!r} compares {sets[key].n} items but group {gid!r} has {where.size} factors")
        factor_sets.append((where, key))

    strategy_sets = ratings_arr = rating_tables = None
    if ratings is None:
        if factor_ids is None:
            raise MatrixError("without `ratings`, strategies are compared pairwise: pass `factor_ids` to find "
                              "the 'strategies:<factor id>' sets")
        strategy_sets = tuple(f"strategies:{f}" for f in factor_ids)
        missing = [key.split(":", 1)[1] for key in strategy_sets if key not in judgments]
        if missing:
            raise MatrixError(f"`judgments` has no 'strategies:<factor>' set for factor(s) {missing} (and no `ratings`)")
        for key in strategy_sets:
            sets[key] = _prepare_set(key, judgments[key], E, lam0)
        S = sets[strategy_sets[0]].n
    else:
        ratings_arr = _prepare_ratings(ratings, E, groups.size)
        S = ratings_arr.shape[1]
        if spec.rating_step_probability > 0:
            rated = np.isfinite(ratings_arr)
            levels = np.asarray(spec.rating_values, dtype=float)
            position = np.abs(np.where(rated, ratings_arr, levels[0])[..., None] - levels).argmin(axis=-1)
            filled = np.where(rated, ratings_arr, 0.0)
            down, up = _step_tables(position, levels, filled, rated, 1)
            rating_tables = (filled, down, up)
    for key in network_sets:  # drawn last: models without them keep the draws they always had
        if key not in judgments:
            raise MatrixError(f"`judgments` has no {key!r} set (named in `network_sets`)")
        sets[key] = _prepare_set(key, judgments[key], E, lam0)
    W2 = None if inner_dependence is None else np.asarray(inner_dependence, dtype=float)
    if W2 is not None and W2.shape != (G, G):
        raise MatrixError(f"`inner_dependence` must be {G} × {G} (got shape {W2.shape})")
    return _Prepared(
        group_ids=group_ids,
        factor_groups=groups,
        expert_weights=lam0,
        sets=sets,
        factor_sets=tuple(factor_sets),
        strategy_sets=strategy_sets,
        ratings=ratings_arr,
        rated=None if ratings_arr is None else np.isfinite(ratings_arr),
        rating_tables=rating_tables,
        strategy_ids=_ids(strategy_ids, S, "s", "strategy_ids"),
        inner_dependence=W2,
        network=network,
    )


def _drawn_panel(prep: _Prepared, spec: Perturbation, d: int, rng: np.random.Generator) -> np.ndarray:
    """``(d, E)`` expert weights of each draw: the panel's, or a bootstrap resample's."""
    E = prep.n_experts
    if not spec.bootstrap:
        return np.broadcast_to(prep.expert_weights, (d, E))
    counts = rng.multinomial(E, np.full(E, 1.0 / E), size=d)
    lam = counts * prep.expert_weights[None, :]
    lam /= lam.sum(axis=1, keepdims=True)
    return lam


def _drawn_strategy_scores(prep: _Prepared, spec: Perturbation, weights_of: dict[str, np.ndarray],
                           lam: np.ndarray, d: int, rows: int, rng: np.random.Generator) -> np.ndarray:
    """``(d, S, F)`` strategies' scores per factor: pairwise priorities, or the drawn panel's mean rating."""
    if prep.strategy_sets is not None:
        return np.stack([weights_of[key] for key in prep.strategy_sets], axis=-1)
    if prep.rating_tables is None:
        return _ratings_mean(lam, prep.ratings, prep.rated)
    E, S, F = prep.ratings.shape
    den = lam @ prep.rated.reshape(E, -1).astype(float)
    out = np.empty((d, S, F))
    for piece, values in _perturbed_pieces(*prep.rating_tables, d, rows, rng, spec.rating_step_probability, 0.0):
        out[piece] = _ratings_mean(lam[piece], values, prep.rated, den[piece])
    return out


def _rows_per_piece(prep: _Prepared, aggregation: str, memory_budget: int) -> int:
    """Draws computed together so that one piece's float work stays within ``memory_budget`` bytes.

    The work of one draw grows with experts × pairs of the largest set (experts × n² matrices under
    AIP) and experts × strategies × factors when ratings move; the count is even (see
    :func:`_perturbed_pieces`), at least 2 and at most a block.
    """
    E = prep.n_experts
    per_draw = max(s.logs.shape[1] for s in prep.sets.values())
    if aggregation == "aip":
        per_draw = max(per_draw, max(s.n * s.n for s in prep.sets.values()))
    if prep.rating_tables is not None:
        per_draw = max(per_draw, prep.ratings.shape[1] * prep.ratings.shape[2])
    rows = int(memory_budget) // (8 * _WORK_ARRAYS * E * max(1, per_draw))
    return max(2, min(_BLOCK, rows - rows % 2))


def _draw_block(prep: _Prepared, spec: Perturbation, d: int, rows: int, rng: np.random.Generator,
                aggregation: str, method: str, mode: str):
    """``d`` draws synthesised at once (a batched :class:`mcda.HierarchyResult`), worked ``rows`` at a time.

    The random numbers are drawn in a fixed order — panel, then each set in
    turn, then ratings — so a seed always gives the same draws.
    """
    lam = _drawn_panel(prep, spec, d, rng)
    weights_of = {key: _drawn_set_weights(s, lam, d, rows, rng, spec, aggregation, method)
                  for key, s in prep.sets.items()}
    local = np.ones((d, prep.factor_groups.size))
    for where, key in prep.factor_sets:
        if key is not None:
            local[:, where] = weights_of[key]
    x = _drawn_strategy_scores(prep, spec, weights_of, lam, d, rows, rng)
    hierarchy = synthesize(weights_of["groups"], local, x, prep.factor_groups, mode,
                           inner_dependence=prep.inner_dependence)
    if prep.network is None:
        return hierarchy
    scores, global_weights = prep.network(weights_of, x, hierarchy.global_factor_weights)
    scores, global_weights = np.asarray(scores, dtype=float), np.asarray(global_weights, dtype=float)
    G = len(prep.group_ids)
    group_weights = np.stack([np.bincount(prep.factor_groups, weights=w, minlength=G) for w in global_weights])
    return _NetworkDraws(scores, rank_scores(scores), group_weights, global_weights)


@dataclass(frozen=True, slots=True)
class _NetworkDraws:
    """A block of draws synthesised through a network (the fields :func:`_draw` reads of a HierarchyResult)."""

    strategy_scores: np.ndarray
    ranks: np.ndarray
    effective_group_weights: np.ndarray
    global_factor_weights: np.ndarray


def _draw(prep: _Prepared, spec: Perturbation, draws: int, rng: np.random.Generator,
          aggregation: str, method: str, mode: str, memory_budget: int = MEMORY_BUDGET) -> _Draws:
    """All draws, block by block, each block worked in pieces that fit ``memory_budget``.

    Memory is bounded by the budget (plus the outputs, draws × strategies), not by draws × experts.
    """
    S, G, F = len(prep.strategy_ids), len(prep.group_ids), prep.factor_groups.size
    rows = _rows_per_piece(prep, aggregation, memory_budget)
    out = _Draws(np.empty((draws, S)), np.empty((draws, S), dtype=int), np.empty((draws, G)), np.empty((draws, F)))
    for start in range(0, draws, _BLOCK):
        d = min(_BLOCK, draws - start)
        r = _draw_block(prep, spec, d, rows, rng, aggregation, method, mode)
        block = slice(start, start + d)
        out.scores[block] = r.strategy_scores
        out.ranks[block] = r.ranks
        out.group_weights[block] = r.effective_group_weights
        out.global_factor_weights[block] = r.global_factor_weights
    return out


def _summarise(prep: _Prepared, drawn: _Draws, top_k: int, confidence: float, settings: dict) -> MonteCarloResult:
    """Rank acceptability, P(first), P(top k), P(a beats b) and central intervals from every draw."""
    scores, ranks = drawn.scores, drawn.ranks
    S = scores.shape[1]
    acceptability = np.stack([(ranks == r + 1).mean(axis=0) for r in range(S)], axis=1)
    k = max(1, min(int(top_k), S))
    alpha = (1 - confidence) / 2
    low, high = np.quantile(scores, [alpha, 1 - alpha], axis=0)
    g_low, g_high = np.quantile(drawn.group_weights, [alpha, 1 - alpha], axis=0)
    f_low, f_high = np.quantile(drawn.global_factor_weights, [alpha, 1 - alpha], axis=0)
    diff = scores[:, :, None] - scores[:, None, :]
    return MonteCarloResult(
        strategy_ids=prep.strategy_ids,
        draws=scores.shape[0],
        scores=scores,
        rank_acceptability=acceptability,
        p_first=acceptability[:, 0],
        p_top_k=(ranks <= k).mean(axis=0),
        top_k=k,
        score_mean=scores.mean(axis=0),
        score_low=low,
        score_high=high,
        confidence=float(confidence),
        p_beats=(diff > _BEAT_TOL).mean(axis=0),
        group_weight_mean=drawn.group_weights.mean(axis=0),
        group_weight_low=g_low,
        group_weight_high=g_high,
        factor_weight_mean=drawn.global_factor_weights.mean(axis=0),
        factor_weight_low=f_low,
        factor_weight_high=f_high,
        settings=settings,
    )


def monte_carlo(
    judgments: Mapping[str, Any],
    factor_groups: Any,
    *,
    group_ids: Sequence[str],
    ratings: Any = None,
    expert_weights: Any = None,
    draws: int = 10_000,
    perturbation: Perturbation | None = None,
    step_probability: float | None = None,
    max_step: int | None = None,
    log_sd: float | None = None,
    bootstrap: bool | None = None,
    rating_values: Any = None,
    rating_step_probability: float | None = None,
    aggregation: str = "aij",
    method: str = "eigen",
    mode: str = "raw",
    inner_dependence: Any = None,
    factor_ids: Sequence[str] | None = None,
    strategy_ids: Sequence[str] | None = None,
    top_k: int = 3,
    confidence: float = 0.90,
    seed: int | np.random.Generator | None = None,
    memory_budget: int = MEMORY_BUDGET,
    network_sets: Sequence[str] = (),
    network: Callable | None = None,
) -> MonteCarloResult:
    """Rank acceptability of the strategies under perturbed judgments and resampled experts.

    Each draw (all draws of a chunk vectorised):

    1. **judgments** and **experts** are disturbed as ``perturbation`` says
       (a :class:`Perturbation`: judgments moved along the scale or by
       log-normal noise, ratings moved a level, the panel bootstrapped).  The
       older keyword arguments ``step_probability``, ``max_step``, ``log_sd``,
       ``bootstrap``, ``rating_values`` and ``rating_step_probability`` still
       work and give the same draws; give one form or the other.  Nothing
       given: no perturbation;
    2. the judgments are aggregated (``"aij"``: weighted geometric mean, then
       priorities; ``"aip"``: each expert's priorities, then their weighted
       mean — Forman & Peniwati 1998) and every priority vector re-derived by
       :func:`mcda.batch_priorities`;
    3. the hierarchy is synthesised by :func:`mcda.synthesize` (``mode``),
       through the fixed SWOT-ANP ``inner_dependence`` matrix when given;
       for an ANP factor network, ``network(weights, local_scores,
       global_factor_weights)`` then turns each block of draws into strategy
       scores and factor weights — ``weights`` maps every drawn set id to its
       ``(draws, n)`` priorities (the ``network_sets`` too: more set ids,
       drawn after the others), ``local_scores`` is ``(draws, S, F)`` and the
       last argument the hierarchy's global factor weights; it returns
       ``(scores (draws, S), factor weights (draws, F))``.

    ``judgments`` maps comparison-set ids to ``(experts, n, n)`` stacks, named
    as :meth:`criteria.Model.comparison_sets` names them: ``"groups"``,
    ``"factors:<group id>"`` (groups with one factor need none) and, when
    strategies are compared pairwise, ``"strategies:<factor id>"`` (then
    ``ratings`` is None and ``factor_ids`` is required).  ``ratings`` is
    ``(experts, strategies, factors)`` (NaN = not rated).

    With no perturbation every draw reproduces the deterministic analysis, so
    each strategy keeps its rank with probability 1.  The same ``seed`` and
    arguments give the same result whatever ``memory_budget``, the bytes of
    floating-point work computed at once (default 256 MiB): the draws are
    worked in pieces whose size follows from experts × pairs, so 1000 experts
    cost no more memory than 10, only more pieces.  (Under ``"aip"`` each
    piece's expert priorities converge to 1e-12 on their own, so a budget
    small enough to split a block moves the result by about 1e-9 at most.)

    >>> import numpy as np
    >>> groups = np.array([[[1, 3], [1/3, 1]]] * 3)          # 3 experts, 2 groups
    >>> ratings = np.array([[[1.0, 0.3], [0.3, 1.0]]] * 3)    # 2 strategies × 2 factors
    >>> r = monte_carlo({"groups": groups}, [0, 1], group_ids=["S", "T"], ratings=ratings, draws=2000,
    ...                 perturbation=Perturbation(step_probability=0.3, bootstrap=True), seed=1)
    >>> r.strategy_ids, bool(r.p_first[0] > 0.9)
    (('s0', 's1'), True)
    """
    spec = _perturbation(perturbation, step_probability=step_probability, max_step=max_step, log_sd=log_sd,
                         bootstrap=bootstrap, rating_values=rating_values,
                         rating_step_probability=rating_step_probability)
    _validate(aggregation, method, draws, confidence)
    prep = _prepare(judgments, factor_groups, group_ids, ratings, expert_weights, spec, inner_dependence,
                    factor_ids, strategy_ids, tuple(network_sets), network)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    if not (isinstance(memory_budget, (int, np.integer)) and memory_budget > 0):
        raise ArgumentError(f"`memory_budget` must be a positive number of bytes (got {memory_budget!r})")
    drawn = _draw(prep, spec, int(draws), rng, aggregation, method, mode, int(memory_budget))
    settings = {
        "draws": int(draws), "step_probability": float(spec.step_probability), "max_step": int(spec.max_step),
        "log_sd": float(spec.log_sd), "bootstrap": spec.bootstrap,
        "rating_step_probability": float(spec.rating_step_probability),
        "aggregation": aggregation, "method": method, "mode": mode, "experts": prep.n_experts,
        "seed": None if seed is None or isinstance(seed, np.random.Generator) else int(seed),
    }
    return _summarise(prep, drawn, top_k, confidence, settings)
