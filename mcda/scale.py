"""Saaty's 1–9 scale: values, verbal labels (English/Persian), parsing of written judgments.

A judgment ``a_ij`` says how many times more important (preferred, likely)
item *i* is than item *j*.  Saaty (1980; 2008, Table 1) proposed the integers
1–9 with verbal anchors and their reciprocals 1/2 … 1/9 for the opposite
direction; these 17 values are :data:`SAATY_VALUES`.

Experts write judgments in many ways — ``3``, ``"1/3"``, ``"۱/۳"`` (Persian
digits), ``"٣"`` (Arabic-Indic digits), ``0.333``, or a verbal label such as
``"Strong importance"`` / ``"اهمیت زیاد"``.  :func:`parse_judgment` turns each
into a float or raises :class:`ScaleError` with a message that says what was
given and what is accepted.

>>> from mcda.scale import parse_judgment, nearest_scale_value
>>> parse_judgment("۱/۳") == 1 / 3
True
>>> parse_judgment("Strong importance"), parse_judgment("اهمیت خیلی زیاد")
(5.0, 7.0)
>>> nearest_scale_value(2.6)
3.0

Reference: T. L. Saaty (2008), "Decision making with the analytic hierarchy
process", Int. J. Services Sciences 1(1), 83–98, Table 1.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata

import numpy as np

from .digits import TO_ASCII
from .errors import MatrixError

__all__ = ["SAATY_VALUES", "VERBAL_LABELS", "ScaleError", "parse_judgment", "nearest_scale_value"]


class ScaleError(MatrixError):
    """A written judgment is not a value on Saaty's 1–9 scale."""


#: The 17 values of Saaty's fundamental scale, ascending: 1/9, 1/8, …, 1/2, 1, 2, …, 9.
SAATY_VALUES: np.ndarray = np.array([1.0 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)])
SAATY_VALUES.setflags(write=False)

#: Verbal anchors of the scale (Saaty 2008, Table 1), English and Persian.
VERBAL_LABELS: dict[int, tuple[str, str]] = {
    1: ("Equal importance", "اهمیت یکسان"),
    2: ("Weak or slight", "بین یکسان و متوسط"),
    3: ("Moderate importance", "اهمیت متوسط"),
    4: ("Moderate plus", "بین متوسط و زیاد"),
    5: ("Strong importance", "اهمیت زیاد"),
    6: ("Strong plus", "بین زیاد و خیلی زیاد"),
    7: ("Very strong importance", "اهمیت خیلی زیاد"),
    8: ("Very, very strong", "بین خیلی زیاد و فوق‌العاده"),
    9: ("Extreme importance", "اهمیت فوق‌العاده"),
}

# Values within this relative distance of 1/9 or 9 still count as on the scale,
# so that a rounded reciprocal such as 0.111 is accepted for 1/9.
_SCALE_TOLERANCE = 0.01
_LOWER, _UPPER = 1.0 / 9.0 * (1 - _SCALE_TOLERANCE), 9.0 * (1 + _SCALE_TOLERANCE)

# Persian / Arabic-Indic digits, and the fraction slashes people type for "1/3".
_DIGITS = {**TO_ASCII, ord("⁄"): "/", ord("∕"): "/", ord("／"): "/"}
# Persian text arrives with Arabic yeh/kaf from some keyboards, and ZWNJ or spaces
# inside compound words; all of these compare equal.
_LETTERS = {ord("ي"): "ی", ord("ى"): "ی", ord("ك"): "ک", ord("\u200c"): " ", ord("\u200f"): "", ord("\u200e"): ""}

_NUMBER = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)$")
_FRACTION = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)/(\d+(?:\.\d*)?|\.\d+)$")

ACCEPTED = "a number from 1 to 9, a reciprocal 1/2 … 1/9, or a verbal label such as 'Strong importance'"


def _normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_LETTERS)
    return " ".join(text.replace("-", " ").split()).casefold()


def _label_index() -> dict[str, float]:
    index: dict[str, float] = {}
    for value, (english, persian) in VERBAL_LABELS.items():
        for label in (english, persian):
            key = _normalise_text(label)
            index[key] = float(value)
            index[key.replace(" ", "")] = float(value)
        short = _normalise_text(english.removesuffix(" importance"))
        index.setdefault(short, float(value))
    return index


_LABELS = _label_index()


def _check_range(number: float, given: object) -> float:
    if math.isnan(number):
        raise ScaleError(f"{given!r} is not a judgment (NaN); leave the cell empty if it was not answered")
    if math.isinf(number):
        raise ScaleError(f"{given!r} is not a judgment (infinite); use {ACCEPTED}")
    if number == 0:
        raise ScaleError(f"{given!r} is not a judgment: 0 would mean 'infinitely less important'; use {ACCEPTED}")
    if number < 0:
        raise ScaleError(f"{given!r} is negative; judgments are ratios, so use {ACCEPTED}")
    if not (_LOWER <= number <= _UPPER):
        raise ScaleError(f"{given!r} is off the 1–9 scale (allowed 1/9 … 9); use {ACCEPTED}")
    return float(number)


def parse_judgment(value: object) -> float:
    """Read one written judgment and return it as a float on Saaty's scale.

    Accepts numbers (``3``, ``0.333``), numeric text (``"3"``, ``"1/3"``,
    ``" 1 / 3 "``, with Persian ``۰–۹`` or Arabic-Indic ``٠–٩`` digits and
    ``/`` or ``⁄`` as the fraction bar) and the verbal labels of
    :data:`VERBAL_LABELS` in English or Persian.  Any positive value between
    1/9 and 9 is accepted (averaged or measured ratios are legitimate), to
    within 1 % at the ends so that ``0.111`` passes for 1/9.

    Raises :class:`ScaleError` for 0, negatives, NaN, infinities, text that
    is neither a number nor a label, and values off the scale.

    >>> parse_judgment(" 1 / 3 ") == 1 / 3, parse_judgment("٣"), parse_judgment(7)
    (True, 3.0, 7.0)
    >>> parse_judgment("ten")
    Traceback (most recent call last):
    ...
    mcda.scale.ScaleError: 'ten' is not on the 1–9 scale; use a number from 1 to 9, a reciprocal 1/2 … 1/9, or a verbal label such as 'Strong importance'
    """
    if isinstance(value, bool) or value is None:
        raise ScaleError(f"{value!r} is not a judgment; use {ACCEPTED}")
    if isinstance(value, numbers.Real):
        return _check_range(float(value), value)
    if not isinstance(value, str):
        raise ScaleError(f"{value!r} ({type(value).__name__}) is not a judgment; use {ACCEPTED}")
    text = unicodedata.normalize("NFKC", value).translate(_DIGITS)
    compact = "".join(text.split())
    if not compact:
        raise ScaleError(f"{value!r} is empty; use {ACCEPTED}")
    negative = compact.startswith("-")
    body = compact[1:] if negative else compact
    if match := _NUMBER.match(body):
        number = float(match.group(1))
        return _check_range(-number if negative else number, value)
    if match := _FRACTION.match(body):
        numerator, denominator = float(match.group(1)), float(match.group(2))
        if denominator == 0:
            raise ScaleError(f"{value!r} divides by zero; use {ACCEPTED}")
        number = numerator / denominator
        return _check_range(-number if negative else number, value)
    label = _normalise_text(value)
    if label in _LABELS:
        return _LABELS[label]
    if label.replace(" ", "") in _LABELS:
        return _LABELS[label.replace(" ", "")]
    raise ScaleError(f"{value!r} is not on the 1–9 scale; use {ACCEPTED}")


def nearest_scale_value(x):
    """The value of :data:`SAATY_VALUES` nearest to ``x`` in log space (vectorised).

    Distance in log space treats 1/3 vs 1/4 like 3 vs 4, so a suggested
    revision is symmetric in the direction of the comparison.  NaN stays NaN;
    values beyond the scale map to 1/9 or 9.

    >>> nearest_scale_value([0.3, 1.2, 4.4, 20])
    array([0.33333333, 1.        , 4.        , 9.        ])
    """
    array = np.asarray(x, dtype=float)
    logs = np.log(SAATY_VALUES)
    with np.errstate(divide="ignore", invalid="ignore"):
        target = np.log(array)
    # Midpoints between neighbouring log values split the line into 17 cells.
    cuts = (logs[:-1] + logs[1:]) / 2
    index = np.searchsorted(cuts, np.nan_to_num(target, nan=0.0, neginf=-1e300, posinf=1e300))
    result = np.where(np.isnan(target), np.nan, SAATY_VALUES[index])
    if result.ndim == 0:
        return float(result)
    return result
