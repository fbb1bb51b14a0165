"""Scenarios in the web app: defined by form or YAML, checked by analysis.scenarios, compared as a job."""

from __future__ import annotations

import re

import pytest
from test_flow import _files, _study_with_panel, _text

from rahbord.store import Comparison, StudyScenario


def _analysed_study(planner, client, app, panel_files) -> tuple[int, int]:
    study_id = _study_with_panel(planner)
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files))
    planner.post(f"/studies/{study_id}/analyze", {}, follow_redirects=False)
    app.state.worker.run_pending()
    run_url = re.search(r'href="/studies/\d+/runs/(\d+)"', client.get(f"/studies/{study_id}").text)
    return study_id, int(run_url.group(1))


def _strategies_on(*ids):
    return {f"strategy-{s}": "on" for s in ids}


ALL = ("P1", "P2", "P3", "P4", "P5", "P6", "P7")


def test_a_scenario_from_the_form_is_stored_as_the_validator_reads_it(planner, client, app):
    study_id = _study_with_panel(planner, 3)
    response = planner.post(f"/studies/{study_id}/scenarios", {
        "name": "threats-double", "description_fa": "تهدیدها دو برابر", "exclude-E002": "on", "weight-E001": "۲",
        "aggregation": "aip", "cr_threshold": "0.15", "exclude_inconsistent": "yes",
        "group-S": "1", "group-W": "1", "group-O": "1", "group-T": "2", "rescale": "on", **_strategies_on(*ALL[:4]),
    }, follow_redirects=False)
    assert response.status_code == 303, _text(response.text)
    with app.state.store.session() as s:
        row = s.query(StudyScenario).filter_by(study_id=study_id).one()
    assert row.name == "threats-double" and row.description_fa == "تهدیدها دو برابر"
    assert row.changes["exclude_experts"] == ["E002"] and row.changes["expert_weights"] == {"E001": 2.0}
    assert row.changes["group_weights"] == {"S": 0.2, "W": 0.2, "O": 0.2, "T": 0.4}
    assert row.changes["strategies"] == ["P1", "P2", "P3", "P4"] and row.changes["exclude_inconsistent"] is True
    page = client.get(f"/studies/{study_id}").text
    assert 'id="scenario-table"' in page and "threats-double" in page
    yaml_text = client.get(f"/studies/{study_id}/scenarios/{row.id}.yaml").text
    assert "group_weights" in yaml_text and "threats-double" in yaml_text


def test_form_problems_are_shown_beside_their_fields(planner, client):
    study_id = _study_with_panel(planner, 2)
    client.get("/lang/en")
    response = planner.post(f"/studies/{study_id}/scenarios", {
        "name": "bad", "weight-E001": "heavy", "cr_threshold": "5", "group-S": "0.5", "group-T": "x",
        **_strategies_on("P1"),
    })
    assert response.status_code == 400
    html = response.text
    assert "The scenario has problems" in html

    def errors_of(field_id):
        block = re.search(rf'<(?:div|td|fieldset) class="[^"]*has-error[^"]*"[^>]*>(?:(?!</(?:div|td|fieldset)>).)*?'
                          rf'(?:id|name)="{field_id}".*?</(?:div|td|fieldset)>', html, re.S)
        assert block, f"{field_id} is not marked"
        return " ".join(re.findall(r'<p class="field-error"[^>]*>([^<]*)</p>', block.group(0)))

    assert "not a number" in errors_of("weight-E001")
    assert "between 0 and 1" in errors_of("s-cr")
    assert "not a number" in errors_of("s-group-T")
    assert "at least two strategies" in html and "no weight for group" in html
    assert 'value="heavy"' in html  # what the planner typed is kept


def test_a_scenario_yaml_upload_and_its_problems(planner, client, app):
    study_id = _study_with_panel(planner, 2)
    good = "name: aip\ndescription: priorities averaged\nchanges:\n  aggregation: aip\n  exclude_experts: [E002]\n"
    response = planner.post(f"/studies/{study_id}/scenarios/upload", {},
                            files={"scenario_file": ("aip.yaml", good.encode(), "application/yaml")},
                            follow_redirects=False)
    assert response.status_code == 303
    bad = ("name: bad\nchanges:\n  strategies: [P1, P42]\n  exclude_experts: [nobody]\n"
           "  group_weights: {S: 0.5, W: 0.5, O: 0.5, T: 0.5}\n  responses: ['/etc/*']\n")
    response = planner.post(f"/studies/{study_id}/scenarios/upload", {},
                            files={"scenario_file": ("bad.yaml", bad.encode(), "application/yaml")})
    assert response.status_code == 400
    cells = re.findall(r'<td class="cell" dir="ltr">([^<]*)</td>', response.text)
    assert {"changes.strategies[1]", "changes.exclude_experts[0]", "changes.group_weights",
            "changes.responses"} <= set(cells), cells
    for broken in (b"name: [unclosed\n", b"\x89PNG\r\n\x1a\n\x00\x00"):
        response = planner.post(f"/studies/{study_id}/scenarios/upload", {},
                                files={"scenario_file": ("x.yaml", broken, "application/yaml")})
        assert response.status_code in (400, 415)
    with app.state.store.session() as s:
        assert [r.name for r in s.query(StudyScenario).filter_by(study_id=study_id)] == ["aip"]


def test_scenarios_are_compared_by_a_job_and_shown_side_by_side(planner, client, app, panel_files):
    study_id, run_id = _analysed_study(planner, client, app, panel_files)
    for data in ({"name": "aip", "aggregation": "aip", **_strategies_on(*ALL)},
                 {"name": "threats-double", "group-S": "1", "group-W": "1", "group-O": "1", "group-T": "2",
                  "rescale": "on", **_strategies_on(*ALL)}):
        assert planner.post(f"/studies/{study_id}/scenarios", data, follow_redirects=False).status_code == 303
    with app.state.store.session() as s:
        ids = [str(r.id) for r in s.query(StudyScenario).filter_by(study_id=study_id).order_by(StudyScenario.id)]
    started = planner.post(f"/studies/{study_id}/comparisons", {"run_id": str(run_id), "scenario_id": ids},
                           follow_redirects=False)
    job_url = started.headers["location"]
    pending = client.get(job_url.replace("/jobs/", "/comparisons/").rsplit("/", 1)[0] + "/1")
    assert pending.status_code == 200
    app.state.worker.run_pending()
    status = client.get(job_url + ".json").json()
    assert status["status"] == "done", (status, _text(client.get(job_url).text)[-1500:])
    client.get("/lang/en")
    page = client.get(status["target"]).text
    table = re.search(r'<table class="side-by-side" id="side-by-side">.*?</table>', page, re.S).group(0)
    assert [h for h in re.findall(r"<bdi>([^<]*)</bdi>", table)][:3] == ["baseline", "aip", "threats-double"]
    assert table.count('<span class="r">') == 7 * 3
    assert "What holds in every scenario" in page and "data:image/svg+xml;base64," in page
    assert "group weights (what-if): S\u00a0=\u00a00.2, W\u00a0=\u00a00.2, O\u00a0=\u00a00.2, T\u00a0=\u00a00.4" in page
    present = client.get(status["target"] + "?present=1").text
    assert 'class="lang-en present"' in present and '<header class="top">' not in present
    # the comparison report (HTML, Persian) is made by a job and kept
    made = planner.post(status["target"] + "/reports", {"kind": "html", "lang": "fa"}, follow_redirects=False)
    app.state.worker.run_pending()
    target = client.get(made.headers["location"] + ".json").json()["target"]
    report = client.get(target)
    assert report.status_code == 200 and "sandbox" in report.headers["content-security-policy"]
    assert "مقایسهٔ سناریوها" in report.text and "threats-double" in report.text
    again = planner.post(status["target"] + "/reports", {"kind": "html", "lang": "fa"}, follow_redirects=False)
    assert again.headers["location"] == target


def test_a_scenario_that_no_longer_fits_fails_its_job_with_the_problems(planner, client, app, panel_files):
    study_id, run_id = _analysed_study(planner, client, app, panel_files)
    with app.state.store.session() as s:  # E005 answered; a scenario leaving everyone out cannot run
        row = StudyScenario(study_id=study_id, name="nobody",
                            changes={"exclude_experts": ["E001", "E002", "E003", "E004", "E005"]})
        s.add(row)
        s.commit()
        scenario_id = row.id
    started = planner.post(f"/studies/{study_id}/comparisons", {"run_id": str(run_id), "scenario_id": str(scenario_id)},
                           follow_redirects=False)
    app.state.worker.run_pending()
    job = client.get(started.headers["location"]).text
    assert "no expert would be left" in job
    with app.state.store.session() as s:
        assert s.query(Comparison).filter_by(study_id=study_id).one().status == "failed"


@pytest.mark.parametrize("path", ["/comparisons/{c}", "/comparisons/{c}?present=1", "/scenarios/{s}.yaml"])
def test_another_planners_scenarios_and_comparisons_are_not_reachable(planner, client, app, panel_files,
                                                                       other_planner, path):
    study_id, run_id = _analysed_study(planner, client, app, panel_files)
    planner.post(f"/studies/{study_id}/scenarios", {"name": "aip", "aggregation": "aip", **_strategies_on(*ALL)})
    with app.state.store.session() as s:
        scenario_id = s.query(StudyScenario).filter_by(study_id=study_id).one().id
    planner.post(f"/studies/{study_id}/comparisons", {"run_id": str(run_id), "scenario_id": str(scenario_id)})
    with app.state.store.session() as s:
        comparison_id = s.query(Comparison).filter_by(study_id=study_id).one().id
    url = f"/studies/{study_id}" + path.format(c=comparison_id, s=scenario_id)
    assert other_planner.client.get(url).status_code == 404
    forged = other_planner.post(f"/studies/{study_id}/comparisons", {"run_id": str(run_id),
                                                                     "scenario_id": str(scenario_id)})
    assert forged.status_code == 404
