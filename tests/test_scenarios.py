"""Scenarios: loading with messages that name the field, running, and comparing with the baseline."""

from pathlib import Path

import numpy as np
import pytest

import criteria
import mcda
from mcda.errors import ModelError
from analysis.pipeline import AnalysisOptions, analyze
from analysis.scenarios import (
    Scenario,
    check_scenario,
    compare_results,
    load_scenario,
    run_scenario,
    scenario_from_dict,
)
from tests._panel import make_panel


@pytest.fixture(scope="module")
def tehran():
    model = criteria.load_library_model("tehran-city-diplomacy")
    responses = make_panel(model, 6, seed=11)
    return model, responses, analyze(model, responses)


def _numbers(results):
    data = results.to_dict()
    data.pop("created")
    return data


def test_a_scenario_with_no_changes_equals_the_baseline_exactly(tehran):
    model, responses, baseline = tehran
    empty = scenario_from_dict({"name": "same", "changes": {}})
    assert empty.is_empty
    assert _numbers(run_scenario(empty, model, responses)) == _numbers(baseline)


def test_expert_subset_and_options_match_a_direct_analysis(tehran):
    model, responses, _ = tehran
    ids = list(responses.expert_ids)
    s = scenario_from_dict({"name": "four", "changes": {"experts": ids[:4], "aggregation": "aip", "cr_threshold": 0.2}})
    got = run_scenario(s, model, responses)
    want = analyze(model, responses.subset(ids[:4]), AnalysisOptions(aggregation="aip", cr_threshold=0.2))
    assert _numbers(got) == _numbers(want)
    s = scenario_from_dict({"name": "less", "changes": {"exclude_experts": [ids[0]], "expert_weights": {ids[1]: 3}}})
    got = run_scenario(s, model, responses)
    assert got.expert_ids == tuple(ids[1:])
    assert got.experts[0].weight == pytest.approx(3 / 7)


def test_what_if_group_and_factor_weights_resynthesise(tehran):
    model, responses, baseline = tehran
    gw = {"S": 0.1, "W": 0.2, "O": 0.3, "T": 0.4}
    fw = {"T": {f.id: (1.0 if k == 0 else 0.0) for k, f in enumerate(model.factors_of("T"))}}
    s = scenario_from_dict({"name": "threats", "changes": {"group_weights": gw, "factor_weights": fw}})
    got = run_scenario(s, model, responses)
    np.testing.assert_allclose(got.group_weights, [0.1, 0.2, 0.3, 0.4])
    groups = [model.group_ids.index(f.group) for f in model.factors]
    local = np.array(baseline.local_factor_weights)
    for k, f in enumerate(model.factors):
        if f.group == "T":
            local[k] = fw["T"][f.id]
    want = mcda.synthesize([0.1, 0.2, 0.3, 0.4], local, baseline.strategy_local_scores, groups,
                           mode=baseline.options["synthesis"])
    np.testing.assert_allclose(got.strategy_scores, want.strategy_scores)
    np.testing.assert_array_equal(got.ranks, want.ranks)
    assert any("what-if group weights" in n for n in got.notes)


def test_strategy_subset_ranks_only_those(tehran):
    model, responses, baseline = tehran
    s = scenario_from_dict({"name": "three", "changes": {"strategies": ["P1", "P3", "P5"]}})
    got = run_scenario(s, model, responses)
    assert got.strategy_ids == ("P1", "P3", "P5")
    # ratings model, raw synthesis: the remaining strategies keep their scores
    keep = [model.strategy_ids.index(x) for x in ("P1", "P3", "P5")]
    np.testing.assert_allclose(got.strategy_scores, baseline.strategy_scores[keep])
    assert sorted(got.ranks.tolist()) == [1, 2, 3]


def test_comparison_numbers_and_robust_conclusions(tehran):
    model, responses, baseline = tehran
    same = run_scenario(Scenario("same"), model, responses)
    sub = run_scenario(scenario_from_dict({"name": "sub", "changes": {"strategies": ["P1", "P2", "P3"]}}), model, responses)
    c = compare_results(baseline, [("same", same), ("sub", sub)])
    assert c.names == ("baseline", "same", "sub")
    np.testing.assert_array_equal(c.ranks[0], baseline.ranks)
    np.testing.assert_array_equal(c.ranks[1], baseline.ranks)
    assert np.isnan(c.ranks[2, model.strategy_ids.index("P7")])
    assert c.correlations["weighted_spearman"][1] == pytest.approx(1.0)
    robust = c.robust_conclusions()
    assert robust["top_group"] == baseline.group_ids[int(np.argmax(baseline.group_weights))]
    assert set(robust["stable_rank"]) <= set(model.strategy_ids)
    d = c.to_dict()
    assert d["ranks"][2][model.strategy_ids.index("P7")] is None
    assert np.all(c.rank_changes()[1] == 0)


def test_a_comparison_cannot_be_edited(tehran):
    """Result objects hold read-only arrays: a report cannot change the numbers it prints."""
    model, responses, baseline = tehran
    c = compare_results(baseline, [("same", run_scenario(Scenario("same"), model, responses))])
    for name in ("ranks", "scores", "group_weights", "factor_weights"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(c, name)[0, 0] = 99.0
    with pytest.raises(ValueError, match="read-only"):
        c.correlations["kendall_tau"][0] = 0.0
    assert c.to_dict()["ranks"][0] == baseline.ranks.tolist()


def test_ANP_what_if_goes_through_the_inner_dependence():
    # inner dependence among the groups only (the library's ANP model has a factor network too: test_network.py)
    model = criteria.load_model(Path(__file__).parent / "golden" / "tehran-city-diplomacy-anp-groups.yaml")
    responses = make_panel(model, 5, seed=2)
    baseline = analyze(model, responses)
    gw = {"S": 0.4, "W": 0.1, "O": 0.3, "T": 0.2}
    got = run_scenario(scenario_from_dict({"name": "w", "changes": {"group_weights": gw}}), model, responses)
    groups = [model.group_ids.index(f.group) for f in model.factors]
    want = mcda.synthesize([0.4, 0.1, 0.3, 0.2], baseline.local_factor_weights, baseline.strategy_local_scores,
                           groups, mode=baseline.options["synthesis"], inner_dependence=baseline.inner_dependence)
    np.testing.assert_allclose(got.dependent_group_weights, want.interdependent_group_weights)
    np.testing.assert_allclose(got.strategy_scores, want.strategy_scores)
    assert not np.allclose(got.dependent_group_weights, got.group_weights)  # the dependence moved them


# ---- bad input: every message names the field ----------------------------------------------------------
def _problems(data, model=None, responses=None):
    try:
        s = scenario_from_dict(data, source="what-if.yaml")
    except ModelError as error:
        return error.problems
    return check_scenario(s, model, responses) if model is not None else []


def test_unknown_expert_factor_group_and_strategy_are_named(tehran):
    model, responses, _ = tehran
    problems = _problems(
        {"name": "bad", "changes": {
            "experts": [responses.expert_ids[0], "nobody"],
            "expert_weights": {"ghost": 2},
            "group_weights": {"S": 0.25, "W": 0.25, "O": 0.25, "X": 0.25},
            "factor_weights": {"S": {"S1": 0.5, "O2": 0.5}},
            "strategies": ["P1", "P99"],
        }},
        model, responses,
    )
    cells = {p.cell: p.message for p in problems}
    assert "unknown expert 'nobody'" in cells["changes.experts[1]"]
    assert "unknown expert 'ghost'" in cells["changes.expert_weights.ghost"]
    assert "unknown group 'X'" in cells["changes.group_weights.X"]
    assert "no weight for group(s) T" in cells["changes.group_weights"]
    assert "in group O, not S" in cells["changes.factor_weights.S.O2"]
    assert "unknown strategy 'P99'" in cells["changes.strategies[1]"]
    assert all(p.file == "what-if.yaml" for p in problems)


def test_weights_not_summing_to_one_are_named():
    problems = _problems({"name": "bad", "changes": {"group_weights": {"S": 0.5, "W": 0.3, "O": 0.3, "T": 0.1},
                                                     "factor_weights": {"T": {"T1": 0.9, "T2": 0.2}}}})
    cells = {p.cell: p.message for p in problems}
    assert "sum to 1.2" in cells["changes.group_weights"]
    assert "sum to 1.1" in cells["changes.factor_weights.T"]


def test_malformed_scenarios_collect_every_problem(tmp_path):
    problems = _problems({"name": "", "colour": "red", "changes": {"aggregation": "median", "cr_threshold": 3,
                                                                  "frobnicate": 1, "group_weights": {"S": "lots"}}})
    cells = {p.cell for p in problems}
    assert {"name", "colour", "changes.aggregation", "changes.cr_threshold", "changes.frobnicate",
            "changes.group_weights.S"} <= cells
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nchanges: {responses: [nowhere/*.xlsx]}\n", encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_scenario(path)
    assert info.value.problems[0].cell == "changes.responses[0]"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ModelError, match="not valid YAML"):
        load_scenario(path)


def test_run_refuses_a_scenario_that_does_not_fit(tehran):
    model, responses, _ = tehran
    with pytest.raises(ModelError) as info:
        run_scenario(scenario_from_dict({"name": "x", "changes": {"exclude_experts": list(responses.expert_ids)}}),
                     model, responses)
    assert info.value.problems[0].cell == "changes.exclude_experts"
