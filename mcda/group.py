"""Group decisions: AIJ, AIP, expert weights, consensus.

Two ways to combine experts (Forman & Peniwati 1998):

* **AIJ** — aggregation of individual judgments: the weighted geometric mean of
  the experts' judgments entry by entry (Aczél & Saaty 1983).  It is the only
  mean that keeps the result reciprocal, so the group matrix is again a
  pairwise comparison matrix.  Missing judgments (NaN) are skipped and the
  expert weights renormalised over the experts who answered that pair.
* **AIP** — aggregation of individual priorities: the weighted arithmetic (or
  geometric) mean of the experts' priority vectors, renormalised to sum 1.

How much the experts agree is measured by :func:`consensus`: Goepel's AHP
consensus indicator S* (Shannon alpha/beta/gamma entropy, Goepel 2013, 2018,
as implemented in AHP-OS), Kendall's coefficient of concordance W over the
experts' rankings (Kendall & Babington Smith 1939), each expert's Euclidean
distance to the group priorities and, when judgments are given, Saaty's
compatibility index between each expert's matrix and the group's weight-ratio
matrix (Saaty 1994; Saaty & Peniwati 2008; ≤ 1.1 is compatible).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import MatrixError
from .hierarchy import rank_scores
from .pairwise import PairwiseMatrix, _looks_like_named_comparisons, labelled_stack
from .priorities import BatchPriorityResult

__all__ = [
    "ConsensusResult",
    "aggregate_judgments",
    "aggregate_priorities",
    "compatibility_index",
    "consensus",
    "kendall_w",
    "validate_expert_weights",
]

#: Saaty's threshold for the compatibility index (Saaty & Peniwati 2008)
COMPATIBILITY_THRESHOLD = 1.1

# Goepel's wording for S* (bpmsg.com, "AHP consensus word scale"): lower bounds.
_CONSENSUS_WORDS = ((0.875, "very high"), (0.75, "high"), (0.625, "moderate"), (0.5, "low"), (-np.inf, "very low"))

_RECIPROCITY_RTOL = 1e-6


# ------------------------------------------------------------------ validation
def validate_expert_weights(
    weights: Any, n_experts: int, *, name: str = "weights", ids: Sequence[str] | None = None
) -> np.ndarray:
    """Check expert weights and return them normalised to sum 1, shape ``(..., N)``.

    ``None`` means equal weights.  Weights must be finite, non-negative, one
    per expert (a leading batch axis is allowed, e.g. bootstrap draws) and not
    all zero.  With ``ids`` the weights may be a mapping ``id -> weight``
    (every expert named once) and messages name the expert.

    >>> validate_expert_weights([2, 1, 1], 3).tolist()
    [0.5, 0.25, 0.25]
    >>> validate_expert_weights({"sara": 1, "ali": 3}, 2, ids=["ali", "sara"]).tolist()
    [0.75, 0.25]
    """
    if weights is None:
        return np.full(n_experts, 1.0 / n_experts)
    if isinstance(weights, Mapping):
        if ids is None:
            raise MatrixError(f"`{name}` given by expert id needs the experts' ids (pass `ids`, or the panel as a mapping)")
        unknown = [key for key in weights if key not in ids]
        absent = [key for key in ids if key not in weights]
        if unknown or absent:
            raise MatrixError(
                f"`{name}` must give one weight per expert {list(ids)}"
                + (f"; unknown: {unknown}" if unknown else "")
                + (f"; missing: {absent}" if absent else "")
            )
        weights = [weights[key] for key in ids]

    def expert(k: int) -> str:
        return f"expert {ids[k]!r}" if ids is not None and k < len(ids) else f"expert {k}"

    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MatrixError(f"`{name}` must be numbers, one per expert ({exc})") from None
    if w.ndim == 0 or w.shape[-1] != n_experts:
        got = "a scalar" if w.ndim == 0 else f"{w.shape[-1]} weights (shape {w.shape})"
        raise MatrixError(f"`{name}` must have one weight per expert: {n_experts} experts, got {got}")
    if not np.all(np.isfinite(w)):
        k = int(np.argwhere(~np.isfinite(w))[0][-1])
        raise MatrixError(f"`{name}` must be finite ({expert(k)} has weight {w[..., k].ravel()[0]})")
    if np.any(w < 0):
        k = int(np.argwhere(w < 0)[0][-1])
        raise MatrixError(f"`{name}` must be non-negative ({expert(k)} has weight {w[..., k].ravel()[0]:g})")
    total = w.sum(axis=-1, keepdims=True)
    if np.any(total == 0):
        raise MatrixError(f"`{name}` are all zero; at least one expert needs a positive weight")
    return w / total


def _judgment_stack(stack: Any, ids: Sequence[str] | None = None) -> tuple[np.ndarray, bool]:
    """Validate a stack of judgment matrices ``(..., N, n, n)``; NaN = missing; ``ids`` name the experts."""
    try:
        a = np.asarray(stack, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MatrixError(f"`stack` must be numeric judgment matrices ({exc})") from None
    single = a.ndim == 2
    if single:
        a = a[None]
    if ids is not None and a.ndim >= 3 and len(ids) != a.shape[-3]:
        raise MatrixError(f"{len(ids)} ids given for {a.shape[-3]} experts' matrices (one id per expert)")

    def at(where: tuple[int, ...]) -> str:
        if ids is not None and len(where) == 3:
            return f"expert {ids[where[0]]!r} ({where[1]}, {where[2]})"
        return f"stack{list(where)}"

    if a.ndim < 3 or a.shape[-1] != a.shape[-2]:
        raise MatrixError(f"`stack` must be square matrices stacked as (experts, n, n) (got shape {np.shape(stack)})")
    if a.shape[-3] == 0:
        raise MatrixError("`stack` holds no expert's matrix (0 experts)")
    answered = ~np.isnan(a)
    if np.any(np.isinf(a)):
        where = tuple(int(i) for i in np.argwhere(np.isinf(a))[0])
        raise MatrixError(f"`stack` must be finite (got {a[where]} at {at(where)})")
    if np.any(a[answered] <= 0):
        where = tuple(int(i) for i in np.argwhere(answered & (np.where(answered, a, 1) <= 0))[0])
        raise MatrixError(f"judgments must be positive (got {a[where]:g} at {at(where)}; use 1/9 … 9)")
    if np.any(answered != np.swapaxes(answered, -1, -2)):
        where = tuple(int(i) for i in np.argwhere(answered != np.swapaxes(answered, -1, -2))[0])
        raise MatrixError(
            f"missing judgments must be missing on both sides of the diagonal: {at(where)} is "
            f"{'answered' if answered[where] else 'NaN'} but its mirror is not"
        )
    with np.errstate(invalid="ignore"):
        product = a * np.swapaxes(a, -1, -2)
    bad = answered & (np.abs(product - 1.0) > _RECIPROCITY_RTOL)
    if np.any(bad):
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        i, j = where[-2], where[-1]
        who = f"expert {ids[where[0]]!r}" if ids is not None and len(where) == 3 else f"matrix at stack{list(where[:-2])}"
        raise MatrixError(
            f"{who} is not reciprocal: a[{i},{j}] = {a[where]:g} but "
            f"a[{j},{i}] = {a[where[:-2] + (j, i)]:g} (expected {1 / a[where]:g})"
        )
    return a, single


def _priority_rows(W: Any, name: str = "W", ids: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Validate priority vectors ``(..., N, n)``; whole-NaN rows = expert absent.

    Returns the rows normalised to sum 1 (absent rows stay NaN) and the mask of
    present experts ``(..., N)``.
    """
    try:
        p = np.asarray(W, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MatrixError(f"`{name}` must be numeric priority vectors ({exc})") from None
    if p.ndim < 2:
        raise MatrixError(f"`{name}` must be experts × items, one priority vector per row (got shape {p.shape})")
    if p.shape[-1] < 2 or p.shape[-2] < 1:
        raise MatrixError(f"`{name}` needs at least one expert and two items (got shape {p.shape})")
    nan = np.isnan(p)
    absent = nan.all(axis=-1)
    partial = nan.any(axis=-1) & ~absent
    if ids is not None and len(ids) != p.shape[-2]:
        raise MatrixError(f"{len(ids)} ids given for {p.shape[-2]} experts' priority vectors (one id per expert)")

    def expert(k: int) -> str:
        return f"expert {ids[k]!r}" if ids is not None else f"expert {k}"

    if np.any(partial):
        where = tuple(int(i) for i in np.argwhere(partial)[0])
        raise MatrixError(f"priority vector of {expert(where[-1])} is partly missing (NaN); give all of it or none")
    filled = np.where(nan, 0.0, p)
    if np.any(np.isinf(filled)) or np.any(filled < 0):
        where = tuple(int(i) for i in np.argwhere(np.isinf(filled) | (filled < 0))[0])
        raise MatrixError(f"priorities must be finite and non-negative (got {p[where]} at {name}{list(where)})")
    sums = filled.sum(axis=-1)
    if np.any((sums == 0) & ~absent):
        where = tuple(int(i) for i in np.argwhere((sums == 0) & ~absent)[0])
        raise MatrixError(f"priority vector of {expert(where[-1])} is all zero")
    if np.all(absent, axis=-1).any():
        raise MatrixError(f"`{name}` has no expert with priorities (all rows NaN)")
    with np.errstate(invalid="ignore", divide="ignore"):
        rows = np.where(absent[..., None], np.nan, filled / sums[..., None])
    return rows, ~absent


# ------------------------------------------------------------------------- AIJ
def _named_panel(stack: Any, ids: Sequence[str] | None, labels: Sequence[str] | None, name: str):
    """A panel given by name (mapping id -> matrix, or PairwiseMatrix / comparison dicts) as an array, labels, ids."""
    named = isinstance(stack, Mapping) or (
        isinstance(stack, Sequence) and not isinstance(stack, (str, np.ndarray))
        and any(isinstance(m, PairwiseMatrix) or _looks_like_named_comparisons(m) for m in stack)
    )
    if not named:
        return stack, (None if labels is None else tuple(labels)), (None if ids is None else tuple(ids))
    return labelled_stack(stack, labels=labels, ids=ids, name=name)


def aggregate_judgments(
    stack: Any, weights: Any = None, *, ids: Sequence[str] | None = None, labels: Sequence[str] | None = None,
    name: str | None = None,
) -> np.ndarray | PairwiseMatrix:
    """AIJ: weighted geometric mean of the experts' judgments, entry by entry.

    ``a^G_ij = Π_k a_ij,k^(λ_k / Σ_{k answered ij} λ_k)`` (Aczél & Saaty 1983;
    Forman & Peniwati 1998).  ``stack`` is ``(N, n, n)`` (or ``(..., N, n, n)``
    for a batch of panels); NaN marks a judgment an expert did not give: the
    weights are renormalised over the experts who answered that pair, and the
    result is NaN where nobody did.  The result is exactly reciprocal.

    >>> import numpy as np
    >>> A1 = np.array([[1, 4], [1/4, 1]]); A2 = np.array([[1, 1], [1, 1]])
    >>> aggregate_judgments(np.stack([A1, A2])).tolist()
    [[1.0, 2.0], [0.5, 1.0]]
    >>> float(aggregate_judgments(np.stack([A1, A2]), weights=[3, 1])[0, 1].round(4))
    2.8284

    Named panels keep their names: ``stack`` may be a mapping ``expert id ->
    comparison`` (a dict of pairs, a :class:`~mcda.PairwiseMatrix` or an
    array), or a sequence of them with ``ids``; ``weights`` may then be a
    mapping ``id -> weight``.  When the items are named (``labels``, or by the
    comparisons) the result is a :class:`~mcda.PairwiseMatrix` with those
    labels and ``name``; messages name the expert.

    >>> panel = {"ali": {("S", "W"): 4}, "sara": {("S", "W"): 1}}
    >>> aggregate_judgments(panel, weights={"ali": 1, "sara": 1}, name="Groups")
    PairwiseMatrix(Groups: S, W)
    """
    stack, labels, ids = _named_panel(stack, ids, labels, name or "stack")
    a, _ = _judgment_stack(stack, ids)
    lam = validate_expert_weights(weights, a.shape[-3], ids=ids)[..., :, None, None]
    answered = ~np.isnan(a)
    logs = np.log(np.where(answered, a, 1.0))
    weight_answered = np.where(answered, lam, 0.0)
    total = weight_answered.sum(axis=-3)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_log = (weight_answered * logs).sum(axis=-3) / total
    mean_log = np.where(total > 0, mean_log, np.nan)
    n = a.shape[-1]
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    # Build from the upper triangle so a_ji = 1/a_ij holds bit for bit.
    upper_vals = np.exp(np.where(upper, mean_log, 0.0))
    result = np.where(upper, upper_vals, 0.0) + np.where(upper.T, 1.0 / np.swapaxes(upper_vals, -1, -2), 0.0)
    result = result + np.eye(n)
    result = np.where(np.isnan(mean_log) & ~np.eye(n, dtype=bool), np.nan, result)
    if labels is not None and result.ndim == 2:
        return PairwiseMatrix(result, labels=labels, name=name)
    return result


# ------------------------------------------------------------------------- AIP
def _priority_panel(W: Any, ids, labels):
    """``W`` as rows, with the ids and item labels a :class:`~mcda.BatchPriorityResult` carries."""
    if isinstance(W, BatchPriorityResult):
        ids = W.ids if ids is None else ids
        labels = W.labels if labels is None else labels
        W = W.weights
    return W, (None if ids is None else tuple(ids)), (None if labels is None else tuple(labels))


def aggregate_priorities(
    W: Any, weights: Any = None, method: str = "arithmetic", *, ids: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
):
    """AIP: weighted mean of the experts' priority vectors, renormalised to sum 1.

    ``method="arithmetic"``: ``w^G = Σ_k λ_k w_k``; ``"geometric"``:
    ``w^G ∝ Π_k w_k^λ_k`` (Forman & Peniwati 1998).  ``W`` is ``(N, n)`` (or
    ``(..., N, n)``); an expert whose row is all NaN did not answer and is left
    out, the weights being renormalised over the others.

    >>> aggregate_priorities([[0.6, 0.4], [0.2, 0.8]]).round(3).tolist()
    [0.4, 0.6]
    >>> aggregate_priorities([[0.6, 0.4], [0.2, 0.8]], weights=[3, 1]).round(3).tolist()
    [0.5, 0.5]

    ``W`` may be a :class:`~mcda.BatchPriorityResult`: its expert ids (for
    ``weights`` given as a mapping ``id -> weight``) and item labels are kept,
    and the group priorities come back as a :class:`pandas.Series` indexed by
    item — as they do whenever ``labels`` are given.
    """
    if method not in ("arithmetic", "geometric"):
        raise MatrixError(f"`method` must be 'arithmetic' or 'geometric' (got {method!r})")
    W, ids, labels = _priority_panel(W, ids, labels)
    rows, present = _priority_rows(W, ids=ids)
    lam = validate_expert_weights(weights, rows.shape[-2], ids=ids) * present
    total = lam.sum(axis=-1, keepdims=True)
    if np.any(total == 0):
        raise MatrixError("every expert who answered has weight 0; at least one needs a positive weight")
    lam = lam / total
    filled = np.where(present[..., None], rows, 1.0)
    if method == "arithmetic":
        group = np.einsum("...k,...ki->...i", lam, np.where(present[..., None], rows, 0.0))
    else:
        with np.errstate(divide="ignore"):
            logs = np.log(filled)
        # 0 · log 0 = 0 for absent experts; a present zero priority makes the item 0.
        contrib = np.where(lam[..., None] > 0, lam[..., None] * logs, 0.0)
        group = np.exp(contrib.sum(axis=-2))
    group = group / group.sum(axis=-1, keepdims=True)
    if labels is not None and group.ndim == 1:
        import pandas as pd

        if len(labels) != group.size:
            raise MatrixError(f"{len(labels)} labels given for {group.size} items")
        return pd.Series(group, index=pd.Index(labels, name="item"), name="group_weight")
    return group


# ------------------------------------------------------------------- consensus
def _entropy(p: np.ndarray) -> np.ndarray:
    """Shannon entropy (nats) along the last axis, with 0 · ln 0 = 0."""
    safe = np.where(p > 0, p, 1.0)
    return -(p * np.log(safe)).sum(axis=-1)


def _min_alpha_entropy(n: int, scale_max: float) -> float:
    """Goepel's Hα,min: one item judged M times more important than every other.

    Priorities M/(n+M−1) once and 1/(n+M−1) for the other n−1 items
    (Goepel 2018, eq. 1.6; AHP-OS ``AhpGroup::hamin``).
    """
    big = scale_max / (n + scale_max - 1.0)
    small = 1.0 / (n + scale_max - 1.0)
    return float(-big * np.log(big) - (n - 1) * small * np.log(small))


def kendall_w(W: Any, *, present: Any = None) -> np.ndarray | float:
    """Kendall's coefficient of concordance W of the experts' rankings.

    Each expert's priority vector (a row of ``W``, shape ``(..., N, n)``) is
    turned into ranks (mid-ranks for ties); with ``R_i`` the rank sum of item
    i over the m experts and ``S = Σ_i (R_i − R̄)²``,
    ``W = 12 S / (m²(n³ − n) − m Σ_j T_j)``, ``T_j = Σ (t³ − t)`` over tie
    groups of expert j (Kendall & Babington Smith 1939; tie correction as in
    Kendall 1948).  W = 1 when all rankings agree, 0 for no agreement; NaN when
    undefined (every expert ties every item).  W is unweighted by design.
    Rows that are all NaN (experts absent) are left out.

    >>> kendall_w([[0.5, 0.3, 0.2], [0.6, 0.3, 0.1]])
    1.0
    >>> kendall_w([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]])
    0.0
    """
    p = np.asarray(W, dtype=float)
    if p.ndim < 2:
        raise MatrixError(f"`W` must be experts × items (got shape {p.shape})")
    mask = ~np.isnan(p).all(axis=-1) if present is None else np.asarray(present, dtype=bool)
    n = p.shape[-1]
    ranks = rank_scores(np.where(mask[..., None], p, 0.0), ties="average")
    ranks = np.where(mask[..., None], ranks, 0.0)
    m = mask.sum(axis=-1).astype(float)
    rank_sums = ranks.sum(axis=-2)
    s = ((rank_sums - (m * (n + 1) / 2.0)[..., None]) ** 2).sum(axis=-1)
    # Σ (t³ − t) per expert from mid-ranks: for each item, t = size of its tie group,
    # so Σ_items t² − 1 equals Σ_groups (t³ − t).
    tie_size = (np.abs(ranks[..., :, :, None] - ranks[..., :, None, :]) < 1e-9).sum(axis=-1)
    ties = np.where(mask, (tie_size.astype(float) ** 2 - 1.0).sum(axis=-1), 0.0).sum(axis=-1)
    denom = m**2 * (n**3 - n) - m * ties
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(denom > 0, 12.0 * s / np.where(denom > 0, denom, 1.0), np.nan)
    return float(w) if np.ndim(w) == 0 else w


def compatibility_index(A: Any, w: Any) -> np.ndarray | float:
    """Saaty's compatibility index of a judgment matrix A with a priority vector w.

    ``S(A, W) = (1/n²) Σ_ij a_ij · w_j / w_i`` — the mean of the Hadamard
    product of A with the transpose of the weight-ratio matrix ``W = (w_i/w_j)``
    (Saaty 1994; Saaty & Peniwati 2008).  It is 1 when A is exactly the ratios
    of w and grows with disagreement; ≤ 1.1 counts as compatible.  NaN
    (missing) judgments are left out of the mean.  Broadcasts ``(..., n, n)``
    with ``(..., n)``.

    >>> compatibility_index([[1, 2], [0.5, 1]], [2/3, 1/3])
    1.0
    """
    a = np.asarray(A, dtype=float)
    p = np.asarray(w, dtype=float)
    if a.shape[-1] != p.shape[-1] or a.shape[-1] != a.shape[-2]:
        raise MatrixError(f"`A` must be n × n with n = len(w) (got A {a.shape}, w {p.shape})")
    if np.any(p <= 0):
        raise MatrixError("the compatibility index needs strictly positive weights")
    ratio_t = p[..., None, :] / p[..., :, None]  # (w_j / w_i) at [i, j]
    answered = ~np.isnan(a)
    prod = np.where(answered, a * ratio_t, 0.0)
    value = prod.sum(axis=(-1, -2)) / answered.sum(axis=(-1, -2))
    return float(value) if np.ndim(value) == 0 else value


@dataclass(frozen=True, slots=True)
class ConsensusResult:
    """How much a panel of experts agrees (see :func:`consensus`).

    Scalars become arrays with the batch shape when a batch of panels was given.
    ``distance`` is the Euclidean distance of each expert's priority vector to
    ``group_priorities``; ``compatibility`` is Saaty's compatibility index of
    each expert's judgment matrix with the group's weight ratios (``None`` when
    no judgments were given; NaN for experts without judgments).
    """

    s_star: Any
    relative_homogeneity: Any
    entropy_alpha: Any
    entropy_beta: Any
    entropy_gamma: Any
    kendall_w: Any
    distance: np.ndarray
    compatibility: np.ndarray | None
    group_priorities: np.ndarray
    n_experts: Any
    n_items: int
    scale_max: float
    expert_ids: tuple[str, ...] | None = None

    @property
    def diversity_alpha(self):
        """Dα = exp(Hα), the mean "number of equally important items" per expert."""
        return np.exp(self.entropy_alpha)

    @property
    def diversity_beta(self):
        """Dβ = exp(Hβ) = Dγ / Dα (1 = identical experts)."""
        return np.exp(self.entropy_beta)

    @property
    def diversity_gamma(self):
        """Dγ = exp(Hγ) of the mean priority vector."""
        return np.exp(self.entropy_gamma)

    @property
    def level(self) -> str | np.ndarray:
        """Goepel's word for S*: very low < 0.5 ≤ low < 0.625 ≤ moderate < 0.75 ≤ high < 0.875 ≤ very high."""
        def word(x: float) -> str:
            return next(label for bound, label in _CONSENSUS_WORDS if x >= bound)

        if np.ndim(self.s_star) == 0:
            return word(float(self.s_star))
        return np.vectorize(word, otypes=[object])(self.s_star)

    @property
    def batched(self) -> bool:
        return np.ndim(self.s_star) > 0

    def __repr__(self) -> str:
        if self.batched:
            return f"ConsensusResult(batch={np.shape(self.s_star)}, experts={self.distance.shape[-1]}, items={self.n_items})"
        return (
            f"ConsensusResult(s_star={float(self.s_star):.3f} ({self.level}), "
            f"kendall_w={float(self.kendall_w):.3f}, experts={int(self.n_experts)}, items={self.n_items})"
        )

    def to_frame(self):
        """One row per expert: distance (and compatibility); MultiIndex (draw, expert) for a batch."""
        import pandas as pd

        n = self.distance.shape[-1]
        experts = list(self.expert_ids) if self.expert_ids else [f"expert_{k}" for k in range(n)]
        data = {"distance": self.distance.reshape(-1, n).ravel()}
        if self.compatibility is not None:
            data["compatibility"] = self.compatibility.reshape(-1, n).ravel()
        if not self.batched:
            return pd.DataFrame(data, index=pd.Index(experts, name="expert"))
        draws = int(np.prod(np.shape(self.s_star)))
        index = pd.MultiIndex.from_product([range(draws), experts], names=["draw", "expert"])
        return pd.DataFrame(data, index=index)

    def to_dict(self) -> dict[str, Any]:
        def plain(x):
            return x.tolist() if isinstance(x, np.ndarray) else (float(x) if isinstance(x, np.floating) else x)

        return {
            "s_star": plain(np.asarray(self.s_star)) if self.batched else float(self.s_star),
            "level": plain(np.asarray(self.level)) if self.batched else self.level,
            "relative_homogeneity": plain(np.asarray(self.relative_homogeneity)),
            "entropy_alpha": plain(np.asarray(self.entropy_alpha)),
            "entropy_beta": plain(np.asarray(self.entropy_beta)),
            "entropy_gamma": plain(np.asarray(self.entropy_gamma)),
            "kendall_w": plain(np.asarray(self.kendall_w)),
            "distance": self.distance.tolist(),
            "compatibility": None if self.compatibility is None else self.compatibility.tolist(),
            "group_priorities": self.group_priorities.tolist(),
            "n_experts": plain(np.asarray(self.n_experts)),
            "n_items": self.n_items,
            "scale_max": self.scale_max,
            "expert_ids": list(self.expert_ids) if self.expert_ids else None,
        }


def _scalar(x: np.ndarray):
    return float(x) if np.ndim(x) == 0 else x


def consensus(
    W: Any,
    weights: Any = None,
    *,
    judgments: Any = None,
    group_priorities: Any = None,
    scale_max: float = 9.0,
    expert_ids: Sequence[str] | None = None,
    ids: Sequence[str] | None = None,
) -> ConsensusResult:
    """Consensus of a panel: Goepel's S*, Kendall's W, distance to the group.

    **S*** (Goepel 2013; 2018, IJAHP 10(3), as computed by AHP-OS): with
    p_k the priorities of expert k and p̄ their (weighted) mean,
    ``Hα = Σ_k λ_k H(p_k)``, ``Hγ = H(p̄)``, ``Hβ = Hγ − Hα``; relative
    homogeneity ``S = 1/exp(Hβ)`` and
    ``S* = (S − Dα,min/Dγ,max) / (1 − Dα,min/Dγ,max)`` with ``Dγ,max = n`` and
    ``Dα,min = exp(Hα,min)`` for priorities M/(n+M−1), 1/(n+M−1), … (M =
    ``scale_max``, 9 on Saaty's scale).  With equal weights (the default) this is
    exactly AHP-OS's number; expert weights λ generalise both means.

    ``W`` is ``(N, n)`` (or ``(..., N, n)`` for a batch of panels); an all-NaN row
    is an expert who did not answer and is left out.  ``distance`` is the
    Euclidean distance ``‖p_k − p^G‖₂`` to ``group_priorities`` (default: the
    weighted arithmetic AIP of ``W``).  Pass the experts' ``judgments``
    ``(N, n, n)`` to get Saaty's compatibility index of each expert's matrix with
    the group weight-ratio matrix.

    ``W`` may be a :class:`~mcda.BatchPriorityResult`, whose expert ids are
    kept; ``ids`` (or its older name ``expert_ids``) name the experts in
    :meth:`ConsensusResult.to_frame` and in messages, and let ``weights`` be a
    mapping ``id -> weight``.

    >>> r = consensus([[0.6, 0.3, 0.1], [0.6, 0.3, 0.1]])
    >>> round(r.s_star, 6), r.kendall_w
    (1.0, 1.0)
    """
    if ids is not None and expert_ids is not None and tuple(ids) != tuple(expert_ids):
        raise MatrixError("`ids` and `expert_ids` name the same experts; give one")
    W, ids, _ = _priority_panel(W, ids if ids is not None else expert_ids, None)
    expert_ids = ids
    rows, present = _priority_rows(W, ids=ids)
    n = rows.shape[-1]
    if not np.isfinite(scale_max) or scale_max <= 1:
        raise MatrixError(f"`scale_max` must be a number > 1 (got {scale_max!r}); 9 for Saaty's 1–9 scale")
    lam = validate_expert_weights(weights, rows.shape[-2], ids=ids) * present
    total = lam.sum(axis=-1, keepdims=True)
    if np.any(total == 0):
        raise MatrixError("every expert who answered has weight 0; at least one needs a positive weight")
    lam = lam / total
    filled = np.where(present[..., None], rows, 0.0)

    h_alpha = (lam * _entropy(filled)).sum(axis=-1)
    mean_p = np.einsum("...k,...ki->...i", lam, filled)
    h_gamma = _entropy(mean_p)
    h_beta = h_gamma - h_alpha
    homogeneity = np.exp(-h_beta)
    # AHP-OS AhpGroup::getConsensus: cor = exp(Hγ,max − Hα,min) with Hγ,max = ln n.
    inv_cor = np.exp(_min_alpha_entropy(n, scale_max)) / n
    s_star = (homogeneity - inv_cor) / (1.0 - inv_cor)

    if group_priorities is None:
        group = mean_p / mean_p.sum(axis=-1, keepdims=True)
    else:
        group = np.asarray(group_priorities, dtype=float)
        if group.shape[-1] != n:
            raise MatrixError(f"`group_priorities` must have {n} entries, one per item (got shape {group.shape})")
        group = group / group.sum(axis=-1, keepdims=True)
    distance = np.sqrt(((filled - group[..., None, :]) ** 2).sum(axis=-1))
    distance = np.where(present, distance, np.nan)

    compat = None
    if judgments is not None:
        a, _ = _judgment_stack(judgments, ids if ids is not None and np.ndim(judgments) == 3 else None)
        if a.shape[-3:] != rows.shape[-2:] + (n,):
            raise MatrixError(
                f"`judgments` must be one n × n matrix per expert, shape {rows.shape[-2:] + (n,)} (got {a.shape[-3:]})"
            )
        compat = compatibility_index(a, group[..., None, :])
        compat = np.where(present, compat, np.nan)

    n_exp = present.sum(axis=-1)
    ids = None
    if expert_ids is not None:
        ids = tuple(expert_ids)
        if len(ids) != rows.shape[-2]:
            raise MatrixError(f"`expert_ids` must have {rows.shape[-2]} entries (got {len(ids)})")
    return ConsensusResult(
        s_star=_scalar(s_star),
        relative_homogeneity=_scalar(homogeneity),
        entropy_alpha=_scalar(h_alpha),
        entropy_beta=_scalar(h_beta),
        entropy_gamma=_scalar(h_gamma),
        kendall_w=kendall_w(rows, present=present),
        distance=distance,
        compatibility=compat,
        group_priorities=group,
        n_experts=int(n_exp) if np.ndim(n_exp) == 0 else n_exp,
        n_items=n,
        scale_max=float(scale_max),
        expert_ids=ids,
    )
