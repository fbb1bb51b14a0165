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

import difflib
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .digits import ascii_digits
from .errors import MatrixError
from .scale import ScaleError, parse_judgment

__all__ = ["PairwiseMatrix", "as_matrix_stack", "RECIPROCITY_TOLERANCE", "SCALES"]

#: ``|a_ij · a_ji − 1|`` above this is "not reciprocal"; 0.01 accepts 0.333 for 1/3 and 0.143 for 1/7.
RECIPROCITY_TOLERANCE = 0.01
_DIAGONAL_TOLERANCE = 1e-9
_SCALE_LOW, _SCALE_HIGH = 1 / 9 * 0.99, 9 * 1.01
_MAX_LISTED = 10


def _where(k: int, i: int, j: int, single: bool, labels: Sequence[str] | None, ids: Sequence[str] | None = None) -> str:
    cell = f"({i}, {j})"
    if labels is not None:
        cell += f" [{labels[i]} vs {labels[j]}]"
    if single:
        return cell
    return f"expert {ids[k]!r}, {cell}" if ids is not None else f"matrix {k}, {cell}"


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
    ids: Sequence[str] | None = None,
) -> tuple[np.ndarray, bool]:
    """Validate ``A`` and return ``(stack, single)``: a float ``(N, n, n)`` stack and whether ``A`` was one matrix.

    ``allow_missing`` lets ``NaN`` mark unanswered comparisons (symmetric
    pairs, never on the diagonal); ``check_scale`` also requires every entry
    to lie in [1/9, 9] (raising :class:`~mcda.ScaleError` when that is the
    only problem).  ``labels`` name the items in messages.  Every problem is
    collected and raised in one :class:`~mcda.MatrixError` naming each entry
    as ``(row, col)`` — prefixed with ``matrix k`` for a stack, or with
    ``expert 'id'`` when ``ids`` name the matrices.

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
        raise MatrixError(f"`{name}`: {len(labels)} labels given for a {n}×{n} matrix")
    single = array.ndim == 2
    if ids is not None and (single or len(ids) != array.shape[0]):
        count = 1 if single else array.shape[0]
        raise MatrixError(f"`{name}`: {len(ids)} ids given for {count} matrices (one id per expert)")
    stack = np.ascontiguousarray(array, dtype=float)
    if single:
        stack = stack[None]

    finite = np.isfinite(stack)
    all_finite = bool(finite.all())
    if all_finite and stack.min() > 0:
        # Fast path: only the diagonal and reciprocity remain to be checked.
        problems = _structural_problems(stack, None, single, labels, check_scale, ids)
    else:
        problems = _value_problems(stack, finite, single, labels, allow_missing, ids)
        unusable = None  # NaN alone needs no mask: every comparison with NaN is False
        if problems:
            with np.errstate(invalid="ignore"):
                unusable = ~(finite & (stack > 0))  # NaN, ±inf, 0, negatives: reported above, not again
        structural = _structural_problems(stack, unusable, single, labels, check_scale, ids)
        problems.extend(structural)
        problems.total += structural.total
    if problems:
        only_scale = all("off the 1–9 scale" in p for p in problems)
        error = ScaleError if only_scale else MatrixError
        raise error(_format_problems(name, problems))
    return stack, single


def _value_problems(stack, finite, single, labels, allow_missing, ids=None) -> list[str]:
    problems = _Problems()
    nan = np.isnan(stack)
    if nan.any():
        diagonal = np.zeros(stack.shape[1:], dtype=bool)
        np.fill_diagonal(diagonal, True)
        if allow_missing:
            on_diagonal = nan & diagonal
            for k, i, j in problems.entries(on_diagonal):
                problems.append(f"{_where(k, i, j, single, labels, ids)} is NaN: the diagonal must be 1")
            lopsided = nan & ~nan.transpose(0, 2, 1)
            for k, i, j in problems.entries(lopsided):
                problems.append(
                    f"{_where(k, i, j, single, labels, ids)} is missing but ({j}, {i}) = {stack[k, j, i]:g}: "
                    "leave both directions of a comparison empty, or fill both"
                )
        else:
            for k, i, j in problems.entries(nan):
                problems.append(
                    f"{_where(k, i, j, single, labels, ids)} is NaN: missing judgments are not allowed here "
                    "(use mcda.priorities / batch_priorities, which complete incomplete matrices)"
                )
    infinite = ~finite & ~nan
    for k, i, j in problems.entries(infinite):
        problems.append(f"{_where(k, i, j, single, labels, ids)} = {stack[k, i, j]:g}: judgments must be finite")
    with np.errstate(invalid="ignore"):
        nonpositive = stack <= 0
    for k, i, j in problems.entries(nonpositive):
        value = stack[k, i, j]
        why = "0 is not a ratio (use 1 for 'equal')" if value == 0 else "judgments must be positive"
        problems.append(f"{_where(k, i, j, single, labels, ids)} = {value:g}: {why}")
    return problems


def _structural_problems(stack, unusable, single, labels, check_scale, ids=None) -> _Problems:
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
                f"{_where(k, i, i, single, labels, ids)} = {diagonal[k, i]:g}: "
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
                f"{_where(k, i, j, single, labels, ids)} = {a:g} but ({j}, {i}) = {b:g}: "
                f"a reciprocal matrix needs a_ji = 1/a_ij = {1 / a:.3g}"
            )
    if check_scale:
        with np.errstate(invalid="ignore"):
            outside = (stack < _SCALE_LOW) | (stack > _SCALE_HIGH)
        if unusable is not None:
            outside &= ~unusable
        for k, i, j in problems.entries(outside):
            problems.append(
                f"{_where(k, i, j, single, labels, ids)} = {stack[k, i, j]:g} is off the 1–9 scale (use 1–9 or 1/2–1/9; "
                f"pass scale='ratio' if it is a measured ratio)"
            )
    return problems


# ------------------------------------------------------------------------------------ named input
#: The scale policies every constructor and :func:`mcda.priorities` accept (``scale=``), one for
#: a dict of pairs, triples and arrays alike.  ``"saaty"`` (the default) takes values from 1/9
#: to 9 — Saaty's 1–9 scale and anything between, such as averaged judgments; ``"ratio"`` takes
#: any positive finite ratio: measured values (prices, litres), or a matrix you computed that
#: legitimately leaves the scale (completed, perturbed).  A :class:`PairwiseMatrix` keeps the
#: policy it was built under, so ``priorities(PairwiseMatrix.from_measurements(...))`` works.
SCALES = ("saaty", "ratio")


def check_scale_name(scale, name: str = "scale") -> bool:
    """True when ``scale`` holds numeric arrays to Saaty's 1/9 … 9 range; an unknown scale is an error."""
    if scale not in SCALES:
        raise MatrixError(
            f"`{name}` must be one of {', '.join(repr(x) for x in SCALES)} (got {scale!r}): 'saaty' keeps "
            "every judgment within 1/9 … 9, 'ratio' accepts any positive ratio (measured values)"
        )
    return scale == "saaty"


def _parse_value(value, scale: str) -> float:
    """One judgment under ``scale``: :func:`~mcda.parse_judgment` on Saaty's scale, any positive ratio otherwise."""
    if type(value) in (float, int) and _SCALE_LOW <= value <= _SCALE_HIGH:
        return float(value)  # the common case, checked without parse_judgment's general machinery
    if scale != "ratio":
        return parse_judgment(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        text = "".join(ascii_digits(value).split())
        top, slash, bottom = text.partition("/")
        try:
            number = float(top) / float(bottom) if slash else float(top)
        except (ValueError, ZeroDivisionError):
            return parse_judgment(value)  # a verbal label, or the scale's own message for nonsense
    else:
        raise ScaleError(f"{value!r} ({type(value).__name__}) is not a number; scale='ratio' takes a positive ratio")
    if not math.isfinite(number) or number <= 0:
        raise ScaleError(f"{value!r} is not a positive finite ratio")
    return number


def _shown(item) -> str:
    return repr(item)


def _is_pair(key) -> bool:
    return isinstance(key, tuple) and len(key) == 2


def _looks_like_named_comparisons(data) -> bool:
    """True for an AHPy-style mapping ``{(a, b): v}`` or a list of ``(a, b, v)`` triples naming items by text."""
    if isinstance(data, Mapping):
        return True
    if isinstance(data, (str, bytes, np.ndarray, PairwiseMatrix)) or not isinstance(data, Sequence) or not data:
        return False
    first = data[0]
    return isinstance(first, (tuple, list)) and len(first) == 3 and isinstance(first[0], str)


def _square(n: int, rows, cols, values) -> np.ndarray:
    """The reciprocal n×n matrix with ``values`` at (rows, cols), 1 on the diagonal, NaN elsewhere."""
    # filled as a flat list and converted once: numpy's per-call overhead dominates a 6×6 matrix
    flat = [math.nan] * (n * n)
    flat[:: n + 1] = [1.0] * n
    for i, j, a in zip(rows, cols, values):
        flat[i * n + j] = a
        flat[j * n + i] = 1.0 / a
    return np.array(flat).reshape(n, n)


def _plain_comparison_matrix(comparisons, items, scale) -> tuple[np.ndarray, tuple] | None:
    """The common case fast: a dict of distinct pairs of known (or new) items, plain numbers in range.

    Returns None at the first thing that needs a closer look; the general path then finds and
    words every problem.
    """
    if not isinstance(comparisons, dict):
        return None
    fixed = items is not None
    position = {item: k for k, item in enumerate(items)} if fixed else {}
    low, high = (_SCALE_LOW, _SCALE_HIGH) if scale != "ratio" else (math.ulp(0.0), math.inf)
    rows, cols, values, pairs = [], [], [], set()
    get = position.get
    for key, value in comparisons.items():
        if type(key) is not tuple or len(key) != 2 or type(value) not in (float, int) or not low <= value < high * 2:
            return None
        first, second = key
        i, j = get(first), get(second)
        if i is None:
            if fixed:
                return None
            i = position[first] = len(position)
        if j is None:
            if fixed:
                return None
            j = position[second] = len(position)
        pair = (i, j) if i < j else (j, i)
        if i == j or pair in pairs or value > high:
            return None
        pairs.add(pair)
        rows.append(i)
        cols.append(j)
        values.append(float(value))
    if len(position) < 2 or (fixed and len(position) != len(items)):
        return None
    return _square(len(position), rows, cols, values), tuple(position)


def _comparison_matrix(comparisons, items, scale: str, name: str) -> tuple[np.ndarray, tuple]:
    """``(matrix, items)`` from ``{(a, b): v}`` or ``(a, b, v)`` triples; every problem in one error.

    ``items`` fixes the order (and the set: an item outside it is an error, with the nearest
    spelling suggested); without it the order is that of first mention.  Pairs never mentioned
    stay NaN.  An integer key is an index into ``items`` when the items are labels.
    """
    check_scale_name(scale)
    plain = _plain_comparison_matrix(comparisons, items, scale)
    if plain is not None:
        return plain
    if isinstance(comparisons, Mapping):
        keyed = True
        entries = list(comparisons.items())
        if entries and not any(_is_pair(key) for key, _ in entries):
            raise MatrixError(
                f"`{name}`: the keys of a comparison dict are pairs of items, such as {{('coffee', 'wine'): 9}} "
                f"(got {entries[0][0]!r}); a dict of one value per item is a set of measurements: use "
                "mcda.PairwiseMatrix.from_measurements"
            )
    else:
        keyed = False
        entries = []
        for judgment in comparisons:
            if isinstance(judgment, (tuple, list)) and len(judgment) == 3:
                entries.append(((judgment[0], judgment[1]), judgment[2]))
            else:
                entries.append((judgment, None))

    def where(number: int, key) -> str:
        return f"{key!r}" if keyed else f"judgment {number + 1}"

    fixed = items is not None
    order = list(items) if fixed else []
    if fixed and len(set(order)) != len(order):
        raise MatrixError(f"`{name}`: items must be unique (got {order})")
    position = {item: k for k, item in enumerate(order)}
    text_items = fixed and all(isinstance(item, str) for item in order)
    problems: list[str] = []

    def index(item) -> int:
        if item in position:
            return position[item]
        if text_items and isinstance(item, (int, np.integer)) and not isinstance(item, bool) and 0 <= item < len(order):
            return int(item)
        if fixed:
            close = difflib.get_close_matches(str(item), [str(x) for x in order], n=1)
            hint = f" — did you mean {close[0]!r}?" if close else ""
            known = f"one of {order}" if text_items else f"an index 0…{len(order) - 1}"
            raise KeyError(f"unknown item {item!r} (expected {known}){hint}")
        position[item] = len(order)
        order.append(item)
        return position[item]

    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    seen: dict[tuple[int, int], int] = {}  # (i, j) → position in values, both directions
    get = position.get
    for number, (key, value) in enumerate(entries):
        if type(key) is not tuple or len(key) != 2:
            what = "a pair of items (a, b)" if keyed else "an (i, j, value) triple"
            problems.append(f"{where(number, key)}: {key!r} is not {what}")
            continue
        first, second = key
        i, j = get(first), get(second)
        if i is None or j is None:
            try:
                i, j = index(first), index(second)
            except KeyError as error:
                problems.append(f"{where(number, key)}: {error.args[0]}")
                continue
        if i == j:
            problems.append(f"{where(number, key)}: compares item {first!r} with itself")
            continue
        try:
            a = _parse_value(value, scale)
        except ScaleError as error:
            hint = "; pass scale='ratio' if it is a measured ratio" if "off the 1–9 scale" in str(error) else ""
            pair = where(number, key) if keyed else f"{where(number, key)} ({first!r} vs {second!r})"
            problems.append(f"{pair}: {error}{hint}")
            continue
        earlier = seen.get((i, j))
        if earlier is not None:
            k, before = earlier
            given = values[k] if rows[k] == i else 1.0 / values[k]
            if abs(given / a - 1) > RECIPROCITY_TOLERANCE:
                problems.append(
                    f"{where(number, key)}: ({first!r}, {second!r}) = {a:g} contradicts an earlier {given:g} "
                    f"({where(before, entries[before][0])})"
                )
            continue
        seen[(i, j)] = seen[(j, i)] = (len(values), number)
        rows.append(i)
        cols.append(j)
        values.append(a)
    if not problems and len(order) < 2:
        raise MatrixError(f"`{name}`: a comparison needs at least 2 items (got {len(order)}: {order})")
    if problems:
        only_scale = all("scale" in p and "contradicts" not in p for p in problems)
        raise (ScaleError if only_scale else MatrixError)(_format_problems(name, problems))
    return _square(len(order), rows, cols, values), tuple(order)


@dataclass(frozen=True, slots=True, eq=False)
class PairwiseMatrix:
    """One validated reciprocal comparison matrix with item labels (``NaN`` = not answered).

    Build it from an AHPy-style dict of pairs — ``PairwiseMatrix({("coffee", "wine"): 9, ...})``,
    items in order of first mention, or fixed by ``labels`` — from ``(a, b, value)`` triples
    (:meth:`from_judgments`), from measured values (:meth:`from_measurements`), from the upper
    triangle (:meth:`from_upper_triangle`), or from an array:
    ``PairwiseMatrix([[1, 3], [1/3, 1]], labels=("a", "b"))``.  Every form follows one
    ``scale`` policy (:data:`SCALES`): ``"saaty"`` refuses values outside 1/9 … 9 (the
    default for typed judgments), ``"ratio"`` takes any positive ratio.  ``name`` (the node or question this comparison
    answers) is used in every message about it.  ``values`` is a read-only ``(n, n)`` float
    array; ``np.asarray(pm)`` and every :mod:`mcda` function accept the object as a matrix.

    >>> pm = PairwiseMatrix({("tea", "coffee"): "1/5", ("tea", "water"): 1/9}, name="Drinks")
    >>> pm, pm.labels
    (PairwiseMatrix(Drinks: tea, coffee, water, 1 missing), ('tea', 'coffee', 'water'))
    """

    values: np.ndarray
    labels: tuple[str, ...] | None = None
    name: str | None = None
    scale: str = "saaty"

    def __post_init__(self):
        on_scale = check_scale_name(self.scale)
        name = self.name or "matrix"
        values = self.values
        if _looks_like_named_comparisons(values):
            values, labels = _comparison_matrix(values, self.labels, self.scale, name)
            # built pair by pair from checked values: reciprocal, unit diagonal, on the scale asked for
            values.setflags(write=False)
            object.__setattr__(self, "values", values)
            object.__setattr__(self, "labels", tuple(str(label) for label in labels))
            return
        elif isinstance(values, PairwiseMatrix):
            labels = values.labels if self.labels is None else self.labels
            if values.labels is not None and labels is not None and tuple(map(str, labels)) != values.labels:
                raise MatrixError(
                    f"`{name}` compares {list(values.labels)} but {list(labels)} were asked for; "
                    "every expert must compare the same items in the same order"
                )
            values = values.values
        else:
            labels = self.labels
        labels = None if labels is None else tuple(str(label) for label in labels)
        if labels is not None and len(set(labels)) != len(labels):
            raise MatrixError(f"`{name}`: labels must be unique (got {list(labels)})")
        stack, single = as_matrix_stack(values, allow_missing=True, labels=labels, check_scale=on_scale, name=name)
        if not single:
            raise MatrixError(f"`{name}`: a PairwiseMatrix holds one matrix (got a stack of {stack.shape[0]})")
        values = stack[0].copy()
        values.setflags(write=False)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "labels", labels)

    @classmethod
    def from_comparisons(cls, comparisons, items: Sequence[str] | None = None, *, scale: str = "saaty",
                         name: str | None = None) -> PairwiseMatrix:
        """Build from an AHPy-style dict ``{(a, b): a_ab}`` or ``(a, b, a_ab)`` triples, by item name.

        ``items`` fixes the order (default: order of first mention) and catches misspelt names
        (the nearest known name is suggested); pairs never mentioned stay ``NaN``; the
        reciprocal is filled in; a pair given both ways must agree.  Values go through
        :func:`~mcda.parse_judgment` on ``scale="saaty"`` (``"1/3"``, ``"۳"``, verbal labels);
        ``scale="ratio"`` takes any positive ratio.  Every problem is reported in one error
        that names ``name`` and the pair.

        >>> PairwiseMatrix.from_comparisons({("a", "b"): 12}, name="Cost")
        Traceback (most recent call last):
        ...
        mcda.scale.ScaleError: `Cost` is not a valid pairwise-comparison matrix (1 problem):
          - ('a', 'b'): 12 is off the 1–9 scale (allowed 1/9 … 9); use a number from 1 to 9, a reciprocal 1/2 … 1/9, or a verbal label such as 'Strong importance'; pass scale='ratio' if it is a measured ratio
        """
        values, labels = _comparison_matrix(comparisons, items, scale, name or "comparisons")
        return cls(values, labels=labels, name=name, scale=scale)

    @classmethod
    def from_measurements(cls, measurements, labels: Sequence[str] | None = None, *,
                          name: str | None = None) -> PairwiseMatrix:
        """The consistent matrix ``a_ij = m_i / m_j`` of measured values (AHPy's ``{'a': 1.2, ...}`` form).

        ``measurements`` is a mapping ``item -> value`` or a sequence with ``labels``; values
        must be positive and finite.  Its priorities are ``m / Σ m`` and its CR is 0; the
        scale is ``"ratio"`` (measured ratios may exceed 9).

        >>> pm = PairwiseMatrix.from_measurements({"a": 1.2, "b": 2.4, "c": 3.6}, name="Fuel")
        >>> pm.values[0].tolist(), pm.labels
        ([1.0, 0.5, 0.3333333333333333], ('a', 'b', 'c'))
        """
        label = name or "measurements"
        if isinstance(measurements, Mapping):
            if labels is not None:
                raise MatrixError(f"`{label}`: give the item names as the keys of the mapping or as `labels`, not both")
            labels, values = list(measurements), list(measurements.values())
        else:
            values = list(measurements)
        problems = []
        numbers_ = np.full(len(values), np.nan)
        for k, value in enumerate(values):
            item = labels[k] if labels is not None and k < len(labels) else k
            try:
                numbers_[k] = _parse_value(value, "ratio")
            except ScaleError as error:
                problems.append(f"{item!r}: {error}")
        if problems:
            raise MatrixError(_format_problems(label, problems))
        if numbers_.size < 2:
            raise MatrixError(f"`{label}`: a comparison needs at least 2 measured items (got {numbers_.size})")
        if labels is not None and len(labels) != numbers_.size:
            raise MatrixError(f"`{label}`: {len(labels)} labels given for {numbers_.size} measurements")
        matrix = numbers_[:, None] / numbers_[None, :]
        return cls(matrix, labels=None if labels is None else tuple(labels), name=name, scale="ratio")

    @classmethod
    def from_upper_triangle(cls, values: Sequence, labels: Sequence[str] | None = None, *, scale: str = "saaty",
                            name: str | None = None) -> PairwiseMatrix:
        """Build from the judgments above the diagonal, read row by row.

        For items a, b, c the order is (a,b), (a,c), (b,c).  Each value goes
        through :func:`~mcda.parse_judgment` (so ``"1/3"`` or ``"۳"`` work);
        ``None``, ``NaN`` or ``""`` leave the pair unanswered.  Every bad value
        is reported in one :class:`~mcda.ScaleError`.

        >>> float(PairwiseMatrix.from_upper_triangle(["3", "1/2", None]).values[1, 2])
        nan
        """
        check_scale_name(scale)
        label = name or "values"
        values = list(values)
        m = len(values)
        n = int(round((1 + (1 + 8 * m) ** 0.5) / 2))
        if m == 0 or n * (n - 1) // 2 != m:
            raise MatrixError(
                f"`{label}`: {m} values cannot fill the upper triangle of a square matrix "
                "(an n×n matrix has n(n−1)/2 of them: 1, 3, 6, 10, 15, …)"
            )
        if labels is not None and len(labels) != n:
            raise MatrixError(f"`{label}`: {len(labels)} labels given, but {m} judgments describe {n} items")
        matrix = np.eye(n)
        problems = []
        for position, (i, j) in enumerate(zip(*np.triu_indices(n, 1))):
            value = values[position]
            where = f"judgment {position + 1} ({i}, {j})" + (f" [{labels[i]} vs {labels[j]}]" if labels else "")
            if _is_missing(value):
                matrix[i, j] = matrix[j, i] = np.nan
                continue
            try:
                a = _parse_value(value, scale)
            except ScaleError as error:
                problems.append(f"{where}: {error}")
                continue
            matrix[i, j], matrix[j, i] = a, 1.0 / a
        if problems:
            raise ScaleError(_format_problems(label, problems))
        return cls(matrix, labels=None if labels is None else tuple(labels), name=name, scale=scale)

    @classmethod
    def from_judgments(cls, labels_or_n, judgments, *, scale: str = "saaty", name: str | None = None) -> PairwiseMatrix:
        """Build from ``(i, j, a_ij)`` triples or a dict ``{(i, j): a_ij}``; pairs never mentioned stay ``NaN``.

        ``labels_or_n`` is the number of items or their labels; ``i`` and
        ``j`` are indices or labels.  ``a_ij`` goes through
        :func:`~mcda.parse_judgment` (on ``scale="saaty"``); the reciprocal is
        filled in.  Repeated pairs with different values, self-comparisons and
        unknown items are errors, all reported together.
        """
        label = name or "judgments"
        if isinstance(labels_or_n, (int, np.integer)):
            n, items = int(labels_or_n), list(range(int(labels_or_n)))
            labels = None
        else:
            labels = tuple(str(item) for item in labels_or_n)
            n, items = len(labels), list(labels)
            if len(set(labels)) != n:
                raise MatrixError(f"`{label}`: labels must be unique (got {list(labels)})")
        if n < 2:
            raise MatrixError(f"`{label}`: a comparison needs at least 2 items (got {n})")
        matrix, _ = _comparison_matrix(judgments, items, scale, label)
        return cls(matrix, labels=labels, name=name, scale=scale)

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
        prefix = f"{self.name}: " if self.name else ""
        return f"PairwiseMatrix({prefix}{names}{missing})"

    def _names(self) -> list[str]:
        return list(self.labels) if self.labels else [str(k) for k in range(self.n)]

    def to_frame(self):
        """The matrix as a labelled :class:`pandas.DataFrame`."""
        import pandas as pd

        names = self._names()
        frame = pd.DataFrame(self.values, index=names, columns=names)
        frame.index.name = self.name
        return frame

    def to_dict(self) -> dict:
        """Plain data: labels and the matrix as nested lists (``None`` for missing)."""
        rows = [[None if np.isnan(x) else float(x) for x in row] for row in self.values]
        return {"name": self.name, "labels": self._names(), "values": rows}


def as_comparison(A, *, labels: Sequence[str] | None = None, scale: str = "saaty", name: str | None = None):
    """``A`` as a :class:`PairwiseMatrix` when it is given by item names, else unchanged.

    The one place where :func:`mcda.priorities` and the group functions turn named
    input (a dict of pairs, triples naming items) into a matrix.
    """
    if _looks_like_named_comparisons(A):
        return PairwiseMatrix.from_comparisons(A, labels, scale=scale, name=name)
    return A


def labelled_stack(
    stack, *, labels: Sequence[str] | None = None, ids: Sequence[str] | None = None, scale: str = "saaty",
    name: str = "stack", allow_missing: bool = True,
) -> tuple[np.ndarray, tuple[str, ...] | None, tuple[str, ...] | None]:
    """Validate a stack of expert matrices and return ``(array (N, n, n), labels, ids)``.

    ``stack`` is an ``(N, n, n)`` array, a sequence of matrices / :class:`PairwiseMatrix` /
    comparison dicts, or a mapping ``expert id -> matrix`` (the keys become ``ids``).
    Item labels come from ``labels`` or from the matrices, which must agree; the order of a
    dict's items follows the first matrix that names them.  Messages name each expert by id.
    """
    on_scale = check_scale_name(scale)
    if isinstance(stack, Mapping):
        if ids is not None:
            raise MatrixError(f"`{name}`: the experts' ids are the keys of the mapping; do not also pass `ids`")
        ids, members = [str(key) for key in stack], list(stack.values())
    elif isinstance(stack, PairwiseMatrix):
        members = None
        labels = stack.labels if labels is None else labels
        on_scale = check_scale_name(stack.scale)  # checked under its own policy when it was built
    elif isinstance(stack, np.ndarray) or not isinstance(stack, Sequence):
        members = None
    elif any(isinstance(m, PairwiseMatrix) or _looks_like_named_comparisons(m) for m in stack):
        members = list(stack)
    else:
        members = None
    if members is not None:
        if not members:
            raise MatrixError(f"`{name}` holds no expert's matrix (0 experts)")
        matrices = []
        for k, member in enumerate(members):
            who = f"{name} › expert {ids[k]!r}" if ids is not None else f"{name} › matrix {k}"
            if isinstance(member, PairwiseMatrix) or _looks_like_named_comparisons(member):
                own = member.scale if isinstance(member, PairwiseMatrix) else scale  # a built matrix keeps its policy
                member = PairwiseMatrix(member, labels=labels, name=who, scale=own)
                if member.labels is not None:
                    if labels is not None and tuple(labels) != member.labels:
                        raise MatrixError(
                            f"`{who}` compares {list(member.labels)} but the other matrices compare {list(labels)}; "
                            "every expert must compare the same items in the same order"
                        )
                    labels = member.labels
                matrices.append(member.values)
            else:
                matrices.append(np.asarray(member, dtype=float))
        shapes = {m.shape for m in matrices}
        if len(shapes) != 1:
            raise MatrixError(f"`{name}`: the experts' matrices have different shapes {sorted(shapes)}")
        stack = np.stack(matrices)
    labels = None if labels is None else tuple(str(label) for label in labels)
    ids = None if ids is None else tuple(str(x) for x in ids)
    if ids is not None and len(set(ids)) != len(ids):
        raise MatrixError(f"`{name}`: expert ids must be unique (got {list(ids)})")
    array, single = as_matrix_stack(
        stack, allow_missing=allow_missing, check_scale=on_scale, labels=labels, name=name,
        ids=None if ids is None or np.ndim(stack) == 2 else ids,
    )
    if single and ids is not None and len(ids) != 1:
        raise MatrixError(f"`{name}`: {len(ids)} ids given for 1 matrix")
    return array, labels, ids


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return isinstance(value, float) and np.isnan(value)
