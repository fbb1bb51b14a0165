"""Reciprocal pairwise-comparison matrices: construction and validation (batch first).

A pairwise-comparison matrix ``A`` (Saaty 1980) holds ``a_ij`` = how many
times item *i* outweighs item *j*; it is positive, has ones on the diagonal
and is reciprocal, ``a_ji = 1 / a_ij``.  ``NaN`` marks a comparison that was
not answered (an *incomplete* matrix, handled by :mod:`mcda.incomplete`).

:func:`as_matrix_stack` is the one gate every public function passes its
input through: it accepts one ``(n, n)`` matrix or an ``(N, n, n)`` stack and
checks, with vectorised passes over the whole stack, that it is numeric,
square, at least 2×2, positive, finite (NaN only where missing values are
allowed, and then symmetrically), has a unit diagonal and is reciprocal to
within ``|a_ij · a_ji − 1| ≤ 0.01`` (so 0.333 is accepted for 1/3).  All
offending entries are collected into one :class:`~mcda.MatrixError`.

>>> from mcda.pairwise import PairwiseMatrix
>>> pm = PairwiseMatrix.from_upper_triangle([3, 5, 3], labels=["S", "W", "O"])
>>> pm.values.round(3).tolist()
[[1.0, 3.0, 5.0], [0.333, 1.0, 3.0], [0.2, 0.333, 1.0]]
>>> PairwiseMatrix.from_judgments(["S", "W", "O"], [("S", "W", 3)]).values[0].tolist()
[1.0, 3.0, nan]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .errors import MatrixError
from .scale import ScaleError, parse_judgment

__all__ = ["PairwiseMatrix", "as_matrix_stack", "RECIPROCITY_TOLERANCE"]

#: |a_ij · a_ji − 1| above this is "not reciprocal"; 0.01 accepts 0.333 for 1/3 and 0.143 for 1/7.
RECIPROCITY_TOLERANCE = 0.01
_DIAGONAL_TOLERANCE = 1e-9
_SCALE_LOW, _SCALE_HIGH = 1 / 9 * 0.99, 9 * 1.01
_MAX_LISTED = 10


def _where(k: int, i: int, j: int, single: bool, labels: Sequence[str] | None) -> str:
    cell = f"({i}, {j})"
    if labels is not None:
        cell += f" [{labels[i]} vs {labels[j]}]"
    return cell if single else f"matrix {k}, {cell}"


class _Problems(list):
    """Problem messages, keeping only the first few per kind but counting all."""

    def __init__(self):
        super().__init__()
        self.total = 0

    def entries(self, mask: np.ndarray):
        """Yield the first offending indices of ``mask`` and count the rest."""
        count = int(np.count_nonzero(mask))
        self.total += count
        if count:
            for row in np.argwhere(mask)[:_MAX_LISTED]:
                yield tuple(int(x) for x in row)
            self.total -= min(count, _MAX_LISTED)

    def append(self, message: str) -> None:
        super().append(message)
        self.total += 1


def _format_problems(name: str, problems: list[str]) -> str:
    total = getattr(problems, "total", len(problems))
    shown = problems[:_MAX_LISTED]
    lines = "\n".join(f"  - {p}" for p in shown)
    more = f"\n  … and {total - len(shown)} more" if total > len(shown) else ""
    noun = "problem" if total == 1 else "problems"
    return f"`{name}` is not a valid pairwise-comparison matrix ({total} {noun}):\n{lines}{more}"


def _to_float_array(A, name: str) -> np.ndarray:
    if isinstance(A, PairwiseMatrix):
        return A.values
    array = np.asarray(A)
    kind = array.dtype.kind
    if kind in "fiu":
        return array
    if kind == "b":
        raise MatrixError(f"`{name}` must hold numbers, not booleans (got dtype bool)")
    if kind == "c":
        raise MatrixError(f"`{name}` must hold real numbers (got complex dtype {array.dtype})")
    if kind in "US":
        raise MatrixError(
            f"`{name}` must be numeric (got text, dtype {array.dtype}); parse written judgments with "
            "mcda.parse_judgment or PairwiseMatrix.from_upper_triangle first"
        )
    if kind == "O":
        # Object arrays of plain numbers / None (e.g. from pandas) are fine; text is not.
        bad: list[str] = []
        out = np.empty(array.shape, dtype=float)
        for index, item in np.ndenumerate(array):
            if item is None:
                out[index] = np.nan
            elif isinstance(item, (int, float, np.integer, np.floating)) and not isinstance(item, bool):
                out[index] = float(item)
            else:
                shown = item.item() if isinstance(item, np.generic) else item
                bad.append(f"{index}: {shown!r}")
        if bad:
            hint = "parse written judgments with mcda.parse_judgment or PairwiseMatrix.from_upper_triangle"
            listed = ", ".join(bad[:_MAX_LISTED]) + (f" and {len(bad) - _MAX_LISTED} more" if len(bad) > _MAX_LISTED else "")
            raise MatrixError(f"`{name}` must be numeric (got dtype {array.dtype}); non-numeric entries {listed}; {hint}")
        return out
    raise MatrixError(f"`{name}` must be a numeric array (got dtype {array.dtype})")


def as_matrix_stack(
    A,
    *,
    allow_missing: bool = False,
    check_scale: bool = False,
    labels: Sequence[str] | None = None,
    name: str = "matrix",
) -> tuple[np.ndarray, bool]:
    """Validate ``A`` and return ``(stack, single)``: a float ``(N, n, n)`` stack and whether ``A`` was one matrix.

    ``allow_missing`` lets ``NaN`` mark unanswered comparisons (symmetric
    pairs, never on the diagonal); ``check_scale`` also requires every entry
    to lie in [1/9, 9] (raising :class:`~mcda.ScaleError` when that is the
    only problem).  ``labels`` name the items in messages.  Every problem is
    collected and raised in one :class:`~mcda.MatrixError` naming each entry
    as ``(row, col)`` — prefixed with ``matrix k`` for a stack.

    The checks are a handful of vectorised passes; on a valid stack nothing
    is copied when the input is already a C-contiguous float64 array.

    >>> stack, single = as_matrix_stack([[1, 2], [0.5, 1]])
    >>> stack.shape, single
    ((1, 2, 2), True)
    >>> as_matrix_stack([[1, 2], [2, 1]])
    Traceback (most recent call last):
    ...
    mcda.errors.MatrixError: `matrix` is not a valid pairwise-comparison matrix (1 problem):
      - (0, 1) = 2 but (1, 0) = 2: a reciprocal matrix needs a_ji = 1/a_ij = 0.5
    """
    if isinstance(A, PairwiseMatrix) and labels is None:
        labels = A.labels
    array = _to_float_array(A, name)
    if array.size == 0:
        raise MatrixError(f"`{name}` is empty (got shape {array.shape}); a comparison needs at least 2 items")
    if array.ndim not in (2, 3):
        raise MatrixError(f"`{name}` must be an n×n matrix or an (N, n, n) stack (got shape {array.shape})")
    if array.shape[-1] != array.shape[-2]:
        raise MatrixError(f"`{name}` must be square (got shape {array.shape})")
    n = array.shape[-1]
    if n < 2:
        raise MatrixError(f"`{name}` needs at least 2 items to compare (got shape {array.shape})")
    if labels is not None and len(labels) != n:
        raise MatrixError(f"{len(labels)} labels given for a {n}×{n} matrix")
    single = array.ndim == 2
    stack = np.ascontiguousarray(array, dtype=float)
    if single:
        stack = stack[None]

    finite = np.isfinite(stack)
    all_finite = bool(finite.all())
    if all_finite and stack.min() > 0:
        # Fast path: only the diagonal and reciprocity remain to be checked.
        problems = _structural_problems(stack, None, single, labels, check_scale)
    else:
        problems = _value_problems(stack, finite, single, labels, allow_missing)
        unusable = None  # NaN alone needs no mask: every comparison with NaN is False
        if problems:
            with np.errstate(invalid="ignore"):
                unusable = ~(finite & (stack > 0))  # NaN, ±inf, 0, negatives: reported above, not again
        structural = _structural_problems(stack, unusable, single, labels, check_scale)
        problems.extend(structural)
        problems.total += structural.total
    if problems:
        only_scale = all("off the 1–9 scale" in p for p in problems)
        error = ScaleError if only_scale else MatrixError
        raise error(_format_problems(name, problems))
    return stack, single


def _value_problems(stack, finite, single, labels, allow_missing) -> list[str]:
    problems = _Problems()
    nan = np.isnan(stack)
    if nan.any():
        diagonal = np.zeros(stack.shape[1:], dtype=bool)
        np.fill_diagonal(diagonal, True)
        if allow_missing:
            on_diagonal = nan & diagonal
            for k, i, j in problems.entries(on_diagonal):
                problems.append(f"{_where(k, i, j, single, labels)} is NaN: the diagonal must be 1")
            lopsided = nan & ~nan.transpose(0, 2, 1)
            for k, i, j in problems.entries(lopsided):
                problems.append(
                    f"{_where(k, i, j, single, labels)} is missing but ({j}, {i}) = {stack[k, j, i]:g}: "
                    "leave both directions of a comparison empty, or fill both"
                )
        else:
            for k, i, j in problems.entries(nan):
                problems.append(
                    f"{_where(k, i, j, single, labels)} is NaN: missing judgments are not allowed here "
                    "(use mcda.priorities / batch_priorities, which complete incomplete matrices)"
                )
    infinite = ~finite & ~nan
    for k, i, j in problems.entries(infinite):
        problems.append(f"{_where(k, i, j, single, labels)} = {stack[k, i, j]:g}: judgments must be finite")
    with np.errstate(invalid="ignore"):
        nonpositive = stack <= 0
    for k, i, j in problems.entries(nonpositive):
        value = stack[k, i, j]
        why = "0 is not a ratio (use 1 for 'equal')" if value == 0 else "judgments must be positive"
        problems.append(f"{_where(k, i, j, single, labels)} = {value:g}: {why}")
    return problems


def _structural_problems(stack, unusable, single, labels, check_scale) -> _Problems:
    problems = _Problems()
    N, n, _ = stack.shape
    d = np.arange(n)
    diagonal = stack[:, d, d]
    with np.errstate(invalid="ignore"):
        bad_diagonal = np.abs(diagonal - 1) > _DIAGONAL_TOLERANCE
    if unusable is not None:
        bad_diagonal &= ~unusable[:, d, d]
    if bad_diagonal.any():
        for k, i in problems.entries(bad_diagonal):
            problems.append(
                f"{_where(k, i, i, single, labels)} = {diagonal[k, i]:g}: "
                "the diagonal must be 1 (an item is equal to itself)"
            )
    upper_i, upper_j = np.triu_indices(n, 1)
    upper = stack[:, upper_i, upper_j]
    lower = stack[:, upper_j, upper_i]
    with np.errstate(invalid="ignore"):
        off = np.abs(upper * lower - 1) > RECIPROCITY_TOLERANCE  # NaN pairs compare False
    if unusable is not None:
        off &= ~(unusable[:, upper_i, upper_j] | unusable[:, upper_j, upper_i])
    if off.any():
        for k, p in problems.entries(off):
            i, j = int(upper_i[p]), int(upper_j[p])
            a, b = upper[k, p], lower[k, p]
            problems.append(
                f"{_where(k, i, j, single, labels)} = {a:g} but ({j}, {i}) = {b:g}: "
                f"a reciprocal matrix needs a_ji = 1/a_ij = {1 / a:.3g}"
            )
    if check_scale:
        with np.errstate(invalid="ignore"):
            outside = (stack < _SCALE_LOW) | (stack > _SCALE_HIGH)
        if unusable is not None:
            outside &= ~unusable
        for k, i, j in problems.entries(outside):
            problems.append(
                f"{_where(k, i, j, single, labels)} = {stack[k, i, j]:g} is off the 1–9 scale (use 1–9 or 1/2–1/9)"
            )
    return problems


@dataclass(frozen=True, slots=True, eq=False)
class PairwiseMatrix:
    """One validated reciprocal comparison matrix with item labels (``NaN`` = not answered).

    Build it with :meth:`from_upper_triangle` or :meth:`from_judgments`, or
    directly from an array: ``PairwiseMatrix([[1, 3], [1/3, 1]], labels=("a", "b"))``.
    ``values`` is a read-only ``(n, n)`` float array; ``np.asarray(pm)``
    and every :mod:`mcda` function accept the object as a matrix.
    """

    values: np.ndarray
    labels: tuple[str, ...] | None = None

    def __post_init__(self):
        labels = None if self.labels is None else tuple(str(label) for label in self.labels)
        stack, single = as_matrix_stack(self.values, allow_missing=True, labels=labels)
        if not single:
            raise MatrixError(f"PairwiseMatrix holds one matrix (got a stack of {stack.shape[0]})")
        values = stack[0].copy()
        values.setflags(write=False)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "labels", labels)

    @classmethod
    def from_upper_triangle(cls, values: Sequence, labels: Sequence[str] | None = None) -> PairwiseMatrix:
        """Build from the judgments above the diagonal, read row by row.

        For items a, b, c the order is (a,b), (a,c), (b,c).  Each value goes
        through :func:`~mcda.parse_judgment` (so ``"1/3"`` or ``"۳"`` work);
        ``None``, ``NaN`` or ``""`` leave the pair unanswered.  Every bad value
        is reported in one :class:`~mcda.ScaleError`.

        >>> float(PairwiseMatrix.from_upper_triangle(["3", "1/2", None]).values[1, 2])
        nan
        """
        values = list(values)
        m = len(values)
        n = int(round((1 + (1 + 8 * m) ** 0.5) / 2))
        if m == 0 or n * (n - 1) // 2 != m:
            raise MatrixError(
                f"{m} values cannot fill the upper triangle of a square matrix "
                "(an n×n matrix has n(n−1)/2 of them: 1, 3, 6, 10, 15, …)"
            )
        if labels is not None and len(labels) != n:
            raise MatrixError(f"{len(labels)} labels given, but {m} judgments describe {n} items")
        matrix = np.eye(n)
        problems = []
        for position, (i, j) in enumerate(zip(*np.triu_indices(n, 1))):
            value = values[position]
            where = f"judgment {position + 1} ({i}, {j})" + (f" [{labels[i]} vs {labels[j]}]" if labels else "")
            if _is_missing(value):
                matrix[i, j] = matrix[j, i] = np.nan
                continue
            try:
                a = parse_judgment(value)
            except ScaleError as error:
                problems.append(f"{where}: {error}")
                continue
            matrix[i, j], matrix[j, i] = a, 1.0 / a
        if problems:
            raise ScaleError(_format_problems("values", problems))
        return cls(matrix, labels=None if labels is None else tuple(labels))

    @classmethod
    def from_judgments(cls, labels_or_n, judgments) -> PairwiseMatrix:
        """Build from ``(i, j, a_ij)`` triples; pairs never mentioned stay ``NaN``.

        ``labels_or_n`` is the number of items or their labels; ``i`` and
        ``j`` are indices or labels.  ``a_ij`` goes through
        :func:`~mcda.parse_judgment`; the reciprocal is filled in.  Repeated
        pairs with different values, self-comparisons and unknown items are
        errors, all reported together.
        """
        if isinstance(labels_or_n, (int, np.integer)):
            n, labels = int(labels_or_n), None
        else:
            labels = tuple(str(label) for label in labels_or_n)
            n = len(labels)
            if len(set(labels)) != n:
                raise MatrixError(f"labels must be unique (got {list(labels)})")
        if n < 2:
            raise MatrixError(f"a comparison needs at least 2 items (got {n})")
        position = {label: k for k, label in enumerate(labels)} if labels else {}

        def index(item) -> int:
            if isinstance(item, (int, np.integer)) and not isinstance(item, bool) and 0 <= item < n:
                return int(item)
            if item in position:
                return position[item]
            known = f"one of {list(labels)}" if labels else f"an index 0…{n - 1}"
            raise KeyError(f"unknown item {item!r} (expected {known})")

        matrix = np.full((n, n), np.nan)
        np.fill_diagonal(matrix, 1.0)
        problems = []
        for number, judgment in enumerate(judgments, start=1):
            try:
                first, second, value = judgment
            except (TypeError, ValueError):
                problems.append(f"judgment {number}: {judgment!r} is not an (i, j, value) triple")
                continue
            try:
                i, j = index(first), index(second)
            except KeyError as error:
                problems.append(f"judgment {number}: {error.args[0]}")
                continue
            if i == j:
                problems.append(f"judgment {number}: compares item {first!r} with itself")
                continue
            try:
                a = parse_judgment(value)
            except ScaleError as error:
                problems.append(f"judgment {number} ({first!r} vs {second!r}): {error}")
                continue
            if not np.isnan(matrix[i, j]) and abs(matrix[i, j] * (1 / a) - 1) > RECIPROCITY_TOLERANCE:
                problems.append(
                    f"judgment {number}: ({first!r}, {second!r}) = {a:g} contradicts an earlier {matrix[i, j]:g}"
                )
                continue
            matrix[i, j], matrix[j, i] = a, 1.0 / a
        if problems:
            raise MatrixError(_format_problems("judgments", problems))
        return cls(matrix, labels=labels)

    @property
    def n(self) -> int:
        return self.values.shape[0]

    @property
    def n_missing(self) -> int:
        """Number of unanswered pairs (each pair counted once)."""
        return int(np.isnan(self.values).sum() // 2)

    def __array__(self, dtype=None, copy=None):
        return self.values if dtype is None else self.values.astype(dtype)

    def __repr__(self) -> str:
        names = ", ".join(self.labels) if self.labels else f"{self.n} items"
        missing = f", {self.n_missing} missing" if self.n_missing else ""
        return f"PairwiseMatrix({names}{missing})"

    def _names(self) -> list[str]:
        return list(self.labels) if self.labels else [str(k) for k in range(self.n)]

    def to_frame(self):
        """The matrix as a labelled :class:`pandas.DataFrame`."""
        import pandas as pd

        names = self._names()
        return pd.DataFrame(self.values, index=names, columns=names)

    def to_dict(self) -> dict:
        """Plain data: labels and the matrix as nested lists (``None`` for missing)."""
        rows = [[None if np.isnan(x) else float(x) for x in row] for row in self.values]
        return {"labels": self._names(), "values": rows}


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return isinstance(value, float) and np.isnan(value)
