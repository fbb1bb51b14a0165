"""How sure is the ranking? — one-way weight sweeps (:mod:`mcda.sweeps`) and Monte Carlo (:mod:`mcda.montecarlo`).

This module gathers both under their old home, so ``from mcda.sensitivity
import monte_carlo`` keeps working; new code imports from :mod:`mcda.sweeps`
and :mod:`mcda.montecarlo` (or simply from :mod:`mcda`).

>>> from mcda.sensitivity import weight_sweep, monte_carlo, Perturbation
>>> weight_sweep([0.5, 0.5], [[0.8, 0.2], [0.3, 0.6]]).level
'weights'
"""

from __future__ import annotations

from .montecarlo import MonteCarloResult, Perturbation, monte_carlo
from .sweeps import CrossingPoint, WeightSweep, factor_weight_sweep, group_weight_sweep, weight_sweep

__all__ = [
    "CrossingPoint",
    "WeightSweep",
    "weight_sweep",
    "group_weight_sweep",
    "factor_weight_sweep",
    "MonteCarloResult",
    "Perturbation",
    "monte_carlo",
]
