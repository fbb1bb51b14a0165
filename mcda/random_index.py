"""Random consistency indices (five named tables) and the linear λmax criterion of Alonso & Lamata.

Saaty's consistency ratio divides the consistency index
``CI = (λmax − n) / (n − 1)`` of a matrix by the *random index* ``RI(n)``,
the mean CI of many random reciprocal matrices of the same size.  The table
is a named choice, because published estimates differ; every name below is a
:class:`RandomIndexTable` in :data:`RANDOM_INDEX_TABLES` with its source and
English / Persian labels:

``"saaty"``
    Saaty (1980), *The Analytic Hierarchy Process*, McGraw-Hill — the table
    most software and papers use: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
    1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59 for n = 1…15 (also ``"saaty-1980"``).
``"saaty-2005"``
    Saaty (2005), *Theory and Applications of the Analytic Network Process*,
    p. 31: 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56,
    1.58, 1.59 for n = 3…15 — AHPy's ``random_index="saaty"``.
``"donegan-dodd"``
    Donegan & Dodd (1991), *Mathematical and Computer Modelling* 15(10),
    135–137: n = 3…20 and 25, 30, 40, …, 100, interpolated linearly between
    (AHPy's default ``"dd"``; also ``"donegan-dodd-1991"``, ``"dd"``).
``"alonso-lamata"``
    J. A. Alonso & M. T. Lamata (2006), "Consistency in the analytic
    hierarchy process: a new approach", *Int. J. Uncertainty, Fuzziness and
    Knowledge-Based Systems* 14(4), 445–459, from 100,000 random matrices per
    size: 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854,
    1.5141, 1.5365, 1.5551, 1.5713, 1.5838 for n = 3…15.  Beyond 15 the
    paper's regression ``mean λmax = 2.7699 n − 4.3513`` gives
    ``RI(n) = (1.7699 n − 4.3513) / (n − 1)`` (also ``"alonso-lamata-2006"``).
``"simulated"``
    rahbord's own estimate, n = 3…15: :func:`simulate_random_index` with
    100,000 matrices per size and a fixed seed, generated once by
    ``python -m benchmarks.generate_random_index`` and stored in this module.

A mapping ``{n: RI}`` may be passed instead of a name (e.g. another
software's table, for comparisons).

Alonso & Lamata also give a criterion on λmax itself: accept a matrix when
``λmax < n + α (1.7699 n − 4.3513)`` (α = 0.10 matches CR < 10 % against the
regression's RI).  Given a table, :func:`alonso_lamata_lambda_limit` uses that
table's RI instead, so the λ test and the CR with the same table agree.  The
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

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from ._kernels import _eigen
from .errors import ArgumentError, ArgumentTypeError

__all__ = [
    "RANDOM_INDEX_TABLES",
    "RandomIndexTable",
    "random_index",
    "simulate_random_index",
    "alonso_lamata_lambda_limit",
    "gci_threshold",
]

_SAATY = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59)
_ALONSO_LAMATA = (
    0.0, 0.0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838,
)  # fmt: skip

# Saaty (2005), Theory and Applications of the Analytic Network Process, RWS Publications, p. 31 —
# the table AHPy calls 'saaty' (PhilipGriffith/AHPy, ahpy.py, _compute_consistency_ratio).
_SAATY_2005 = {3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45, 10: 1.49, 11: 1.52, 12: 1.54, 13: 1.56,
               14: 1.58, 15: 1.59}  # fmt: skip
# Donegan & Dodd (1991), "A note on Saaty's random indexes", Mathematical and Computer Modelling 15(10),
# 135–137, doi:10.1016/0895-7177(91)90098-R, as tabulated in AHPy (its default 'dd' table; n = 90 is
# printed below n = 80 there as in the source).  Sizes between two tabulated ones are interpolated
# linearly, as AHPy does.
_DONEGAN_DODD = {3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519, 8: 1.3171, 9: 1.3733, 10: 1.4055,
                 11: 1.4213, 12: 1.4497, 13: 1.4643, 14: 1.4822, 15: 1.4969, 16: 1.5078, 17: 1.5153, 18: 1.5262,
                 19: 1.5313, 20: 1.5371, 25: 1.5619, 30: 1.5772, 40: 1.5976, 50: 1.6102, 60: 1.6178, 70: 1.6237,
                 80: 1.6277, 90: 1.6213, 100: 1.6339}  # fmt: skip
# rahbord's own estimate: simulate_random_index(n, samples=_SIMULATED_SAMPLES, seed=_SIMULATED_SEED) for
# n = 3…15, generated once by `python -m benchmarks.generate_random_index` and stored here.
_SIMULATED_SEED = 20240601
_SIMULATED_SAMPLES = 100_000
_SIMULATED = {
    3: 0.5285, 4: 0.8826, 5: 1.1082, 6: 1.2482, 7: 1.3398, 8: 1.4056,
    9: 1.4497, 10: 1.4866, 11: 1.5137, 12: 1.5361, 13: 1.5552, 14: 1.5702, 15: 1.5836,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RandomIndexTable:
    """One named random-index table: read-only ``values = {n: RI}`` plus where the numbers come from.

    It reads like a mapping of the tabulated sizes (``table[9]``, ``9 in table``, ``dict(table)``);
    :func:`random_index` also applies the table's ``extension`` beyond them:
    ``"regression"`` (Alonso & Lamata's fit of the mean λmax), ``"interpolate"``
    (linear between tabulated sizes, as AHPy does for Donegan & Dodd) or
    ``None`` (sizes outside the table are an error).  ``sample_size`` and
    ``seed`` are set for the table rahbord simulated itself.
    """

    name: str
    values: Mapping[int, float]
    source: str
    label_en: str
    label_fa: str
    extension: str | None = None
    sample_size: int | None = None
    seed: int | None = None

    def __getitem__(self, n: int) -> float:
        return self.values[n]

    def __iter__(self) -> Iterator[int]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __contains__(self, n: object) -> bool:
        return n in self.values

    def keys(self):
        return self.values.keys()

    def __repr__(self) -> str:
        return f"RandomIndexTable({self.name!r}, n = {min(self.values)}…{max(self.values)}, {self.label_en})"


def _entry(name: str, values: Mapping[int, float], **fields) -> RandomIndexTable:
    full = {1: 0.0, 2: 0.0, **{int(n): float(ri) for n, ri in values.items()}}
    return RandomIndexTable(name=name, values=MappingProxyType(dict(sorted(full.items()))), **fields)


#: The named random-index tables: name → :class:`RandomIndexTable` (a read-only ``{n: RI}`` with its source).
#: Every reader of the choice (options, web form, report) lists these names and labels.
RANDOM_INDEX_TABLES: Mapping[str, RandomIndexTable] = MappingProxyType(
    {
        "saaty": _entry(
            "saaty",
            dict(enumerate(_SAATY, start=1)),
            source="T. L. Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill",
            label_en="Saaty (1980)",
            label_fa="ساعتی (۱۹۸۰)",
        ),
        "saaty-2005": _entry(
            "saaty-2005",
            _SAATY_2005,
            source="T. L. Saaty (2005), Theory and Applications of the Analytic Network Process, RWS Publications, p. 31",
            label_en="Saaty (2005)",
            label_fa="ساعتی (۲۰۰۵)",
        ),
        "donegan-dodd": _entry(
            "donegan-dodd",
            _DONEGAN_DODD,
            source="H. A. Donegan & F. J. Dodd (1991), A note on Saaty's random indexes, "
            "Mathematical and Computer Modelling 15(10), 135–137",
            label_en="Donegan & Dodd (1991)",
            label_fa="دونگان و داد (۱۹۹۱)",
            extension="interpolate",
        ),
        "alonso-lamata": _entry(
            "alonso-lamata",
            dict(enumerate(_ALONSO_LAMATA, start=1)),
            source="J. A. Alonso & M. T. Lamata (2006), Consistency in the analytic hierarchy process: a new approach, "
            "Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 14(4), 445–459",
            label_en="Alonso & Lamata (2006)",
            label_fa="آلونسو و لاماتا (۲۰۰۶)",
            extension="regression",
        ),
        "simulated": _entry(
            "simulated",
            _SIMULATED,
            source=f"rahbord: mean CI of {_SIMULATED_SAMPLES:,} random reciprocal matrices per n (entries uniform "
            f"on the 17 values of Saaty's scale), numpy seed {_SIMULATED_SEED}; see mcda.simulate_random_index",
            label_en=f"Simulated by rahbord ({_SIMULATED_SAMPLES:,} matrices per size)",
            label_fa="شبیه‌سازی راهبرد (۱۰۰٬۰۰۰ ماتریس تصادفی برای هر اندازه)",
            sample_size=_SIMULATED_SAMPLES,
            seed=_SIMULATED_SEED,
        ),
    }
)

# Other spellings accepted by random_index(table=...); results report the canonical name.
_ALIASES = {
    "saaty-1980": "saaty",
    "alonso": "alonso-lamata",
    "alonso-lamata-2006": "alonso-lamata",
    "donegan-dodd-1991": "donegan-dodd",
    "dd": "donegan-dodd",
}

# Alonso & Lamata (2006): least-squares fit of the mean λmax of random matrices, λ̄max ≈ 2.7699 n − 4.3513.
_AL_SLOPE, _AL_INTERCEPT = 1.7699, 4.3513


def _table(table) -> tuple[str, Mapping[int, float] | RandomIndexTable]:
    if isinstance(table, str):
        key = table.lower().replace("_", "-").replace(" ", "-")
        key = _ALIASES.get(key, key)
        if key not in RANDOM_INDEX_TABLES:
            raise ArgumentError(f"unknown random-index table {table!r}; use one of {sorted(RANDOM_INDEX_TABLES)} or a mapping {{n: RI}}")
        return key, RANDOM_INDEX_TABLES[key]
    if isinstance(table, RandomIndexTable):
        return table.name, table
    if isinstance(table, Mapping):
        return "custom", table
    raise ArgumentTypeError(f"`table` must be a table name or a mapping {{n: RI}} (got {type(table).__name__})")


def random_index(n: int, table="saaty") -> float:
    """The random index RI(n) from a named table (see :data:`RANDOM_INDEX_TABLES`) or a mapping ``{n: RI}``.

    RI(1) = RI(2) = 0: every 1×1 and 2×2 reciprocal matrix is consistent,
    so their CR is defined as 0.  Beyond its tabulated sizes a table applies
    its ``extension``: the Alonso–Lamata regression extends to any n, Donegan
    & Dodd interpolates up to n = 100; Saaty's tables and the simulated one
    stop at n = 15.

    >>> random_index(3), random_index(2), random_index(9, table="saaty-2005")
    (0.58, 0.0, 1.45)
    >>> round(random_index(20, table="alonso-lamata"), 4), random_index(22, table="donegan-dodd")
    (1.634, 1.5470...)
    """
    n = int(n)
    if n < 1:
        raise ArgumentError(f"a random index needs n ≥ 1 (got {n})")
    if n <= 2:
        return 0.0
    name, values = _table(table)
    if n in values:
        return float(values[n])
    extension = values.extension if isinstance(values, RandomIndexTable) else None
    known = sorted(values)
    if extension == "regression":
        return (_AL_SLOPE * n - _AL_INTERCEPT) / (n - 1)
    if extension == "interpolate" and known[0] < n < known[-1]:
        return float(np.interp(n, known, [values[k] for k in known]))
    raise ArgumentError(
        f"the {name!r} random-index table has no value for n = {n} (it covers n ≤ {known[-1]}); "
        "use table='alonso-lamata', which extends to any n"
    )


def simulate_random_index(n: int, samples: int = _SIMULATED_SAMPLES, seed: int = _SIMULATED_SEED) -> float:
    """Estimate RI(n) as the mean CI of ``samples`` random reciprocal n×n matrices (reproducible by ``seed``).

    Each entry above the diagonal is drawn uniformly from the 17 values of
    Saaty's scale (1/9 … 1/2, 1 … 9), as Saaty (1980) and Alonso & Lamata
    (2006) did; λmax is the Perron root used for every CR in rahbord, and
    ``RI = (mean λmax − n) / (n − 1)``.  The generator is seeded with
    ``(seed, n)``, so each size is reproducible on its own.  The ``"simulated"``
    table stores this function's values for n = 3…15 with the default
    ``samples`` and ``seed``.

    >>> round(simulate_random_index(3, samples=20_000), 2)
    0.52
    """
    n, samples = int(n), int(samples)
    if n < 3:
        return 0.0
    if samples < 1:
        raise ArgumentError(f"`samples` must be at least 1 (got {samples})")
    scale = np.array([1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    rng = np.random.default_rng([int(seed), n])
    upper = np.triu_indices(n, 1)
    total, done = 0.0, 0
    chunk = max(1, 2_000_000 // (n * n))  # bounded memory: ~16 MB of matrices at a time
    while done < samples:
        size = min(chunk, samples - done)
        stack = np.ones((size, n, n))
        draws = scale[rng.integers(0, scale.size, size=(size, upper[0].size))]
        stack[:, upper[0], upper[1]] = draws
        stack[:, upper[1], upper[0]] = 1.0 / draws
        _, lambda_max = _eigen(stack)
        total += float(lambda_max.sum())
        done += size
    return (total / samples - n) / (n - 1)


def alonso_lamata_lambda_limit(n: int, alpha: float = 0.10, table=None) -> float:
    """Largest acceptable λmax by Alonso & Lamata (2006): ``n + α (1.7699 n − 4.3513)``.

    A matrix with λmax below the limit has CR below α against the
    regression's random index.  With ``table`` (a name or mapping, as for
    :func:`random_index`) the limit is ``n + α (n − 1) RI(n)`` with that table's
    RI instead, so that ``λmax ≤ limit`` exactly when ``CR ≤ α`` with the same
    table — the test and the CR then never disagree.  For n ≤ 2 the limit is
    n (any 2×2 is consistent).

    >>> round(alonso_lamata_lambda_limit(3), 4), round(alonso_lamata_lambda_limit(5, alpha=0.05), 4)
    (3.0958, 5.2249)
    >>> round(alonso_lamata_lambda_limit(3, table="alonso-lamata"), 4)  # 3 + 0.1 · 2 · 0.5245
    3.1049
    """
    n = int(n)
    if n <= 2:
        return float(n)
    if table is not None:
        return n + alpha * (n - 1) * random_index(n, table)
    return n + alpha * (_AL_SLOPE * n - _AL_INTERCEPT)


def gci_threshold(n: int) -> float:
    """GCI threshold of Aguarón & Moreno-Jiménez (2003): 0.31 (n = 3), 0.35 (n = 4), 0.37 (n > 4).

    Their thresholds correspond to CR = 10 %.  A 2×2 matrix always has
    GCI = 0; it gets the strictest threshold, 0.31.
    """
    n = int(n)
    if n < 2:
        raise ArgumentError(f"a GCI threshold needs n ≥ 2 (got {n})")
    if n <= 3:
        return 0.31
    if n == 4:
        return 0.35
    return 0.37
