"""The worker's jobs: one registry every queued kind is in, and a study's panel as the jobs and pages read it."""

from __future__ import annotations

import re
from importlib.resources import files

from test_flow import _files

from rahbord.web.tasks import JOBS


def test_every_kind_of_job_a_page_queues_has_its_job_function():
    queued = set()
    for module in (files("rahbord.web") / "routes").iterdir():
        if module.name.endswith(".py"):
            queued |= set(re.findall(r'enqueue\(session, study\.id, "(\w+)"', module.read_text(encoding="utf-8")))
    assert queued == set(JOBS) == {"analyze", "report", "compare", "compare_report"}
    assert all(job.__name__ == f"{kind}_job" for kind, job in JOBS.items())


def test_a_study_without_a_panel_takes_the_experts_its_workbooks_name(planner, client, app, panel_files):
    """No panel listed in the app: no questionnaires to hand out, and the analysis keeps the workbooks' experts."""
    study_id = planner.create_library_study()
    assert client.get(f"/studies/{study_id}/questionnaires.zip").status_code == 404
    assert client.get(f"/studies/{study_id}/questionnaires/E001.xlsx").status_code == 404
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files))
    planner.post(f"/studies/{study_id}/analyze", {}, follow_redirects=False)
    assert app.state.worker.run_pending() == 1
    run_url = re.search(r'href="(/studies/\d+/runs/\d+)"', client.get(f"/studies/{study_id}").text).group(1)
    table = client.get(run_url).text.split('id="consistency-table"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr") == 1 + len(panel_files)  # the header and one row per workbook's expert
