"""Results as plain data: one way to turn a frozen result into JSON-ready values, and read-only arrays.

Every layer saves results as JSON (``results.json``, ``comparison.json``, the
web app's API) and every result object holds NumPy arrays that must not change
after it is built.  :func:`plain_data` and :func:`readonly` are the single
place where both happen, so a NaN is saved as ``null`` the same way
everywhere and no result can be edited by accident.

>>> import numpy as np
>>> plain_data({"w": np.array([0.5, np.nan]), "n": np.int64(3), 1: (True, np.inf)})
{'w': [0.5, None], 'n': 3, '1': [True, None]}
>>> a = readonly([1.0, 2.0])
>>> a.flags.writeable
False
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["plain_data", "readonly", "freeze_arrays"]


def plain_data(value: Any) -> Any:
    """JSON-ready data: arrays and tuples → lists, NumPy scalars → Python, NaN and ±inf → ``None``.

    Mappings keep their order with their keys as text (JSON's only key type);
    a dataclass instance (a frozen result) becomes the mapping of its fields.
    Anything else (text, ``None``, Python numbers) is returned unchanged.
    JSON has no NaN or infinity (``json.dumps(..., allow_nan=False)`` refuses
    them), so both become ``null``; readers turn ``null`` back into NaN.
    """
    if isinstance(value, Mapping):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain_data(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def readonly(values: Any, dtype: Any = None) -> np.ndarray:
    """A read-only array of ``values``: a copy, unless it already is a frozen array of its own.

    Result objects hold their arrays through this, so ``result.weights[0] = 1``
    raises ``ValueError: assignment destination is read-only`` instead of
    silently changing a saved analysis.  A read-only *view* is copied too:
    the array it looks into could still change.
    """
    if (isinstance(values, np.ndarray) and not values.flags.writeable and values.base is None
            and (dtype is None or values.dtype == dtype)):
        return values
    arr = np.array(values, dtype=dtype)
    arr.setflags(write=False)
    return arr


def freeze_arrays(result: Any, *names: str) -> None:
    """Make the named array fields of a frozen dataclass read-only (call from ``__post_init__``).

    ``None`` fields are left as they are; every other value becomes a
    read-only array (see :func:`readonly`).
    """
    for name in names:
        value = getattr(result, name)
        if value is not None:
            object.__setattr__(result, name, readonly(value))
