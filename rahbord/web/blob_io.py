"""What the database holds (file bytes, results JSON) as what the library reads and writes.

``surveys``, ``criteria`` and ``reports`` read paths or file objects and write
files into a folder; the web app keeps every file as bytes in its blob store.
These functions hand stored bytes to the readers as named file objects (so a
problem names the file the planner uploaded) and return what the writers wrote
into a temporary folder as bytes.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

import analysis
import reports
import surveys
from reports.compare import write_compare_report

__all__ = [
    "comparison_report_bytes",
    "load_results",
    "named_file",
    "questionnaire_file",
    "read_answers",
    "report_bytes",
    "revision_sheet_file",
]


def named_file(data: bytes, name: str) -> io.BytesIO:
    """``data`` as a file object named ``name``, the name the library's problems will carry."""
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def load_results(text: str) -> analysis.Results:
    """A run's results from the ``results.json`` text stored with it."""
    return analysis.Results.from_dict(json.loads(text))


def read_answers(model, files: Sequence[tuple[str, bytes]], experts: Sequence | None = None):
    """``surveys.read_responses`` on stored workbooks ``[(file name, bytes)]``.

    ``experts`` is the study's panel (its names and weights replace the
    workbooks'); a study without a panel passes none, and the workbooks' own
    experts are taken.  Raises ``QuestionnaireError``.
    """
    return surveys.read_responses(model, [named_file(data, name) for name, data in files],
                                  experts=list(experts) if experts else None)


def questionnaire_file(model, expert, lang: str) -> tuple[str, bytes]:
    """One expert's questionnaire workbook: ``(file name, bytes)``."""
    name = surveys.questionnaire_filename(expert, lang)
    with tempfile.TemporaryDirectory(prefix="rahbord-q-") as tmp:
        path = surveys.write_questionnaire(model, expert, Path(tmp) / name, lang=lang)
        return name, Path(path).read_bytes()


def revision_sheet_file(model, expert_id: str, lang: str, answers_file: tuple[str, bytes],
                        options: dict) -> tuple[str, bytes] | None:
    """``(file name, bytes)`` of an inconsistent expert's revision workbook, or None when none is needed.

    The expert's accepted workbook is read again and handed to
    ``surveys.write_revision_sheet`` with the run's threshold and RI table.
    """
    responses = read_answers(model, [answers_file])
    with tempfile.TemporaryDirectory(prefix="rahbord-v-") as tmp:
        out = Path(tmp) / f"revision-{expert_id}-{lang}.xlsx"
        path = surveys.write_revision_sheet(model, responses, expert_id, out, float(options.get("cr_threshold", 0.10)),
                                            lang=lang, ri_table=options.get("ri_table", "saaty"))
        if path is None:
            return None
        return Path(path).name, Path(path).read_bytes()


def report_bytes(results, kind: str, lang: str) -> bytes:
    """The report of ``results`` as ``kind`` (pdf / html / xlsx) in ``lang``, rendered by ``reports``."""
    with tempfile.TemporaryDirectory(prefix="rahbord-rep-") as tmp:
        out = Path(tmp) / f"report-{lang}.{kind}"
        if kind == "xlsx":
            path = reports.write_xlsx(results, out, lang=lang)
        elif kind == "html":
            path = reports.write_html(results, out, reports.ReportOptions(lang=lang))
        elif kind == "pdf":
            path = reports.write_pdf(results, out, reports.ReportOptions(lang=lang))
        else:
            raise ValueError(f"unknown report kind {kind!r} (use pdf, html or xlsx)")
        return Path(path).read_bytes()


def comparison_report_bytes(comparison, kind: str, lang: str, title: str) -> bytes:
    """The comparison report as ``kind`` (pdf / html), rendered by ``reports.compare``; the baseline's
    robustness (when its analysis computed one) is printed with it, as ``rahbord compare`` does."""
    if kind not in ("pdf", "html"):
        raise ValueError(f"unknown comparison report kind {kind!r} (use pdf or html)")
    with tempfile.TemporaryDirectory(prefix="rahbord-cmp-") as tmp:
        written = write_compare_report(comparison, tmp, lang, pdf=kind == "pdf", title=title,
                                       robustness=comparison.results[0].robustness)
        return Path(written[kind]).read_bytes()
