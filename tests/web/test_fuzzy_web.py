"""The web analysis form's fuzzy AHP choice: a run with it keeps the fuzzy result beside the crisp one, its report
shows the comparison in the page's language, and Chang's extent analysis is refused."""

from __future__ import annotations

import json

import mcda


def _run_analysis(planner, app, client, study, form):
    started = planner.post(f"/studies/{study}/analyze", form, follow_redirects=False)
    app.state.worker.run_pending()
    status = client.get(started.headers["location"] + ".json").json()
    assert status["status"] == "done", status
    return status["target"]  # /studies/<id>/runs/<run id>


def test_a_run_with_the_fuzzy_choice_reports_fuzzy_beside_crisp_and_chang_is_refused(planner, client, app,
                                                                                       panel_files):
    study = planner.create_library_study()
    planner.post(f"/studies/{study}/responses",
                 files=[("files", (n, d, "application/octet-stream")) for n, d in panel_files])
    refused = planner.post(f"/studies/{study}/analyze", {"fuzzy": "chang"})
    assert refused.status_code == 400
    assert mcda.FUZZY_METHODS.title("fa") in refused.text  # the field named in the page's language

    run_page = _run_analysis(planner, app, client, study, {"fuzzy": "buckley", "robustness_draws": "0"})
    from rahbord.store import Run

    with app.state.store.session() as session:
        (run,) = session.query(Run).all()
        assert run.options["fuzzy"] == "buckley"
        results = json.loads(app.state.store.blobs.get(run.results_sha256))
    assert results["fuzzy"]["method"] == "buckley" and len(results["fuzzy"]["ranks"]) == len(results["ranks"])

    for lang, heading in (("fa", "تحلیل سلسله‌مراتبی فازی (روش باکلی)"), ("en", "Fuzzy AHP (Buckley&#39;s method)")):
        planner.post(f"{run_page}/reports", {"kind": "html", "lang": lang}, follow_redirects=False)
        app.state.worker.run_pending()
        report = client.get(f"{run_page}/reports/html-{lang}")
        assert report.status_code == 200, report.text[:500]
        assert heading in report.text and 'id="fuzzy"' in report.text
