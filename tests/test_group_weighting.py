"""Group weighting: the groups compared directly, or through their most important factors (issue 15, item 4).

Kurttila, Pesonen, Kangas & Kajanus (2000), *Forest Policy and Economics* 1(1)
41–52, A'WOT step 3: the factor with the highest local priority represents its
group; the representatives are compared pairwise; their priorities are the
groups' scaling factors; a factor's global priority is its local priority times
its group's scaling factor.  The model carries the choice, the questionnaire
asks that question, the analysis records it, a scenario may override it and the
report names it.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import openpyxl
import pytest

import criteria
import mcda
import surveys
from analysis import AnalysisOptions, analyze
from analysis.results import Results
from analysis.scenarios import run_scenario, scenario_from_dict
from reports.chapters import method
from reports.chapters.base import Settings
from reports.changes import describe_changes

_SETTINGS = Settings(title="", client="", when=date(2026, 1, 1), charts=False)


def _consistent(p) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return p[:, None] / p[None, :]


# ------------------------------------------------------------------ golden: a hand-verified A'WOT case
def test_kurttila_scaling_of_a_hand_verified_swot_case():
    """Hand-verified case in the form of Kurttila et al. (2000), Table 2: four groups, consistent matrices
    so every priority is known exactly.

    Local priorities (each from a consistent matrix a_ij = l_i / l_j):
    S (0.5, 0.3, 0.2), W (0.25, 0.75), O (0.6, 0.4), T (1.0).  Representatives (highest local
    priority): S1, W2, O1, T1.  Their comparison, a consistent matrix of p = (0.4, 0.2, 0.3, 0.1),
    gives the scaling factors p; global = p · local:
    S1 0.20, S2 0.12, S3 0.08, W1 0.05, W2 0.15, O1 0.18, O2 0.12, T1 0.10 (sum 1).
    """
    local = {"S": [0.5, 0.3, 0.2], "W": [0.25, 0.75], "O": [0.6, 0.4], "T": [1.0]}
    groups = [0, 0, 0, 1, 1, 2, 2, 3]
    derived = np.concatenate([mcda.priorities(_consistent(v)).weights if len(v) > 1 else [1.0] for v in local.values()])
    assert derived == pytest.approx(np.concatenate(list(local.values())), abs=1e-12)
    representatives_priorities = mcda.priorities(_consistent([0.4, 0.2, 0.3, 0.1])).weights
    r = mcda.group_scaling(representatives_priorities, derived, groups, "kurttila")
    assert r.representatives.tolist() == [0, 4, 5, 7]  # S1, W2, O1, T1
    assert r.scaling_factors == pytest.approx([0.4, 0.2, 0.3, 0.1], abs=1e-12)
    assert r.global_factor_weights == pytest.approx([0.20, 0.12, 0.08, 0.05, 0.15, 0.18, 0.12, 0.10], abs=1e-12)
    assert r.global_factor_weights.sum() == pytest.approx(1.0)
    # the direct variant applies the same formula to the groups' own comparison, and names no representative
    direct = mcda.group_scaling(representatives_priorities, derived, groups, "direct")
    assert direct.representatives is None
    assert np.array_equal(direct.global_factor_weights, r.global_factor_weights)


def test_a_published_awot_table_is_reproduced():
    """Senko, Kurttila & Karjalainen (2018), Silva Fennica 52(4) 7763, Table 1 (A'WOT): group priorities
    S 0.398, W 0.174, O 0.180, T 0.249 and the first two factors of each group, LW → GW to three decimals
    (the published priorities are rounded, so they are renormalised first)."""
    scaling = [0.398, 0.174, 0.180, 0.249]
    lw = {"S": [0.292, 0.262, 0.120, 0.119, 0.116, 0.091], "W": [0.342, 0.185, 0.184, 0.169, 0.120],
          "O": [0.308, 0.221, 0.196, 0.145, 0.129], "T": [0.311, 0.185, 0.160, 0.101, 0.088, 0.082, 0.072]}
    gw = {"S": [0.116, 0.104], "W": [0.059, 0.032], "O": [0.055, 0.040], "T": [0.077, 0.046]}
    groups = np.repeat(np.arange(4), [len(v) for v in lw.values()])
    r = mcda.group_scaling(scaling, np.concatenate(list(lw.values())), groups, "kurttila", normalize=True)
    start = np.concatenate([[0], np.cumsum([len(v) for v in lw.values()])[:-1]])
    for g, (key, published) in enumerate(gw.items()):
        assert r.global_factor_weights[start[g]:start[g] + 2] == pytest.approx(published, abs=1.5e-3), key
    assert r.representatives.tolist() == start.tolist()  # each group's first (largest) factor


def test_ties_and_bad_methods():
    assert mcda.representative_factors([0.5, 0.5, 1.0], [0, 0, 1]).tolist() == [0, 2]
    batch = mcda.representative_factors([[0.2, 0.8, 1.0], [0.7, 0.3, 1.0]], [0, 0, 1])
    assert batch.tolist() == [[1, 2], [0, 2]]
    with pytest.raises(mcda.MatrixError, match="direct, kurttila"):
        mcda.group_scaling([0.5, 0.5], [1.0, 1.0], [0, 1], "representative")
    assert "kurttila" in mcda.GROUP_WEIGHTINGS and mcda.GROUP_WEIGHTINGS["kurttila"].reference.startswith("Kurttila")
    assert set(mcda.GROUP_WEIGHTING_METHODS) < set(mcda.GROUP_WEIGHTINGS)


# ------------------------------------------------------------------ the model carries the choice
@pytest.fixture(scope="module")
def kurttila_model():
    base = criteria.load_library_model("generic-swot")
    return dataclasses.replace(base, group_weighting="kurttila")


def test_the_default_keeps_every_model_hash_and_the_choice_round_trips(kurttila_model, tmp_path):
    base = criteria.load_library_model("generic-swot")
    assert base.group_weighting == "direct" and "group_weighting" not in base.to_dict()
    assert kurttila_model.content_hash != base.content_hash
    text = criteria.model_to_yaml(kurttila_model)
    assert "group_weighting: kurttila" in text
    assert criteria.model_from_yaml(text) == kurttila_model
    path = tmp_path / "model.xlsx"
    criteria.write_model_workbook(kurttila_model, path)
    assert criteria.read_model_workbook(path) == kurttila_model
    # a workbook whose cell is emptied reads as the default
    wb = openpyxl.load_workbook(path)
    sheet = wb["Model"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "group_weighting")
    row[1].value = None
    wb.save(path)
    assert criteria.read_model_workbook(path).group_weighting == "direct"


def test_an_unknown_group_weighting_is_refused_naming_the_field(kurttila_model):
    data = criteria.model_to_data(kurttila_model)
    data["group_weighting"] = "representatives"
    check = criteria.check_model_data(data, "model.yaml")
    assert not check.ok
    problem = next(p for p in check.errors if "group_weighting" in (p.cell or "") + (p.sheet or "") + p.message)
    assert "kurttila" in (problem.expected or "") and "direct" in (problem.expected or "")


# ------------------------------------------------------------------ the questionnaire asks that question
@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_group_sheet_asks_for_the_groups_through_their_most_important_factors(kurttila_model, lang, tmp_path):
    texts = {}
    for model in (criteria.load_library_model("generic-swot"), kurttila_model):
        path = tmp_path / f"{model.group_weighting}.xlsx"
        surveys.write_questionnaire(model, surveys.Expert(id="E1", name="E", lang=lang), path, lang=lang)
        wb = openpyxl.load_workbook(path)
        sheet = wb[surveys.questionnaire.TEXT[lang]["groups"]]
        texts[model.group_weighting] = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    t = surveys.questionnaire.TEXT[lang]
    asked = t["ctx_groups_kurttila"].format(goal=kurttila_model.label("goal", lang))
    assert asked in texts["kurttila"] and asked not in texts["direct"]
    for g in kurttila_model.groups:  # every group is named with «through its most important factor»
        assert t["group_through_factor"].format(group=f"{g.id} — {g.label_fa if lang == 'fa' else g.label_en}") in texts["kurttila"]
    assert t["ctx_groups"].format(goal=kurttila_model.label("goal", lang)) in texts["direct"]
    if lang == "fa":
        assert "مهم‌ترین عامل" in texts["kurttila"]


# ------------------------------------------------------------------ analysis, scenarios, report
@pytest.fixture(scope="module")
def kurttila_results(kurttila_model, tmp_path_factory):
    panel = surveys.synthetic_panel(kurttila_model, 4, seed=3, out_dir=tmp_path_factory.mktemp("k"), lang="fa")
    responses = surveys.read_responses(kurttila_model, sorted(panel.paths))
    return responses, analyze(kurttila_model, responses)


def test_the_analysis_follows_the_model_and_records_the_choice(kurttila_model, kurttila_results):
    responses, results = kurttila_results
    assert results.options["group_weighting"] == "kurttila"
    factor_groups = [kurttila_model.group_ids.index(f.group) for f in kurttila_model.factors]
    scaling = results.set("groups").weights
    assert results.group_weights == pytest.approx(scaling)
    assert results.global_factor_weights == pytest.approx(scaling[factor_groups] * results.local_factor_weights)
    # results.json keeps the model's choice and rebuilds the same model
    again = Results.from_dict(results.to_dict())
    assert again.model_obj == kurttila_model and again.options["group_weighting"] == "kurttila"


def test_a_scenario_overrides_the_choice_and_says_so(kurttila_model, kurttila_results):
    responses, results = kurttila_results
    scenario = scenario_from_dict({"name": "direct", "changes": {"group_weighting": "direct"}}, model=kurttila_model)
    assert scenario.changes == {"group_weighting": "direct"}
    other = run_scenario(scenario, kurttila_model, responses)
    assert other.options["group_weighting"] == "direct"
    assert describe_changes(scenario.changes, "fa") == ["وزن‌دهی گروه‌ها: مقایسهٔ مستقیم گروه‌ها"]
    with pytest.raises(mcda.ModelError) as error:
        scenario_from_dict({"name": "x", "changes": {"group_weighting": "both"}})
    assert any(p.cell == "changes.group_weighting" for p in error.value.problems)
    assert AnalysisOptions().group_weighting == "auto"


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_method_chapter_names_the_variant_and_the_representatives(kurttila_model, kurttila_results, lang):
    _responses, results = kurttila_results
    chapter = method.build(results, lang, _SETTINGS)
    choices = dict(chapter["choices"])
    assert choices[mcda.GROUP_WEIGHTINGS.title(lang)].startswith(mcda.GROUP_WEIGHTINGS.label("kurttila", lang))
    named = choices[method.text_for(lang)["opt_representatives"]]
    factor_groups = [kurttila_model.group_ids.index(f.group) for f in kurttila_model.factors]
    top = mcda.representative_factors(results.local_factor_weights, factor_groups)
    for g, k in zip(kurttila_model.group_ids, top):
        assert kurttila_model.label(kurttila_model.factor_ids[int(k)], lang) in named
        assert kurttila_model.label(g, lang) in named
    assert "most important factor" in chapter["steps"][0] or "مهم‌ترین عامل" in chapter["steps"][0]
    if lang == "fa":
        for text in (named, choices[mcda.GROUP_WEIGHTINGS.title(lang)], chapter["steps"][0], chapter["steps"][3]):
            assert not any(c.isascii() and c.isalpha() for c in text), text


def test_a_direct_report_says_direct_and_names_no_representative():
    model = criteria.load_library_model("generic-swot")
    results = analyze(model, surveys.synthetic_panel(model, 3, seed=2).responses)
    assert results.options["group_weighting"] == "direct"
    chapter = method.build(results, "en", _SETTINGS)
    choices = dict(chapter["choices"])
    assert choices[mcda.GROUP_WEIGHTINGS.title("en")].startswith("groups compared directly")
    assert method.text_for("en")["opt_representatives"] not in choices
    assert "with respect to the goal" in chapter["steps"][0]
