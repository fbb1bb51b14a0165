"""mcda.Hierarchy: a names-first AHP tree of any depth (issue 17).

The SWOT synthesis of the analysis pipeline is a two-level case of it: the test
rebuilds the Tehran demo's tree by name from the pipeline's results and gets the
same strategy scores as mcda.synthesize to 1e-12, in every synthesis mode.
"""

import itertools

import numpy as np
import pandas as pd
import pytest

import mcda
from mcda import DisconnectedComparisonsError, Hierarchy, InconsistencyWarning, MatrixError, ScaleError

VEHICLES = ("Accord Sedan", "Accord Hybrid", "Pilot", "CR-V", "Element", "Odyssey")
PAIRS = list(itertools.combinations(VEHICLES, 2))


def car_comparisons():
    """AHPy's README, 'Purchasing a vehicle' (from Wikipedia's AHP car example)."""
    values = {
        "Price": (9, 9, 1, 1 / 2, 5, 1, 1 / 9, 1 / 9, 1 / 7, 1 / 9, 1 / 9, 1 / 7, 1 / 2, 5, 6),
        "Safety": (1, 5, 7, 9, 1 / 3, 5, 7, 9, 1 / 3, 2, 9, 1 / 8, 2, 1 / 8, 1 / 9),
        "Passenger": (1, 1 / 2, 1, 3, 1 / 2, 1 / 2, 1, 3, 1 / 2, 2, 6, 1, 3, 1 / 2, 1 / 6),
        "Fuel": (1 / 1.13, 1.41, 1.15, 1.24, 1.19, 1.59, 1.3, 1.4, 1.35, 1 / 1.23, 1 / 1.14, 1 / 1.18, 1.08, 1.04, 1 / 1.04),
        "Resale": (3, 4, 1 / 2, 2, 2, 2, 1 / 5, 1, 1, 1 / 6, 1 / 2, 1 / 2, 4, 4, 1),
        "Maintenance": (1.5, 4, 4, 4, 5, 4, 4, 4, 5, 1, 1.2, 1, 1, 3, 2),
        "Style": (1, 7, 5, 9, 6, 7, 5, 9, 6, 1 / 6, 3, 1 / 3, 7, 5, 1 / 5),
        "Cargo": (1, 1 / 2, 1 / 2, 1 / 2, 1 / 3, 1 / 2, 1 / 2, 1 / 2, 1 / 3, 1, 1, 1 / 2, 1, 1 / 2, 1 / 2),
    }
    tree = {
        "Criteria": {("Cost", "Safety"): 3, ("Cost", "Style"): 7, ("Cost", "Capacity"): 3,
                     ("Safety", "Style"): 9, ("Safety", "Capacity"): 1, ("Style", "Capacity"): 1 / 7},
        "Cost": {("Price", "Fuel"): 2, ("Price", "Maintenance"): 5, ("Price", "Resale"): 3,
                 ("Fuel", "Maintenance"): 2, ("Fuel", "Resale"): 2, ("Maintenance", "Resale"): 1 / 2},
        "Capacity": {("Cargo", "Passenger"): 1 / 5},
    }  # fmt: skip
    tree.update({name: dict(zip(PAIRS, v)) for name, v in values.items()})
    return tree


def car_hierarchy(tree=None, **options) -> Hierarchy:
    # Wikipedia's style judgments have CR = 0.102 on Saaty's table: the one warning names that node
    with pytest.warns(InconsistencyWarning, match=r"^1 of 11 comparisons have CR > 0.1: `Style` \(CR = 0.102\)"):
        return Hierarchy(car_comparisons() if tree is None else tree, **options)


def test_car_hierarchy_matches_the_hand_composition():
    tree = car_comparisons()
    h = car_hierarchy(tree, root="Criteria")
    w = {name: mcda.priorities(spec, name=name, warn=False).to_series() for name, spec in tree.items()}
    expected = (
        w["Criteria"]["Cost"] * sum(w["Cost"][c] * w[c] for c in ("Price", "Fuel", "Maintenance", "Resale"))
        + w["Criteria"]["Safety"] * w["Safety"]
        + w["Criteria"]["Style"] * w["Style"]
        + w["Criteria"]["Capacity"] * sum(w["Capacity"][c] * w[c] for c in ("Cargo", "Passenger"))
    )
    got = h.global_weights()
    assert list(got.index) == list(VEHICLES) and got.name == "global_weight"
    pd.testing.assert_series_equal(got, expected[list(VEHICLES)], check_names=False, atol=1e-15, rtol=0)
    assert got.sum() == pytest.approx(1.0, abs=1e-12)
    # AHPy's README prints these (random_index='dd' only changes CRs, not weights)
    published = {"Odyssey": 0.219, "Accord Sedan": 0.215, "CR-V": 0.167, "Accord Hybrid": 0.15, "Element": 0.144, "Pilot": 0.106}
    assert got.round(3).to_dict() == pytest.approx(published, abs=1.5e-3)


def test_root_is_found_and_nodes_come_in_topological_order():
    h = car_hierarchy()
    assert h.root == "Criteria" and h.nodes[0] == "Criteria"
    assert h.nodes.index("Cost") < h.nodes.index("Price") and h.nodes.index("Capacity") < h.nodes.index("Cargo")
    assert h.node_weight("Criteria") == 1.0
    assert h.node_weight("Price") == pytest.approx(h.node_weight("Cost") * h.result("Cost").to_series()["Price"])
    assert h.leaves == VEHICLES


def test_local_weights_frame_and_consistency_by_node():
    h = car_hierarchy()
    local = h.local_weights()
    assert local.index.names == ["node", "item"]
    assert local.loc[("Cost", "Price"), "local_weight"] == pytest.approx(0.488, abs=1e-3)  # AHPy: 0.488
    assert local.loc[("Cost", "Price"), "global_weight"] == pytest.approx(h.node_weight("Price"))
    for node in h.nodes:
        assert local.loc[node, "local_weight"].sum() == pytest.approx(1.0)
    table = h.consistency()
    assert set(table.index) == set(h.nodes) and table.loc["Capacity", "cr"] == 0
    assert table.loc["Criteria", "cr"] == pytest.approx(h.result("Criteria").cr)
    report = h.revisions("Criteria")
    assert report.revisions[0].label_i is not None and report.cr == pytest.approx(table.loc["Criteria", "cr"])


def test_alternatives_under_many_criteria_and_shared_subcriteria_sum_over_paths():
    tree = {
        "Goal": {("A", "B"): 3},
        "A": {("x", "shared"): 1},
        "B": {("shared", "y"): 4},
        "shared": {"p": 1.0, "q": 3.0},
        "x": {"p": 2.0, "q": 2.0},
        "y": {"q": 1.0},
    }
    h = Hierarchy(tree)
    wA, wB = 0.75, 0.25
    shared = wA * 0.5 + wB * 0.8
    expected_p = shared * 0.25 + wA * 0.5 * 0.5
    assert h.node_weight("shared") == pytest.approx(shared)
    assert h.global_weights()["p"] == pytest.approx(expected_p)
    assert h.global_weights().sum() == pytest.approx(1.0)


def test_ideal_and_raw_modes_scale_only_the_terminal_nodes():
    tree = {
        "Goal": {("c1", "c2"): 2},
        "c1": {"a": 1.0, "b": 3.0},
        "c2": {("a", "b"): 2},
    }
    ideal = Hierarchy(tree, mode="ideal").global_weights()
    assert ideal["a"] == pytest.approx(2 / 3 * 1 / 3 + 1 / 3 * 1.0)
    assert ideal["b"] == pytest.approx(2 / 3 * 1.0 + 1 / 3 * 0.5)
    raw = Hierarchy(tree, mode="raw").global_weights()
    assert raw["b"] == pytest.approx(2 / 3 * 3.0 + 1 / 3 * 1 / 3)


def test_incomplete_node_comparisons_are_completed_per_node():
    tree = car_comparisons()
    del tree["Cost"][("Price", "Resale")]
    h = car_hierarchy(tree)
    assert h.result("Cost").n_missing == 1
    full = mcda.priorities(tree["Cost"], name="Cost")
    assert full.n_missing == 1
    np.testing.assert_allclose(h.result("Cost").weights, full.weights, rtol=1e-12)


def test_errors_name_the_node_and_the_items():
    tree = car_comparisons()
    tree["Fuel"] = {**tree["Fuel"], ("Pilot", "Odyssey"): 12}
    with pytest.raises(ScaleError, match=r"(?s)`Fuel`.*\('Pilot', 'Odyssey'\).*12 is off the 1–9 scale"):
        Hierarchy(tree)
    misspelt = car_comparisons()
    misspelt["Criteria"] = {(a if a != "Capacity" else "Capacty", b if b != "Capacity" else "Capacty"): v
                            for (a, b), v in misspelt["Criteria"].items()}
    with pytest.raises(MatrixError, match=r"`Capacity` has a comparison but no path from 'Criteria' reaches it "
                                          r"\(did a parent misspell it as 'Capacty'\?\)"):
        Hierarchy(misspelt, root="Criteria")
    with pytest.raises(MatrixError, match=r"root 'Critera' has no comparison .* did you mean 'Criteria'\?"):
        Hierarchy(car_comparisons(), root="Critera")
    with pytest.raises(MatrixError, match="cycle"):
        Hierarchy({"G": {("a", "b"): 2}, "a": {("G", "c"): 2}}, root="G")
    with pytest.raises(DisconnectedComparisonsError, match=r"(?s)`Cost`: .*'Maintenance', 'Resale' are not connected"):
        Hierarchy({**car_comparisons(), "Cost": {("Price", "Fuel"): 2, ("Maintenance", "Resale"): 2}})
    with pytest.raises(MatrixError, match=r"`y`: every score is 0"):
        Hierarchy({"G": {("x", "y"): 2}, "x": {"a": 1.0}, "y": {"a": 0.0}})
    with pytest.raises(MatrixError, match="`mode` must be one of"):
        Hierarchy(car_comparisons(), mode="ideals")


def test_inconsistent_nodes_are_named_in_one_warning():
    tree = {"G": {("x", "y"): 2}, "x": {("a", "b"): 9, ("b", "c"): 9, ("c", "a"): 9}, "y": {("a", "b"): 2, ("b", "c"): 2}}
    with pytest.warns(InconsistencyWarning, match=r"1 of 3 comparisons have CR > 0.1: `x` \(CR = ") as record:
        h = Hierarchy(tree)
    assert len(record) == 1
    assert h.consistency().loc["x", "revise"] != "" and not h.consistency().loc["x", "consistent"]


def test_compose_kernel_is_batch_first():
    local = [np.array([[0.6, 0.4], [0.5, 0.5]]), np.array([0.5, 0.5])]
    g = mcda.compose_hierarchy(local, [np.array([1, 2]), np.array([3, 4])], [0, 1], 5, 0)
    assert g.shape == (2, 5)
    np.testing.assert_allclose(g[1], [1.0, 0.5, 0.5, 0.25, 0.25])


@pytest.fixture(scope="module")
def tehran():
    import analysis
    import criteria
    import surveys

    model = criteria.load_library_model("tehran-city-diplomacy")
    panel = surveys.synthetic_panel(model, 5, seed=1)
    results = analysis.analyze(model, panel.responses, analysis.AnalysisOptions(robustness_draws=0))
    return model, results


def swot_tree(model, results) -> dict:
    """The Tehran model as a named tree: goal → SWOT groups → factors → strategies (scored under each factor)."""
    strategies = [s.id for s in model.strategies]
    tree = {"Goal": dict(zip(model.group_ids, results.group_weights))}
    for g in model.group_ids:
        tree[g] = {f.id: results.local_factor_weights[k] for k, f in enumerate(model.factors) if f.group == g}
    for k, f in enumerate(model.factors):
        tree[f.id] = dict(zip(strategies, results.strategy_local_scores[:, k]))
    return tree


@pytest.mark.parametrize("mode", ["raw", "distributive", "ideal"])
def test_swot_synthesis_is_a_two_level_hierarchy(tehran, mode):
    model, results = tehran
    factor_groups = np.array([model.group_ids.index(f.group) for f in model.factors])
    swot = mcda.synthesize(results.group_weights, results.local_factor_weights, results.strategy_local_scores,
                           factor_groups, mode)
    h = Hierarchy(swot_tree(model, results), root="Goal", mode=mode)
    scores = h.global_weights()
    assert list(scores.index) == [s.id for s in model.strategies]
    np.testing.assert_allclose(scores.to_numpy(), swot.strategy_scores, rtol=0, atol=1e-12)
    factors = [h.node_weight(f.id) for f in model.factors]
    np.testing.assert_allclose(factors, swot.global_factor_weights, rtol=0, atol=1e-12)
    if mode == results.options["synthesis"]:
        np.testing.assert_allclose(scores.to_numpy(), results.strategy_scores, rtol=0, atol=1e-12)


def _same(tree, **options):
    """The tree read by Hierarchy, and the same tree given as PairwiseMatrix nodes: identical numbers and order."""
    fast = Hierarchy(tree, warn=False, **options)
    nodes = {name: mcda.PairwiseMatrix(spec, name=name, scale=options.get("scale", "saaty")) if isinstance(spec, dict)
             and any(isinstance(key, tuple) for key in spec) else spec for name, spec in tree.items()}
    slow = Hierarchy(nodes, warn=False, **options)
    pd.testing.assert_series_equal(fast.global_weights(), slow.global_weights(), rtol=0, atol=0)
    pd.testing.assert_frame_equal(fast.local_weights(), slow.local_weights(), rtol=0, atol=0)
    pd.testing.assert_frame_equal(fast.consistency(), slow.consistency(), rtol=0, atol=0)
    for name in fast.nodes:
        if isinstance(nodes[name], mcda.PairwiseMatrix):
            assert fast.result(name).labels == nodes[name].labels
            assert [(r.i, r.j, r.current) for r in fast.revisions(name).revisions] == [
                (r.i, r.j, r.current) for r in slow.revisions(name).revisions]
    return fast


def test_plain_dicts_read_together_equal_pairwise_matrix_nodes():
    """Hierarchy reads plain dicts of numbers all at once (issue 17); dicts that need a closer look
    (text values, a pair given both ways, an item repeated, another key type) go through PairwiseMatrix.
    Either way the numbers and the item order are those of a PairwiseMatrix per node."""
    rng = np.random.default_rng(5)
    tree = car_comparisons()
    _same(tree)
    _same(tree, mode="ideal")
    mixed = dict(tree)
    mixed["Fuel"] = {**tree["Fuel"], ("Pilot", "CR-V"): "1/3"}  # text on the scale
    mixed["Cost"] = {**tree["Cost"], ("Resale", "Price"): 1 / 3}  # the same pair both ways, agreeing
    mixed["Style"] = {(b, a): 1 / v for (a, b), v in reversed(list(tree["Style"].items()))}  # other first mention
    _same(mixed)
    for _ in range(5):  # random trees: random item order, missing pairs, ints and floats
        items = [f"i{k}" for k in range(rng.integers(3, 8))]
        tree = {"G": {("c0", "c1"): 3, ("c1", "c2"): 1 / 2}}
        for c in ("c0", "c1", "c2"):
            order = list(rng.permutation(items))
            pairs = [(a, b) if rng.random() < 0.5 else (b, a) for a, b in itertools.combinations(order, 2)]
            keep = [p for p in pairs if rng.random() < 0.9] or pairs
            chain = [(order[k], order[k + 1]) for k in range(len(order) - 1)]  # stays connected
            keep = list(dict.fromkeys([*keep, *chain]))
            keep = [p for p in keep if (p[1], p[0]) not in keep or p < (p[1], p[0])]
            tree[c] = {p: (int(rng.integers(1, 10)) if rng.random() < 0.5 else float(rng.choice(mcda.SAATY_VALUES)))
                       for p in keep}
        _same(tree)
    measured = {"G": {("x", "y"): 250.0}, "x": {("a", "b"): 40, ("b", "c"): 0.01}, "y": {("a", "c"): 3}}
    _same(measured, scale="ratio")
    with pytest.raises(ScaleError, match=r"(?s)`G`.*\('x', 'y'\): 250.0 is off the 1–9 scale"):
        Hierarchy(measured)
