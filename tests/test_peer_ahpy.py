"""Differential test against AHPy (PhilipGriffith/AHPy), the Python AHP library used as the peer (the `test` extra installs it).

AHPy 2.x computes the principal eigenvector by repeated squaring until the weights, rounded to
`precision` decimals, stop changing, and CR = |CI / RI| rounded to `precision`, where with
random_index='saaty' RI is Saaty's 2005 table (RI(3) = 0.52 … RI(9) = 1.45; ahpy.py,
_compute_consistency_ratio) — not the 1980 table that is rahbord's default.  So the comparison passes
AHPy's table explicitly and allows AHPy's rounding.
"""

import numpy as np
import pytest

ahpy = pytest.importorskip("ahpy")

from mcda import SAATY_VALUES, batch_priorities, priorities  # noqa: E402

AHPY_SAATY = {3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45, 10: 1.49, 11: 1.52, 12: 1.54, 13: 1.56, 14: 1.58, 15: 1.59}
PRECISION = 4
# AHPy rounds to 4 decimals (±0.00005) and stops when the rounded vector stops changing.
TOLERANCE = 1.5 * 10**-PRECISION


def random_reciprocal(rng, n):
    iu = np.triu_indices(n, 1)
    A = np.eye(n)
    A[iu] = rng.choice(SAATY_VALUES, size=iu[0].size)
    A[iu[1], iu[0]] = 1 / A[iu]
    return A


def ahpy_result(A):
    n = A.shape[0]
    names = [f"x{i}" for i in range(n)]
    comparisons = {(names[i], names[j]): float(A[i, j]) for i in range(n) for j in range(i + 1, n)}
    compare = ahpy.Compare("peer", comparisons, precision=PRECISION, random_index="saaty")
    return np.array([compare.local_weights[name] for name in names]), compare.consistency_ratio


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7, 8, 9])
def test_weights_and_cr_agree_with_ahpy_on_random_matrices(n):
    rng = np.random.default_rng(1000 + n)
    for _ in range(15):
        A = random_reciprocal(rng, n)
        peer_weights, peer_cr = ahpy_result(A)
        ours = priorities(A, ri_table=AHPY_SAATY, warn=False)
        np.testing.assert_allclose(ours.weights, peer_weights, atol=TOLERANCE)
        assert ours.cr == pytest.approx(peer_cr, abs=TOLERANCE)


def test_batch_agrees_with_an_ahpy_loop():
    rng = np.random.default_rng(99)
    stack = np.stack([random_reciprocal(rng, 6) for _ in range(40)])
    batch = batch_priorities(stack, ri_table=AHPY_SAATY, warn=False)
    for k, A in enumerate(stack):
        peer_weights, peer_cr = ahpy_result(A)
        np.testing.assert_allclose(batch.weights[k], peer_weights, atol=TOLERANCE)
        assert batch.cr[k] == pytest.approx(peer_cr, abs=TOLERANCE)


def test_two_by_two_agrees_with_ahpy():
    A = np.array([[1, 7], [1 / 7, 1]])
    peer_weights, peer_cr = ahpy_result(A)
    ours = priorities(A)
    np.testing.assert_allclose(ours.weights, peer_weights, atol=TOLERANCE)
    assert ours.cr == peer_cr == 0


def test_near_consistent_matrices_agree_with_ahpy():
    rng = np.random.default_rng(5)
    for n in (4, 7):
        w = rng.uniform(1, 9, n)
        A = w[:, None] / w[None, :] * np.exp(rng.normal(0, 0.05, (n, n)))
        A = np.triu(A, 1) + np.tril(1 / A.T, -1) + np.eye(n)
        peer_weights, peer_cr = ahpy_result(A)
        ours = priorities(A, ri_table=AHPY_SAATY)
        np.testing.assert_allclose(ours.weights, peer_weights, atol=TOLERANCE)
        assert ours.cr == pytest.approx(peer_cr, abs=TOLERANCE)


# ----------------------------------------------------------------------------------------------
# AHPy's README examples, re-done by name with mcda (issue 17).  AHPy's 'saaty' random index is
# Saaty's 2005 table, registered here as "saaty-2005"; its default 'dd' is Donegan & Dodd (1991),
# registered as "donegan-dodd" (mcda.RANDOM_INDEX_TABLES).  AHPy is run at precision 8 so that its
# per-level rounding stays below the tolerance; the README's printed 3-decimal numbers are checked too.
import itertools  # noqa: E402

import mcda  # noqa: E402
from mcda import Hierarchy, PairwiseMatrix  # noqa: E402

README_PRECISION = 8
README_TOLERANCE = 1e-6

DRINKS = {
    ("coffee", "wine"): 9, ("coffee", "tea"): 5, ("coffee", "beer"): 2, ("coffee", "soda"): 1,
    ("coffee", "milk"): 1, ("coffee", "water"): 1 / 2,
    ("wine", "tea"): 1 / 3, ("wine", "beer"): 1 / 9, ("wine", "soda"): 1 / 9,
    ("wine", "milk"): 1 / 9, ("wine", "water"): 1 / 9,
    ("tea", "beer"): 1 / 3, ("tea", "soda"): 1 / 4, ("tea", "milk"): 1 / 3, ("tea", "water"): 1 / 9,
    ("beer", "soda"): 1 / 2, ("beer", "milk"): 1, ("beer", "water"): 1 / 3,
    ("soda", "milk"): 2, ("soda", "water"): 1 / 2,
    ("milk", "water"): 1 / 3,
}  # fmt: skip

LEADER = {
    "Criteria": {("Experience", "Education"): 4, ("Experience", "Charisma"): 3, ("Experience", "Age"): 7,
                 ("Education", "Charisma"): 1 / 3, ("Education", "Age"): 3, ("Charisma", "Age"): 5},
    "Experience": {("Moll", "Nell"): 1 / 4, ("Moll", "Sue"): 4, ("Nell", "Sue"): 9},
    "Education": {("Moll", "Nell"): 3, ("Moll", "Sue"): 1 / 5, ("Nell", "Sue"): 1 / 7},
    "Charisma": {("Moll", "Nell"): 5, ("Moll", "Sue"): 9, ("Nell", "Sue"): 4},
    "Age": {("Moll", "Nell"): 1 / 3, ("Moll", "Sue"): 5, ("Nell", "Sue"): 9},
}  # fmt: skip

VEHICLES = ("Accord Sedan", "Accord Hybrid", "Pilot", "CR-V", "Element", "Odyssey")
VEHICLE_PAIRS = list(itertools.combinations(VEHICLES, 2))
CAR = {
    "Criteria": {("Cost", "Safety"): 3, ("Cost", "Style"): 7, ("Cost", "Capacity"): 3,
                 ("Safety", "Style"): 9, ("Safety", "Capacity"): 1, ("Style", "Capacity"): 1 / 7},
    "Cost": {("Price", "Fuel"): 2, ("Price", "Maintenance"): 5, ("Price", "Resale"): 3,
             ("Fuel", "Maintenance"): 2, ("Fuel", "Resale"): 2, ("Maintenance", "Resale"): 1 / 2},
    "Capacity": {("Cargo", "Passenger"): 1 / 5},
    **{name: dict(zip(VEHICLE_PAIRS, values)) for name, values in {
        "Price": (9, 9, 1, 1 / 2, 5, 1, 1 / 9, 1 / 9, 1 / 7, 1 / 9, 1 / 9, 1 / 7, 1 / 2, 5, 6),
        "Safety": (1, 5, 7, 9, 1 / 3, 5, 7, 9, 1 / 3, 2, 9, 1 / 8, 2, 1 / 8, 1 / 9),
        "Passenger": (1, 1 / 2, 1, 3, 1 / 2, 1 / 2, 1, 3, 1 / 2, 2, 6, 1, 3, 1 / 2, 1 / 6),
        "Fuel": (1 / 1.13, 1.41, 1.15, 1.24, 1.19, 1.59, 1.3, 1.4, 1.35, 1 / 1.23, 1 / 1.14, 1 / 1.18, 1.08, 1.04,
                 1 / 1.04),
        "Resale": (3, 4, 1 / 2, 2, 2, 2, 1 / 5, 1, 1, 1 / 6, 1 / 2, 1 / 2, 4, 4, 1),
        "Maintenance": (1.5, 4, 4, 4, 5, 4, 4, 4, 5, 1, 1.2, 1, 1, 3, 2),
        "Style": (1, 7, 5, 9, 6, 7, 5, 9, 6, 1 / 6, 3, 1 / 3, 7, 5, 1 / 5),
        "Cargo": (1, 1 / 2, 1 / 2, 1 / 2, 1 / 3, 1 / 2, 1 / 2, 1 / 2, 1 / 3, 1, 1, 1 / 2, 1, 1 / 2, 1 / 2),
    }.items()},
}  # fmt: skip
CAR_TREE = {"Criteria": ["Cost", "Safety", "Style", "Capacity"], "Cost": ["Price", "Fuel", "Resale", "Maintenance"],
            "Capacity": ["Passenger", "Cargo"]}
MEASURED = {
    "Passenger": (5, 5, 8, 5, 4, 8),
    "Fuel": (31, 35, 22, 27, 25, 26),
    "Resale": (0.52, 0.46, 0.44, 0.55, 0.48, 0.48),
    "Cargo": (14, 14, 87.6, 72.9, 74.6, 147.4),
}


def ahpy_compose(comparisons, tree, random_index="dd"):
    compose = ahpy.Compose()
    for name, values in comparisons.items():
        compose.add_comparisons(name, values, precision=README_PRECISION, random_index=random_index)
    compose.add_hierarchy(tree)
    return compose


def assert_same_weights(ours, theirs: dict, atol=README_TOLERANCE):
    assert set(ours.index) == set(theirs)
    for item, weight in theirs.items():
        assert ours[item] == pytest.approx(weight, abs=atol), item


def test_readme_drinks_by_name_match_ahpy():
    peer = ahpy.Compare("Drinks", DRINKS, precision=README_PRECISION, random_index="saaty")
    ours = priorities(DRINKS, ri_table="saaty-2005", name="Drinks")
    assert_same_weights(ours.to_series(), peer.local_weights)
    assert ours.cr == pytest.approx(peer.consistency_ratio, abs=README_TOLERANCE)
    # the numbers AHPy's README prints
    assert ours.to_series().round(3).to_dict() == {"water": 0.327, "soda": 0.19, "coffee": 0.177, "milk": 0.129,
                                                   "beer": 0.116, "tea": 0.042, "wine": 0.019}
    assert round(ours.cr, 3) == 0.022


def test_readme_leader_hierarchy_matches_ahpy():
    peer = ahpy_compose(LEADER, {"Criteria": ["Experience", "Education", "Charisma", "Age"]}, random_index="saaty")
    ours = Hierarchy(LEADER, ri_table="saaty-2005")
    assert_same_weights(ours.global_weights(), peer.Criteria.target_weights)
    for node in LEADER:
        assert ours.result(node).cr == pytest.approx(peer[node].consistency_ratio, abs=README_TOLERANCE), node
    # printed in AHPy's README, which rounds every level to 3 decimals (Sue: 0.1495 there, 0.149 here)
    assert ours.global_weights().to_dict() == pytest.approx({"Moll": 0.358, "Nell": 0.493, "Sue": 0.15}, abs=1.5e-3)
    assert round(ours.node_weight("Experience"), 3) == 0.548 and round(ours.result("Education").cr, 3) == 0.062


def test_readme_car_hierarchy_matches_ahpy_with_donegan_dodd():
    peer = ahpy_compose(CAR, CAR_TREE)  # AHPy's default random index, 'dd'
    with pytest.warns(mcda.InconsistencyWarning, match="`Style`"):
        ours = Hierarchy(CAR, ri_table="donegan-dodd")
    assert_same_weights(ours.global_weights(), peer.Criteria.target_weights)
    for node in CAR:
        assert ours.result(node).cr == pytest.approx(peer[node].consistency_ratio, abs=README_TOLERANCE), node
        assert_same_weights(ours.result(node).to_series(), peer[node].local_weights)
    local = ours.local_weights()
    assert local.loc[("Cost", "Price"), "global_weight"] == pytest.approx(peer.Price.global_weight, abs=1e-6)
    assert ours.global_weights().round(3).to_dict() == {"Odyssey": 0.219, "Accord Sedan": 0.215, "CR-V": 0.167,
                                                        "Accord Hybrid": 0.15, "Element": 0.144, "Pilot": 0.106}


def test_readme_car_with_measured_values_matches_ahpy():
    measured = {name: dict(zip(VEHICLES, values)) for name, values in MEASURED.items()}
    peer = ahpy_compose({**CAR, **measured}, CAR_TREE)
    # two ways to enter measured values: scores {item: value} or a from_measurements matrix
    by_scores = Hierarchy({**CAR, **measured}, ri_table="donegan-dodd", warn=False)
    by_matrix = Hierarchy({**CAR, **{k: PairwiseMatrix.from_measurements(v, name=k) for k, v in measured.items()}},
                          ri_table="donegan-dodd", warn=False)
    assert_same_weights(by_scores.global_weights(), peer.Criteria.target_weights)
    np.testing.assert_allclose(by_matrix.global_weights(), by_scores.global_weights(), rtol=0, atol=1e-12)
    printed = {"Odyssey": 0.218, "Accord Sedan": 0.21, "Element": 0.161, "Accord Hybrid": 0.154, "CR-V": 0.149,
               "Pilot": 0.108}  # AHPy's README, rounded level by level to 3 decimals
    assert by_scores.global_weights().to_dict() == pytest.approx(printed, abs=1.5e-3)


def test_readme_missing_comparison_matches_ahpy_completion():
    comparisons = {("a", "b"): 1, ("a", "c"): 5, ("a", "d"): 2, ("b", "c"): 3, ("b", "d"): 4, ("c", "d"): 3 / 4}
    del comparisons[("c", "d")]
    # AHPy's cyclic coordinates stop at a 1e-4 change; tighten it to compare the optimum itself
    peer = ahpy.Compare("Missing_CD", comparisons, precision=README_PRECISION, tolerance=1e-10)
    ours = priorities(comparisons, ri_table="donegan-dodd", name="Missing_CD")  # λmax-optimal completion, as AHPy
    assert ours.n_missing == 1
    assert_same_weights(ours.to_series(), peer.local_weights, atol=1e-5)
    assert ours.cr == pytest.approx(peer.consistency_ratio, abs=1e-5)
    completed = mcda.complete_matrix(PairwiseMatrix(comparisons).values)
    computed = peer.report(verbose=True)["comparisons"]["computed"][("c", "d")]
    assert completed[2, 3] == pytest.approx(computed, rel=1e-4)
    assert completed[2, 3] == pytest.approx(0.7302971068355002, rel=1e-4)  # printed in AHPy's README


def test_group_judgments_by_name_match_ahpy_on_the_geometric_mean():
    panel = {
        "ali": {("S", "W"): 3, ("S", "O"): 5, ("W", "O"): 2},
        "sara": {("S", "W"): 1 / 2, ("S", "O"): 3, ("W", "O"): 4},
        "reza": {("S", "W"): 2, ("O", "S"): 1 / 7, ("W", "O"): 3},
    }
    group = mcda.aggregate_judgments(panel, name="Group")
    mean = {pair: group.values[group.labels.index(pair[0]), group.labels.index(pair[1])]
            for pair in itertools.combinations(group.labels, 2)}
    peer = ahpy.Compare("Group", mean, precision=README_PRECISION, random_index="dd")
    ours = priorities(group, ri_table="donegan-dodd")
    assert_same_weights(ours.to_series(), peer.local_weights)
    assert ours.cr == pytest.approx(peer.consistency_ratio, abs=README_TOLERANCE)
    assert mean[("S", "W")] == pytest.approx((3 * 0.5 * 2) ** (1 / 3))
