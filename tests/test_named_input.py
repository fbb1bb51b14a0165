"""Names in, names out: AHPy-style comparison dicts, measured values, labelled results, messages naming the comparison.

Each test drives the public API the way an AHPy user re-doing their notebook would
(issue 17) and asserts on the numbers or the wording that could regress.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import mcda
from mcda import (
    DisconnectedComparisonsError,
    InconsistencyWarning,
    MatrixError,
    PairwiseMatrix,
    RahbordError,
    ScaleError,
    batch_priorities,
    priorities,
)

# Saaty (2008), drinks consumption in the US, as AHPy's README enters it
DRINKS = {
    ("coffee", "wine"): 9, ("coffee", "tea"): 5, ("coffee", "beer"): 2, ("coffee", "soda"): 1,
    ("coffee", "milk"): 1, ("coffee", "water"): 1 / 2,
    ("wine", "tea"): 1 / 3, ("wine", "beer"): 1 / 9, ("wine", "soda"): 1 / 9, ("wine", "milk"): 1 / 9,
    ("wine", "water"): 1 / 9,
    ("tea", "beer"): 1 / 3, ("tea", "soda"): 1 / 4, ("tea", "milk"): 1 / 3, ("tea", "water"): 1 / 9,
    ("beer", "soda"): 1 / 2, ("beer", "milk"): 1, ("beer", "water"): 1 / 3,
    ("soda", "milk"): 2, ("soda", "water"): 1 / 2,
    ("milk", "water"): 1 / 3,
}  # fmt: skip
PUBLISHED = {"coffee": 0.177, "wine": 0.019, "tea": 0.042, "beer": 0.116, "soda": 0.190, "milk": 0.129, "water": 0.327}


def test_priorities_takes_the_ahpy_dict_and_gives_a_labelled_series():
    r = priorities(DRINKS, name="Drinks")
    series = r.to_series()
    assert isinstance(series, pd.Series) and series.name == "Drinks"
    assert list(series.index) == list(PUBLISHED)  # order of first mention
    assert series.round(3).to_dict() == PUBLISHED
    assert r.labels == tuple(PUBLISHED) and r.name == "Drinks"
    assert "items=[coffee, wine, tea" in repr(r) and "name='Drinks'" in repr(r)
    assert r.to_frame().loc["water", "rank"] == 1


def test_items_fix_the_order_and_the_dict_equals_the_array():
    order = ["water", "soda", "coffee", "milk", "beer", "tea", "wine"]
    by_name = priorities(DRINKS, items=order)
    assert list(by_name.to_series().index) == order
    matrix = PairwiseMatrix(DRINKS, labels=order).values
    by_array = priorities(matrix, labels=order)
    np.testing.assert_array_equal(by_name.weights, by_array.weights)
    assert by_name.cr == by_array.cr


def test_triples_and_dict_and_pairwise_matrix_agree():
    triples = [(a, b, v) for (a, b), v in DRINKS.items()]
    from_triples = priorities(triples)
    from_dict = priorities(PairwiseMatrix.from_comparisons(DRINKS))
    from_judgments = PairwiseMatrix.from_judgments(list(PUBLISHED), DRINKS)
    np.testing.assert_array_equal(from_triples.weights, from_dict.weights)
    np.testing.assert_array_equal(from_judgments.values, PairwiseMatrix(DRINKS).values)


def test_a_misspelt_item_is_refused_with_the_nearest_name():
    with pytest.raises(MatrixError) as info:
        priorities({("coffee", "wine"): 9, ("cofee", "tea"): 5}, items=["coffee", "wine", "tea"], name="Drinks")
    message = str(info.value)
    assert message.startswith("`Drinks` is not a valid pairwise-comparison matrix")
    assert "unknown item 'cofee'" in message and "did you mean 'coffee'?" in message


def test_contradictory_pairs_are_refused_naming_both():
    with pytest.raises(MatrixError) as info:
        PairwiseMatrix({("a", "b"): 3, ("b", "a"): 3}, name="Cost")
    message = str(info.value)
    assert "`Cost`" in message and "('b', 'a') = 3 contradicts an earlier 0.333333 (('a', 'b'))" in message


def test_same_pair_both_ways_consistently_is_fine():
    pm = PairwiseMatrix({("a", "b"): 3, ("b", "a"): "1/3", ("b", "c"): 2})
    assert pm.values[0, 1] == 3 and pm.n_missing == 1


def test_one_scale_policy_for_dict_triples_and_arrays():
    for given in ({("a", "b"): 12}, [("a", "b", 12)]):
        with pytest.raises(ScaleError, match=r"(?s)`Cost`.*12 is off the 1–9 scale.*scale='ratio'"):
            priorities(given, name="Cost")
    array = np.array([[1, 12], [1 / 12, 1]])
    for how in ({}, {"scale": "saaty"}):  # arrays too: "saaty" is the default for every form
        with pytest.raises(ScaleError, match=r"(?s)`Cost`.*\(0, 1\) \[a vs b\] = 12 is off the 1–9 scale"):
            priorities(array, labels=["a", "b"], name="Cost", **how)
        with pytest.raises(ScaleError, match=r"(?s)`Cost`.*12 is off the 1–9 scale"):
            PairwiseMatrix(array, labels=["a", "b"], name="Cost", **how)
    # the documented escape, the same for all three forms
    for given in ({("a", "b"): 12}, [("a", "b", 12)], array):
        assert priorities(given, scale="ratio").weights.tolist() == pytest.approx([12 / 13, 1 / 13])
    with pytest.raises(MatrixError, match="`scale` must be one of 'saaty', 'ratio'"):
        priorities(DRINKS, scale="dd")


def test_measured_values_give_normalised_weights_and_zero_cr():
    pm = PairwiseMatrix.from_measurements({"a": 14, "b": 87.6, "c": 147.4}, name="Cargo")
    r = priorities(pm)
    assert r.name == "Cargo" and r.cr == pytest.approx(0, abs=1e-12)
    np.testing.assert_allclose(r.weights, np.array([14, 87.6, 147.4]) / 249.0, rtol=1e-12)
    with pytest.raises(MatrixError, match=r"(?s)`Cargo`.*'b': -2 is not a positive finite ratio"):
        PairwiseMatrix.from_measurements({"a": 1, "b": -2}, name="Cargo")


def test_a_dict_of_single_items_points_to_from_measurements():
    with pytest.raises(MatrixError, match="from_measurements"):
        priorities({"a": 1.2, "b": 2.3}, name="Fuel")


def test_from_judgments_takes_the_dict_too():
    pm = PairwiseMatrix.from_judgments(["S", "W", "O"], {("S", "W"): 3, ("O", "W"): "1/3"})
    assert pm.values[0, 1] == 3 and pm.values[2, 1] == pytest.approx(1 / 3) and np.isnan(pm.values[0, 2])


def test_disconnected_comparisons_name_the_comparison_and_the_items():
    with pytest.raises(DisconnectedComparisonsError) as info:
        priorities({("a", "b"): 2, ("c", "d"): 3}, name="Capacity")
    message = str(info.value)
    assert message.startswith("`Capacity`: ") and "'c', 'd' are not connected to 'a', 'b'" in message


def test_inconsistency_warning_names_the_comparison():
    cycle = {("a", "b"): 9, ("b", "c"): 9, ("c", "a"): 9}
    with pytest.warns(InconsistencyWarning, match=r"^`Style`: CR = .* exceeds 0.1"):
        priorities(cycle, name="Style")
    with pytest.warns(InconsistencyWarning, match=r"^comparison of a, b, c: CR"):
        priorities(cycle)


def test_batch_takes_experts_by_id_and_keeps_labels():
    panel = {
        "ali": {("S", "W"): 3, ("S", "O"): 5, ("W", "O"): 3},
        "sara": {("S", "W"): 9, ("W", "O"): 9, ("O", "S"): 9},  # a cycle: inconsistent
    }
    with pytest.warns(InconsistencyWarning, match=r"`Groups`: 1 of 2 matrices have CR > 0.1 .*experts 'sara'"):
        b = batch_priorities(panel, name="Groups")
    assert b.ids == ("ali", "sara") and b.labels == ("S", "W", "O")
    frame = b.to_frame()
    assert list(frame.index) == ["ali", "sara"] and frame.index.name == "expert"
    assert frame.loc["ali", "S"] == pytest.approx(0.637, abs=1e-3)
    assert b["sara"].name == "Groups › sara" and not b["sara"].consistent
    with pytest.raises(KeyError, match="no expert 'reza'"):
        b["reza"]


def test_batch_ids_for_an_array_stack_name_the_expert_in_errors():
    stack = np.array([[[1, 3], [1 / 3, 1]], [[1, 0], [np.inf, 1]]])
    with pytest.raises(MatrixError, match=r"expert 'sara', \(0, 1\) = 0"):
        batch_priorities(stack, ids=["ali", "sara"])
    with pytest.raises(MatrixError, match="3 ids given for 2 matrices"):
        batch_priorities(stack[:1].repeat(2, axis=0), ids=["a", "b", "c"])


def test_batch_refuses_experts_who_compare_other_items():
    with pytest.raises(MatrixError, match=r"(?s)`stack › expert 'reza'`.*unknown item 'T' \(expected one of \['S', 'W'\]\)"):
        batch_priorities({"ali": {("S", "W"): 3}, "reza": {("S", "T"): 3}})
    with pytest.raises(MatrixError, match=r"`stack › matrix 1` compares \['W', 'S'\] but \['S', 'W'\] were asked for"):
        batch_priorities([PairwiseMatrix({("S", "W"): 3}), PairwiseMatrix({("W", "S"): 3}, name="matrix 1")])


def test_unknown_ri_table_is_a_rahbord_error_listing_the_tables():
    with pytest.raises(RahbordError, match="unknown random-index table 'dd2'.*donegan-dodd"):
        priorities(DRINKS, ri_table="dd2")
    assert priorities(DRINKS, ri_table="dd").ri_table == "donegan-dodd"


def test_every_error_above_is_a_rahbord_error():
    bad_inputs = [
        lambda: priorities({("a", "a"): 3}),
        lambda: priorities({("a", "b"): "lots"}),
        lambda: priorities({"a": 1}),
        lambda: PairwiseMatrix.from_measurements({"a": 0, "b": 1}),
        lambda: batch_priorities({"ali": {("a", "b"): 3}}, ids=["x"]),
    ]
    for make in bad_inputs:
        with pytest.raises(RahbordError):
            make()


def test_pairwise_matrix_keeps_its_name_in_frames_and_repr():
    pm = PairwiseMatrix(DRINKS, name="Drinks")
    assert repr(pm).startswith("PairwiseMatrix(Drinks: coffee, wine")
    assert pm.to_frame().index.name == "Drinks" and pm.to_dict()["name"] == "Drinks"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert priorities(pm).name == "Drinks"
