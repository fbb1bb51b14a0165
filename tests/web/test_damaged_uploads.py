"""Damaged and disguised uploads are refused by name, never with a server error (issue 14, item 1).

Each test drives the upload form as a browser does and checks the answer (a
4xx problem page naming the file and what is wrong, in the page's language),
what was kept (the file itself, never the members of a refused archive) and
what can be downloaded again (a refused file never as an .xlsx).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import update

from rahbord.store import Upload, utcnow

XLSX_TYPE = "application/octet-stream"


def _files(items):
    return [("files", (name, data, XLSX_TYPE)) for name, data in items]


def _zip(members: dict[str, bytes], method=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _patch_headers(data: bytes, *, method: int | None = None, flags: int | None = None) -> bytes:
    """Set the compression method or the flag bits of every member in both zip headers."""
    out = bytearray(data)
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            if flags is not None:
                out[at + flag_at:at + flag_at + 2] = struct.pack("<H", flags)
            if method is not None:
                out[at + method_at:at + method_at + 2] = struct.pack("<H", method)
            start = at + 4
    return bytes(out)


def _flip_member_byte(data: bytes, offset_in_member: int = 200) -> bytes:
    """Change one byte of the first member's data (after its local header)."""
    name_len, extra_len = struct.unpack("<HH", data[26:30])
    at = 30 + name_len + extra_len + offset_in_member
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


def _break_deflate(data: bytes) -> bytes:
    name_len, extra_len = struct.unpack("<HH", data[26:30])
    at = 30 + name_len + extra_len
    return data[:at] + b"\xff" * 64 + data[at + 64:]


def _archives(workbook: bytes) -> dict[str, tuple[bytes, str, str]]:
    """name → (archive bytes, what the English page must say, what the Persian page must say)."""
    stored = _zip({"E001.xlsx": workbook})
    deflated = _zip({"E001.xlsx": workbook}, zipfile.ZIP_DEFLATED)
    return {
        "bad CRC": (_flip_member_byte(stored), "checksum does not match", "کد وارسی"),
        "method 9": (_patch_headers(stored, method=9), "compression method (9)", "(۹)"),
        "broken deflate": (_break_deflate(deflated), "is damaged", "آسیب دیده"),
        "encrypted": (_patch_headers(stored, flags=0x1), "password", "گذرواژه"),
    }


def _rows(app, study_id):
    with app.state.store.session() as s:
        return s.query(Upload).filter_by(study_id=study_id).order_by(Upload.id).all()


@pytest.mark.parametrize("damage", ["bad CRC", "method 9", "broken deflate", "encrypted"])
def test_a_damaged_archive_member_is_a_named_refusal_not_a_server_error(planner, client, app, panel_files, damage):
    study_id = planner.create_library_study()
    data, english, persian = _archives(panel_files[0][1])[damage]
    client.get("/lang/en")
    response = planner.post(f"/studies/{study_id}/responses", files=_files([("answers.zip", data)]))
    assert response.status_code == 422, response.text[:500]
    assert "E001.xlsx" in response.text and english in response.text
    (row,) = _rows(app, study_id)  # the archive is kept; none of its members was stored
    assert row.kind == "archive" and row.status == "rejected"
    assert app.state.store.blobs.get(row.blob_sha256) == data

    client.get("/lang/fa")
    again = planner.post(f"/studies/{study_id}/responses", files=_files([("answers.zip", data)]))
    assert again.status_code == 422 and persian in again.text
    message = _rows(app, study_id)[-1].problems[0]["message"]
    assert not re.search(r"[A-Za-z0-9]", message.replace("E001.xlsx", "")), message  # Persian words and digits


@pytest.mark.parametrize("kind", ["word", "text zip"])
def test_an_office_file_or_a_text_zip_renamed_xlsx_is_not_a_workbook(planner, client, app, kind):
    study_id = planner.create_library_study()
    if kind == "word":
        data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}, zipfile.ZIP_DEFLATED)
        says = "a Word document, not an Excel workbook"
    else:
        data = _zip({"notes.txt": b"hello", "more.txt": b"world"}, zipfile.ZIP_DEFLATED)
        says = "a zip archive, not an Excel workbook"
    client.get("/lang/en")
    response = planner.post(f"/studies/{study_id}/responses", files=_files([("answers.xlsx", data)]))
    assert response.status_code == 422 and says in response.text, response.text[:800]
    (row,) = _rows(app, study_id)  # one row: the file as sent, its members never stored
    assert row.kind == "responses" and row.status == "rejected"


def test_a_zip_without_any_workbook_is_refused_whole(planner, client, app):
    study_id = planner.create_library_study()
    client.get("/lang/en")
    data = _zip({"notes.txt": b"hello"})
    response = planner.post(f"/studies/{study_id}/responses", files=_files([("answers.zip", data)]))
    assert response.status_code == 422 and "holds no Excel workbook" in response.text
    assert len(_rows(app, study_id)) == 1


def test_a_damaged_workbook_is_refused_by_name(planner, client, app, panel_files):
    study_id = planner.create_library_study()
    client.get("/lang/en")
    workbook = panel_files[0][1]
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    damaged = _break_deflate(_zip({"[Content_Types].xml": parts.pop("[Content_Types].xml"), **parts},
                                  zipfile.ZIP_DEFLATED))
    response = planner.post(f"/studies/{study_id}/responses", files=_files([("E001.xlsx", damaged)]))
    assert response.status_code == 422 and "E001.xlsx" in response.text
    (row,) = _rows(app, study_id)
    assert row.status in ("rejected", "error") and row.problems


def test_a_refused_file_is_never_handed_back_as_a_workbook(planner, client, app, panel_files):
    study_id = planner.create_library_study()
    data = _zip({"notes.txt": b"=HYPERLINK(1)"})
    planner.post(f"/studies/{study_id}/responses", files=_files([("answers.xlsx", data)]))
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files[:1]))
    refused, accepted = _rows(app, study_id)
    download = client.get(f"/studies/{study_id}/uploads/{refused.id}")
    assert download.status_code == 200 and download.content == data
    assert download.headers["content-type"] == "application/octet-stream"
    assert 'filename="answers.xlsx.refused"' in download.headers["content-disposition"]
    good = client.get(f"/studies/{study_id}/uploads/{accepted.id}")
    assert good.headers["content-type"].startswith("application/vnd.openxmlformats")


def test_uploads_left_stored_are_read_again_or_failed_with_a_reason(planner, client, app, panel_files):
    """What a server killed mid-upload leaves (rows `stored`, files kept) is finished by the recovery."""
    from rahbord.web.ingest import recover_stored_uploads

    study_id = planner.create_library_study()
    store = app.state.store
    with store.session() as s:
        for name, data in [panel_files[0], ("notes.xlsx", b"plain text"), ("a.zip", _zip({"E002.xlsx":
                                                                                         panel_files[1][1]}))]:
            blob = store.put_blob(s, data)
            s.add(Upload(study_id=study_id, blob_sha256=blob.sha256, filename=name, status="stored", problems=[],
                         kind="archive" if name.endswith(".zip") else "responses"))
        s.commit()
    assert recover_stored_uploads(store, app.state.settings) == 0  # fresh rows may belong to a live request
    with store.session() as s:
        grace = timedelta(seconds=app.state.settings.stored_grace_seconds)
        s.execute(update(Upload).values(created_at=utcnow() - grace - timedelta(seconds=1)))
        s.commit()
    assert recover_stored_uploads(store, app.state.settings) == 3
    rows = {r.filename: r for r in _rows(app, study_id)}
    assert not [r for r in rows.values() if r.status == "stored"]
    assert rows[panel_files[0][0]].status == "accepted" and rows[panel_files[0][0]].current
    assert rows["notes.xlsx"].status == "rejected" and rows["notes.xlsx"].problems
    assert rows["a.zip"].status == "accepted" and rows["E002.xlsx"].status == "accepted"
    page = client.get(f"/studies/{study_id}")
    assert page.status_code == 200


def test_a_dead_workers_job_is_picked_up_within_15_seconds():
    from rahbord.store import jobs

    assert jobs.STALE_AFTER.total_seconds() + jobs.HEARTBEAT_EVERY.total_seconds() / 3 <= 15
    assert jobs.HEARTBEAT_EVERY * 3 <= jobs.STALE_AFTER  # two missed beats are not yet a death
