"""Filled questionnaires in: store first, then read, then record the outcome.

The order is the point.  Every file's bytes go to the blob store and an
``Upload`` row (status ``stored``) is committed before anything parses it, so
a file that crashes the reader — or a server killed mid-request — is never
lost.  Then each workbook is read by :mod:`surveys` (the same reader as the
CLI) and its row updated: ``accepted`` (and made the expert's current answers,
the earlier upload kept as history), ``rejected`` with every problem's file,
sheet and cell, or ``error`` with what went wrong.

A server killed between the two steps leaves rows ``stored``:
:func:`recover_stored_uploads` (at start-up and every minute, from the job
worker) reads them again, or marks them ``error`` with the reason, so no
acknowledged file stays unread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

import criteria
from mcda.errors import Problem, QuestionnaireError, RahbordError
from rahbord.store import Store, Study, Upload, lock_study, utcnow
from surveys.messages import file_text
from surveys.revision import consistency_warnings

from .blob_io import read_answers
from .filetypes import XLSX, ZIP, ArchiveRefused, not_a_workbook, refusal, sniff, unpack_archive
from .settings import Settings

__all__ = ["ingest_files", "IngestOutcome", "recover_stored_uploads"]

log = logging.getLogger("rahbord.ingest")


@dataclass
class IngestOutcome:
    uploads: list[Upload]

    @property
    def accepted(self) -> int:
        return sum(u.status == "accepted" for u in self.uploads)

    @property
    def refused(self) -> int:
        return sum(u.status in ("rejected", "error") for u in self.uploads)


def _problem(file: str, message: str, expected: str = "", sheet: str = "", cell: str = "") -> dict:
    return {"file": file, "sheet": sheet, "cell": cell, "message": message, "expected": expected, "severity": "error"}


def ingest_files(store: Store, session: Session, study: Study, files: list[tuple[str, bytes]],
                 settings: Settings, lang: str = "en") -> IngestOutcome:
    """Store, read and record uploaded workbooks (or zips of them) for ``study``.

    Refusals are worded in ``lang`` where the message is about the file as a whole.
    """
    # 1. keep everything as it came
    stored: list[Upload] = []
    for filename, data in files:
        blob = store.put_blob(session, data)
        kind = sniff(data, filename)
        row = Upload(study_id=study.id, blob_sha256=blob.sha256, filename=filename[:300],
                     kind="archive" if kind == ZIP else "responses", status="stored", problems=[])
        session.add(row)
        stored.append(row)
    session.commit()
    return _process(store, session, study, stored, settings, lang)


def _process(store: Store, session: Session, study: Study, stored: list[Upload], settings: Settings,
             lang: str) -> IngestOutcome:
    """Unpack and read uploads already kept as ``stored`` rows, and record what became of each."""
    # 2. unpack archives (each member stored as its own upload)
    workbooks: list[Upload] = []
    for row in stored:
        if row.kind != "archive":
            workbooks.append(row)
            continue
        try:
            members = unpack_archive(
                store.blobs.get(row.blob_sha256),
                max_members=settings.max_zip_members,
                max_total_bytes=settings.max_zip_unpacked_bytes,
                max_member_bytes=settings.max_upload_bytes,
                lang=lang,
            )
        except ArchiveRefused as error:
            row.status = "rejected"
            row.problems = [_problem(row.filename, str(error), error.expected or file_text("archive_expected", lang)[0])]
            session.commit()
            continue
        row.status = "accepted"
        for member in members:
            blob = store.put_blob(session, member.data)
            child = Upload(study_id=study.id, blob_sha256=blob.sha256, filename=f"{member.name}"[:300],
                           kind="responses", status="stored", problems=[])
            session.add(child)
            workbooks.append(child)
        session.commit()

    # 3. read the workbooks (in surveys' limited worker processes), all at once
    model = criteria.model_from_dict(study.model)
    panel = {e.key for e in study.experts}
    candidates: dict[str, tuple[Upload, bytes]] = {}
    for row in workbooks:
        data = store.blobs.get(row.blob_sha256)
        if sniff(data, row.filename) != XLSX:
            row.status = "rejected"
            said = refusal(data, row.filename, lang)
            row.problems = [_problem(row.filename, *(said or not_a_workbook(data, lang)))]
            continue
        name, n = row.filename, 1
        while name in candidates:  # the reader names problems by file: keep names unique in a batch
            n += 1
            name = f"{row.filename} ({n})"
        candidates[name] = (row, data)
    session.commit()

    problems_of: dict[str, list[dict]] = {name: [] for name in candidates}
    accepted = _read(model, candidates, problems_of)
    if accepted is None:
        # some files have errors: those are refused, the others read again on their own
        good = {name: item for name, item in candidates.items()
                if not any(p["severity"] == "error" for p in problems_of[name])}
        accepted = _read(model, good, problems_of) if good else {}
        accepted = accepted or {}
    # the one current upload per expert is decided with the study locked: a concurrent
    # upload of the same expert's workbook (another tab, another app process) waits here
    lock_study(session, study.id)
    for name, (row, _data) in candidates.items():
        expert = accepted.get(name)
        row.problems = [dict(p, file=row.filename) for p in problems_of[name]]
        if expert is None:
            crashed = not row.problems or any(p.get("crashed") for p in row.problems)
            row.status = "error" if crashed else "rejected"
            if not row.problems:
                row.problems = [_problem(row.filename, "could not be read", "a filled questionnaire (.xlsx)")]
            continue
        if panel and expert.id not in panel:
            row.status = "rejected"
            row.problems.append(_problem(row.filename, f"answers for expert {expert.id!r}, who is not on this "
                                         "study's panel", "a questionnaire downloaded from this study"))
            continue
        row.status, row.expert_key, row.current = "accepted", expert.id, True
        # the corrected workbook replaces the earlier one, which stays as history
        session.execute(
            update(Upload)
            .where(Upload.study_id == study.id, Upload.expert_key == expert.id,
                   Upload.current.is_(True), Upload.id != row.id)
            .values(current=False, replaced_at=utcnow())
        )
    session.commit()
    return IngestOutcome(stored + [w for w in workbooks if w not in stored])


def recover_stored_uploads(store: Store, settings: Settings, grace: timedelta | None = None) -> int:
    """Read again every upload left ``stored`` for longer than ``grace`` (its request died); the number handled.

    ``grace`` is the settings' ``stored_grace_seconds`` unless given.

    Each study's leftovers are taken with the study locked and looked up again under the lock, so two
    processes recovering at once never read one file twice.  A file that cannot be read even now is
    marked ``error`` with the reason; it is never left ``stored``.
    """
    handled = 0
    grace = timedelta(seconds=settings.stored_grace_seconds) if grace is None else grace
    with store.session() as session:
        limit = utcnow() - grace
        studies = session.scalars(
            select(Upload.study_id).where(Upload.status == "stored", Upload.created_at < limit).distinct()
        ).all()
    for study_id in studies:
        with store.session() as session:
            lock_study(session, study_id)
            rows = session.scalars(select(Upload).where(Upload.study_id == study_id, Upload.status == "stored",
                                                        Upload.created_at < limit).order_by(Upload.id)).all()
            if not rows:
                session.rollback()
                continue
            study = session.get(Study, study_id)
            log.warning("reading again %d upload(s) of study %s left unread by a stopped server", len(rows), study_id)
            try:
                _process(store, session, study, list(rows), settings, "fa")
            except Exception as error:  # never leave them stored: say why they could not be read
                log.exception("uploads of study %s could not be read again", study_id)
                session.rollback()
                session.execute(
                    update(Upload).where(Upload.id.in_([r.id for r in rows]), Upload.status == "stored")
                    .values(status="error", problems=[_problem("", f"could not be read after a server restart "
                                                                   f"({type(error).__name__}: {error})",
                                                           "upload the file again")])
                )
                session.commit()
            handled += len(rows)
    return handled


def _read(model, candidates: dict, problems_of: dict) -> dict | None:
    """``{name: Expert}`` read from ``candidates``; None when any file has an error.

    Problems (errors and warnings) are added to ``problems_of[name]``.
    """
    if not candidates:
        return {}
    names = list(candidates)
    try:
        responses = read_answers(model, [(name, candidates[name][1]) for name in names])
    except QuestionnaireError as error:
        _collect(error.problems, names, problems_of)
        return None
    except RahbordError as error:
        for name in names:
            problems_of[name].append(_problem(name, str(error)))
        return None
    except Exception as error:  # the reader crashed: keep the files, say what happened
        for name in names:
            problems_of[name].append(dict(_problem(name, f"could not be read ({type(error).__name__}: {error})",
                                                   "a filled questionnaire (.xlsx) as downloaded from rahbord"),
                                          crashed=True))
        return None
    _collect(responses.problems, names, problems_of)
    # the sets above the CR threshold, each with the judgment to revisit, as warnings (as `rahbord validate`)
    _collect([w.to_dict() for w in consistency_warnings(model, responses)], names, problems_of)
    by_name = {}
    for expert in responses.experts:
        if expert.source_file in problems_of:
            by_name[expert.source_file] = expert
    if len(by_name) != len(responses.experts):  # the reader did not name sources: fall back on order
        by_name = dict(zip(names, responses.experts))
    return by_name


def _collect(problems, names: list[str], problems_of: dict) -> None:
    for p in problems:
        data = p.to_dict() if isinstance(p, Problem) else dict(p)
        target = data.get("file", "")
        if target not in problems_of:
            target = next((n for n in names if target.endswith(n)), None)
        if target is None:  # a problem of the whole batch: every file gets it
            for name in names:
                problems_of[name].append(dict(data, file=name))
        else:
            problems_of[target].append(dict(data, file=target))
