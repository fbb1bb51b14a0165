"""Priorities: golden cases from published examples, the random-index tables, batch results, warnings."""

import warnings

import numpy as np
import pandas as pd
import pytest

import mcda
from mcda import (
    RANDOM_INDEX_TABLES,
    BatchPriorityResult,
    InconsistencyWarning,
    PairwiseMatrix,
    PriorityResult,
    alonso_lamata_lambda_limit,
    batch_priorities,
    gci_threshold,
    priorities,
    random_index,
)

# Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services Sciences 1(1),
# relative consumption of drinks in the U.S.; matrix and derived priorities as reproduced in the AHPy
# README (PhilipGriffith/AHPy, "Relative consumption of drinks in the United States").
DRINKS = np.array(
    [
        [1, 9, 5, 2, 1, 1, 1 / 2],
        [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
        [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
        [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
        [1, 9, 4, 2, 1, 2, 1 / 2],
        [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
        [2, 9, 9, 3, 2, 3, 1],
    ]
)
DRINKS_LABELS = ("coffee", "wine", "tea", "beer", "sodas", "milk", "water")
DRINKS_PUBLISHED = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]

# The random-index tables AHPy uses (ahpy/ahpy.py, _compute_consistency_ratio): Saaty (2005, Theory and
# Applications of the ANP, p. 31) and Donegan & Dodd (1991).  Needed to reproduce CRs AHPy publishes.
SAATY_2005 = {3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45}
DONEGAN_DODD = {3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519}


def from_pairs(items, pairs):
    return PairwiseMatrix.from_judgments(items, [(a, b, v) for (a, b), v in pairs.items()])


# ------------------------------------------------------------------------------------------ golden cases


def test_drinks_matrix_reproduces_saatys_published_priorities():
    result = priorities(DRINKS, labels=DRINKS_LABELS)
    # Published to 3 decimals: tolerance is half a unit in the last place (+ float slack).
    np.testing.assert_allclose(result.weights, DRINKS_PUBLISHED, atol=0.0005 + 1e-9)
    assert result.consistent


def test_drinks_matrix_cr_matches_published_value_with_the_same_random_index():
    # AHPy README: CR 0.022 with random_index='saaty' (Saaty 2005 table, RI(7) = 1.35).
    assert priorities(DRINKS, ri_table=SAATY_2005).cr == pytest.approx(0.022, abs=0.0005)


def test_saaty_three_by_three_example():
    # mcda/__init__.py example: [[1,3,5],[1/3,1,3],[1/5,1/3,1]] → 0.637, 0.258, 0.105.
    # Independent check of λmax and CR: numpy's eigvals and Saaty's RI(3) = 0.58.
    A = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    result = priorities(A)
    np.testing.assert_allclose(result.weights, [0.637, 0.258, 0.105], atol=0.0005)
    lam = np.linalg.eigvals(A).real.max()
    assert result.lambda_max == pytest.approx(lam, abs=1e-12)
    assert result.ci == pytest.approx((lam - 3) / 2, abs=1e-12)
    assert result.cr == pytest.approx((lam - 3) / 2 / 0.58, abs=1e-12)


# Wikipedia "Analytic hierarchy process – leader example", as worked in the AHPy README ("Choosing a
# leader", precision=3, random_index='saaty').
LEADER_CRITERIA = {
    ("Experience", "Education"): 4,
    ("Experience", "Charisma"): 3,
    ("Experience", "Age"): 7,
    ("Education", "Charisma"): 1 / 3,
    ("Education", "Age"): 3,
    ("Charisma", "Age"): 5,
}


@pytest.mark.parametrize(
    ("items", "pairs", "expected", "cr"),
    [
        (
            ["Experience", "Education", "Charisma", "Age"],
            LEADER_CRITERIA,
            {"Experience": 0.548, "Charisma": 0.27, "Education": 0.127, "Age": 0.056},
            0.044,
        ),
        (
            ["Moll", "Nell", "Sue"],
            {("Moll", "Nell"): 1 / 4, ("Moll", "Sue"): 4, ("Nell", "Sue"): 9},
            {"Nell": 0.717, "Moll": 0.217, "Sue": 0.066},
            0.035,
        ),
    ],
)
def test_wikipedia_leader_example_as_published_by_ahpy(items, pairs, expected, cr):
    result = priorities(from_pairs(items, pairs), ri_table=SAATY_2005)
    weights = dict(zip(items, result.weights))
    for item, value in expected.items():
        assert weights[item] == pytest.approx(value, abs=0.0005 + 1e-9)
    assert result.cr == pytest.approx(cr, abs=0.0005)


def test_wikipedia_leader_education_global_weights():
    # AHPy README: education.global_weights = {'Sue': 0.093, 'Moll': 0.024, 'Nell': 0.01}, education weight 0.127.
    edu = from_pairs(["Moll", "Nell", "Sue"], {("Moll", "Nell"): 3, ("Moll", "Sue"): 1 / 5, ("Nell", "Sue"): 1 / 7})
    result = priorities(edu, ri_table=SAATY_2005)
    np.testing.assert_allclose(result.weights * 0.127, [0.024, 0.010, 0.093], atol=0.0006)
    assert result.cr == pytest.approx(0.062, abs=0.0005)


VEHICLES = ("Accord Sedan", "Accord Hybrid", "Pilot", "CR-V", "Element", "Odyssey")


@pytest.mark.parametrize(
    ("matrix", "expected", "cr"),
    [
        (  # criteria w.r.t. the goal
            from_pairs(
                ["Cost", "Safety", "Style", "Capacity"],
                {
                    ("Cost", "Safety"): 3,
                    ("Cost", "Style"): 7,
                    ("Cost", "Capacity"): 3,
                    ("Safety", "Style"): 9,
                    ("Safety", "Capacity"): 1,
                    ("Style", "Capacity"): 1 / 7,
                },
            ),
            [0.51, 0.234, 0.041, 0.215],
            0.08,
        ),
        (  # cost sub-criteria
            from_pairs(
                ["Price", "Fuel", "Maintenance", "Resale"],
                {
                    ("Price", "Fuel"): 2,
                    ("Price", "Maintenance"): 5,
                    ("Price", "Resale"): 3,
                    ("Fuel", "Maintenance"): 2,
                    ("Fuel", "Resale"): 2,
                    ("Maintenance", "Resale"): 1 / 2,
                },
            ),
            [0.488, 0.252, 0.1, 0.161],
            0.016,
        ),
        (  # vehicles w.r.t. price
            PairwiseMatrix.from_upper_triangle(
                (9, 9, 1, 1 / 2, 5, 1, 1 / 9, 1 / 9, 1 / 7, 1 / 9, 1 / 9, 1 / 7, 1 / 2, 5, 6), labels=VEHICLES
            ),
            [0.246, 0.025, 0.025, 0.246, 0.366, 0.093],
            0.072,
        ),
    ],
)
def test_wikipedia_car_example_as_published_by_ahpy(matrix, expected, cr):
    # AHPy README "Purchasing a vehicle" (Wikipedia car example), precision=3, random index Donegan & Dodd.
    result = priorities(matrix, ri_table=DONEGAN_DODD)
    np.testing.assert_allclose(result.weights, expected, atol=0.0005 + 1e-9)
    assert result.cr == pytest.approx(cr, abs=0.0005)


# ------------------------------------------------------------------------------------------ random index


def test_saaty_random_index_table():
    # Saaty (1980), The Analytic Hierarchy Process, n = 1…15.
    published = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]
    assert [random_index(n) for n in range(1, 16)] == published
    assert dict(RANDOM_INDEX_TABLES["saaty"]) == dict(enumerate(published, start=1))


def test_alonso_lamata_random_index_table():
    # Alonso & Lamata (2006), IJUFKS 14(4) 445–459, 100,000 matrices per n; values as tabulated in
    # Jaeho Bae's AHP_Simul (Chillangri/AHP_Simul, "Alonso-Lamata RI values (100,000 matrices)").
    published = [0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838]
    assert [random_index(n, table="alonso-lamata") for n in range(3, 16)] == published
    assert random_index(2, table="alonso-lamata") == 0


def test_alonso_lamata_extends_by_its_regression_beyond_15():
    # λ̄max = 2.7699 n − 4.3513 ⇒ RI = (1.7699 n − 4.3513)/(n − 1); at n = 15 the fit is within 0.002 of the table.
    assert random_index(16, "alonso-lamata") == pytest.approx((1.7699 * 16 - 4.3513) / 15)
    assert (1.7699 * 15 - 4.3513) / 14 == pytest.approx(random_index(15, "alonso-lamata"), abs=0.002)


def test_saaty_table_stops_at_15_with_advice():
    with pytest.raises(ValueError, match="alonso-lamata"):
        random_index(16)


def test_random_index_rejects_unknown_tables_and_accepts_mappings():
    with pytest.raises(ValueError, match="unknown random-index table"):
        random_index(4, table="nobody")
    assert random_index(4, table={4: 0.8}) == 0.8
    assert random_index(4, table="Alonso_Lamata") == 0.8815


def test_alonso_lamata_lambda_limit():
    # λmax < n + 0.1 (1.7699 n − 4.3513), Alonso & Lamata (2006).
    assert alonso_lamata_lambda_limit(3) == pytest.approx(3 + 0.1 * (1.7699 * 3 - 4.3513))
    assert alonso_lamata_lambda_limit(9, alpha=0.05) == pytest.approx(9 + 0.05 * (1.7699 * 9 - 4.3513))
    assert alonso_lamata_lambda_limit(2) == 2


def test_gci_thresholds():
    # Aguarón & Moreno-Jiménez (2003): 0.31 (n = 3), 0.35 (n = 4), 0.37 (n > 4).
    assert [gci_threshold(n) for n in (3, 4, 5, 9, 20)] == [0.31, 0.35, 0.37, 0.37, 0.37]


# ------------------------------------------------------------------------------------------ GCI, methods


def test_gci_matches_the_definition_computed_by_hand():
    n = DRINKS.shape[0]
    w = np.prod(DRINKS, axis=1) ** (1 / n)
    w /= w.sum()
    total = sum(np.log(DRINKS[i, j] * w[j] / w[i]) ** 2 for i in range(n) for j in range(i + 1, n))
    expected = 2 / ((n - 1) * (n - 2)) * total
    assert priorities(DRINKS).gci == pytest.approx(expected, rel=1e-12)
    assert priorities(DRINKS, method="geometric").gci == pytest.approx(expected, rel=1e-12)


def test_geometric_method_is_the_row_geometric_mean():
    result = priorities(DRINKS, method="geometric")
    w = np.prod(DRINKS, axis=1) ** (1 / 7)
    np.testing.assert_allclose(result.weights, w / w.sum(), rtol=1e-12)
    assert result.method == "geometric"
    # CR is a property of the matrix, the same under both methods.
    assert result.cr == pytest.approx(priorities(DRINKS).cr, rel=1e-12)


def test_two_by_two_is_always_consistent():
    result = priorities([[1, 9], [1 / 9, 1]])
    np.testing.assert_allclose(result.weights, [0.9, 0.1])
    assert result.cr == 0 and result.ci == 0 and result.gci == 0 and result.consistent
    assert result.lambda_max == pytest.approx(2)


def test_alonso_lamata_table_changes_cr_only():
    saaty = priorities(DRINKS)
    al = priorities(DRINKS, ri_table="alonso-lamata")
    np.testing.assert_array_equal(saaty.weights, al.weights)
    assert al.cr == pytest.approx(saaty.ci / 1.3417)
    assert al.ri_table == "alonso-lamata"


def test_unknown_method_is_rejected():
    with pytest.raises(ValueError, match="`method` must be one of"):
        priorities(DRINKS, method="mean")


def test_priorities_rejects_a_stack_of_several():
    with pytest.raises(mcda.MatrixError, match="use mcda.batch_priorities"):
        priorities(np.stack([DRINKS, DRINKS]))


def test_priorities_accepts_a_stack_of_one_and_nested_lists():
    a = priorities(DRINKS[None])
    b = priorities(DRINKS.tolist())
    np.testing.assert_allclose(a.weights, b.weights)


# ------------------------------------------------------------------------------------------ batch


def random_reciprocal(rng, N, n):
    iu = np.triu_indices(n, 1)
    stack = np.ones((N, n, n))
    values = rng.choice(mcda.SAATY_VALUES, size=(N, iu[0].size))
    stack[:, iu[0], iu[1]] = values
    stack[:, iu[1], iu[0]] = 1 / values
    return stack


def test_batch_matches_lapack_on_random_matrices():
    rng = np.random.default_rng(7)
    stack = random_reciprocal(rng, 500, 9)
    result = batch_priorities(stack, warn=False)
    values, vectors = np.linalg.eig(stack)
    k = values.real.argmax(axis=1)
    w = np.abs(vectors[np.arange(500), :, k].real)
    w /= w.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(result.weights, w, atol=1e-10)
    np.testing.assert_allclose(result.lambda_max, values.real.max(axis=1), rtol=1e-11)
    np.testing.assert_allclose(result.ci, (result.lambda_max - 9) / 8)
    np.testing.assert_allclose(result.cr, result.ci / 1.45)


def test_batch_result_indexing_frame_and_dict():
    stack = np.stack([DRINKS, DRINKS.T])
    result = batch_priorities(stack, labels=DRINKS_LABELS)
    assert isinstance(result, BatchPriorityResult) and len(result) == 2
    first = result[0]
    assert isinstance(first, PriorityResult)
    np.testing.assert_allclose(first.weights, priorities(DRINKS).weights)
    assert result[-1].cr == pytest.approx(result.cr[1])
    assert [r.n for r in result] == [7, 7]
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame) and frame.shape == (2, 7 + 5)
    assert list(frame.columns[:7]) == list(DRINKS_LABELS)
    data = result.to_dict()
    assert data["labels"] == list(DRINKS_LABELS) and len(data["cr"]) == 2
    assert "2 matrices of 7×7" in repr(result)
    with pytest.raises(IndexError):
        result[2]


def test_results_are_frozen_and_read_only():
    result = batch_priorities(np.stack([DRINKS]))
    with pytest.raises(AttributeError):
        result.cr = None
    with pytest.raises(ValueError):
        result.weights[0, 0] = 1
    single = priorities(DRINKS)
    with pytest.raises(AttributeError):
        single.cr = 0.5


def test_priority_result_repr_frame_dict():
    result = priorities(DRINKS, labels=DRINKS_LABELS)
    assert repr(result).startswith("PriorityResult(weights=[0.177, 0.019")
    frame = result.to_frame()
    assert frame.loc["water", "rank"] == 1 and frame.loc["wine", "rank"] == 7
    data = result.to_dict()
    assert data["labels"][0] == "coffee" and isinstance(data["cr"], float) and data["consistent"] is True


def test_inconsistent_matrix_warns_once_and_flags():
    A = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])  # a cycle: a > b > c > a
    with pytest.warns(InconsistencyWarning, match=r"CR = .* exceeds 0.1") as record:
        result = priorities(A)
    assert len(record) == 1
    assert not result.consistent and result.cr > 0.1
    assert "INCONSISTENT" in repr(result)


def test_batch_warns_once_for_many_inconsistent_matrices():
    rng = np.random.default_rng(3)
    stack = random_reciprocal(rng, 200, 6)
    with pytest.warns(InconsistencyWarning) as record:
        result = batch_priorities(stack)
    assert len(record) == 1
    bad = int((~result.consistent).sum())
    assert bad > 10
    assert f"{bad} of 200 matrices have CR > 0.1" in str(record[0].message)
    assert "and " in str(record[0].message)  # the list of matrices is capped


def test_warn_false_is_silent_and_threshold_is_configurable():
    A = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = priorities(A, warn=False)
        assert not result.consistent
        assert priorities(DRINKS, cr_threshold=0.05).consistent
    with pytest.warns(InconsistencyWarning):
        assert not priorities(DRINKS, cr_threshold=0.01).consistent


def test_consistent_batch_emits_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch_priorities(np.stack([DRINKS] * 3))


def test_batch_with_missing_and_complete_matrices_mixed():
    incomplete = DRINKS.copy()
    incomplete[0, 6] = incomplete[6, 0] = np.nan
    result = batch_priorities(np.stack([DRINKS, incomplete]))
    assert list(result.n_missing) == [0, 1]
    np.testing.assert_allclose(result.weights[0], priorities(DRINKS).weights, atol=1e-12)
    np.testing.assert_allclose(result.weights[1], priorities(incomplete).weights, atol=1e-12)
    assert abs(result.weights[1] - result.weights[0]).max() < 0.02


def test_batch_priorities_geometric():
    stack = np.stack([DRINKS, DRINKS.T])
    result = batch_priorities(stack, method="geometric")
    w = np.prod(stack, axis=2) ** (1 / 7)
    np.testing.assert_allclose(result.weights, w / w.sum(axis=1, keepdims=True), rtol=1e-12)


def test_large_matrices_use_the_log_path_and_alonso_lamata_beyond_15():
    rng = np.random.default_rng(5)
    w = rng.uniform(1, 9, size=120)
    A = w[:, None] / w[None, :]
    result = priorities(A, ri_table="alonso-lamata")
    np.testing.assert_allclose(result.weights, w / w.sum(), rtol=1e-9)
    assert result.cr == pytest.approx(0, abs=1e-9)
    geometric = priorities(A, method="geometric", ri_table="alonso-lamata")
    np.testing.assert_allclose(geometric.weights, w / w.sum(), rtol=1e-9)


def test_power_iteration_falls_back_to_lapack_when_not_converged(monkeypatch):
    import importlib

    module = importlib.import_module("mcda._kernels")
    rng = np.random.default_rng(11)
    # A consistent half converges at once (and is dropped from the iteration); the random half does not.
    w = rng.uniform(1, 9, size=(50, 8))
    stack = np.concatenate([random_reciprocal(rng, 50, 8), w[:, :, None] / w[:, None, :]])
    for iterations in (1, 2):
        monkeypatch.setattr(module, "_MAX_ITERATIONS", iterations)
        result = batch_priorities(stack, warn=False)
        values = np.linalg.eigvals(stack).real.max(axis=1)
        np.testing.assert_allclose(result.lambda_max, values, rtol=1e-10)
        np.testing.assert_allclose(result.weights[50:], w / w.sum(axis=1, keepdims=True), rtol=1e-10)
