"""The web app's only door to the rest of rahbord.

Every computation the pages show is done by the same code as the CLI:
``criteria`` (models), ``surveys`` (questionnaires in and out),
:mod:`rahbord.pipeline` (analysis) and ``reports`` (charts, HTML/PDF/XLSX).
This module only adapts arguments (bytes in the database ↔ paths on disk);
it computes nothing itself.  Heavy modules are imported on first use so the
app starts quickly.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = [
    "library_models",
    "load_library_model",
    "check_model_bytes",
    "model_data",
    "model_from_data",
    "validate_model_data",
    "write_questionnaire",
    "questionnaire_filename",
    "read_responses",
    "analyze",
    "results_from_json",
    "render_report",
    "report_context",
    "revision_sheet",
    "read_expert_list",
    "Missing",
]


class Missing(RuntimeError):
    """A part of rahbord the web app relies on is not installed or not written yet."""


def _attr(module: str, *names: str):
    try:
        mod = importlib.import_module(module)
    except ImportError as error:
        raise Missing(f"{module} is not available ({error})") from error
    for name in names:
        if hasattr(mod, name):
            return getattr(mod, name)
    raise Missing(f"{module} has none of {', '.join(names)}")


# ---- models --------------------------------------------------------------------------
def library_models() -> tuple[str, ...]:
    return tuple(_attr("criteria", "library_models")())


def load_library_model(name: str):
    return _attr("criteria", "load_library_model")(name)


def check_model_bytes(data: bytes, filename: str):
    """``criteria.check_model_file`` on uploaded bytes (YAML or model workbook, by content)."""
    import io

    handle = io.BytesIO(data)
    handle.name = filename  # the problems name the file the planner sent
    return _attr("criteria", "check_model_file")(handle)


def model_data(model) -> dict:
    """A model's canonical plain data (what a YAML file holds), as stored in a study."""
    return _attr("criteria", "model_to_data")(model)


def model_from_data(data: dict):
    return _attr("criteria", "model_from_dict")(data)


def validate_model_data(data: dict) -> list:
    return list(_attr("criteria", "validate_model")(data, source="form"))


# ---- questionnaires ------------------------------------------------------------------
def questionnaire_filename(expert, lang: str) -> str:
    return _attr("surveys.questionnaire", "questionnaire_filename")(expert, lang)


def write_questionnaire(model, expert, lang: str) -> tuple[str, bytes]:
    """One expert's questionnaire workbook: ``(file name, bytes)``."""
    write = _attr("surveys", "write_questionnaire")
    name = questionnaire_filename(expert, lang)
    with tempfile.TemporaryDirectory(prefix="rahbord-q-") as tmp:
        path = write(model, expert, Path(tmp) / name, lang=lang)
        return name, Path(path).read_bytes()


def read_responses(model, files: Sequence[tuple[str, bytes]], experts=None):
    """``surveys.read_responses`` on uploaded workbooks, each named as the planner uploaded it.

    The reader parses in limited worker processes (hostile files) and names
    the file in every problem.  Raises ``QuestionnaireError``.
    """
    import io

    read = _attr("surveys", "read_responses")
    handles = []
    for name, data in files:
        handle = io.BytesIO(data)
        handle.name = name
        handles.append(handle)
    return read(model, handles, experts=experts or None)


def read_expert_list(data: bytes, filename: str):
    """Experts from an uploaded CSV / XLSX list (surveys' reader when it has one)."""
    try:
        read = _attr("surveys", "read_experts", "read_expert_list", "load_experts")
    except Missing:
        from .expert_list import read_expert_list as read_here

        return read_here(data, filename)
    import io

    handle = io.BytesIO(data)
    handle.name = filename
    return list(read(handle))


def revision_sheet(model, expert_id: str, lang: str, answers_file: tuple[str, bytes], options: dict):
    """``(file name, bytes)`` of an inconsistent expert's revision workbook, or None when none is needed.

    The expert's accepted workbook is read again and handed to
    ``surveys.write_revision_sheet`` with the run's threshold and RI table.
    """
    write = _attr("surveys", "write_revision_sheet")
    responses = read_responses(model, [answers_file])
    with tempfile.TemporaryDirectory(prefix="rahbord-v-") as tmp:
        out = Path(tmp) / f"revision-{expert_id}-{lang}.xlsx"
        path = write(model, responses, expert_id, out, float(options.get("cr_threshold", 0.10)), lang=lang,
                     ri_table=options.get("ri_table", "saaty"))
        if path is None:
            return None
        return Path(path).name, Path(path).read_bytes()


# ---- analysis and reports --------------------------------------------------------------
def analyze(model, responses, options: dict | None, progress: Callable[[str], None] | None):
    pipeline = importlib.import_module("rahbord.pipeline")
    opts = pipeline.AnalysisOptions(**(options or {}))
    return pipeline.analyze(model, responses, opts, progress=progress)


def results_from_json(text: str):
    import json

    return _attr("rahbord.results", "Results").from_dict(json.loads(text))


def report_context(results, lang: str) -> dict:
    """The report's own context (formatted numbers, chart SVG data URIs) for the results page."""
    return _attr("reports.context", "build_context")(results, lang)


REPORT_FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def render_report(results, kind: str, lang: str) -> bytes:
    """The report of ``results`` as ``kind`` (pdf / html / xlsx) in ``lang``, rendered by ``reports``."""
    reports = importlib.import_module("reports")
    with tempfile.TemporaryDirectory(prefix="rahbord-rep-") as tmp:
        out = Path(tmp) / f"report-{lang}.{kind}"
        if kind == "xlsx":
            path = reports.write_xlsx(results, out, lang=lang)
        elif kind == "html":
            path = reports.write_html(results, out, reports.ReportOptions(lang=lang))
        elif kind == "pdf":
            path = reports.write_pdf(results, out, reports.ReportOptions(lang=lang))
        else:
            raise ValueError(f"unknown report kind {kind!r}")
        return Path(path).read_bytes()
