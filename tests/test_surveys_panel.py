"""Synthetic panels: around the latent truth, inconsistent experts, connected missing answers."""

from __future__ import annotations

import numpy as np
import pytest
from _surveys_helpers import small_model

from criteria import load_library_model
from mcda import batch_priorities, check_connected
from mcda.scale import nearest_scale_value
from surveys import incomplete_design, synthetic_panel
from surveys.panel import draw_truth


def test_noise_free_panel_reports_the_rounded_truth():
    model = load_library_model("tehran-city-diplomacy")
    panel = synthetic_panel(model, 3, seed=1, noise=0.0, inconsistent_share=0.0)
    for s in model.comparison_sets():
        w = panel.truth.weights[s.id]
        expected = nearest_scale_value(w[:, None] / w[None, :])
        iu = np.triu_indices(s.size, 1)
        for k in range(3):
            np.testing.assert_allclose(panel.responses.judgments[s.id][k][iu], expected[iu])
    values = panel.truth.rating_values(model)
    np.testing.assert_array_equal(panel.responses.ratings[0], values)
    assert panel.paths == () and panel.inconsistent == ()


def test_shapes_reciprocity_and_reproducibility():
    model = small_model("pairwise", network=True)
    a = synthetic_panel(model, 7, seed=5, missing_share=0.3)
    b = synthetic_panel(model, 7, seed=5, missing_share=0.3)
    assert a.responses.ratings is None
    for key, stack in a.responses.judgments.items():
        np.testing.assert_array_equal(stack, b.responses.judgments[key])
        n = stack.shape[1]
        assert stack.shape == (7, n, n)
        with np.errstate(invalid="ignore"):
            np.testing.assert_allclose(stack * np.swapaxes(stack, 1, 2), np.where(np.isnan(stack), np.nan, 1.0))


def test_inconsistent_experts_are_less_consistent():
    model = load_library_model("tehran-city-diplomacy")
    panel = synthetic_panel(model, 20, seed=3, noise=0.2, inconsistent_share=0.25)
    assert len(panel.inconsistent) == 5
    stack = panel.responses.judgments["factors:W"]
    cr = batch_priorities(stack, warn=False).cr
    bad = [k for k, e in enumerate(panel.experts) if e.id in panel.inconsistent]
    good = [k for k in range(20) if k not in bad]
    assert np.median(cr[bad]) > 2 * np.median(cr[good])


def test_missing_answers_never_disconnect():
    model = load_library_model("tehran-city-diplomacy")
    design = incomplete_design(model, 10, coverage=3, seed=2)
    panel = synthetic_panel(model, 10, seed=4, missing_share=0.6, design=design)
    for s in model.comparison_sets():
        stack = panel.responses.judgments[s.id]
        check_connected(stack)
        asked = sum(len(design.for_expert(k).pairs_of(s)) for k in range(10))
        answered = np.count_nonzero(~np.isnan(stack[:, *np.triu_indices(s.size, 1)]))
        assert answered <= asked
    assert np.isnan(panel.responses.ratings).mean() == pytest.approx(0.6, abs=0.05)


def test_given_truth_is_used():
    model = small_model()
    truth = draw_truth(model, seed=8)
    panel = synthetic_panel(model, 2, seed=1, truth=truth)
    assert panel.truth is truth


def test_argument_checks():
    with pytest.raises(ValueError):
        synthetic_panel(small_model(), 0)
