"""SWOT-AHP (A'WOT) hierarchy synthesis: global factor weights, strategy scores, ranks.

No SWOT-AHP publication with its complete inputs (group, factor and strategy
priorities) was retrieved for a golden test; the expected numbers below are
computed by hand from the composition rule g_f = w_group(f) · l_f,
s_a = Σ_f g_f x_af (Saaty 1980; Kurttila et al. 2000).
"""

import numpy as np
import pytest

import mcda
from mcda.hierarchy import composite_scores, global_factor_weights, local_strategy_scores, rank_scores

# Two groups: S with factors S1, S2; T with factor T1.
GROUPS = [0.6, 0.4]
LOCAL = [0.75, 0.25, 1.0]
FACTOR_GROUPS = [0, 0, 1]
# three strategies × three factors (priority vectors per factor: columns sum to 1)
SCORES = np.array([[0.5, 0.2, 0.3], [0.3, 0.3, 0.5], [0.2, 0.5, 0.2]])


def test_global_factor_weights_by_hand():
    np.testing.assert_allclose(global_factor_weights(GROUPS, LOCAL, FACTOR_GROUPS), [0.45, 0.15, 0.40])


def test_synthesize_distributive_by_hand():
    r = mcda.synthesize(GROUPS, LOCAL, SCORES, FACTOR_GROUPS)
    # 0.45·x1 + 0.15·x2 + 0.40·x3
    np.testing.assert_allclose(r.strategy_scores, [0.375, 0.38, 0.245])
    assert r.ranks.tolist() == [2, 1, 3]
    assert r.strategy_scores.sum() == pytest.approx(1)
    assert r.best == 1


def test_synthesize_ideal_mode_divides_columns_by_max():
    r = mcda.synthesize(GROUPS, LOCAL, SCORES, FACTOR_GROUPS, mode="ideal")
    ideal = SCORES / SCORES.max(axis=0)
    np.testing.assert_allclose(r.local_strategy_scores, ideal)
    np.testing.assert_allclose(r.strategy_scores, ideal @ [0.45, 0.15, 0.40])


def test_synthesize_raw_mode_uses_rating_intensities():
    ratings = np.array([[1.0, 0.5, 0.25], [0.5, 1.0, 1.0]])  # intensities on an ideal scale
    r = mcda.synthesize(GROUPS, LOCAL, ratings, FACTOR_GROUPS, mode="raw")
    np.testing.assert_allclose(r.strategy_scores, ratings @ [0.45, 0.15, 0.40])
    np.testing.assert_allclose(r.local_strategy_scores, ratings)


def test_distributive_mode_normalises_rating_columns():
    ratings = np.array([[2.0, 1.0, 1.0], [2.0, 3.0, 1.0]])
    np.testing.assert_allclose(local_strategy_scores(ratings), [[0.5, 0.25, 0.5], [0.5, 0.75, 0.5]])


def test_local_weights_as_mapping_with_ids_and_single_factor_group_omitted():
    r = mcda.synthesize(
        GROUPS,
        {"S": [0.75, 0.25]},
        SCORES,
        FACTOR_GROUPS,
        group_ids=["S", "T"],
        factor_ids=["S1", "S2", "T1"],
        strategy_ids=["SO1", "ST1", "WO1"],
    )
    np.testing.assert_allclose(r.global_factor_weights, [0.45, 0.15, 0.40])
    assert r.best == "ST1"
    frame = r.to_frame()
    assert list(frame.index) == ["SO1", "ST1", "WO1"] and frame.loc["ST1", "rank"] == 1
    factors = r.factors_frame()
    assert factors.loc["T1", "group"] == "T" and factors.loc["S1", "global_weight"] == pytest.approx(0.45)
    d = r.to_dict()
    assert d["strategy_ids"] == ["SO1", "ST1", "WO1"] and d["ranks"] == [2, 1, 3]
    assert "best='ST1'" in repr(r)


def test_local_weights_as_sequence_per_group():
    r = mcda.synthesize(GROUPS, [[0.75, 0.25], [1.0]], SCORES, FACTOR_GROUPS)
    np.testing.assert_allclose(r.global_factor_weights, [0.45, 0.15, 0.40])


def test_batch_of_group_weights_matches_loop():
    rng = np.random.default_rng(3)
    draws = rng.dirichlet([1, 1], size=50)
    batch = mcda.synthesize(draws, LOCAL, SCORES, FACTOR_GROUPS)
    assert batch.strategy_scores.shape == (50, 3) and batch.ranks.shape == (50, 3)
    for d in (0, 17, 49):
        single = mcda.synthesize(draws[d], LOCAL, SCORES, FACTOR_GROUPS)
        np.testing.assert_allclose(batch.strategy_scores[d], single.strategy_scores)
        assert batch.ranks[d].tolist() == single.ranks.tolist()
    assert batch.to_frame().index.names == ["draw", "strategy"]
    assert "batch=(50,)" in repr(batch)
    with pytest.raises(mcda.MatrixError, match="unbatched"):
        batch.factors_frame()


def test_batch_of_local_weights_and_scores():
    local = np.array([LOCAL, [0.5, 0.5, 1.0]])
    scores = np.stack([SCORES, SCORES[::-1]])
    r = mcda.synthesize(GROUPS, local, scores, FACTOR_GROUPS)
    assert r.strategy_scores.shape == (2, 3)
    np.testing.assert_allclose(r.strategy_scores[1], composite_scores([0.3, 0.3, 0.4], SCORES[::-1]))


def test_ties_share_the_better_rank():
    assert rank_scores([0.3, 0.3, 0.4]).tolist() == [2, 2, 1]
    assert rank_scores([0.1, 0.1 + 1e-15, 0.05]).tolist() == [1, 1, 3]
    assert rank_scores([[0.2, 0.8], [0.8, 0.2]]).tolist() == [[2, 1], [1, 2]]


# -------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"group_weights": [0.5, 0.4]}, r"`group_weights` must sum to 1"),
        ({"group_weights": [1.2, -0.2]}, "non-negative"),
        ({"group_weights": [np.nan, 1.0]}, "finite"),
        ({"local_factor_weights": [0.5, 0.25, 1.0]}, r"sum to 1 inside each group; group 0 sums to 0.75"),
        ({"local_factor_weights": [0.5, 0.5]}, "one weight per factor"),
        ({"factor_groups": [0, 0, 2]}, r"group 2 for factor 2, but `group_weights` has only 2 groups"),
        ({"factor_groups": [0, 0, 0]}, r"group\(s\) \[1\] have no factor"),
        ({"factor_groups": [0, 0.5, 1]}, "integer"),
        ({"factor_groups": [0, -1, 1]}, "non-negative"),
        ({"strategy_scores": SCORES[:, :2]}, r"3 factor columns .* got shape \(3, 2\)"),
        ({"strategy_scores": [0.2, 0.3, 0.5]}, "at least 2"),
        ({"mode": "best"}, "`mode` must be one of"),
        ({"local_factor_weights": {"X": [1.0]}}, "not a group index"),
        ({"local_factor_weights": {0: [1.0]}}, r"one weight per factor of that group \(2 factors\)"),
        ({"local_factor_weights": {1: [1.0]}}, r"no weights for group\(s\) \[0\]"),
    ],
)
def test_bad_input_is_a_clear_error(kwargs, message):
    args = {
        "group_weights": GROUPS,
        "local_factor_weights": LOCAL,
        "strategy_scores": SCORES,
        "factor_groups": FACTOR_GROUPS,
    } | kwargs
    with pytest.raises(mcda.MatrixError, match=message):
        mcda.synthesize(**args)


def test_a_missing_score_is_left_out_of_its_strategy_not_scored_zero():
    # issue 15 item 5: NaN is an unrated cell; the strategy's score is renormalised over the factors rated
    scores = SCORES.copy()
    scores[2, 1] = np.nan
    r = mcda.synthesize(GROUPS, LOCAL, scores, FACTOR_GROUPS, mode="raw")
    g = r.global_factor_weights
    assert r.strategy_scores[2] == pytest.approx((g[0] * scores[2, 0] + g[2] * scores[2, 2]) / (g[0] + g[2]))
    assert r.unrated_cells.tolist() == [0, 0, 1]


def test_zero_column_cannot_be_normalised():
    scores = SCORES.copy()
    scores[:, 2] = 0
    with pytest.raises(mcda.MatrixError, match="every strategy scores 0 on factor 2"):
        mcda.synthesize(GROUPS, LOCAL, scores, FACTOR_GROUPS, mode="ideal")


def test_wrong_number_of_ids():
    with pytest.raises(mcda.MatrixError, match="`strategy_ids` must have 3 entries"):
        mcda.synthesize(GROUPS, LOCAL, SCORES, FACTOR_GROUPS, strategy_ids=["a"])


def test_normalize_accepts_weights_rounded_in_a_publication():
    """AHPy's README prints the Cost sub-criteria as 0.488/0.252/0.1/0.161 (sum 1.001)."""
    import pytest

    from mcda import MatrixError, global_factor_weights, synthesize

    local = [0.488, 0.252, 0.1, 0.161, 1.0]
    groups = [0, 0, 0, 0, 1]
    with pytest.raises(MatrixError, match="group 0 sums to 1.001"):
        global_factor_weights([0.5, 0.5], local, groups)
    g = global_factor_weights([0.5, 0.5], local, groups, normalize=True)
    assert abs(g.sum() - 1) < 1e-12
    assert g[0] == pytest.approx(0.5 * 0.488 / 1.001)
    r = synthesize([0.5, 0.5], local, [[1, 1, 1, 1, 1], [0, 0, 0, 0, 1]], groups, mode="raw", normalize=True)
    assert r.local_factor_weights[:4].sum() == pytest.approx(1.0)
    assert r.strategy_scores.tolist() == pytest.approx([1.0, 0.5])
    with pytest.raises(MatrixError, match="sum to 0"):
        global_factor_weights([0.0, 0.0], local, groups, normalize=True)
