"""Many machines, one database URL (issue 14 item 8): file bytes and the signing key in the database.

With PostgreSQL an installation's app processes may run on different machines
with nothing shared but the database URL: uploads and rendered reports go into
the database, and the key that signs cookies and personal links is made once
and kept there.  SQLite keeps its files and key in the data folder (the
default for one machine).  The end-to-end proof, two real server processes
with separate data folders, is in ``test_multiprocess.py``.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from rahbord.store import Blob, BlobContent, Store
from rahbord.web.settings import Settings


@pytest.mark.parametrize("blobs", ["folder", "database"])
def test_either_blob_store_keeps_bytes_once_and_past_a_rollback(store_url, tmp_path, blobs):
    if blobs == "database" and store_url.startswith("sqlite"):
        with pytest.raises(ValueError, match="only with a database server"):
            Store(store_url, tmp_path / "blobs", blobs=blobs)
        return
    store = Store(store_url, tmp_path / "blobs", blobs=blobs)
    assert store.blobs.kind == blobs
    with store.session() as s:
        first = store.put_blob(s, b"the expert's answers")
        again = store.put_blob(s, b"the expert's answers")
        s.commit()
    assert first.sha256 == again.sha256
    assert store.blobs.get(first.sha256) == b"the expert's answers"
    with store.session() as s:
        kept = store.put_blob(s, b"bytes of a request that failed").sha256
        s.rollback()
        assert s.get(Blob, kept) is None  # the row went with the transaction …
    assert store.blobs.exists(kept) and store.blobs.get(kept) == b"bytes of a request that failed"  # … the bytes did not
    on_disk = [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]
    with store.session() as s:
        in_db = s.scalars(select(BlobContent.sha256)).all()
    if blobs == "database":
        assert on_disk == [] and sorted(in_db) == sorted({first.sha256, kept})
    else:
        assert len(on_disk) == 2 and in_db == []
    with pytest.raises(FileNotFoundError):
        store.blobs.get("0" * 64)
    with pytest.raises(ValueError, match="not a SHA-256"):
        store.blobs.get("../../etc/passwd")
    store.dispose()


def test_the_default_blob_store_follows_the_database(store_url, tmp_path, monkeypatch):
    monkeypatch.delenv("RAHBORD_BLOB_STORE", raising=False)
    store = Store(store_url, tmp_path / "blobs")
    assert store.blobs.kind == ("folder" if store_url.startswith("sqlite") else "database")
    assert store.shares_state is (not store_url.startswith("sqlite"))
    store.dispose()
    monkeypatch.setenv("RAHBORD_BLOB_STORE", "folder")
    store = Store(store_url, tmp_path / "blobs")
    assert store.blobs.kind == "folder"
    store.dispose()
    monkeypatch.setenv("RAHBORD_BLOB_STORE", "s3")
    with pytest.raises(ValueError, match="RAHBORD_BLOB_STORE must be one of folder, database"):
        Store(store_url, tmp_path / "blobs")


def test_concurrent_identical_database_blobs_do_not_collide(fresh_postgres_url, tmp_path):
    store = Store(fresh_postgres_url, tmp_path / "blobs", blobs="database")
    errors = []

    def put():
        try:
            with store.session() as s:
                store.put_blob(s, b"same bytes from eight requests")
                s.commit()
        except Exception as error:  # pragma: no cover - the failure looked for
            errors.append(error)

    threads = [threading.Thread(target=put) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with store.session() as s:
        assert len(s.scalars(select(BlobContent.sha256)).all()) == 1
    store.dispose()


def test_processes_sharing_only_the_database_share_one_signing_key(fresh_postgres_url, tmp_path, monkeypatch):
    monkeypatch.delenv("RAHBORD_SECRET_KEY", raising=False)
    stores = [Store.open(tmp_path / f"machine-{k}", fresh_postgres_url) for k in range(4)]
    try:
        keys = set()
        threads = [threading.Thread(target=lambda st=st: keys.add(Settings(data_dir=tmp_path / "x").resolved_secret_key(st)))
                   for st in stores]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(keys) == 1 and len(keys.pop()) >= 64  # the first one stored, read by everyone
        assert not any((tmp_path / f"machine-{k}" / "secret_key").exists() for k in range(4))
        monkeypatch.setenv("RAHBORD_SECRET_KEY", "from-the-environment")
        assert Settings(data_dir=tmp_path / "y").resolved_secret_key(stores[0]) == "from-the-environment"
    finally:
        for st in stores:
            st.dispose()


def test_sqlite_keeps_its_key_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("RAHBORD_SECRET_KEY", raising=False)
    store = Store.open(tmp_path)
    settings = Settings(data_dir=tmp_path)
    key = settings.resolved_secret_key(store)
    assert (tmp_path / "secret_key").read_text().strip() == key
    assert Settings(data_dir=tmp_path).resolved_secret_key(store) == key  # a restart keeps the sessions
    assert settings.resolved_secret_key() == key  # found once, then the same for every caller (links too)
    store.dispose()
