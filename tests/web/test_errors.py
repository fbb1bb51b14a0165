"""A failure nobody expected is an error page (HTTP 500) and a traceback in the log, never an empty page."""

from __future__ import annotations

import logging
import re

from test_flow import _files, _study_with_panel

from rahbord.web.i18n import MESSAGES
from rahbord.web.routes import results as results_page


def test_a_broken_import_on_the_results_page_is_an_error_page_and_a_log_line(planner, client, app, panel_files,
                                                                             monkeypatch, caplog):
    study_id = _study_with_panel(planner)
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files))
    planner.post(f"/studies/{study_id}/analyze", {}, follow_redirects=False)
    app.state.worker.run_pending()
    run_url = re.search(r'href="(/studies/\d+/runs/\d+)"', client.get(f"/studies/{study_id}").text).group(1)

    def broken(*_args, **_kwargs):  # what a half-installed or half-edited reports package does
        raise ImportError("cannot import name 'format_number' from 'reports.formatting'")

    results_page._results_view.cache_clear()  # the page's view of a run is cached per language
    monkeypatch.setattr(results_page, "build_context", broken)
    with caplog.at_level(logging.ERROR, logger="rahbord.web"):
        page = client.get(run_url)

    assert page.status_code == 500
    title, text = MESSAGES["server_error"][1], MESSAGES["server_error_text"][1]  # the planner reads Persian
    assert title in page.text and text in page.text and 'class="card error-page"' in page.text
    assert 'id="ranking-table"' not in page.text  # not a results page with its tables left empty
    assert page.headers["content-security-policy"]  # the app's own page: its headers, its session
    logged = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert logged and logged[0].exc_info[0] is ImportError and run_url in logged[0].getMessage()
    assert "format_number" in caplog.text and "Traceback" in caplog.text

    monkeypatch.undo()  # the same page once the import works again
    assert 'id="ranking-table"' in client.get(run_url).text
