"""One registry per analysis choice (mcda.options): every reader of a choice reads it.

A made-up priority method — additive normalisation (Saaty 1980: the mean of
the column-normalised rows, the classic hand approximation of the
eigenvector) — is registered in the test only, and must then be accepted by
the analysis options, computed by mcda.priorities, and shown by the web form
and the report's method page, without any other file knowing it.
"""

from __future__ import annotations

import numpy as np
import pytest

import criteria
import mcda
import reports
import surveys
from analysis import AnalysisOptions, analyze
from analysis.scenarios import scenario_from_dict


def _additive_normalisation(stack: np.ndarray) -> np.ndarray:
    complete = np.where(np.isnan(stack), 1.0, stack)  # unanswered pairs as indifference: enough for a test
    return (complete / complete.sum(axis=1, keepdims=True)).mean(axis=2)


@pytest.fixture
def additive_method():
    option = mcda.Option(
        "additive",
        "additive normalisation",
        "نرمال‌سازی جمعی",
        "Mean of the column-normalised rows.",
        "میانگین سطرهای ماتریسِ ستون‌به‌ستون نرمال‌شده.",
        "Saaty (1980), The Analytic Hierarchy Process",
        "wᵢ = (1/n) Σⱼ aᵢⱼ / Σₖ aₖⱼ",
        weights=_additive_normalisation,
    )
    mcda.PRIORITY_METHODS.register(option)
    yield option
    mcda.PRIORITY_METHODS.unregister("additive")


def test_every_analysis_option_field_has_its_registry():
    assert set(mcda.OPTION_REGISTRIES) == {"method", "aggregation", "ri_table", "completion", "synthesis", "group_weighting",
                                           "fuzzy"}
    # the registries offer exactly what the numeric core computes
    assert mcda.RI_TABLES.names == tuple(mcda.RANDOM_INDEX_TABLES)
    assert set(mcda.COMPLETIONS.names) == set(mcda.COMPLETION_METHODS)
    for field, registry in mcda.OPTION_REGISTRIES.items():
        assert registry.field == field and registry.names
        default = getattr(AnalysisOptions(), field)
        assert default in registry
        for name in registry:
            option = registry[name]
            assert option.label_en and option.label_fa and option.label("fa") == option.label_fa
            assert not any(c.isascii() and c.isalpha() for c in option.label_fa.replace("AIJ", "").replace("AIP", "")), option


def test_unknown_choices_are_refused_naming_the_field_and_the_choices():
    with pytest.raises(mcda.UnknownOptionError, match=r"`method` must be one of eigen, geometric \(got 'median'\)"):
        AnalysisOptions(method="median")
    with pytest.raises(ValueError, match="aggregation"):  # still a ValueError for old callers
        AnalysisOptions(aggregation="mean")
    with pytest.raises(mcda.UnknownOptionError, match="already has a choice named 'eigen'"):
        mcda.PRIORITY_METHODS.register(mcda.Option("eigen", "x", "x"))
    scenario_problems = []
    try:
        scenario_from_dict({"name": "x", "changes": {"method": "median"}}, source="s.yaml")
    except mcda.ModelError as error:
        scenario_problems = error.problems
    assert [p.cell for p in scenario_problems] == ["changes.method"]
    assert "eigen or geometric" in scenario_problems[0].expected


def test_a_registered_method_is_computed_and_accepted_everywhere_in_the_analysis(additive_method, tmp_path):
    A = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    r = mcda.priorities(A, method="additive")
    expected = (A / A.sum(axis=0)).mean(axis=1)
    np.testing.assert_allclose(r.weights, expected)
    assert r.cr == pytest.approx(mcda.priorities(A).cr)  # consistency is the matrix's own, whatever the weights
    model = criteria.load_library_model("generic-swot")
    panel = surveys.synthetic_panel(model, 3, seed=2, out_dir=tmp_path)
    results = analyze(model, surveys.read_responses(model, list(panel.paths)), AnalysisOptions(method="additive"))
    assert results.options["method"] == "additive"
    assert scenario_from_dict({"name": "x", "changes": {"method": "additive"}}).method == "additive"
    # the report's method page names and describes it in each language; the English one prints its formula
    # (the Persian page says the formulas in words: no Latin letters on a Persian page)
    for lang in ("fa", "en"):
        html = reports.render_html(results, reports.ReportOptions(lang=lang))
        method_page = html[html.index('id="method"'):]
        assert additive_method.label(lang) in method_page
        assert additive_method.description(lang) in method_page
        assert (additive_method.formula in method_page) == (lang == "en")


def test_a_method_that_returns_bad_weights_is_an_error_not_a_wrong_number():
    mcda.PRIORITY_METHODS.register(mcda.Option("broken", "broken", "خراب", weights=lambda s: -np.ones(s.shape[:2])))
    try:
        with pytest.raises(mcda.MatrixError, match="'broken' returned weights"):
            mcda.priorities(np.array([[1, 2], [0.5, 1]]), method="broken")
    finally:
        mcda.PRIORITY_METHODS.unregister("broken")


def test_the_completion_is_a_recorded_choice_and_old_results_read_as_harker(tmp_path):
    model = criteria.load_library_model("generic-swot")
    panel = surveys.synthetic_panel(model, 4, seed=3, missing_share=0.3, out_dir=tmp_path)
    responses = surveys.read_responses(model, list(panel.paths))
    optimal = analyze(model, responses, AnalysisOptions())
    harker = analyze(model, responses, AnalysisOptions(completion="harker"))
    assert optimal.options["completion"] == "lambda-max" and harker.options["completion"] == "harker"
    # the λmax-optimal completion is never less consistent than Harker's (Bozóki, Fülöp & Rónyai 2010)
    for a, b in zip(optimal.sets, harker.sets):
        assert np.all(a.lambda_max <= b.lambda_max + 1e-9)
    assert any(not np.allclose(a.expert_weights, b.expert_weights) for a, b in zip(optimal.sets, harker.sets))
    # results.json written before the completion was a choice: Harker's method is what made them
    data = harker.to_dict()
    del data["options"]["completion"]
    from analysis import Results

    assert Results.from_dict(data).options["completion"] == "harker"


def test_rahbord_analyze_offers_every_registered_choice_and_records_it(tmp_path):
    import json
    import subprocess
    import sys

    help_text = subprocess.run([sys.executable, "-m", "rahbord", "analyze", "--help"], capture_output=True, text=True,
                               env={"COLUMNS": "400", "PATH": ""}, check=True).stdout
    for field in ("method", "aggregation", "ri_table", "completion"):
        for name in mcda.OPTION_REGISTRIES[field]:
            assert name in help_text, (field, name)
    model = criteria.load_library_model("generic-swot")
    panel = surveys.synthetic_panel(model, 3, seed=5, missing_share=0.2, out_dir=tmp_path / "answers", lang="en")
    run = subprocess.run([sys.executable, "-m", "rahbord", "analyze", "generic-swot", *map(str, panel.paths),
                          "--out", str(tmp_path / "out"), "--lang", "en", "--draws", "0", "--method", "geometric",
                          "--completion", "harker", "--ri-table", "donegan-dodd"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    options = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))["options"]
    assert (options["method"], options["completion"], options["ri_table"]) == ("geometric", "harker", "donegan-dodd")
    refused = subprocess.run([sys.executable, "-m", "rahbord", "analyze", "generic-swot", *map(str, panel.paths),
                              "--out", str(tmp_path / "out2"), "--completion", "guess"], capture_output=True, text=True)
    assert refused.returncode != 0 and "lambda-max" in refused.stdout + refused.stderr
