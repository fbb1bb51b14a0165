"""Cross-checking the AHP ranking with other MCDA methods, and rank correlation.

The strategies × factors matrix of local scores is ranked with the AHP global
factor weights by TOPSIS (Hwang & Yoon 1981), VIKOR (Opricovic & Tzeng 2004),
PROMETHEE II (Brans & Vincke 1985), SPOTIS (Dezert et al. 2020) and others
from pymcdm (Kizielewicz, Shekhovtsov & Sałabun 2023), and every ranking is
compared with every other by rank correlation:

* weighted Spearman ``r_w`` (Pinto da Costa & Soares 2005) — differences near
  the top count more;
* the WS coefficient (Sałabun & Urbaniak 2020) — asymmetric, a disagreement at
  the reference ranking's top costs most;
* Kendall's τ (τ-b when there are ties) and Spearman's ρ.

Disagreements are listed, not hidden: :attr:`MethodComparison.disagreements`.

The correlations are written here in NumPy (batched: one call compares a
ranking with thousands of Monte Carlo rankings) and checked against
``pymcdm.correlations`` in the tests; pymcdm itself is imported only when a
method is run: its package imports matplotlib and pandas, 1–2 s once per
process.  A long-lived process (the web app) pays that at start-up, off the
request path, with :func:`load_ranking_methods` in a background thread; a
one-shot ``rahbord analyze`` pays it once, in its robustness step.

References
----------
Kizielewicz, B., Shekhovtsov, A., Sałabun, W. (2023). pymcdm — the universal library for
solving multi-criteria decision-making problems. *SoftwareX* 22, 101368.
Pinto da Costa, J., Soares, C. (2005). A weighted rank measure of correlation.
*Australian & New Zealand Journal of Statistics* 47(4), 515–529.
Sałabun, W., Urbaniak, K. (2020). A new coefficient of rankings similarity in
decision-making problems. *ICCS 2020*, LNCS 12138, 632–645.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import MatrixError
from .hierarchy import rank_scores

__all__ = [
    "RANKING_METHODS",
    "CORRELATIONS",
    "rank_correlation",
    "MethodComparison",
    "cross_check",
    "load_ranking_methods",
]

#: methods :func:`cross_check` runs by default (all benefit criteria, no extra parameters)
RANKING_METHODS = ("TOPSIS", "VIKOR", "PROMETHEE II", "SPOTIS", "WASPAS", "MABAC", "EDAS")
#: rank correlation coefficients :func:`rank_correlation` knows
CORRELATIONS = ("weighted_spearman", "ws", "kendall_tau", "spearman")


# ------------------------------------------------------------------------------------ correlations
def _kendall(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Kendall's τ-b along the last axis (τ-a when there are no ties)."""
    dx = np.sign(x[..., :, None] - x[..., None, :])
    dy = np.sign(y[..., :, None] - y[..., None, :])
    n = x.shape[-1]
    iu = np.triu_indices(n, 1)
    dx, dy = dx[..., iu[0], iu[1]], dy[..., iu[0], iu[1]]
    concordance = (dx * dy).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return concordance / np.sqrt((dx != 0).sum(axis=-1) * (dy != 0).sum(axis=-1))


def _pearson(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    xc = x - x.mean(axis=-1, keepdims=True)
    yc = y - y.mean(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (xc * yc).sum(axis=-1) / np.sqrt((xc * xc).sum(axis=-1) * (yc * yc).sum(axis=-1))


def rank_correlation(reference: Any, other: Any, method: str = "weighted_spearman") -> np.ndarray | float:
    """Rank correlation of two rankings (1 = best), batched over leading axes.

    ``"weighted_spearman"``: ``r_w = 1 − 6 Σ (x − y)² ((N − x + 1) + (N − y + 1)) / (N⁴ + N³ − N² − N)``;
    ``"ws"``: ``WS = 1 − Σ 2^(−x) |x − y| / max(|1 − x|, |N − x|)`` with
    ``x`` the reference ranking; ``"kendall_tau"``; ``"spearman"`` (Pearson's
    correlation of the ranks).  A ranking with no variation (all tied) gives NaN
    for τ and ρ.

    >>> rank_correlation([1, 2, 3, 4], [1, 2, 3, 4])
    1.0
    >>> round(rank_correlation([1, 2, 3, 4], [2, 1, 3, 4], "ws"), 4), round(rank_correlation([1, 2, 3, 4], [1, 2, 4, 3], "ws"), 4)
    (0.7083, 0.9167)
    """
    x = np.asarray(reference, dtype=float)
    y = np.asarray(other, dtype=float)
    x, y = np.broadcast_arrays(x, y)
    if x.ndim == 0 or x.shape[-1] < 2:
        raise MatrixError(f"rankings must have at least two items (got shape {x.shape})")
    N = x.shape[-1]
    if method == "weighted_spearman":
        num = 6 * ((x - y) ** 2 * ((N - x + 1) + (N - y + 1))).sum(axis=-1)
        out = 1 - num / (N**4 + N**3 - N**2 - N)
    elif method == "ws":
        out = 1 - (2.0 ** (-x) * np.abs(x - y) / np.maximum(np.abs(1 - x), np.abs(N - x))).sum(axis=-1)
    elif method == "kendall_tau":
        out = _kendall(x, y)
    elif method == "spearman":
        out = _pearson(x, y)
    else:
        raise MatrixError(f"`method` must be one of {CORRELATIONS} (got {method!r})")
    return float(out) if np.ndim(out) == 0 else out


# -------------------------------------------------------------------------------------- methods
def load_ranking_methods() -> None:
    """Import pymcdm's methods now, so that the first :func:`cross_check` does not wait for them.

    pymcdm's package imports matplotlib and pandas (1–2 s); Python imports a
    module once per process, so a server calls this at start-up (in a
    background thread: an import holds only that module's lock) and every
    analysis after it finds the methods loaded.  The results are the same
    either way.
    """
    from pymcdm import methods  # noqa: F401


def _pymcdm_method(name: str, matrix: np.ndarray):
    from pymcdm import methods as m

    factories = {
        "TOPSIS": lambda: m.TOPSIS(),
        "VIKOR": lambda: m.VIKOR(),
        "PROMETHEE II": lambda: m.PROMETHEE_II("usual"),
        "SPOTIS": lambda: m.SPOTIS(m.SPOTIS.make_bounds(matrix)),
        "WASPAS": lambda: m.WASPAS(),
        "MABAC": lambda: m.MABAC(),
        "EDAS": lambda: m.EDAS(),
        "ARAS": lambda: m.ARAS(),
        "MOORA": lambda: m.MOORA(),
        "MAIRCA": lambda: m.MAIRCA(),
        "WSM": lambda: m.WSM(),
        "WPM": lambda: m.WPM(),
        "COCOSO": lambda: m.COCOSO(),
    }
    if name not in factories:
        raise MatrixError(f"unknown ranking method {name!r}; available: {', '.join(factories)}")
    return factories[name]()


@dataclass(frozen=True, slots=True)
class MethodComparison:
    """Rankings of the same strategies by AHP and other MCDA methods, and their agreement.

    ``methods[0]`` is ``"AHP"`` (the reference); ``ranks[m]`` is method m's
    ranking (1 = best, ties averaged); ``preferences[m]`` its raw output (for
    VIKOR and SPOTIS smaller is better).  ``correlations[name]`` is an
    ``(M, M)`` matrix; for the asymmetric WS, entry ``[i, j]`` takes method
    ``i`` as the reference.  ``dropped_factors`` lists factors on which every
    strategy scores the same (they cannot change a ranking, and several
    methods divide by their range).
    """

    methods: tuple[str, ...]
    strategy_ids: tuple[str, ...]
    preferences: np.ndarray  # (M, S)
    ranks: np.ndarray  # (M, S)
    correlations: dict
    dropped_factors: tuple[str, ...]
    failed: dict  # method -> message

    @property
    def top(self) -> dict[str, str]:
        """The first-ranked strategy of every method (ties: all joined by '='')."""
        out = {}
        for m, r in zip(self.methods, self.ranks):
            best = r.min()
            out[m] = "=".join(s for s, v in zip(self.strategy_ids, r) if v == best)
        return out

    @property
    def disagreements(self) -> list[dict[str, Any]]:
        """Every (method, strategy) whose rank differs from AHP's, largest shift first."""
        rows = []
        for i, m in enumerate(self.methods[1:], start=1):
            for a, s in enumerate(self.strategy_ids):
                if self.ranks[i, a] != self.ranks[0, a]:
                    rows.append({"method": m, "strategy": s, "ahp_rank": float(self.ranks[0, a]),
                                 "method_rank": float(self.ranks[i, a]),
                                 "shift": float(self.ranks[i, a] - self.ranks[0, a])})
        rows.sort(key=lambda r: (-abs(r["shift"]), r["method"], r["strategy"]))
        return rows

    @property
    def agreement_with_ahp(self) -> dict[str, float]:
        """Weighted Spearman correlation of each method with AHP."""
        rw = self.correlations["weighted_spearman"]
        return {m: float(rw[0, i]) for i, m in enumerate(self.methods)}

    def to_frame(self):
        """Strategies × methods table of ranks."""
        import pandas as pd

        return pd.DataFrame(self.ranks.T, index=pd.Index(self.strategy_ids, name="strategy"), columns=list(self.methods))

    def correlation_frame(self, name: str = "weighted_spearman"):
        import pandas as pd

        return pd.DataFrame(self.correlations[name], index=list(self.methods), columns=list(self.methods))

    def to_dict(self) -> dict[str, Any]:
        return {
            "methods": list(self.methods),
            "strategy_ids": list(self.strategy_ids),
            "preferences": self.preferences.tolist(),
            "ranks": self.ranks.tolist(),
            "correlations": {k: v.tolist() for k, v in self.correlations.items()},
            "dropped_factors": list(self.dropped_factors),
            "failed": dict(self.failed),
            "top": self.top,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "MethodComparison":
        """Inverse of :meth:`to_dict` (``top`` is derived, so it is not read)."""
        def arr(values):
            return np.array(_nan(values), dtype=float)

        return cls(
            methods=tuple(data["methods"]),
            strategy_ids=tuple(data["strategy_ids"]),
            preferences=arr(data["preferences"]),
            ranks=arr(data["ranks"]),
            correlations={k: arr(v) for k, v in data["correlations"].items()},
            dropped_factors=tuple(data.get("dropped_factors", ())),
            failed=dict(data.get("failed", {})),
        )

    def __repr__(self) -> str:
        agree = ", ".join(f"{m}={v:.2f}" for m, v in list(self.agreement_with_ahp.items())[1:])
        return f"MethodComparison({len(self.strategy_ids)} strategies; r_w vs AHP: {agree})"


def _nan(values: Any) -> Any:
    """JSON ``null`` (how NaN is saved) back to NaN, in nested lists."""
    if isinstance(values, list):
        return [_nan(v) for v in values]
    return np.nan if values is None else values


def cross_check(
    matrix: Any,
    weights: Any,
    *,
    methods: Sequence[str] = RANKING_METHODS,
    reference_scores: Any = None,
    strategy_ids: Sequence[str] | None = None,
    factor_ids: Sequence[str] | None = None,
) -> MethodComparison:
    """Rank ``matrix`` (strategies × factors, all benefit criteria) by AHP and other methods.

    ``weights`` are the AHP global factor weights (sum 1).  The AHP ranking is
    ``reference_scores`` when given (e.g. the analysis' own scores), else the
    weighted sum ``matrix @ weights`` — the AHP composition of local scores.
    A method that cannot rank the data (e.g. VIKOR when all strategies tie on
    its S or R) is recorded in ``failed`` with pymcdm's message instead of
    stopping the comparison.

    >>> x = [[0.9, 0.2, 0.5], [0.4, 0.8, 0.6], [0.1, 0.5, 0.9]]
    >>> c = cross_check(x, [0.5, 0.3, 0.2], methods=["TOPSIS", "SPOTIS"], strategy_ids=["P1", "P2", "P3"])
    >>> c.methods, c.ranks[0].tolist()
    (('AHP', 'TOPSIS', 'SPOTIS'), [1.0, 2.0, 3.0])
    """
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2:
        raise MatrixError(f"`matrix` must be strategies × factors with at least two strategies (got shape {x.shape})")
    if w.shape != (x.shape[1],):
        raise MatrixError(f"`weights` must have one weight per factor ({x.shape[1]}), got shape {w.shape}")
    if not (np.isfinite(x).all() and np.isfinite(w).all()) or np.any(w < 0) or abs(w.sum() - 1) > 1e-6:
        raise MatrixError("`matrix` must be finite and `weights` finite, non-negative and summing to 1")
    S, F = x.shape
    strategies = tuple(strategy_ids) if strategy_ids is not None else tuple(f"s{i}" for i in range(S))
    factors = tuple(factor_ids) if factor_ids is not None else tuple(f"f{j}" for j in range(F))
    if len(strategies) != S or len(factors) != F:
        raise MatrixError("`strategy_ids` / `factor_ids` must match the matrix shape")
    ahp = x @ w if reference_scores is None else np.asarray(reference_scores, dtype=float)
    if ahp.shape != (S,):
        raise MatrixError(f"`reference_scores` must have one score per strategy ({S})")

    # Constant columns and zero-weight factors carry no information for a ranking.
    keep = (np.ptp(x, axis=0) > 1e-12) & (w > 0)
    dropped = tuple(f for f, k in zip(factors, keep) if not k)
    xk, wk = x[:, keep], w[keep]
    names = ["AHP"]
    prefs = [ahp]
    ranks = [rank_scores(ahp, ties="average")]
    failed: dict[str, str] = {}
    if xk.shape[1] >= 1:
        wk = wk / wk.sum()
        types = np.ones(xk.shape[1])
        for name in methods:
            body = _pymcdm_method(name, xk)
            try:
                with np.errstate(all="ignore"):
                    pref = np.asarray(body(xk, wk, types, validation=False), dtype=float)
                if not np.isfinite(pref).all():
                    raise ValueError("the method produced non-finite preferences")
            except (ValueError, ZeroDivisionError, FloatingPointError) as error:
                failed[name] = str(error)
                continue
            names.append(name)
            prefs.append(pref)
            ranks.append(np.asarray(body.rank(pref), dtype=float))
    else:
        failed.update({m: "every factor scores all strategies the same" for m in methods})
    R = np.vstack(ranks)
    correlations = {c: rank_correlation(R[:, None, :], R[None, :, :], c) for c in CORRELATIONS}
    return MethodComparison(
        methods=tuple(names),
        strategy_ids=strategies,
        preferences=np.vstack(prefs),
        ranks=R,
        correlations=correlations,
        dropped_factors=dropped,
        failed=failed,
    )
