"""Issue 15, items 2 and 3: λmax-optimal completion (default), named completions, named RI tables."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mcda
from mcda import COMPLETION_METHODS, RANDOM_INDEX_TABLES, complete_matrix, priorities, random_index

# Bozóki, Fülöp & Rónyai (2010), Math. Comput. Modelling 52, 318–333, Example 3 (a_34 missing): the
# published λmax-optimal x = 0.7302965066047, to their algorithm's tolerance.  The 8×8 housing example
# of the issue could not be found in any source reachable here, so this is the published optimum used.
BOZOKI = np.array([[1, 1, 5, 2], [1, 1, 3, 4], [1 / 5, 1 / 3, 1, np.nan], [1 / 2, 1 / 4, np.nan, 1]])
BOZOKI_X = 0.7302965066047
SCALE = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])


def perron(A):
    return np.linalg.eigvals(A).real.max()


def random_incomplete(seed, n, holes):
    """A random reciprocal matrix on the scale with `holes` pairs removed, its answered pairs kept connected."""
    rng = np.random.default_rng(seed)
    A = np.ones((n, n))
    iu = np.triu_indices(n, 1)
    A[iu] = rng.choice(SCALE, size=iu[0].size)
    A[iu[1], iu[0]] = 1 / A[iu]
    order = rng.permutation(iu[0].size)
    tree = {(k, k + 1) for k in range(n - 1)}  # keep a path so the graph stays connected
    removed = [(int(iu[0][k]), int(iu[1][k])) for k in order if (int(iu[0][k]), int(iu[1][k])) not in tree][:holes]
    for i, j in removed:
        A[i, j] = A[j, i] = np.nan
    return A


def test_bozoki_example_3_published_optimum():
    completed = complete_matrix(BOZOKI)
    assert completed[2, 3] == pytest.approx(BOZOKI_X, abs=1e-6)
    assert completed[3, 2] == pytest.approx(1 / completed[2, 3])
    published = BOZOKI.copy()
    published[2, 3], published[3, 2] = BOZOKI_X, 1 / BOZOKI_X
    assert perron(completed) <= perron(published) + 1e-13
    result = priorities(BOZOKI, ri_table="donegan-dodd")  # the default completion is the λmax-optimal one
    assert result.lambda_max == pytest.approx(perron(published), abs=1e-12)
    np.testing.assert_allclose(result.weights, [0.3738, 0.392, 0.0985, 0.1357], atol=5e-5)
    assert result.cr == pytest.approx(0.0372, abs=5e-5)  # AHPy README: CR 0.0372 with Donegan & Dodd


@settings(max_examples=40)
@given(st.integers(0, 2**32 - 1), st.integers(4, 8), st.integers(1, 8))
def test_lambda_max_completion_is_never_worse_than_harker_or_llsm_and_is_stationary(seed, n, holes):
    A = random_incomplete(seed, n, holes)
    lam = {m: perron(complete_matrix(A, method=m)) for m in COMPLETION_METHODS}
    assert lam["lambda-max"] <= lam["harker"] + 1e-10 and lam["lambda-max"] <= lam["llsm"] + 1e-10
    # first-order optimality, checked by central differences on λmax (no shared code with the solver)
    completed = complete_matrix(A, method="lambda-max")
    for i, j in zip(*np.nonzero(np.triu(np.isnan(A), 1))):
        for step in (1e-4, -1e-4):
            B = completed.copy()
            B[i, j] *= np.exp(step)
            B[j, i] = 1 / B[i, j]
            assert perron(B) >= lam["lambda-max"] - 1e-11
    np.testing.assert_array_equal(completed[~np.isnan(A)], A[~np.isnan(A)])


@settings(max_examples=25)
@given(st.lists(st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 6)), min_size=1, max_size=5))
def test_batch_completion_equals_the_loop(cases):
    stack = np.stack([random_incomplete(seed, 6, holes) for seed, holes in cases])
    for method in COMPLETION_METHODS:
        batch = complete_matrix(stack, method=method)
        loop = np.stack([complete_matrix(A, method=method) for A in stack])
        np.testing.assert_allclose(batch, loop, rtol=1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mcda.InconsistencyWarning)
        b = mcda.batch_priorities(stack)
        for k, A in enumerate(stack):
            one = priorities(A)
            np.testing.assert_allclose(b.weights[k], one.weights, rtol=1e-9)
            assert b.lambda_max[k] == pytest.approx(one.lambda_max, rel=1e-12)


def test_harker_is_a_named_choice_and_not_optimal():
    A = random_incomplete(11, 8, 12)
    harker = priorities(A, completion="harker", warn=False)
    optimal = priorities(A, warn=False)
    assert optimal.lambda_max < harker.lambda_max
    assert optimal.lambda_max == pytest.approx(perron(complete_matrix(A)), rel=1e-12)
    with pytest.raises(ValueError, match="completion"):
        priorities(A, completion="nearest")
    with pytest.raises(ValueError, match="lambda-max"):
        complete_matrix(A, method="nearest")
    assert COMPLETION_METHODS == ("lambda-max", "harker", "llsm")


def test_agrees_with_ahpy_cyclic_coordinates():
    ahpy = pytest.importorskip("ahpy")
    A = random_incomplete(3, 6, 5)
    names = [f"x{i}" for i in range(6)]
    pairs = {(names[i], names[j]): float(A[i, j]) for i in range(6) for j in range(i + 1, 6) if not np.isnan(A[i, j])}
    peer = ahpy.Compare("peer", pairs, precision=6, random_index="dd", tolerance=1e-9)
    ours = priorities(A, ri_table="donegan-dodd", warn=False)
    np.testing.assert_allclose([peer.local_weights[x] for x in names], ours.weights, atol=2e-5)
    assert peer.consistency_ratio == pytest.approx(ours.cr, abs=2e-5)


# ------------------------------------------------------------------------------------------ RI tables


def test_tables_carry_their_published_values_and_sources():
    # Saaty (2005) p. 31 and Donegan & Dodd (1991), as AHPy's source tabulates them (ahpy.py).
    saaty_2005 = {3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45, 10: 1.49, 11: 1.52, 12: 1.54,
                  13: 1.56, 14: 1.58, 15: 1.59}
    dd = {3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519, 8: 1.3171, 9: 1.3733, 10: 1.4055, 11: 1.4213,
          12: 1.4497, 13: 1.4643, 14: 1.4822, 15: 1.4969, 16: 1.5078, 17: 1.5153, 18: 1.5262, 19: 1.5313,
          20: 1.5371, 25: 1.5619, 30: 1.5772, 40: 1.5976, 50: 1.6102, 60: 1.6178, 70: 1.6237, 80: 1.6277,
          90: 1.6213, 100: 1.6339}
    assert {n: random_index(n, "saaty-2005") for n in saaty_2005} == saaty_2005
    assert {n: random_index(n, "donegan-dodd") for n in dd} == dd
    assert set(RANDOM_INDEX_TABLES) == {"saaty", "saaty-2005", "donegan-dodd", "alonso-lamata", "simulated"}
    for name, table in RANDOM_INDEX_TABLES.items():
        assert table.name == name and table.source and table.label_en
        assert table[1] == table[2] == 0.0 and dict(table)[3] == random_index(3, name)
        assert not re.search(r"[A-Za-z0-9]", table.label_fa), table.label_fa  # Persian words and digits only
    assert "Donegan" in RANDOM_INDEX_TABLES["donegan-dodd"].source
    for alias, name in [("saaty-1980", "saaty"), ("Alonso_Lamata", "alonso-lamata"), ("alonso-lamata-2006", "alonso-lamata"),
                        ("dd", "donegan-dodd"), ("donegan-dodd-1991", "donegan-dodd")]:
        assert random_index(7, alias) == random_index(7, name)
        assert priorities(np.array([[1, 2, 3], [1 / 2, 1, 2], [1 / 3, 1 / 2, 1]]), ri_table=alias).ri_table == name


def test_donegan_dodd_interpolates_like_ahpy():
    ahpy = pytest.importorskip("ahpy")
    rng = np.random.default_rng(4)
    n = 22  # between the tabulated 20 and 25
    A = np.ones((n, n))
    iu = np.triu_indices(n, 1)
    A[iu] = rng.choice(SCALE, size=iu[0].size)
    A[iu[1], iu[0]] = 1 / A[iu]
    names = [f"x{i:02d}" for i in range(n)]
    peer = ahpy.Compare("peer", {(names[i], names[j]): float(A[i, j]) for i, j in zip(*iu)}, precision=8, random_index="dd")
    ours = priorities(A, ri_table="donegan-dodd", warn=False)
    assert random_index(22, "donegan-dodd") == pytest.approx(1.5371 + 2 * (1.5619 - 1.5371) / 5)
    assert ours.cr == pytest.approx(peer.consistency_ratio, abs=1e-7)


@pytest.mark.parametrize("n", [3, 5, 9])
def test_simulated_table_is_reproduced_by_a_smaller_fresh_simulation(n):
    table = RANDOM_INDEX_TABLES["simulated"]
    assert table.sample_size == 100_000 and table.seed is not None
    fresh = mcda.simulate_random_index(n, samples=20_000, seed=7)  # another seed: an independent sample
    assert fresh == pytest.approx(table[n], abs=0.01)
    assert fresh == pytest.approx(random_index(n, "alonso-lamata"), abs=0.015)  # same experiment, other authors


@settings(max_examples=200)
@given(st.lists(st.sampled_from(list(SCALE)), min_size=3, max_size=3), st.sampled_from(sorted(RANDOM_INDEX_TABLES)))
def test_lambda_criterion_and_cr_agree_on_the_alonso_lamata_table(upper, other_table):
    A = np.ones((3, 3))
    A[0, 1], A[0, 2], A[1, 2] = upper
    A[1, 0], A[2, 0], A[2, 1] = 1 / A[0, 1], 1 / A[0, 2], 1 / A[1, 2]
    report = mcda.consistency(A, ri_table="alonso-lamata", warn=False)
    assert report.alonso_lamata_consistent == report.consistent
    limit = mcda.alonso_lamata_lambda_limit(3, 0.1, table=other_table)
    cr = priorities(A, ri_table=other_table, warn=False).cr
    assert (report.lambda_max <= limit) == (cr <= 0.1)
