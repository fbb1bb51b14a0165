"""IFE / EFE matrices, the internal–external (IE) matrix and the strategic position.

David's strategic-management conventions, computed from AHP/ANP factor
weights instead of guessed ones (David 2011, *Strategic Management: Concepts
and Cases*, 13th ed., ch. 3 "The External Assessment" (EFE), ch. 4 "The
Internal Assessment" (IFE), ch. 6 "The Internal–External (IE) Matrix"):

* each factor's weight is its global weight renormalised within its side —
  internal (strengths and weaknesses, the IFE) or external (opportunities and
  threats, the EFE) — so each side's weights sum to 1;
* each factor has a rating 1–4 (IFE: 1 major weakness … 4 major strength;
  EFE: how well the organisation responds now, 1 poor … 4 superior), here the
  panel's weighted *arithmetic* mean (see :func:`aggregate_ratings`);
* the total weighted score Σ weight × rating lies in 1–4, 2.5 the midpoint.

The IE matrix places the IFE total on the x axis (strong 3.0–4.0, average
2.0–2.99, weak 1.0–1.99, left to right) and the EFE total on the y axis
(high, medium, low, top to bottom); its cells I–IX are numbered row by row:
I, II, IV "grow and build", III, V, VII "hold and maintain", VI, VIII, IX
"harvest or divest".  The strategic position used in Persian SWOT reports
compares both totals with 2.5: aggressive (SO) when both are ≥ 2.5,
conservative (WO) when only the EFE is, competitive (ST) when only the IFE
is, defensive (WT) when neither is.

>>> import numpy as np
>>> w = np.array([0.2, 0.2, 0.1, 0.1, 0.15, 0.1, 0.1, 0.05])   # S1 S2 W1 W2 O1 O2 T1 T2
>>> internal = np.array([True, True, True, True, False, False, False, False])
>>> p = position_scores(w, np.array([4, 3, 2, 1, 3, 2, 2, 1.0]), internal)
>>> round(p.ife_total, 3), round(p.efe_total, 3), p.ie_cell, p.quadrant, p.tows
(2.833, 2.25, 5, 'competitive', 'ST')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import ArgumentError
from .plain import plain_data, readonly

__all__ = [
    "PositionScores",
    "aggregate_ratings",
    "position_scores",
    "ie_cell",
    "ie_strategy",
    "strategic_quadrant",
    "POSITION_MIDPOINT",
    "IE_CUTS",
    "IE_STRATEGIES",
    "QUADRANT_TOWS",
    "RATING_RANGE",
]

RATING_RANGE = (1.0, 4.0)
#: the midpoint of the 1–4 scale, the cut of the strategic position (David 2011)
POSITION_MIDPOINT = 2.5
#: the IE matrix's cuts on both axes: below 2.0 weak/low, 2.0–2.99 average/medium, 3.0 and above strong/high
IE_CUTS = (2.0, 3.0)
#: David's three prescriptions, by IE cell I–IX
IE_STRATEGIES = {1: "grow", 2: "grow", 4: "grow", 3: "hold", 5: "hold", 7: "hold", 6: "harvest", 8: "harvest",
                 9: "harvest"}
#: the quadrant of the strategic position and the TOWS type of strategy it points to
QUADRANT_TOWS = {"aggressive": "SO", "conservative": "WO", "competitive": "ST", "defensive": "WT"}


@dataclass(frozen=True, slots=True, eq=False)
class PositionScores:
    """The IFE and EFE tables, their totals, the IE cell and the strategic position.

    Arrays follow the order of the factors given to :func:`position_scores`;
    ``internal`` says which side each factor is on, ``weights`` are renormalised
    within the side, ``ratings`` are the panel's aggregated 1–4 ratings and
    ``scores = weights × ratings``.  ``expert_ratings`` (experts × factors,
    NaN = not answered) are kept so a report can show the spread.
    """

    internal: np.ndarray  # (F,) bool
    weights: np.ndarray  # (F,)
    ratings: np.ndarray  # (F,)
    scores: np.ndarray  # (F,)
    ife_total: float
    efe_total: float
    ie_cell: int  # 1..9
    ie_strategy: str  # grow | hold | harvest
    quadrant: str  # aggressive | conservative | competitive | defensive
    tows: str  # SO | WO | ST | WT
    expert_ratings: np.ndarray | None = None  # (N, F)

    def __post_init__(self) -> None:
        object.__setattr__(self, "internal", readonly(self.internal, bool))
        for name in ("weights", "ratings", "scores"):
            object.__setattr__(self, name, readonly(getattr(self, name), float))
        if self.expert_ratings is not None:
            object.__setattr__(self, "expert_ratings", readonly(self.expert_ratings, float))

    def to_dict(self) -> dict:
        return plain_data(self)

    @classmethod
    def from_dict(cls, data: dict) -> "PositionScores":
        def floats(values):
            return np.array([[np.nan if v is None else v for v in row] if isinstance(row, list)
                             else (np.nan if row is None else row) for row in values], dtype=float)

        return cls(
            internal=np.array(data["internal"], dtype=bool), weights=floats(data["weights"]),
            ratings=floats(data["ratings"]), scores=floats(data["scores"]), ife_total=float(data["ife_total"]),
            efe_total=float(data["efe_total"]), ie_cell=int(data["ie_cell"]), ie_strategy=data["ie_strategy"],
            quadrant=data["quadrant"], tows=data["tows"],
            expert_ratings=None if data.get("expert_ratings") is None else floats(data["expert_ratings"]),
        )

    def __eq__(self, other) -> bool:
        return isinstance(other, PositionScores) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"PositionScores(IFE={self.ife_total:.3f}, EFE={self.efe_total:.3f}, IE cell {self.ie_cell} "
                f"({self.ie_strategy}), {self.quadrant} → {self.tows})")


def aggregate_ratings(ratings, weights=None) -> np.ndarray:
    """The panel's rating of each factor: the expert-weighted arithmetic mean of the answered 1–4 ratings.

    ``ratings`` is (experts, factors) with NaN for an unanswered rating; an
    expert who skipped a factor is left out of that factor's mean (the other
    weights renormalised).  A factor nobody rated is NaN.

    The arithmetic mean, not the geometric one used for pairwise judgments:
    a 1–4 rating is a score on an interval-like scale, not a ratio, so there
    is no reciprocity to keep; the mean stays on 1–4 and is what David's IFE
    and EFE ask for ("the average rating of the strategists").

    >>> aggregate_ratings(np.array([[4, 1], [2, np.nan]])).tolist()
    [3.0, 1.0]
    """
    r = np.asarray(ratings, dtype=float)
    if r.ndim != 2:
        raise ArgumentError(f"`ratings` must be experts × factors (got shape {r.shape})")
    answered = np.isfinite(r)
    bad = answered & ((r < RATING_RANGE[0]) | (r > RATING_RANGE[1]))
    if bad.any():
        k, f = np.argwhere(bad)[0]
        raise ArgumentError(f"ratings must lie in 1–4 (expert {k}, factor {f}: {r[k, f]!r})")
    w = np.ones(r.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (r.shape[0],) or np.any(w < 0) or not np.all(np.isfinite(w)):
        raise ArgumentError(f"`weights` must be {r.shape[0]} non-negative numbers (got {w!r})")
    wa = w[:, None] * answered
    total = wa.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (np.where(answered, r, 0.0) * wa).sum(axis=0) / np.where(total > 0, total, 1.0)
    return np.where(total > 0, mean, np.nan)


def ie_cell(ife_total: float, efe_total: float) -> int:
    """The IE matrix cell I–IX (as 1–9) of a pair of totals (David's layout, numbered row by row).

    >>> ie_cell(3.2, 3.5), ie_cell(2.5, 2.5), ie_cell(1.5, 1.2)
    (1, 5, 9)
    """
    column = 0 if ife_total >= IE_CUTS[1] else (1 if ife_total >= IE_CUTS[0] else 2)
    row = 0 if efe_total >= IE_CUTS[1] else (1 if efe_total >= IE_CUTS[0] else 2)
    return 3 * row + column + 1


def ie_strategy(cell: int) -> str:
    """``grow`` (I, II, IV), ``hold`` (III, V, VII) or ``harvest`` (VI, VIII, IX)."""
    return IE_STRATEGIES[int(cell)]


def strategic_quadrant(ife_total: float, efe_total: float) -> str:
    """aggressive / conservative / competitive / defensive, both totals against 2.5.

    >>> strategic_quadrant(2.5, 2.5), strategic_quadrant(2.4, 3.0), strategic_quadrant(3.0, 2.4)
    ('aggressive', 'conservative', 'competitive')
    """
    strong, attractive = ife_total >= POSITION_MIDPOINT, efe_total >= POSITION_MIDPOINT
    if strong and attractive:
        return "aggressive"
    if attractive:
        return "conservative"
    if strong:
        return "competitive"
    return "defensive"


def position_scores(global_weights, ratings, internal, expert_ratings=None) -> PositionScores:
    """IFE and EFE from global factor weights and the panel's 1–4 ratings.

    ``global_weights`` (F,) are the factors' AHP/ANP global weights,
    ``ratings`` (F,) their aggregated ratings (:func:`aggregate_ratings`),
    ``internal`` (F,) True for strengths and weaknesses.  Weights are
    renormalised to sum to 1 within each side; a factor without a rating
    (NaN) is left out and the side's other weights renormalised, so a total
    stays on 1–4.
    """
    w = np.asarray(global_weights, dtype=float)
    r = np.asarray(ratings, dtype=float)
    side = np.asarray(internal, dtype=bool)
    if not (w.shape == r.shape == side.shape) or w.ndim != 1:
        raise ArgumentError(f"weights, ratings and sides must be vectors of one length "
                            f"(got {w.shape}, {r.shape}, {side.shape})")
    if not side.any() or side.all():
        raise ArgumentError("IFE and EFE need at least one internal (S, W) and one external (O, T) factor")
    rated = np.isfinite(r)
    weights = np.zeros_like(w)
    totals = []
    for mask in (side, ~side):
        use = mask & rated
        total = w[use].sum()
        if total <= 0:
            raise ArgumentError("every factor of one side is unrated or weighs 0: no total weighted score")
        weights[use] = w[use] / total
        totals.append(float(np.sum(weights[use] * r[use])))
    scores = np.where(rated, weights * np.where(rated, r, 0.0), np.nan)
    ife, efe = totals
    cell = ie_cell(ife, efe)
    quadrant = strategic_quadrant(ife, efe)
    return PositionScores(internal=side, weights=weights, ratings=r, scores=scores, ife_total=ife, efe_total=efe,
                          ie_cell=cell, ie_strategy=ie_strategy(cell), quadrant=quadrant,
                          tows=QUADRANT_TOWS[quadrant],
                          expert_ratings=None if expert_ratings is None else np.asarray(expert_ratings, float))
