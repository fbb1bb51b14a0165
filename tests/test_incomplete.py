"""Incomplete matrices: Harker's method, logarithmic least squares, connectivity."""

import importlib

import numpy as np
import pytest

import mcda
from mcda import DisconnectedComparisonsError, batch_priorities, check_connected, complete_matrix, harker_matrix, priorities

kernels = importlib.import_module("mcda._kernels")

# Bozóki, Fülöp & Rónyai (2010), "On optimal completion of incomplete pairwise comparison matrices",
# Math. Comput. Modelling 52, Example 3 (also the AHPy README "Missing Pairwise Comparisons"):
# a_34 missing; the λmax-optimal completion is x = 0.7302965 (AHPy: 0.7302971), giving weights
# a .3738, b .392, c .0985, d .1357 and CR 0.0372 with Donegan & Dodd's RI(4) = 0.8286.
BOZOKI = np.array([[1, 1, 5, 2], [1, 1, 3, 4], [1 / 5, 1 / 3, 1, np.nan], [1 / 2, 1 / 4, np.nan, 1]])
BOZOKI_OPTIMAL_X = 0.7302965
DONEGAN_DODD = {4: 0.8286}


def bozoki_completed(x):
    A = BOZOKI.copy()
    A[2, 3], A[3, 2] = x, 1 / x
    return A


def test_harker_matrix_construction():
    # Harker (1987): missing entries → 0, a_ii → 1 + number missing in row i.
    B = harker_matrix(BOZOKI)
    expected = np.array([[1, 1, 5, 2], [1, 1, 3, 4], [1 / 5, 1 / 3, 2, 0], [1 / 2, 1 / 4, 0, 2]])
    np.testing.assert_allclose(B, expected)


def test_harker_eigenvector_is_the_eigenvector_of_the_completed_matrix():
    # Harker (1987): filling a_ij = w_i/w_j makes w the principal eigenvector with the same λmax.
    # (Harker is a named choice since the λmax-optimal completion became the default, issue 15.)
    result = priorities(BOZOKI, completion="harker")
    completed = complete_matrix(BOZOKI, method="harker")
    np.testing.assert_allclose(completed[2, 3], result.weights[2] / result.weights[3])
    np.testing.assert_allclose(completed[3, 2], result.weights[3] / result.weights[2])
    again = priorities(completed)
    np.testing.assert_allclose(again.weights, result.weights, atol=1e-12)
    assert again.lambda_max == pytest.approx(result.lambda_max, abs=1e-11)
    assert again.cr == pytest.approx(result.cr, abs=1e-11)


def test_bozoki_example_close_to_the_published_optimal_completion():
    # Harker's completion is not the λmax-minimising one, but close on this example: the published optimum
    # must be at most as large as Harker's λmax, and weights/CR agree to the published precision.
    harker = priorities(BOZOKI, ri_table=DONEGAN_DODD, completion="harker")
    optimal = priorities(bozoki_completed(BOZOKI_OPTIMAL_X), ri_table=DONEGAN_DODD)
    assert optimal.lambda_max <= harker.lambda_max + 1e-12
    assert harker.lambda_max - optimal.lambda_max < 1e-4
    np.testing.assert_allclose(optimal.weights, [0.3738, 0.392, 0.0985, 0.1357], atol=0.00005 + 1e-9)
    np.testing.assert_allclose(harker.weights, [0.3738, 0.392, 0.0985, 0.1357], atol=0.0005)
    assert harker.cr == pytest.approx(0.0372, abs=0.00005)
    assert abs(complete_matrix(BOZOKI, method="harker")[2, 3] - BOZOKI_OPTIMAL_X) < 0.01


def test_harker_lambda_not_below_the_minimum_over_completions():
    # λmax of the optimal completion is a lower bound for every completion, Harker's included (scan x).
    harker = priorities(BOZOKI, completion="harker").lambda_max
    scan = min(priorities(bozoki_completed(x)).lambda_max for x in np.linspace(0.5, 1.0, 501))
    assert harker >= scan - 1e-6


def test_llsm_satisfies_its_normal_equations_independently_solved():
    # Independent computation: least squares over the incidence matrix with numpy's lstsq.
    A = BOZOKI.copy()
    A[0, 1] = A[1, 0] = np.nan
    pairs = [(i, j) for i in range(4) for j in range(i + 1, 4) if not np.isnan(A[i, j])]
    incidence = np.zeros((len(pairs), 4))
    for row, (i, j) in enumerate(pairs):
        incidence[row, i], incidence[row, j] = 1, -1
    v, *_ = np.linalg.lstsq(incidence, np.log([A[i, j] for i, j in pairs]), rcond=None)
    w = np.exp(v - v.mean())
    result = priorities(A, method="geometric")
    np.testing.assert_allclose(result.weights, w / w.sum(), rtol=1e-12)


def test_llsm_weights_are_a_fixed_point_of_the_geometric_mean_of_the_completion():
    result = priorities(BOZOKI, method="geometric")
    w = result.weights
    filled = np.where(np.isnan(BOZOKI), w[:, None] / w[None, :], BOZOKI)
    g = np.prod(filled, axis=1) ** (1 / 4)
    np.testing.assert_allclose(g / g.sum(), w, rtol=1e-12)


def test_llsm_solver_on_complete_matrices_gives_the_geometric_mean():
    # The Laplacian solve itself (normally used only for incomplete rows) on complete matrices.
    rng = np.random.default_rng(2)
    iu = np.triu_indices(5, 1)
    values = rng.uniform(1 / 9, 9, size=(3, iu[0].size))
    stack = np.ones((3, 5, 5))
    stack[:, iu[0], iu[1]] = values
    stack[:, iu[1], iu[0]] = 1 / values
    logs = np.log(stack)
    v = kernels._laplacian_solve(logs, np.zeros_like(stack, dtype=bool))
    np.testing.assert_allclose(v, logs.mean(axis=2), atol=1e-12)


def test_gci_of_an_incomplete_matrix_uses_the_degrees_of_freedom():
    A = BOZOKI
    result = priorities(A, method="geometric")
    w = result.weights
    pairs = [(i, j) for i in range(4) for j in range(i + 1, 4) if not np.isnan(A[i, j])]
    total = sum(np.log(A[i, j] * w[j] / w[i]) ** 2 for i, j in pairs)
    assert result.gci == pytest.approx(total / (len(pairs) - 3), rel=1e-12)


def test_spanning_tree_is_consistent_by_construction():
    # n − 1 answered comparisons forming a tree: nothing can disagree, CR = GCI = 0.
    A = np.full((4, 4), np.nan)
    np.fill_diagonal(A, 1)
    for i, j, a in [(0, 1, 3), (1, 2, 5), (1, 3, 1 / 2)]:
        A[i, j], A[j, i] = a, 1 / a
    for method in ("eigen", "geometric"):
        result = priorities(A, method=method)
        assert result.cr == pytest.approx(0, abs=1e-10) and result.gci == 0
        w = result.weights
        assert w[0] / w[1] == pytest.approx(3) and w[1] / w[2] == pytest.approx(5)


def test_check_connected_passes_connected_and_complete_input():
    check_connected(BOZOKI)
    check_connected(np.stack([BOZOKI, bozoki_completed(1.0)]))


def test_disconnected_single_matrix_names_the_cut_off_items_by_label():
    A = np.array([[1, 2, np.nan, np.nan], [1 / 2, 1, np.nan, np.nan], [np.nan, np.nan, 1, 4], [np.nan, np.nan, 1 / 4, 1]])
    with pytest.raises(DisconnectedComparisonsError) as info:
        check_connected(A, labels=["S", "W", "O", "T"])
    assert info.value.cut_off == {0: [2, 3]}
    assert "items 'O', 'T' are not connected to 'S', 'W'" in str(info.value)
    assert "matrix" not in str(info.value).split(":", 1)[1]  # one matrix: no "matrix k" prefix


def test_disconnected_stack_names_each_matrix():
    bad = np.array([[1, np.nan, 2], [np.nan, 1, np.nan], [1 / 2, np.nan, 1]])
    stack = np.stack([BOZOKI] * 3)
    stack[1, 1, :] = stack[1, :, 1] = np.nan
    stack[1, 1, 1] = 1
    with pytest.raises(DisconnectedComparisonsError) as info:
        batch_priorities(stack)
    assert info.value.cut_off == {1: [1]}
    assert "matrix 1: item 1 is not connected to 0, 2, 3" in str(info.value)
    with pytest.raises(DisconnectedComparisonsError, match="item 1 is not connected to 0, 2"):
        priorities(bad)


def test_disconnected_error_is_a_matrix_error():
    assert issubclass(DisconnectedComparisonsError, mcda.MatrixError)
    with pytest.raises(mcda.MatrixError):
        priorities([[1, np.nan], [np.nan, 1]])


def test_complete_matrix_on_a_stack_and_on_disconnected_input():
    stack = np.stack([BOZOKI, bozoki_completed(2.0)])
    completed = complete_matrix(stack)
    assert completed.shape == (2, 4, 4) and not np.isnan(completed).any()
    np.testing.assert_array_equal(completed[1], bozoki_completed(2.0))
    with pytest.raises(DisconnectedComparisonsError):
        complete_matrix([[1, np.nan], [np.nan, 1]])


def test_reachability_by_repeated_squaring_on_a_long_chain():
    # A path 0–1–2–…–9 needs paths of length 9: ⌈log2 10⌉ = 4 squarings reach them.
    n = 10
    A = np.full((n, n), np.nan)
    np.fill_diagonal(A, 1)
    for i in range(n - 1):
        A[i, i + 1], A[i + 1, i] = 2, 1 / 2
    check_connected(A)
    w = priorities(A).weights
    np.testing.assert_allclose(w[:-1] / w[1:], 2, rtol=1e-9)
    A[4, 5] = A[5, 4] = np.nan
    with pytest.raises(DisconnectedComparisonsError) as info:
        check_connected(A)
    assert info.value.cut_off == {0: [5, 6, 7, 8, 9]}
