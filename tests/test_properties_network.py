"""Property tests (hypothesis) for group aggregation, consensus, hierarchy synthesis and ANP limits."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import mcda

SCALE = np.array([1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9])
seeds = st.integers(0, 2**32 - 1)


def random_reciprocal(rng, n, missing=0.0):
    """A reciprocal matrix on Saaty's scale; upper-triangle entries missing with probability `missing`."""
    a = np.ones((n, n))
    iu = np.triu_indices(n, 1)
    values = rng.choice(SCALE, size=len(iu[0]))
    values[rng.random(len(values)) < missing] = np.nan
    a[iu] = values
    a[(iu[1], iu[0])] = 1 / values
    return a


def random_priorities(rng, n_experts, n):
    return rng.dirichlet(np.ones(n), size=n_experts)


# ------------------------------------------------------------------ group
@given(seed=seeds, n=st.integers(2, 7), experts=st.integers(1, 6))
def test_identical_experts_aij_is_their_matrix(seed, n, experts):
    rng = np.random.default_rng(seed)
    a = random_reciprocal(rng, n)
    weights = rng.random(experts) + 0.01
    np.testing.assert_allclose(mcda.aggregate_judgments(np.stack([a] * experts), weights), a, rtol=1e-12)


@given(seed=seeds, n=st.integers(2, 7), experts=st.integers(2, 6))
def test_identical_experts_full_consensus(seed, n, experts):
    rng = np.random.default_rng(seed)
    p = random_priorities(rng, 1, n)
    r = mcda.consensus(np.repeat(p, experts, axis=0), weights=rng.random(experts) + 0.01)
    assert abs(r.s_star - 1) < 1e-9
    assert abs(r.kendall_w - 1) < 1e-9
    assert np.all(r.distance < 1e-12)


@given(seed=seeds, n=st.integers(2, 7), experts=st.integers(1, 6), missing=st.floats(0, 0.6))
def test_aij_preserves_reciprocity(seed, n, experts, missing):
    rng = np.random.default_rng(seed)
    stack = np.stack([random_reciprocal(rng, n, missing) for _ in range(experts)])
    g = mcda.aggregate_judgments(stack, weights=rng.random(experts) + 0.01)
    answered = ~np.isnan(g)
    assert np.array_equal(answered, answered.T)
    np.testing.assert_allclose((g * g.T)[answered], 1.0, rtol=1e-14)
    # NaN exactly where no expert answered
    assert np.array_equal(~answered, np.isnan(stack).all(axis=0))


@given(seed=seeds, n=st.integers(2, 8), experts=st.integers(1, 8), method=st.sampled_from(["arithmetic", "geometric"]))
def test_aip_sums_to_one(seed, n, experts, method):
    rng = np.random.default_rng(seed)
    w = mcda.aggregate_priorities(random_priorities(rng, experts, n), rng.random(experts) + 0.01, method=method)
    assert abs(w.sum() - 1) < 1e-12 and np.all(w >= 0)


@given(seed=seeds, n=st.integers(2, 6), experts=st.integers(2, 6))
def test_permuting_experts_changes_nothing(seed, n, experts):
    rng = np.random.default_rng(seed)
    W = random_priorities(rng, experts, n)
    lam = rng.random(experts) + 0.01
    perm = rng.permutation(experts)
    a, b = mcda.consensus(W, lam), mcda.consensus(W[perm], lam[perm])
    assert abs(a.s_star - b.s_star) < 1e-12 and abs(a.kendall_w - b.kendall_w) < 1e-12
    np.testing.assert_allclose(a.distance[perm], b.distance, atol=1e-15)
    stack = np.stack([random_reciprocal(rng, n) for _ in range(experts)])
    np.testing.assert_allclose(
        mcda.aggregate_judgments(stack, lam), mcda.aggregate_judgments(stack[perm], lam[perm]), rtol=1e-12
    )


@given(seed=seeds, n=st.integers(2, 7), experts=st.integers(2, 6))
def test_kendall_w_between_zero_and_one(seed, n, experts):
    rng = np.random.default_rng(seed)
    w = mcda.kendall_w(random_priorities(rng, experts, n))
    assert -1e-12 <= w <= 1 + 1e-12


# -------------------------------------------------------------- hierarchy
def random_model(rng, n_groups, n_strategies):
    sizes = rng.integers(1, 4, size=n_groups)
    factor_groups = np.repeat(np.arange(n_groups), sizes)
    local = np.concatenate([rng.dirichlet(np.ones(k)) for k in sizes])
    groups = rng.dirichlet(np.ones(n_groups))
    scores = rng.dirichlet(np.ones(n_strategies), size=factor_groups.size).T  # (S, F), columns sum to 1
    return groups, local, scores, factor_groups


@given(seed=seeds, n_groups=st.integers(1, 5), n_strategies=st.integers(1, 8))
def test_distributive_scores_sum_to_one(seed, n_groups, n_strategies):
    groups, local, scores, factor_groups = random_model(np.random.default_rng(seed), n_groups, n_strategies)
    r = mcda.synthesize(groups, local, scores, factor_groups)
    assert abs(r.global_factor_weights.sum() - 1) < 1e-12
    assert abs(r.strategy_scores.sum() - 1) < 1e-12
    assert r.ranks.min() == 1


@given(seed=seeds, n_groups=st.integers(1, 5), n_strategies=st.integers(2, 8), mode=st.sampled_from(["distributive", "ideal", "raw"]))
def test_permuting_strategies_permutes_scores(seed, n_groups, n_strategies, mode):
    rng = np.random.default_rng(seed)
    groups, local, scores, factor_groups = random_model(rng, n_groups, n_strategies)
    perm = rng.permutation(n_strategies)
    a = mcda.synthesize(groups, local, scores, factor_groups, mode)
    b = mcda.synthesize(groups, local, scores[perm], factor_groups, mode)
    np.testing.assert_allclose(a.strategy_scores[perm], b.strategy_scores, rtol=1e-12)
    assert a.ranks[perm].tolist() == b.ranks.tolist()


# -------------------------------------------------------------------- ANP
@settings(deadline=None)
@given(seed=seeds, n=st.integers(2, 30))
def test_positive_stochastic_limit_has_identical_stationary_columns(seed, n):
    rng = np.random.default_rng(seed)
    S = rng.random((n, n)) + 1e-3
    S /= S.sum(axis=0)
    r = mcda.limit_matrix(S)
    assert r.converged and not r.cyclic
    values, vectors = np.linalg.eig(S)
    pi = np.real(vectors[:, np.argmin(np.abs(values - 1))])
    pi /= pi.sum()
    np.testing.assert_allclose(r.matrix, np.repeat(pi[:, None], n, axis=1), atol=1e-8)
    np.testing.assert_allclose(r.matrix.sum(axis=0), 1, atol=1e-12)


@settings(deadline=None)
@given(seed=seeds, n=st.integers(2, 25))
def test_cesaro_limit_of_a_cyclic_permutation_is_uniform(seed, n):
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    S = np.zeros((n, n))
    S[order[(np.arange(n) + 1) % n], order] = 1.0  # one n-cycle through the nodes in random order
    r = mcda.limit_matrix(S)
    assert r.cyclic and r.period == n
    np.testing.assert_allclose(r.matrix, 1 / n, atol=1e-12)


@settings(deadline=None)
@given(seed=seeds, n=st.integers(2, 12))
def test_cesaro_limit_of_any_permutation_is_uniform_within_each_cycle(seed, n):
    rng = np.random.default_rng(seed)
    sigma = rng.permutation(n)
    S = np.zeros((n, n))
    S[sigma, np.arange(n)] = 1.0
    r = mcda.limit_matrix(S)
    expected = np.zeros((n, n))
    for j in range(n):
        cycle, i = [j], sigma[j]
        while i != j:
            cycle.append(i)
            i = sigma[i]
        expected[cycle, j] = 1 / len(cycle)
    np.testing.assert_allclose(r.matrix, expected, atol=1e-12)
    np.testing.assert_allclose(r.matrix @ S, r.matrix, atol=1e-12)


# ----------------------------------------------------------- SWOT-ANP factor networks
def random_network_model(rng):
    """A random SWOT-ANP model: 2–3 groups of 1–4 factors, 2–4 strategies, random factor links and options."""
    from criteria import model_from_dict

    groups = ["S", "W", "O"][: rng.integers(2, 4)]
    factors = [(f"{g}{k + 1}", g) for g in groups for k in range(rng.integers(1, 5))]
    ids = [f for f, _ in factors]
    links = [(a, b) for a in ids for b in ids if a != b and rng.random() < 0.25]
    return model_from_dict({
        "id": "random", "version": "1", "title_en": "Random", "title_fa": "تصادفی", "goal_en": "Goal", "goal_fa": "هدف",
        "groups": [{"id": g, "label_en": g, "label_fa": "گروه"} for g in groups],
        "factors": [{"id": f, "group": g, "label_en": f, "label_fa": "عامل"} for f, g in factors],
        "strategies": [{"id": f"P{k + 1}", "label_en": f"P{k + 1}", "label_fa": "راهبرد"}
                       for k in range(rng.integers(2, 5))],
        "dependencies": [{"source": a, "target": b} for a, b in links],
        "feedback": bool(rng.random() < 0.5),
        "cluster_weights": "compared" if rng.random() < 0.5 else "equal",
    })


@settings(deadline=None, max_examples=60)
@given(seed=seeds)
def test_network_limit_priorities_are_the_weighted_supermatrix_eigenvector(seed):
    """The factor and strategy priorities read from the limit equal an independent stationary solve of the
    weighted supermatrix (numpy's eigenvector for eigenvalue 1), normalised over the factors and the strategies."""
    from analysis.network import build_network

    rng = np.random.default_rng(seed)
    model = random_network_model(rng)
    weights = {s.id: rng.dirichlet(np.ones(s.size)) for s in model.comparison_sets()}
    local = rng.random((len(model.strategies), len(model.factors))) + 0.01
    net = build_network(model, weights, local, rng.dirichlet(np.ones(len(model.groups))))
    W = net.weighted
    np.testing.assert_allclose(W.sum(axis=0), 1, atol=1e-12)
    values, vectors = np.linalg.eig(W)
    pi = np.real(vectors[:, np.argmin(np.abs(values - 1))])
    pi /= pi.sum()
    nodes = list(net.nodes)
    for ids in (model.factor_ids, model.strategy_ids):
        rows = [nodes.index(i) for i in ids]
        np.testing.assert_allclose(net.priorities(ids), pi[rows] / pi[rows].sum(), atol=1e-9)
    assert net.limit.converged
