"""Results: frozen, JSON round trip without recomputation, tables."""

from __future__ import annotations

import json

import numpy as np
import pytest

import criteria
from _panel import make_panel
from mcda.errors import ReportError
from analysis.pipeline import AnalysisOptions, analyze
from analysis.results import Results, model_from_dict


@pytest.fixture(scope="module")
def results():
    model = criteria.load_library_model("tehran-city-diplomacy")
    return analyze(model, make_panel(model, 5, seed=4, wild=(1,)), AnalysisOptions(exclude_inconsistent=True))


@pytest.fixture(scope="module")
def anp_results():
    model = criteria.load_library_model("tehran-city-diplomacy-anp")
    return analyze(model, make_panel(model, 4, seed=9))


@pytest.mark.parametrize("which", ["results", "anp_results"])
def test_json_round_trip_is_exact(which, request, tmp_path):
    res = request.getfixturevalue(which)
    path = res.save(tmp_path / "results.json")
    back = Results.load(path)
    assert back == res
    assert back.to_json() == res.to_json()
    np.testing.assert_array_equal(back.strategy_scores, res.strategy_scores)
    np.testing.assert_array_equal(back.set("groups").expert_weights, res.set("groups").expert_weights)
    assert back.excluded_expert_ids == res.excluded_expert_ids
    assert back.options == res.options
    assert (back.inner_dependence is None) == (res.inner_dependence is None)
    assert not list(tmp_path.glob("*.tmp"))  # atomic write leaves nothing behind


def test_saved_file_records_every_choice(results, tmp_path):
    data = json.loads(results.save(tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["format"] == "rahbord-results/1"
    for key in ("method", "aggregation", "ri_table", "cr_threshold", "exclude_inconsistent", "synthesis"):
        assert key in data["options"]
    assert data["model_hash"] and data["software_version"] and data["created"]
    assert data["model"]["id"] == "tehran-city-diplomacy"
    assert [e["id"] for e in data["experts"] if e["excluded"]] == list(results.excluded_expert_ids)


def test_loading_does_not_need_the_model_file(results):
    model = model_from_dict(results.model)
    assert model.content_hash == results.model_hash
    assert results.model_obj.label("S1", "fa").startswith("عضویت")


def test_results_are_immutable(results):
    with pytest.raises(Exception):
        results.strategy_scores[0] = 1.0
    with pytest.raises(Exception):
        results.options = {}


def test_not_a_results_file_is_a_report_error(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(ReportError, match="not a rahbord results file"):
        Results.load(path)


def test_frames_hold_every_number(results):
    frames = results.to_frames()
    assert set(frames) >= {"groups", "factors", "strategies", "consistency", "consensus", "expert_weights", "options"}
    assert frames["factors"]["global_weight"].sum() == pytest.approx(1.0)
    assert len(frames["consistency"]) == len(results.sets) * len(results.experts)
    assert frames["strategies"].loc[results.ranking()[0][0], "rank"] == 1
    assert "(aggregated)" in set(frames["expert_weights"]["expert"])


def test_anp_frames_show_weights_with_dependence(anp_results):
    groups = anp_results.to_frames()["groups"]
    assert "weight_with_dependence" in groups.columns
    assert groups["weight_with_dependence"].sum() == pytest.approx(1.0)


def test_repr_is_short(results):
    text = repr(results)
    assert text.startswith("Results(") and len(text) < 250
    assert "SetResult(groups" in repr(results.set("groups"))
    with pytest.raises(KeyError, match="no comparison set"):
        results.set("nope")
