"""Reciprocal matrices: construction from judgments, and validation with messages that name the entry."""

import numpy as np
import pandas as pd
import pytest

import mcda
from mcda import MatrixError, PairwiseMatrix, ScaleError, as_matrix_stack

SAATY_3 = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])


# ------------------------------------------------------------------------------------------ construction


def test_from_upper_triangle_reads_row_wise_and_fills_reciprocals():
    pm = PairwiseMatrix.from_upper_triangle([3, "5", "۳"], labels=["S", "W", "O"])
    np.testing.assert_allclose(pm.values, SAATY_3)
    assert pm.labels == ("S", "W", "O")
    assert pm.n == 3 and pm.n_missing == 0
    assert not pm.values.flags.writeable


def test_from_upper_triangle_leaves_unanswered_pairs_missing():
    pm = PairwiseMatrix.from_upper_triangle([2, None, ""])
    assert np.isnan(pm.values[0, 2]) and np.isnan(pm.values[2, 0])
    assert np.isnan(pm.values[1, 2]) and np.isnan(pm.values[2, 1])
    assert pm.n_missing == 2
    assert "2 missing" in repr(pm)


def test_from_upper_triangle_collects_every_bad_value():
    with pytest.raises(ScaleError) as info:
        PairwiseMatrix.from_upper_triangle(["ten", 3, 0, 4, 5, -2], labels="abcd")
    message = str(info.value)
    assert "3 problems" in message
    assert "judgment 1 (0, 1) [a vs b]: 'ten'" in message
    assert "judgment 3 (0, 3) [a vs d]: 0" in message
    assert "judgment 6 (2, 3) [c vs d]: -2" in message


@pytest.mark.parametrize("count", [0, 2, 4, 5])
def test_from_upper_triangle_needs_a_triangular_number_of_values(count):
    with pytest.raises(MatrixError, match="upper triangle"):
        PairwiseMatrix.from_upper_triangle([1] * count)


def test_from_upper_triangle_checks_label_count():
    with pytest.raises(MatrixError, match="2 labels given"):
        PairwiseMatrix.from_upper_triangle([1, 2, 3], labels=["a", "b"])


def test_from_judgments_by_label_and_by_index():
    by_label = PairwiseMatrix.from_judgments(["S", "W", "O"], [("S", "W", 3), ("S", "O", "5"), ("O", "W", "1/3")])
    np.testing.assert_allclose(by_label.values, SAATY_3)
    by_index = PairwiseMatrix.from_judgments(3, [(0, 1, 3), (0, 2, 5), (1, 2, 3)])
    np.testing.assert_allclose(by_index.values, SAATY_3)
    assert by_index.labels is None


def test_from_judgments_leaves_unmentioned_pairs_missing():
    pm = PairwiseMatrix.from_judgments(["a", "b", "c"], [("a", "b", 2)])
    assert pm.n_missing == 2
    assert pm.values[0, 1] == 2 and pm.values[1, 0] == 0.5


def test_from_judgments_collects_every_problem():
    with pytest.raises(MatrixError) as info:
        PairwiseMatrix.from_judgments(
            ["a", "b", "c"],
            [("a", "b", 2), ("a", "a", 3), ("a", "z", 3), ("b", "a", 5), ("b", "c", "lots"), ("c",)],
        )
    message = str(info.value)
    assert "5 problems" in message
    assert "judgment 2: compares item 'a' with itself" in message
    assert "judgment 3: unknown item 'z'" in message
    assert "judgment 4: ('b', 'a') = 5 contradicts an earlier 0.5" in message
    assert "judgment 5 ('b' vs 'c'): 'lots'" in message
    assert "judgment 6: ('c',) is not an (i, j, value) triple" in message


def test_from_judgments_repeated_consistent_pair_is_fine():
    pm = PairwiseMatrix.from_judgments(2, [(0, 1, 3), (1, 0, "1/3")])
    assert pm.values[0, 1] == 3


def test_from_judgments_rejects_duplicate_labels_and_single_item():
    with pytest.raises(MatrixError, match="unique"):
        PairwiseMatrix.from_judgments(["a", "a"], [])
    with pytest.raises(MatrixError, match="at least 2 items"):
        PairwiseMatrix.from_judgments(1, [])


def test_pairwise_matrix_frame_dict_array_and_use_in_priorities():
    pm = PairwiseMatrix(SAATY_3, labels=("S", "W", "O"))
    frame = pm.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == ["S", "W", "O"] and frame.loc["S", "O"] == 5
    assert pm.to_dict()["labels"] == ["S", "W", "O"]
    np.testing.assert_allclose(np.asarray(pm), SAATY_3)
    result = mcda.priorities(pm)
    assert result.labels == ("S", "W", "O")
    assert repr(pm) == "PairwiseMatrix(S, W, O)"


def test_pairwise_matrix_to_dict_marks_missing_as_none():
    pm = PairwiseMatrix.from_upper_triangle([2, None, 3])
    assert pm.to_dict()["values"][0][2] is None


def test_pairwise_matrix_is_frozen():
    pm = PairwiseMatrix(SAATY_3)
    with pytest.raises(AttributeError):
        pm.labels = ("x",)


# ------------------------------------------------------------------------------------------ validation


def test_as_matrix_stack_single_and_stack():
    stack, single = as_matrix_stack(SAATY_3)
    assert stack.shape == (1, 3, 3) and single
    stack, single = as_matrix_stack(np.stack([SAATY_3, SAATY_3.T]))
    assert stack.shape == (2, 3, 3) and not single
    assert stack.dtype == np.float64


def test_valid_float_stack_is_not_copied():
    original = np.stack([SAATY_3] * 4)
    stack, _ = as_matrix_stack(original)
    assert np.shares_memory(stack, original)


def test_two_by_two_is_valid():
    stack, _ = as_matrix_stack([[1, 7], [1 / 7, 1]])
    assert stack.shape == (1, 2, 2)


def test_integer_and_object_numeric_input_is_accepted():
    stack, _ = as_matrix_stack(np.array([[1, 1], [1, 1]]))
    assert stack.dtype == np.float64
    # Object arrays of numbers and None (as pandas produces) are read, None = missing.
    stack, _ = as_matrix_stack(np.array([[1.0, None], [None, 1]], dtype=object), allow_missing=True)
    assert np.isnan(stack[0, 0, 1])


def test_rounded_reciprocals_within_tolerance_are_accepted():
    # 0.333 for 1/3 and 0.143 for 1/7: |a_ij·a_ji − 1| ≤ 0.01.
    as_matrix_stack([[1, 3, 7], [0.333, 1, 2], [0.143, 0.5, 1]])


def test_non_square_names_the_shape():
    with pytest.raises(MatrixError, match=r"must be square \(got shape \(3, 4\)\)"):
        as_matrix_stack(np.ones((3, 4)))


@pytest.mark.parametrize("shape", [(4,), (2, 2, 2, 2)])
def test_wrong_ndim_names_the_shape(shape):
    with pytest.raises(MatrixError, match="n×n matrix or an \\(N, n, n\\) stack"):
        as_matrix_stack(np.ones(shape))


@pytest.mark.parametrize("empty", [[], np.ones((0, 0)), np.ones((0, 3, 3))])
def test_empty_needs_at_least_two_items(empty):
    with pytest.raises(MatrixError, match="at least 2 items"):
        as_matrix_stack(empty)


def test_one_by_one_needs_at_least_two_items():
    with pytest.raises(MatrixError, match=r"needs at least 2 items to compare \(got shape \(1, 1\)\)"):
        as_matrix_stack([[1]])


def test_zero_names_the_entry():
    A = SAATY_3.copy()
    A[0, 2] = 0
    with pytest.raises(MatrixError) as info:
        as_matrix_stack(A)
    assert "(0, 2) = 0: 0 is not a ratio" in str(info.value)


def test_negative_names_the_entry():
    A = SAATY_3.copy()
    A[1, 2], A[2, 1] = -3, -1 / 3
    with pytest.raises(MatrixError) as info:
        as_matrix_stack(A)
    message = str(info.value)
    assert "(1, 2) = -3: judgments must be positive" in message
    assert "(2, 1) = -0.333333: judgments must be positive" in message


def test_nan_where_not_allowed_names_the_entry():
    A = SAATY_3.copy()
    A[0, 1] = A[1, 0] = np.nan
    with pytest.raises(MatrixError) as info:
        as_matrix_stack(A)
    assert "(0, 1) is NaN: missing judgments are not allowed here" in str(info.value)
    as_matrix_stack(A, allow_missing=True)  # fine when missing values are allowed


def test_nan_on_one_side_of_a_pair_or_on_the_diagonal():
    A = SAATY_3.copy()
    A[0, 1] = np.nan
    A[2, 2] = np.nan
    with pytest.raises(MatrixError) as info:
        as_matrix_stack(A, allow_missing=True)
    message = str(info.value)
    assert "(2, 2) is NaN: the diagonal must be 1" in message
    assert "(0, 1) is missing but (1, 0) = 0.333333" in message


def test_inf_names_the_entry():
    A = SAATY_3.copy()
    A[2, 0] = np.inf
    with pytest.raises(MatrixError, match=r"\(2, 0\) = inf: judgments must be finite"):
        as_matrix_stack(A)


def test_non_reciprocal_names_both_entries_and_the_expected_value():
    A = SAATY_3.copy()
    A[1, 0] = 0.5
    with pytest.raises(MatrixError) as info:
        as_matrix_stack(A)
    assert "(0, 1) = 3 but (1, 0) = 0.5: a reciprocal matrix needs a_ji = 1/a_ij = 0.333" in str(info.value)


def test_diagonal_not_one_names_the_entry():
    A = SAATY_3.copy()
    A[1, 1] = 2
    with pytest.raises(MatrixError, match=r"\(1, 1\) = 2: the diagonal must be 1"):
        as_matrix_stack(A)


def test_string_input_is_a_dtype_error():
    with pytest.raises(MatrixError, match="must be numeric \\(got text"):
        as_matrix_stack([["1", "3"], ["1/3", "1"]])


def test_object_input_with_text_names_the_entries():
    A = np.array([[1, "3"], [1 / 3, 1]], dtype=object)
    with pytest.raises(MatrixError, match=r"non-numeric entries \(0, 1\): '3'"):
        as_matrix_stack(A)


@pytest.mark.parametrize(("array", "what"), [(np.eye(2, dtype=bool), "booleans"), (np.eye(2, dtype=complex), "complex")])
def test_boolean_and_complex_input_is_a_dtype_error(array, what):
    with pytest.raises(MatrixError, match=what):
        as_matrix_stack(array)


def test_stack_messages_name_the_matrix_and_collect_everything():
    stack = np.stack([SAATY_3] * 4)
    stack[1, 0, 2] = 0
    stack[3, 2, 1] = 7
    stack[3, 1, 1] = 2
    with pytest.raises(MatrixError) as info:
        as_matrix_stack(stack)
    message = str(info.value)
    assert "3 problems" in message
    assert "matrix 1, (0, 2) = 0" in message
    assert "matrix 3, (1, 2) = 3 but (2, 1) = 7" in message
    assert "matrix 3, (1, 1) = 2: the diagonal must be 1" in message


def test_long_problem_lists_are_capped_with_a_count():
    stack = np.stack([SAATY_3] * 30)
    stack[:, 0, 1] = 0
    with pytest.raises(MatrixError) as info:
        as_matrix_stack(stack)
    message = str(info.value)
    assert "30 problems" in message
    assert "… and 20 more" in message
    assert message.count("\n  - ") == 10


def test_messages_use_labels_when_given():
    A = SAATY_3.copy()
    A[0, 2] = 0
    with pytest.raises(MatrixError, match=r"\(0, 2\) \[S vs O\] = 0"):
        as_matrix_stack(A, labels=["S", "W", "O"])


def test_check_scale_rejects_values_off_the_scale_as_scale_error():
    A = np.array([[1, 12], [1 / 12, 1]])
    as_matrix_stack(A)  # fine without the scale check
    with pytest.raises(ScaleError) as info:
        as_matrix_stack(A, check_scale=True)
    message = str(info.value)
    assert "(0, 1) = 12 is off the 1–9 scale" in message
    assert "(1, 0) = 0.0833333 is off the 1–9 scale" in message


def test_as_matrix_stack_does_not_modify_the_input():
    A = SAATY_3.copy()
    as_matrix_stack(A)
    np.testing.assert_array_equal(A, SAATY_3)
