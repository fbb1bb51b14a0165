"""Golden tests against numbers published outside this project.

Each test reproduces one published worked example, cites where the numbers come
from and compares with the publication's own rounding as the tolerance.  No
expected value here was computed by this project: every one is copied from the
cited source.  Sources already covered elsewhere (Saaty 2008 drinks matrix, the
single matrices of the AHPy README leader/car examples, Bozóki et al. 2010,
pyanp's supermatrix1 notebook) are not repeated.
"""

import numpy as np
import pytest

from mcda import PairwiseMatrix, aggregate_judgments, global_factor_weights, kendall_w, limit_matrix, priorities, synthesize


def from_pairs(items, pairs):
    return PairwiseMatrix.from_judgments(items, [(a, b, v) for (a, b), v in pairs.items()])


def weights(matrix):
    # Published examples may exceed CR 0.1 under one RI table or another; the
    # priorities are what is compared here, so no InconsistencyWarning.
    return priorities(matrix, warn=False).weights


# ------------------------------------------------------------------------------------------------ AHP hierarchy
# AHPy README (PhilipGriffith/AHPy, README.md, "Purchasing a vehicle"; the Wikipedia "Analytic hierarchy
# process – car example" judgments), AHPy 2.1, precision=3.  The hierarchy has the shape of a SWOT-AHP
# model: criteria = groups (Cost, Safety, Style, Capacity), sub-criteria = factors (Cost: Price, Fuel,
# Maintenance, Resale; Capacity: Cargo, Passenger; Safety and Style are one-factor groups), vehicles =
# strategies.  So it checks mcda.global_factor_weights and mcda.synthesize against published numbers.
#
# Tolerance: AHPy rounds every local vector to 3 decimals, then every product (global weight, node
# weight) again to 3 decimals (ahpy/ahpy.py, _compute_node_weights and _apply_weight).  A published
# global g = round(round(G, 3) · round(l, 3), 3) differs from the exact G·l by at most
# 0.0005 · (1 + G + l); the composite target weights, rounded at each of two levels, by at most 1e-3.
VEHICLES = ("Accord Sedan", "Accord Hybrid", "Pilot", "CR-V", "Element", "Odyssey")
CAR_CRITERIA = {
    ("Cost", "Safety"): 3,
    ("Cost", "Style"): 7,
    ("Cost", "Capacity"): 3,
    ("Safety", "Style"): 9,
    ("Safety", "Capacity"): 1,
    ("Style", "Capacity"): 1 / 7,
}
CAR_COST = {
    ("Price", "Fuel"): 2,
    ("Price", "Maintenance"): 5,
    ("Price", "Resale"): 3,
    ("Fuel", "Maintenance"): 2,
    ("Fuel", "Resale"): 2,
    ("Maintenance", "Resale"): 1 / 2,
}
CAR_CAPACITY = {("Cargo", "Passenger"): 1 / 5}
# Upper triangles over itertools.combinations(VEHICLES, 2), as in the README.
CAR_VEHICLES = {
    "Price": (9, 9, 1, 1 / 2, 5, 1, 1 / 9, 1 / 9, 1 / 7, 1 / 9, 1 / 9, 1 / 7, 1 / 2, 5, 6),
    "Fuel": (1 / 1.13, 1.41, 1.15, 1.24, 1.19, 1.59, 1.3, 1.4, 1.35, 1 / 1.23, 1 / 1.14, 1 / 1.18, 1.08, 1.04, 1 / 1.04),
    "Maintenance": (1.5, 4, 4, 4, 5, 4, 4, 4, 5, 1, 1.2, 1, 1, 3, 2),
    "Resale": (3, 4, 1 / 2, 2, 2, 2, 1 / 5, 1, 1, 1 / 6, 1 / 2, 1 / 2, 4, 4, 1),
    "Safety": (1, 5, 7, 9, 1 / 3, 5, 7, 9, 1 / 3, 2, 9, 1 / 8, 2, 1 / 8, 1 / 9),
    "Style": (1, 7, 5, 9, 6, 7, 5, 9, 6, 1 / 6, 3, 1 / 3, 7, 5, 1 / 5),
    "Cargo": (1, 1 / 2, 1 / 2, 1 / 2, 1 / 3, 1 / 2, 1 / 2, 1 / 2, 1 / 3, 1, 1, 1 / 2, 1, 1 / 2, 1 / 2),
    "Passenger": (1, 1 / 2, 1, 3, 1 / 2, 1 / 2, 1, 3, 1 / 2, 2, 6, 1, 3, 1 / 2, 1 / 6),
}
CAR_GROUPS = ("Cost", "Safety", "Style", "Capacity")
CAR_FACTORS = ("Price", "Fuel", "Maintenance", "Resale", "Safety", "Style", "Cargo", "Passenger")
CAR_FACTOR_GROUPS = (0, 0, 0, 0, 1, 2, 3, 3)


def _car_model():
    group_w = weights(from_pairs(list(CAR_GROUPS), CAR_CRITERIA))
    cost = weights(from_pairs(["Price", "Fuel", "Maintenance", "Resale"], CAR_COST))
    capacity = weights(from_pairs(["Cargo", "Passenger"], CAR_CAPACITY))
    local = np.concatenate([cost, [1.0], [1.0], capacity])
    scores = np.column_stack(
        [weights(PairwiseMatrix.from_upper_triangle(CAR_VEHICLES[f], labels=VEHICLES)) for f in CAR_FACTORS]
    )
    return group_w, local, scores


def test_ahpy_car_example_global_subcriteria_weights():
    # AHPy README, cost.report(verbose=True): Cost global 0.51; global weights Price 0.249, Fuel 0.129,
    # Resale 0.082, Maintenance 0.051 (local 0.488, 0.252, 0.161, 0.1).
    group_w, local, _ = _car_model()
    g = global_factor_weights(group_w, local, CAR_FACTOR_GROUPS)
    published = {"Price": (0.249, 0.51, 0.488), "Fuel": (0.129, 0.51, 0.252), "Resale": (0.082, 0.51, 0.161),
                 "Maintenance": (0.051, 0.51, 0.1)}  # fmt: skip
    for factor, (value, G, l) in published.items():
        assert g[CAR_FACTORS.index(factor)] == pytest.approx(value, abs=0.0005 * (1 + G + l) + 1e-9), factor
    # Safety and Style are one-factor groups: their global weight is the criterion weight.
    assert g[CAR_FACTORS.index("Safety")] == pytest.approx(0.234, abs=0.0005)
    assert g[CAR_FACTORS.index("Style")] == pytest.approx(0.041, abs=0.0005)
    assert g.sum() == pytest.approx(1.0, abs=1e-12)


def test_ahpy_car_example_composite_vehicle_priorities():
    # AHPy README: criteria.target_weights = {'Odyssey': 0.219, 'Accord Sedan': 0.215, 'CR-V': 0.167,
    # 'Accord Hybrid': 0.15, 'Element': 0.144, 'Pilot': 0.106}.
    group_w, local, scores = _car_model()
    result = synthesize(group_w, local, scores, CAR_FACTOR_GROUPS, strategy_ids=VEHICLES)
    published = {"Odyssey": 0.219, "Accord Sedan": 0.215, "CR-V": 0.167, "Accord Hybrid": 0.15,
                 "Element": 0.144, "Pilot": 0.106}  # fmt: skip
    got = dict(zip(VEHICLES, result.strategy_scores))
    for vehicle, value in published.items():
        assert got[vehicle] == pytest.approx(value, abs=1e-3), vehicle
    # The published order (Odyssey first, Pilot last) is reproduced exactly.
    order = [VEHICLES[i] for i in np.argsort(-result.strategy_scores)]
    assert order == list(published)


def test_ahpy_leader_example_composite_priorities():
    # AHPy README, "Choosing a leader" (Wikipedia "Analytic hierarchy process – leader example"
    # judgments), precision=3: criteria.target_weights = {'Nell': 0.493, 'Moll': 0.358, 'Sue': 0.15}.
    # Four criteria with no sub-criteria: each is a one-factor group.  Tolerance as above (1e-3).
    people = ["Moll", "Nell", "Sue"]
    criteria = from_pairs(
        ["Experience", "Education", "Charisma", "Age"],
        {("Experience", "Education"): 4, ("Experience", "Charisma"): 3, ("Experience", "Age"): 7,
         ("Education", "Charisma"): 1 / 3, ("Education", "Age"): 3, ("Charisma", "Age"): 5},
    )  # fmt: skip
    leaves = [
        {("Moll", "Nell"): 1 / 4, ("Moll", "Sue"): 4, ("Nell", "Sue"): 9},  # experience
        {("Moll", "Nell"): 3, ("Moll", "Sue"): 1 / 5, ("Nell", "Sue"): 1 / 7},  # education
        {("Moll", "Nell"): 5, ("Moll", "Sue"): 9, ("Nell", "Sue"): 4},  # charisma
        {("Moll", "Nell"): 1 / 3, ("Moll", "Sue"): 5, ("Nell", "Sue"): 9},  # age
    ]
    scores = np.column_stack([weights(from_pairs(people, leaf)) for leaf in leaves])
    result = synthesize(weights(criteria), np.ones(4), scores, [0, 1, 2, 3], strategy_ids=people)
    np.testing.assert_allclose(result.strategy_scores, [0.358, 0.493, 0.15], atol=1e-3)
    assert result.ranks.tolist() == [2, 1, 3]


# ------------------------------------------------------------------------------------------------- Kendall's W
# Input convention: mcda.kendall_w takes one score vector per expert (rows) and ranks it, largest = rank 1.
# A published table of ranks r (1 = best) is passed as -r, which gives exactly the published ranks; W is
# unchanged by reversing every ranking anyway (rank sums R -> m(n+1) - R leave S the same).


def test_kendall_w_influentialpoints_strawberry_example():
    # InfluentialPoints, "Kendall coefficient of concordance", Worked example I
    # (influentialpoints.com/Training/coefficient_of_concordance.htm): 4 raters rank the strawberries of
    # 8 farms; rank sums 31 12 12 15 22 5 22 25, S = 500, W = 500 / (504 · 16 / 12) = 0.744.
    ranks = np.array(
        [
            [8, 4, 2, 3, 5, 1, 6, 7],  # rater A
            [7, 3, 1, 4, 5, 2, 6, 8],  # rater B
            [8, 2, 5, 6, 7, 1, 4, 3],  # rater C
            [8, 3, 4, 2, 5, 1, 6, 7],  # rater D
        ]
    )
    assert ranks.sum(axis=0).tolist() == [31, 12, 12, 15, 22, 5, 22, 25]
    assert kendall_w(-ranks) == pytest.approx(0.744, abs=0.0005)


def test_kendall_w_proofwiki_three_competitors_four_judges():
    # ProofWiki, "Kendall's Coefficient of Concordance/Examples/Arbitrary Example 1": judges A–D rank
    # competitors X, Y, Z (X: 1 1 2 3, Y: 3 2 3 1, Z: 2 3 1 2); S = 2, W = 1/16 exactly.
    ranks = np.array([[1, 3, 2], [1, 2, 3], [2, 3, 1], [3, 1, 2]])  # one row per judge: X, Y, Z
    assert kendall_w(-ranks) == pytest.approx(1 / 16, abs=1e-12)


def test_kendall_w_with_ties_nag_g08daf_example():
    # NAG Library, routine G08DAF (nagf_nonpar_concordance_kendall), example program g08dafe and its
    # results file g08dafe.r (NAG Fortran Library Mark 26.2): 3 comparisons of 10 objects with tied
    # scores; "Kendall's coefficient = 0.828" (printed F8.3), W corrected for ties by subtracting
    # k Σ T, T = Σ (t³ − t) / 12, from the denominator, as mcda.kendall_w does.
    scores = np.array(
        [
            [1.0, 4.5, 2.0, 4.5, 3.0, 7.5, 6.0, 9.0, 7.5, 10.0],
            [2.5, 1.0, 2.5, 4.5, 4.5, 8.0, 9.0, 6.5, 10.0, 6.5],
            [2.0, 1.0, 4.5, 4.5, 4.5, 4.5, 8.0, 8.0, 8.0, 10.0],
        ]
    )
    assert kendall_w(scores) == pytest.approx(0.828, abs=0.0005)
    assert kendall_w(-scores) == pytest.approx(0.828, abs=0.0005)


# ---------------------------------------------------------------------------------------------------------- AIJ


def test_aij_geometric_mean_decision_lens_apple_orange_example():
    # Decision Lens blog, "Combining group members' judgments" (blog.decisionlens.com, June 2007), after
    # Aczél & Saaty (1983): three people judge an apple 2, 3 and 4 times larger than an orange; the group
    # judgment is the geometric mean 24^(1/3), and its reciprocal (1/24)^(1/3) is also the geometric mean
    # of the reciprocals — the reciprocity the arithmetic mean (3 vs 13/36) fails.
    stack = np.array([[[1.0, x], [1.0 / x, 1.0]] for x in (2.0, 3.0, 4.0)])
    group = aggregate_judgments(stack)
    assert group[0, 1] == pytest.approx(24 ** (1 / 3), rel=1e-12)
    assert group[1, 0] == pytest.approx((1 / 24) ** (1 / 3), rel=1e-12)
    assert group[0, 1] * group[1, 0] == pytest.approx(1.0, rel=1e-12)


# ---------------------------------------------------------------------------------------------- ANP limit matrix


def test_limit_matrix_pyanp_calculus_example():
    # pyanp (W. Adams, wjladams/pyanp), tests/test_limitmatrix.py, test_calculus: the limit of this
    # column-stochastic 3 × 3 supermatrix has every column [0.29411765, 0.38235294, 0.32352941]
    # (= 10/34, 13/34, 11/34); numpy's default assert_allclose tolerance there, rtol 1e-7.
    S = np.array([[0.3, 0.2, 0.4], [0.1, 0.5, 0.5], [0.6, 0.3, 0.1]])
    result = limit_matrix(S)
    expected = np.tile([[0.29411765], [0.38235294], [0.32352941]], (1, 3))
    np.testing.assert_allclose(result.matrix, expected, rtol=1e-7)
    assert not result.cyclic
