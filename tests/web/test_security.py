"""Access, CSRF, upload limits, content checks, headers, and nothing lost when an upload fails."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from webhelpers import csrf_of

from rahbord.store import Blob, Upload


def _files(items):
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def test_another_planners_study_is_not_reachable(planner, other_planner, client, app, panel_files):
    study_id = planner.create_library_study()
    planner.add_experts(study_id, 5)
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files[:1]))
    with app.state.store.session() as s:
        upload_id = s.query(Upload).filter_by(study_id=study_id).first().id
    intruder = other_planner.client
    for path in (
        f"/studies/{study_id}",
        f"/studies/{study_id}/model.yaml",
        f"/studies/{study_id}/questionnaires/E001.xlsx",
        f"/studies/{study_id}/questionnaires.zip",
        f"/studies/{study_id}/uploads/{upload_id}",
        f"/studies/{study_id}/uploads/{upload_id}/problems",
        f"/studies/{study_id}/jobs/1",
        f"/studies/{study_id}/jobs/1.json",
        f"/studies/{study_id}/runs/1",
    ):
        assert intruder.get(path).status_code == 404, path
    token = other_planner.csrf()
    for path in (f"/studies/{study_id}/experts", f"/studies/{study_id}/analyze", f"/studies/{study_id}/responses"):
        assert intruder.post(path, data={"csrf_token": token, "name": "x"}).status_code == 404, path
    assert f"/studies/{study_id}" not in intruder.get("/studies").text


def test_a_form_post_without_the_csrf_token_is_refused(planner, client):
    study_id = planner.create_library_study()
    forged = client.post(f"/studies/{study_id}/experts", data={"name": "Mallory"})
    assert forged.status_code == 403
    wrong = client.post(f"/studies/{study_id}/experts", data={"name": "Mallory", "csrf_token": "guess"})
    assert wrong.status_code == 403
    assert "Mallory" not in client.get(f"/studies/{study_id}").text


def test_a_post_from_another_origin_is_refused_even_with_a_token(planner, client):
    token = planner.csrf()
    response = client.post("/studies/library", data={"name": "generic-swot", "csrf_token": token},
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_sign_in_needs_the_csrf_token_too(client):
    client.get("/signin")
    assert client.post("/signin", data={"email": "a@b.org", "password": "x" * 12}).status_code == 403


def test_security_headers_on_every_page(client):
    for path in ("/signin", "/static/style.css", "/nowhere"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"


def test_session_cookie_is_httponly_and_samesite(client):
    response = client.get("/signin")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_an_oversized_upload_is_refused_with_a_clear_message(planner, client, settings):
    study_id = planner.create_library_study()
    big = b"PK\x03\x04" + b"\0" * (settings.max_upload_bytes + 10)
    response = planner.post(f"/studies/{study_id}/responses", files=_files([("huge.xlsx", big)]))
    assert response.status_code == 413
    assert "huge.xlsx" in response.text and "MB" in response.text


def test_a_request_over_the_total_limit_is_refused_before_it_is_read(planner, client, settings):
    study_id = planner.create_library_study()
    token = planner.csrf()
    chunk = b"x" * (settings.max_upload_bytes - 100)
    files = _files([(f"f{k}.xlsx", chunk) for k in range(settings.max_request_bytes // len(chunk) + 2)])
    response = client.post(f"/studies/{study_id}/responses", data={"csrf_token": token}, files=files)
    assert response.status_code == 413 and "too large" in response.text


def test_too_many_files_are_refused(planner, client, settings):
    study_id = planner.create_library_study()
    files = _files([(f"f{k}.xlsx", b"x") for k in range(settings.max_upload_files + 1)])
    response = planner.post(f"/studies/{study_id}/responses", files=files)
    assert response.status_code == 400 and "files" in response.text.lower()


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("answers.xlsx", b"%PDF-1.4 not a workbook", "not an Excel workbook"),
        ("answers.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        ("answers.xlsx", b"just text renamed", "text file"),
    ],
)
def test_a_non_xlsx_upload_is_refused_by_content_and_kept(planner, client, app, name, data, says):
    study_id = planner.create_library_study()
    client.get("/lang/en")
    response = planner.post(f"/studies/{study_id}/responses", files=_files([(name, data)]))
    assert response.status_code == 422  # refused: the problem page, as a 4xx
    assert says in response.text and 'class="problems"' in response.text
    with app.state.store.session() as s:
        row = s.query(Upload).filter_by(study_id=study_id).one()
        assert row.status == "rejected" and row.problems
        assert app.state.store.blobs.get(row.blob_sha256) == data


def test_a_zip_with_a_path_outside_itself_is_refused(planner, app):
    study_id = planner.create_library_study()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../etc/evil.xlsx", b"x")
    planner.post(f"/studies/{study_id}/responses", files=_files([("a.zip", buffer.getvalue())]))
    with app.state.store.session() as s:
        row = s.query(Upload).filter_by(study_id=study_id).one()
    assert row.kind == "archive" and row.status == "rejected" and "بیرون از خودش" in row.problems[0]["message"]  # the page's language


def test_a_zip_bomb_is_refused_before_inflating(planner, app):
    study_id = planner.create_library_study()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.xlsx", b"\0" * (20 * 1024 * 1024))
    planner.post(f"/studies/{study_id}/responses", files=_files([("bomb.zip", buffer.getvalue())]))
    with app.state.store.session() as s:
        row = s.query(Upload).filter_by(study_id=study_id).one()
    assert row.status == "rejected"


def test_nothing_is_lost_when_reading_fails_half_way(planner, client, app, panel_files, monkeypatch):
    """The reader crashes mid-upload: every file is still stored, the error is recorded."""
    from rahbord.web import ingest

    study_id = planner.create_library_study()
    planner.add_experts(study_id, 5)

    def crash(*_args, **_kwargs):
        raise MemoryError("the reader ran out of memory")

    monkeypatch.setattr(ingest, "read_answers", crash)
    response = planner.post(f"/studies/{study_id}/responses", files=_files(panel_files[:2]))
    assert response.status_code == 422 and "MemoryError" in response.text  # nothing taken: the problem page, 4xx
    with app.state.store.session() as s:
        rows = s.query(Upload).filter_by(study_id=study_id).order_by(Upload.id).all()
        assert [r.status for r in rows] == ["error", "error"]
        for row, (_name, data) in zip(rows, panel_files[:2]):
            assert s.get(Blob, row.blob_sha256) is not None
            assert app.state.store.blobs.get(row.blob_sha256) == data
    monkeypatch.undo()
    # the same files sent again are accepted: the failed attempt left nothing in the way
    again = planner.post(f"/studies/{study_id}/responses", files=_files(panel_files[:2]))
    assert again.status_code == 200
    assert client.get(f"/studies/{study_id}").text.count("✓") == 2


def test_an_interrupted_analysis_leaves_earlier_results_intact(planner, client, app, panel_files, monkeypatch):
    import analysis

    study_id = planner.create_library_study()
    planner.add_experts(study_id, 5)
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files))
    planner.post(f"/studies/{study_id}/analyze", {}, follow_redirects=False)
    app.state.worker.run_pending()
    first_run = re.search(r'href="(/studies/\d+/runs/\d+)"', client.get(f"/studies/{study_id}").text).group(1)

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt  # stands in for the process dying mid-run

    monkeypatch.setattr(analysis, "analyze", killed)
    planner.post(f"/studies/{study_id}/analyze", {}, follow_redirects=False)
    with pytest.raises(KeyboardInterrupt):
        app.state.worker.run_pending()
    assert client.get(first_run).status_code == 200
    from rahbord.store import Job

    with app.state.store.session() as s:
        assert s.query(Job).order_by(Job.id.desc()).first().status == "running"  # re-queued by the next worker


def test_user_text_is_escaped(planner, client):
    study_id = planner.create_library_study(title="<script>alert(1)</script>")
    page = client.get(f"/studies/{study_id}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_worker_processes_starting_together_share_one_secret_key(tmp_path, monkeypatch):
    """The session key is made once per data folder: every process signs cookies the others accept."""
    import os
    import stat
    from concurrent.futures import ThreadPoolExecutor

    from rahbord.web import Settings

    monkeypatch.delenv("RAHBORD_SECRET_KEY", raising=False)
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: Settings(data_dir=tmp_path).resolved_secret_key(), range(16)))
    assert len(keys) == 1 and len(keys.pop()) >= 48
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left behind
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600
