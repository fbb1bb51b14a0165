"""Problems that reach the planner's pages in the page's language (issue 13, item 4): a workbook upload after
the round was closed, and a failed job (a known error worded from the catalogue, an unexpected one as a Persian
sentence with the technical text folded away)."""

from __future__ import annotations

import re

from test_flow import _files
from test_persian_pages import _persian, _persian_study, assert_persian

from rahbord.store import Upload


def _close_round(planner, study_id: int) -> None:
    closed = planner.post(f"/studies/{study_id}/round", {"action": "close"}, follow_redirects=False)
    assert closed.status_code == 303, closed.text


def test_an_upload_after_the_round_closed_is_refused_in_persian(planner, client, app, panel_files):
    study_id = _persian_study(planner)
    _persian(client)
    _close_round(planner, study_id)
    refused = planner.post(f"/studies/{study_id}/responses", files=_files(panel_files[:1]))
    assert refused.status_code == 409
    assert "دور پاسخ‌گویی" in refused.text and "بسته شده" in refused.text
    assert_persian(refused, "an upload after the round closed", (panel_files[0][0],))
    with app.state.store.session() as session:  # nothing was taken
        assert session.query(Upload).filter_by(study_id=study_id).count() == 0
    planner.post(f"/studies/{study_id}/round", {"action": "open"}, follow_redirects=False)
    taken = planner.post(f"/studies/{study_id}/responses", files=_files(panel_files[:1]))
    assert taken.status_code == 200, taken.text


def test_an_upload_after_the_round_closed_is_refused_in_english(planner, client, panel_files):
    study_id = planner.create_library_study()
    client.get("/lang/en")
    _close_round(planner, study_id)
    refused = planner.post(f"/studies/{study_id}/responses", files=_files(panel_files[:1]))
    assert refused.status_code == 409
    text = re.sub(r"\s+", " ", refused.text)
    assert "The round was closed on" in text and "Reopen the round" in text
