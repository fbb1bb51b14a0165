"""The web forms offer the analysis choices of mcda.OPTION_REGISTRIES: a registered method appears by itself."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest
from webhelpers import csrf_of

import mcda


@pytest.fixture
def additive_method():
    option = mcda.Option("additive", "additive normalisation", "نرمال‌سازی جمعی", "Mean of the column-normalised rows.",
                         "میانگین سطرهای ماتریسِ ستون‌به‌ستون نرمال‌شده.",
                         weights=lambda s: (np.nan_to_num(s, nan=1.0) / np.nan_to_num(s, nan=1.0).sum(axis=1, keepdims=True)).mean(axis=2))
    mcda.PRIORITY_METHODS.register(option)
    yield option
    mcda.PRIORITY_METHODS.unregister("additive")


def _options_of(page: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return {value: html.unescape(label) for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)}


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_analysis_and_scenario_forms_list_every_registered_choice(planner, client, additive_method, lang):
    study = planner.create_library_study()
    client.get(f"/lang/{lang}")
    page = client.get(f"/studies/{study}").text
    for field, registry in mcda.OPTION_REGISTRIES.items():
        if field in ("synthesis", "group_weighting"):
            continue  # follow the model (its evaluation, its group weighting); not offered in the forms
        offered = _options_of(page, field)
        assert {k: v for k, v in offered.items() if k} == {name: registry.label(name, lang) for name in registry}
    assert _options_of(page, "method")["additive"] == additive_method.label(lang)
    scenario_page = client.get(f"/studies/{study}/scenarios/new").text
    assert "additive" in _options_of(scenario_page, "method")


def test_an_analysis_started_with_a_registered_method_runs_with_it_and_unknown_choices_are_refused(
        planner, client, app, panel_files, additive_method):
    study = planner.create_library_study()
    planner.post(f"/studies/{study}/responses", files=[("files", (n, d, "application/octet-stream")) for n, d in panel_files])
    refused = planner.post(f"/studies/{study}/analyze", {"method": "median"})
    assert refused.status_code == 400
    assert mcda.PRIORITY_METHODS.title("fa") in refused.text  # the Persian message names the field, not the code
    started = planner.post(f"/studies/{study}/analyze", {"method": "additive", "completion": "harker",
                                                        "ri_table": "donegan-dodd", "robustness_draws": "0"},
                           follow_redirects=False)
    app.state.worker.run_pending()
    status = client.get(started.headers["location"] + ".json").json()
    assert status["status"] == "done", status
    page = client.get(status["target"]).text
    assert additive_method.label("fa") in page
    from rahbord.store import Run

    with app.state.store.session() as session:
        (run,) = session.query(Run).all()
        assert (run.options["method"], run.options["completion"], run.options["ri_table"]) == ("additive", "harker", "donegan-dodd")
