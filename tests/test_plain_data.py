"""One helper turns results into JSON-ready data (mcda.plain), used by every layer."""

import json
from dataclasses import dataclass

import numpy as np
import pytest

from mcda.plain import freeze_arrays, plain_data, readonly


@dataclass(frozen=True)
class _Result:
    weights: np.ndarray
    ids: tuple
    note: str | None = None

    def __post_init__(self):
        freeze_arrays(self, "weights")


def test_plain_data_is_json_ready_with_nan_and_infinity_as_null():
    data = plain_data({"w": np.array([[0.5, np.nan], [np.inf, -np.inf]]), 3: np.int64(7), "ok": np.bool_(True),
                       "ids": ("a", "b"), "x": np.float32(0.25), "nested": [{"v": float("nan")}]})
    assert data == {"w": [[0.5, None], [None, None]], "3": 7, "ok": True, "ids": ["a", "b"], "x": 0.25,
                    "nested": [{"v": None}]}
    assert type(data["3"]) is int and type(data["ok"]) is bool
    json.dumps(data, allow_nan=False)  # would raise on NaN or infinity


def test_a_frozen_result_becomes_the_mapping_of_its_fields():
    r = _Result(np.array([0.2, 0.8]), ("S", "T"))
    assert plain_data(r) == {"weights": [0.2, 0.8], "ids": ["S", "T"], "note": None}
    with pytest.raises(ValueError, match="read-only"):
        r.weights[0] = 1.0


def test_readonly_copies_unless_the_array_is_already_frozen_and_its_own():
    source = np.ones(3)
    frozen = readonly(source)
    source[0] = 5.0
    assert frozen[0] == 1.0 and not frozen.flags.writeable
    assert readonly(frozen) is frozen
    view = np.broadcast_to(source, (2, 3))  # read-only, but a view into a writable array
    assert readonly(view) is not view
    assert readonly([1, 2], int).dtype == int


def test_every_layer_uses_the_one_helper():
    import analysis.results
    import analysis.scenarios.spec
    import rahbord.commands.compare

    for module in (analysis.results, analysis.scenarios.spec, rahbord.commands.compare):
        assert not hasattr(module, "_plain"), module.__name__
