"""SWOT-ANP factor networks: the model's sets, the supermatrices, the pipeline, the questionnaire round trip.

The golden case is computed by hand (no published SWOT-ANP study prints every
number of its supermatrix and limit: Yüksel & Dağdeviren 2007 work with
group-level inner dependence only, which ``tests/test_anp.py`` covers).  The
arithmetic is written out in :func:`test_hand_computed_three_factor_network`.
"""

from __future__ import annotations

import numpy as np
import pytest

import criteria
import surveys
from analysis import AnalysisOptions, analyze
from analysis.network import build_network
from analysis.results import Results
from criteria import model_from_dict


def _model(dependencies=(), feedback=False, cluster_weights=None, evaluation="ratings") -> criteria.Model:
    """Groups A (a1, a2) and B (b1), strategies P1, P2."""
    data = {
        "id": "net", "version": "1", "title_en": "Network", "title_fa": "شبکه",
        "goal_en": "Choose", "goal_fa": "انتخاب",
        "groups": [{"id": "A", "label_en": "Group A", "label_fa": "گروه الف"},
                   {"id": "B", "label_en": "Group B", "label_fa": "گروه ب"}],
        "factors": [{"id": "a1", "group": "A", "label_en": "Factor a1", "label_fa": "عامل یکم"},
                    {"id": "a2", "group": "A", "label_en": "Factor a2", "label_fa": "عامل دوم"},
                    {"id": "b1", "group": "B", "label_en": "Factor b1", "label_fa": "عامل سوم"}],
        "strategies": [{"id": "P1", "label_en": "Strategy one", "label_fa": "راهبرد یکم"},
                       {"id": "P2", "label_en": "Strategy two", "label_fa": "راهبرد دوم"}],
        "evaluation": evaluation,
        "dependencies": [{"source": s, "target": t} for s, t in dependencies],
        "feedback": feedback,
    }
    if cluster_weights:
        data["cluster_weights"] = cluster_weights
    return model_from_dict(data)


def test_hand_computed_three_factor_network():
    """b1 influences a1 (outer dependence); equal cluster weights; hand-verified.

    Weights: groups A 0.6, B 0.4; within A a1 0.75, a2 0.25; strategies' scores
    (P1, P2) w.r.t. a1 (0.8, 0.2), a2 (0.5, 0.5), b1 (0.25, 0.75).  Nodes
    g, a1, a2, b1, P1, P2; weighted supermatrix W, column by column:

    * g:  a1 0.6·0.75 = 0.45, a2 0.6·0.25 = 0.15, b1 0.4;
    * a1: clusters B and strategies weigh ½ each: b1 0.5, P1 0.5·0.8 = 0.4, P2 0.1;
    * a2: strategies only (column renormalised): P1 0.5, P2 0.5;
    * b1: P1 0.25, P2 0.75;  P1, P2: g 1 (the cycle back to the goal).

    Stationary vector, π_g = x: π_a1 = 0.45x, π_a2 = 0.15x,
    π_b1 = 0.4x + 0.5·0.45x = 0.625x,
    π_P1 = 0.4·0.45x + 0.5·0.15x + 0.25·0.625x = 0.18x + 0.075x + 0.15625x = 0.41125x,
    π_P2 = 0.1·0.45x + 0.5·0.15x + 0.75·0.625x = 0.045x + 0.075x + 0.46875x = 0.58875x,
    and π_P1 + π_P2 = x (the goal's row) checks.  Normalised within clusters:
    factors (0.45, 0.15, 0.625)/1.225 = (0.367347, 0.122449, 0.510204),
    strategies (0.41125, 0.58875).  Without the link the hierarchy gives P1
    0.45·0.8 + 0.15·0.5 + 0.4·0.25 = 0.535: b1's influence on a1 turns the ranking.
    Cycles of length 3 (g a2 P g) and 4 (g a1 b1 P g): aperiodic.
    """
    model = _model([("b1", "a1")], cluster_weights="equal")
    assert [s.id for s in model.comparison_sets()] == ["groups", "factors:A"]  # one influencer: no question
    weights = {"groups": np.array([0.6, 0.4]), "factors:A": np.array([0.75, 0.25])}
    local = np.array([[0.8, 0.5, 0.25], [0.2, 0.5, 0.75]])
    net = build_network(model, weights, local, np.array([0.6, 0.4]))
    nodes = net.nodes
    assert nodes == ("goal", "a1", "a2", "b1", "P1", "P2")
    w = net.weighted
    assert w[1:4, 0] == pytest.approx([0.45, 0.15, 0.4])
    assert w[[3, 4, 5], 1] == pytest.approx([0.5, 0.4, 0.1])
    assert w[4:, 2] == pytest.approx([0.5, 0.5])
    assert net.unweighted[1:4, 0] == pytest.approx([0.75, 0.25, 1.0])  # each cluster's block sums to 1
    assert net.cluster_matrix[1:3, 0] == pytest.approx([0.6, 0.4])
    assert net.cluster_matrix[[2, 3], 1] == pytest.approx([0.5, 0.5])
    x = 1 / 3.225
    assert net.limit.matrix[:, 0] == pytest.approx(np.array([1, 0.45, 0.15, 0.625, 0.41125, 0.58875]) * x, abs=1e-12)
    assert net.priorities(["a1", "a2", "b1"]) == pytest.approx([0.45 / 1.225, 0.15 / 1.225, 0.625 / 1.225], abs=1e-12)
    assert net.priorities(["P1", "P2"]) == pytest.approx([0.41125, 0.58875], abs=1e-12)
    assert not net.limit.cyclic and net.limit.converged


def test_a_closed_hierarchy_is_cesaro_and_equals_the_synthesis():
    """No dependence: goal → factors → strategies → goal is a 3-cycle; the Cesàro limit within clusters is the
    hierarchic composition (mcda.synthesize, distributive), as Saaty (2005) shows for hierarchies."""
    import mcda

    model = _model()
    weights = {"groups": np.array([0.6, 0.4]), "factors:A": np.array([0.75, 0.25])}
    local = np.array([[0.8, 0.5, 0.25], [0.2, 0.5, 0.75]])
    net = build_network(model, weights, local, np.array([0.6, 0.4]))
    assert net.limit.cyclic and net.limit.period == 3
    h = mcda.synthesize([0.6, 0.4], [np.array([0.75, 0.25]), np.array([1.0])], local, [0, 0, 1], mode="distributive")
    assert net.priorities(["P1", "P2"]) == pytest.approx(h.strategy_scores, abs=1e-12)
    assert net.priorities(["a1", "a2", "b1"]) == pytest.approx(h.global_factor_weights, abs=1e-12)


def test_inner_dependence_clusters_and_feedback_sets():
    model = _model([("a2", "a1"), ("b1", "a1")], feedback=True)
    sets = {s.id: s for s in model.comparison_sets()}
    assert sets["clusters:A"].items == ("A", "B", "strategies") and sets["clusters:A"].context == "A"
    assert "clusters:B" not in sets  # nothing but the strategies influences b1
    assert [k for k in sets if k.startswith("feedback:")] == ["feedback:P1:A", "feedback:P2:A"]
    assert sets["feedback:P2:A"].items == ("a1", "a2") and sets["feedback:P2:A"].context == "P2"
    assert model.label("strategies", "fa") == "راهبردها"
    equal = _model([("a2", "a1"), ("b1", "a1")], cluster_weights="equal")
    assert not [s for s in equal.comparison_sets() if s.kind == "clusters"]


def test_model_fields_round_trip_yaml_and_workbook(tmp_path):
    model = _model([("a2", "a1"), ("b1", "a1")], feedback=True, cluster_weights="equal")
    assert criteria.model_from_yaml(criteria.model_to_yaml(model)) == model
    text = criteria.model_to_yaml(model)
    assert "feedback: true" in text and "cluster_weights: equal" in text
    path = criteria.save_model(model, tmp_path / "net.xlsx")
    assert criteria.load_model(path) == model
    plain = _model()
    assert "feedback" not in plain.to_dict() and "cluster_weights" not in plain.to_dict()  # hashes unchanged


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_bad_network_fields_name_the_field(lang):
    data = _model().to_dict()
    data["dependencies"] = [{"source": "b1", "target": "A"}, {"source": "a1", "target": "a1"},
                            {"source": "zz", "target": "a1"}]
    data["feedback"] = "maybe"
    data["cluster_weights"] = "fair"
    problems = {p.cell: p for p in criteria.validate_model(data, lang=lang)}
    for cell in ("dependencies[0]", "dependencies[1]", "dependencies[2].source", "feedback", "cluster_weights"):
        assert problems[cell].severity == "error", cell
    if lang == "en":
        assert "links a group and a factor" in problems["dependencies[0]"].message
        assert "'zz' is neither a group nor a factor" in problems["dependencies[2].source"].message
    else:
        import re

        for cell in ("dependencies[0]", "dependencies[1]", "feedback"):
            # Persian words, the ids as tags only
            words = re.sub(r"\b(a1|b1|A|zz|maybe)\b|'", "", problems[cell].message + problems[cell].expected)
            assert not re.search(r"[A-Za-z0-9]", words), words


def test_questionnaire_asks_the_network_and_the_pipeline_builds_it(tmp_path):
    """Write workbooks, fill them with the synthetic panel, read them back, analyse: the network's sets come
    back from the workbooks and the results carry the three supermatrices (JSON round trip too)."""
    model = _model([("a1", "b1"), ("a2", "b1"), ("b1", "a1")], feedback=True)
    assert "network:b1:A" in [s.id for s in model.comparison_sets()]
    panel = surveys.synthetic_panel(model, 4, seed=3, out_dir=tmp_path, lang="fa")
    responses = surveys.read_responses(model, list(panel.paths))
    for s in model.comparison_sets():
        assert np.isfinite(responses.judgments[s.id]).all(), s.id  # every pair asked and read back
    import openpyxl

    book = openpyxl.load_workbook(panel.paths[0])
    assert "شبکه عوامل" in book.sheetnames and "بازخورد راهبردها" in book.sheetnames
    cells = [c.value for row in book["شبکه عوامل"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("با توجه به «b1 — ") for v in cells)
    assert "راهبردها" in cells  # the strategies' cluster by its name alone
    results = analyze(model, responses, AnalysisOptions())
    net = results.network
    assert net is not None and results.is_network and net.size == 6
    assert net.limit.converged and net.weighted.sum(axis=0) == pytest.approx(np.ones(6))
    assert results.global_factor_weights == pytest.approx(net.priorities(["a1", "a2", "b1"]))
    assert results.strategy_scores == pytest.approx(net.priorities(["P1", "P2"]))
    assert results.strategy_scores.sum() == pytest.approx(1.0)
    again = Results.from_dict(results.to_dict())
    assert again == results and again.network.limit.matrix == pytest.approx(net.limit.matrix)
    english = surveys.write_questionnaire(model, panel.experts[0], tmp_path / "en.xlsx", lang="en")
    en_cells = [c.value for ws in openpyxl.load_workbook(english).worksheets for row in ws.iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("With respect to «b1 — Factor b1»: which factor influences")
               for v in en_cells)


def test_models_without_a_factor_network_have_no_network_field(tmp_path):
    model = _model()
    panel = surveys.synthetic_panel(model, 3, seed=1)
    results = analyze(model, panel.responses)
    assert results.network is None and "network" not in results.to_dict() and not results.is_network


def test_batched_network_priorities_equal_the_exact_limit():
    from analysis.network import network_priorities

    model = _model([("a1", "b1"), ("a2", "b1"), ("b1", "a1")], feedback=True)
    rng = np.random.default_rng(5)
    draws = 6
    weights = {s.id: rng.dirichlet(np.ones(s.size), size=draws) for s in model.comparison_sets()}
    local = rng.random((draws, 2, 3)) + 0.05
    shares = rng.dirichlet(np.ones(2), size=draws)
    scores, factors = network_priorities(model, weights, local, shares)
    for k in range(draws):
        net = build_network(model, {key: w[k] for key, w in weights.items()}, local[k], shares[k])
        assert scores[k] == pytest.approx(net.priorities(["P1", "P2"]), abs=1e-12)
        assert factors[k] == pytest.approx(net.priorities(["a1", "a2", "b1"]), abs=1e-12)


def test_robustness_of_a_network_follows_the_network():
    """Unperturbed Monte Carlo draws reproduce the network's scores; the sweeps start from them."""
    import mcda
    from analysis.robustness import monte_carlo_for, robustness

    model = criteria.load_library_model("tehran-city-diplomacy-anp")
    panel = surveys.synthetic_panel(model, 4, seed=2)
    results = analyze(model, panel.responses)
    mc = monte_carlo_for(results, panel.responses, draws=20, perturbation=mcda.Perturbation(), seed=0)
    top = results.strategy_ids[int(np.argmin(results.ranks))]
    assert mc.p_first[list(mc.strategy_ids).index(top)] == 1.0
    checks = robustness(results, panel.responses, draws=0)
    assert checks.factor_sweep.base_scores == pytest.approx(results.strategy_scores, abs=1e-12)
    assert checks.group_sweep.base_scores == pytest.approx(results.strategy_scores, abs=1e-12)


def test_a_what_if_scenario_rebuilds_the_network():
    """What-if group weights on a network model: the goal's column takes them and the limit is solved again."""
    from analysis.scenarios import run_scenario, scenario_from_dict

    model = criteria.load_library_model("tehran-city-diplomacy-anp")
    panel = surveys.synthetic_panel(model, 3, seed=4)
    base = analyze(model, panel.responses)
    gw = {"S": 0.1, "W": 0.1, "O": 0.1, "T": 0.7}
    got = run_scenario(scenario_from_dict({"name": "threats", "changes": {"group_weights": gw}}), model, panel.responses)
    got = getattr(got, "results", got)
    assert got.network is not None and got.network.cluster_matrix[1:5, 0].tolist() != \
        base.network.cluster_matrix[1:5, 0].tolist()
    assert got.strategy_scores == pytest.approx(got.network.priorities(model.strategy_ids), abs=1e-12)
    assert got.global_factor_weights == pytest.approx(got.network.priorities(model.factor_ids), abs=1e-12)
    t_share = got.global_factor_weights[[k for k, f in enumerate(model.factors) if f.group == "T"]].sum()
    base_share = base.global_factor_weights[[k for k, f in enumerate(model.factors) if f.group == "T"]].sum()
    assert t_share > base_share  # the threats weigh more in the limit too
