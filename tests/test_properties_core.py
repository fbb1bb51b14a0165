"""Property tests (hypothesis) of the priority, consistency and incomplete-matrix core."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import mcda
from mcda import SAATY_VALUES, batch_priorities, complete_matrix, priorities

# Applied per test (not as a global profile, which would change other modules' hypothesis settings).
core = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

sizes = st.integers(min_value=2, max_value=9)


@st.composite
def weight_vectors(draw, n=None):
    n = draw(sizes) if n is None else n
    w = draw(arrays(np.float64, n, elements=st.floats(0.05, 20.0, allow_nan=False)))
    return w / w.sum()


@st.composite
def reciprocal_matrices(draw, min_n=2, max_n=9, missing=False):
    """Random reciprocal matrices with judgments on Saaty's scale; optionally some pairs left NaN (still connected)."""
    n = draw(st.integers(min_n, max_n))
    iu = np.triu_indices(n, 1)
    picks = draw(arrays(np.int64, iu[0].size, elements=st.integers(0, 16)))
    A = np.eye(n)
    A[iu] = SAATY_VALUES[picks]
    A[iu[1], iu[0]] = 1 / A[iu]
    if missing and n >= 3:
        # Keep the chain 0–1–…–(n−1) answered so the graph stays connected; drop some other pairs.
        drop = draw(arrays(np.bool_, iu[0].size, elements=st.booleans()))
        drop &= iu[1] - iu[0] > 1
        A[iu[0][drop], iu[1][drop]] = np.nan
        A[iu[1][drop], iu[0][drop]] = np.nan
    return A


def quiet(function, *args, **kwargs):
    """No warning, and no range check: these matrices are computed, so they may leave Saaty's 1–9 scale."""
    return function(*args, warn=False, scale="ratio", **kwargs)


@core
@given(weight_vectors())
def test_consistent_matrices_have_zero_cr_and_reproduce_the_weights(w):
    A = w[:, None] / w[None, :]
    for method in ("eigen", "geometric"):
        result = priorities(A, method=method, scale="ratio")
        np.testing.assert_allclose(result.weights, w, rtol=1e-9)
        assert result.cr == pytest.approx(0, abs=1e-9)
        assert result.gci == pytest.approx(0, abs=1e-12)
        assert result.lambda_max == pytest.approx(len(w), rel=1e-12)
        assert result.consistent


@core
@given(reciprocal_matrices(), st.randoms(use_true_random=False))
def test_permuting_items_permutes_weights(A, random):
    n = A.shape[0]
    order = list(range(n))
    random.shuffle(order)
    p = np.array(order)
    for method in ("eigen", "geometric"):
        base = quiet(priorities, A, method=method)
        permuted = quiet(priorities, A[np.ix_(p, p)], method=method)
        np.testing.assert_allclose(permuted.weights, base.weights[p], atol=1e-10)
        assert permuted.cr == pytest.approx(base.cr, abs=1e-9)


@core
@given(reciprocal_matrices())
def test_transposing_reverses_the_geometric_ranking_exactly(A):
    # Aᵀ = the element-wise reciprocal of a reciprocal matrix: geometric weights become 1/w (normalised).
    w = quiet(priorities, A, method="geometric").weights
    wt = quiet(priorities, A.T, method="geometric").weights
    inverse = (1 / w) / (1 / w).sum()
    np.testing.assert_allclose(wt, inverse, rtol=1e-9)
    # Same eigenvalues, so the same λmax and CR under both methods.
    assert quiet(priorities, A.T).lambda_max == pytest.approx(quiet(priorities, A).lambda_max, rel=1e-10)


@core
@given(reciprocal_matrices(max_n=3))
def test_transposing_reverses_the_eigen_ranking_for_n_up_to_3(A):
    # For n ≤ 3 the right eigenvector is the geometric mean, so the reversal is exact; for n ≥ 4 the
    # left/right eigenvector asymmetry can break it (Johnson, Beine & Wang 1979), so no claim is made.
    w = quiet(priorities, A).weights
    wt = quiet(priorities, A.T).weights
    np.testing.assert_allclose(wt, (1 / w) / (1 / w).sum(), rtol=1e-9)


@core
@given(reciprocal_matrices(max_n=3))
def test_geometric_equals_eigen_for_n_up_to_3(A):
    # Crawford & Williams (1985): for n ≤ 3 the two methods coincide.
    np.testing.assert_allclose(
        quiet(priorities, A, method="geometric").weights, quiet(priorities, A).weights, atol=1e-10
    )


@core
@given(st.lists(reciprocal_matrices(min_n=4, max_n=4, missing=True), min_size=1, max_size=6), st.sampled_from(["eigen", "geometric"]))
def test_batch_equals_a_loop_of_single_calls(matrices, method):
    stack = np.stack(matrices)
    batch = quiet(batch_priorities, stack, method=method)
    for k, A in enumerate(matrices):
        single = quiet(priorities, A, method=method)
        np.testing.assert_allclose(batch.weights[k], single.weights, atol=1e-11)
        assert batch.cr[k] == pytest.approx(single.cr, abs=1e-10)
        assert batch.gci[k] == pytest.approx(single.gci, abs=1e-10)
        assert batch.consistent[k] == single.consistent or abs(single.cr - 0.1) < 1e-9


@core
@given(reciprocal_matrices())
def test_weights_are_a_probability_vector_and_lambda_at_least_n(A):
    for method in ("eigen", "geometric"):
        result = quiet(priorities, A, method=method)
        assert np.all(result.weights > 0)
        assert result.weights.sum() == pytest.approx(1, abs=1e-12)
    result = quiet(priorities, A)
    assert result.lambda_max >= A.shape[0] - 1e-9  # Saaty (1977): λmax ≥ n for positive reciprocal matrices
    assert result.lambda_max == pytest.approx(np.linalg.eigvals(A).real.max(), rel=1e-10)


@core
@given(reciprocal_matrices(min_n=3, max_n=8, missing=True))
def test_harker_lambda_equals_lambda_of_the_completed_matrix(A):
    result = quiet(priorities, A, completion="harker")
    completed = complete_matrix(A, method="harker")
    assert not np.isnan(completed).any()
    again = quiet(priorities, completed)
    np.testing.assert_allclose(again.weights, result.weights, atol=1e-9)
    assert again.lambda_max == pytest.approx(result.lambda_max, rel=1e-10)


@core
@given(reciprocal_matrices(min_n=3, max_n=8, missing=True))
def test_llsm_on_the_llsm_completion_is_the_geometric_mean(A):
    w = quiet(priorities, A, method="geometric").weights
    filled = np.where(np.isnan(A), w[:, None] / w[None, :], A)
    g = np.prod(filled, axis=1) ** (1 / A.shape[0])
    np.testing.assert_allclose(g / g.sum(), w, rtol=1e-9)


@core
@given(reciprocal_matrices(min_n=3, max_n=9))
def test_llsm_on_a_complete_matrix_is_the_geometric_mean(A):
    # Remove nothing: the LLSM path of batch_priorities agrees with the plain row geometric mean.
    w = quiet(priorities, A, method="geometric").weights
    g = np.prod(A, axis=1) ** (1 / A.shape[0])
    np.testing.assert_allclose(w, g / g.sum(), rtol=1e-10)


@core
@given(reciprocal_matrices(min_n=3, max_n=7))
def test_revisions_suggest_values_on_the_scale_and_errors_match(A):
    report = mcda.consistency(A, warn=False)
    suggested = np.array([r.suggested for r in report.revisions])
    assert np.isin(np.round(suggested, 12), np.round(SAATY_VALUES, 12)).all()
    errors = [r.error for r in report.revisions]
    assert errors == sorted(errors, reverse=True)
    n = A.shape[0]
    assert len(report.revisions) == n * (n - 1) // 2


@core
@given(reciprocal_matrices(min_n=3, max_n=9))
def test_cr_is_ci_over_the_random_index(A):
    n = A.shape[0]
    for table in ("saaty", "alonso-lamata"):
        result = quiet(priorities, A, ri_table=table)
        assert result.cr == pytest.approx(result.ci / mcda.random_index(n, table), rel=1e-12)
        assert result.ci == pytest.approx((result.lambda_max - n) / (n - 1), abs=1e-12)


@core
@given(weight_vectors(n=5), st.integers(0, 2**32 - 1))
def test_moving_judgments_toward_consistency_never_raises_cr(w, seed):
    # A(t) = C ∘ E^t (C consistent, E a reciprocal noise matrix): log a_ij(t) is linear in t, so λmax(t)
    # is log-convex in t (Kingman 1961) with its minimum n at t = 0; hence CR is nondecreasing in t ≥ 0.
    rng = np.random.default_rng(seed)
    iu = np.triu_indices(5, 1)
    noise = np.ones((5, 5))
    noise[iu] = np.exp(rng.normal(0, 1, iu[0].size))
    noise[iu[1], iu[0]] = 1 / noise[iu]
    consistent = w[:, None] / w[None, :]
    crs = [quiet(priorities, consistent * noise**t).cr for t in (1.0, 0.5, 0.25, 0.0)]
    assert all(a >= b - 1e-12 for a, b in zip(crs, crs[1:]))
    assert crs[-1] == pytest.approx(0, abs=1e-9)
