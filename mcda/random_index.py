"""Random consistency indices (Saaty; Alonso & Lamata 2006) and the linear CR criterion.

Saaty's consistency ratio divides the consistency index
``CI = (λmax − n) / (n − 1)`` of a matrix by the *random index* ``RI(n)``,
the mean CI of many random reciprocal matrices of the same size.  The table
is a named choice, because published estimates differ:

``"saaty"``
    Saaty (1980), *The Analytic Hierarchy Process*, McGraw-Hill — the table
    most software and papers use: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
    1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59 for n = 1…15.
``"alonso-lamata"``
    J. A. Alonso & M. T. Lamata (2006), "Consistency in the analytic
    hierarchy process: a new approach", *Int. J. Uncertainty, Fuzziness and
    Knowledge-Based Systems* 14(4), 445–459, from 100,000 random matrices per
    size: 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854,
    1.5141, 1.5365, 1.5551, 1.5713, 1.5838 for n = 3…15.  Beyond 15 the
    paper's regression ``mean λmax = 2.7699 n − 4.3513`` gives
    ``RI(n) = (1.7699 n − 4.3513) / (n − 1)``.

A mapping ``{n: RI}`` may be passed instead of a name (e.g. another
software's table, for comparisons).

Alonso & Lamata also give a criterion on λmax itself: accept a matrix when
``λmax < n + α (1.7699 n − 4.3513)`` (α = 0.10 matches CR < 10 %).  The
geometric consistency index GCI (Aguarón & Moreno-Jiménez 2003, *EJOR*
147(1), 137–145) has its own thresholds: 0.31 for n = 3, 0.35 for n = 4 and
0.37 for n > 4.

>>> random_index(9), random_index(9, table="alonso-lamata")
(1.45, 1.4499)
>>> round(alonso_lamata_lambda_limit(4), 4)
4.2728
>>> gci_threshold(3), gci_threshold(7)
(0.31, 0.37)
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["RANDOM_INDEX_TABLES", "random_index", "alonso_lamata_lambda_limit", "gci_threshold"]

_SAATY = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59)
_ALONSO_LAMATA = (
    0.0, 0.0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838,
)  # fmt: skip

#: The named random-index tables, as read-only ``{n: RI}`` mappings (n = 1…15).
RANDOM_INDEX_TABLES: Mapping[str, Mapping[int, float]] = MappingProxyType(
    {
        "saaty": MappingProxyType({n: ri for n, ri in enumerate(_SAATY, start=1)}),
        "alonso-lamata": MappingProxyType({n: ri for n, ri in enumerate(_ALONSO_LAMATA, start=1)}),
    }
)

# Alonso & Lamata (2006): least-squares fit of the mean λmax of random matrices, λ̄max ≈ 2.7699 n − 4.3513.
_AL_SLOPE, _AL_INTERCEPT = 1.7699, 4.3513


def _table(table) -> tuple[str, Mapping[int, float]]:
    if isinstance(table, str):
        key = table.lower().replace("_", "-").replace(" ", "-")
        if key in ("alonso", "alonso-lamata-2006"):
            key = "alonso-lamata"
        if key not in RANDOM_INDEX_TABLES:
            raise ValueError(f"unknown random-index table {table!r}; use one of {sorted(RANDOM_INDEX_TABLES)} or a mapping {{n: RI}}")
        return key, RANDOM_INDEX_TABLES[key]
    if isinstance(table, Mapping):
        return "custom", table
    raise TypeError(f"`table` must be a table name or a mapping {{n: RI}} (got {type(table).__name__})")


def random_index(n: int, table="saaty") -> float:
    """The random index RI(n) from the named table (``"saaty"`` or ``"alonso-lamata"``) or a mapping.

    RI(1) = RI(2) = 0: every 1×1 and 2×2 reciprocal matrix is consistent,
    so their CR is defined as 0.  Saaty's table stops at n = 15; the
    Alonso–Lamata regression extends to any n.

    >>> random_index(3), random_index(2)
    (0.58, 0.0)
    >>> round(random_index(20, table="alonso-lamata"), 4)
    1.634
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"a random index needs n ≥ 1 (got {n})")
    if n <= 2:
        return 0.0
    name, values = _table(table)
    if n in values:
        return float(values[n])
    if name == "alonso-lamata":
        return (_AL_SLOPE * n - _AL_INTERCEPT) / (n - 1)
    known = sorted(values)
    raise ValueError(
        f"the {name!r} random-index table has no value for n = {n} (it covers n ≤ {known[-1]}); "
        "use table='alonso-lamata', which extends to any n"
    )


def alonso_lamata_lambda_limit(n: int, alpha: float = 0.10) -> float:
    """Largest acceptable λmax by Alonso & Lamata (2006): ``n + α (1.7699 n − 4.3513)``.

    A matrix with λmax below the limit has CR below α against the
    regression's random index.  For n ≤ 2 the limit is n (any 2×2 is consistent).

    >>> round(alonso_lamata_lambda_limit(3), 4), round(alonso_lamata_lambda_limit(5, alpha=0.05), 4)
    (3.0958, 5.2249)
    """
    n = int(n)
    if n <= 2:
        return float(n)
    return n + alpha * (_AL_SLOPE * n - _AL_INTERCEPT)


def gci_threshold(n: int) -> float:
    """GCI threshold of Aguarón & Moreno-Jiménez (2003): 0.31 (n = 3), 0.35 (n = 4), 0.37 (n > 4).

    Their thresholds correspond to CR = 10 %.  A 2×2 matrix always has
    GCI = 0; it gets the strictest threshold, 0.31.
    """
    n = int(n)
    if n < 2:
        raise ValueError(f"a GCI threshold needs n ≥ 2 (got {n})")
    if n <= 3:
        return 0.31
    if n == 4:
        return 0.35
    return 0.37
