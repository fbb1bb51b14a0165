"""The web app's only door to the rest of rahbord.

Every computation the pages show is done by the same code as the CLI:
``criteria`` (models), ``surveys`` (questionnaires in and out),
:mod:`analysis.pipeline` (analysis) and ``reports`` (charts, HTML/PDF/XLSX).
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
    "check_scenario_data",
    "describe_changes",
    "scenario_fit_problems",
    "run_scenario",
    "compare_runs",
    "comparison_context",
    "render_comparison",
    "COMPARISON_FORMATS",
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
    """Experts from an uploaded CSV / XLSX list (``surveys.read_experts``; raises ``QuestionnaireError``)."""
    return list(_attr("surveys", "read_experts")(data, name=filename))


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
    pipeline = importlib.import_module("analysis.pipeline")
    opts = pipeline.AnalysisOptions(**(options or {}))
    return pipeline.analyze(model, responses, opts, progress=progress)


def results_from_json(text: str):
    import json

    return _attr("analysis.results", "Results").from_dict(json.loads(text))


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


# ---- scenarios and their comparison -----------------------------------------------------
class _PanelIds:
    """What :func:`analysis.scenarios.check_scenario` reads of the responses (their expert ids), before any
    workbook is read: a scenario is checked against the study's panel when it is saved, and against
    the run's responses again when it runs."""

    def __init__(self, expert_ids):
        self.expert_ids = tuple(expert_ids)


_SCENARIO_KEYS = ("name", "description", "description_fa", "changes")


def _definition(stored: dict) -> dict:
    """A stored scenario (which also records its row id and results) as the scenario file it stands for."""
    return {k: stored[k] for k in _SCENARIO_KEYS if k in stored}


def _without_response_files(data, source: str):
    """The web app never opens files a scenario names: ``changes.responses`` (another response set, a path
    on the server) is a CLI feature and is refused here, before anything resolves the paths."""
    from collections.abc import Mapping

    from mcda.errors import Problem

    changes = data.get("changes") if isinstance(data, Mapping) else None
    if isinstance(changes, Mapping) and "responses" in changes:
        problem = Problem(source, "", "changes.responses", "another response set cannot be named in the web app",
                          expected="create a study for that response set, or use `rahbord compare`")
        return {**data, "changes": {k: v for k, v in changes.items() if k != "responses"}}, [problem]
    return data, []


def check_scenario_data(data, model, expert_ids=(), source: str = "form"):
    """``(scenario, problems)``: ``analysis.scenarios.scenario_from_dict`` checked against the model and
    the panel's expert ids; ``scenario`` is None when there is any problem (all are listed)."""
    scenarios = importlib.import_module("analysis.scenarios")
    from mcda.errors import ModelError

    data, problems = _without_response_files(data, source)
    try:
        scenario = scenarios.scenario_from_dict(data, source=source, model=model,
                                                responses=_PanelIds(expert_ids) if expert_ids else None)
    except ModelError as error:
        return None, problems + list(error.problems)
    return (None, problems) if problems else (scenario, [])


def describe_changes(changes: dict, lang: str) -> list[str]:
    """A scenario's changes in words, in ``lang`` (``reports.changes``)."""
    return list(_attr("reports.changes", "describe_changes")(changes, lang))


def scenario_fit_problems(data: dict, model, responses) -> list:
    """Problems of a stored scenario against the responses it is about to change (empty when it fits)."""
    scenarios = importlib.import_module("analysis.scenarios")
    from mcda.errors import ModelError

    data, problems = _without_response_files(_definition(data), data.get("name", ""))
    try:
        scenario = scenarios.scenario_from_dict(data, source=data.get("name", ""), model=model)
    except ModelError as error:
        return problems + list(error.problems)
    return problems + scenarios.check_scenario(scenario, model, responses)


def run_scenario(data: dict, model, responses, options: dict, progress: Callable[[str], None] | None = None):
    """``analysis.scenarios.run_scenario`` for a stored scenario, on a run's options (as stored with the run)."""
    import dataclasses

    scenarios = importlib.import_module("analysis.scenarios")
    pipeline = importlib.import_module("analysis.pipeline")
    data, _ = _without_response_files(_definition(data), data.get("name", ""))
    scenario = scenarios.scenario_from_dict(data, source=data.get("name", ""), model=model)
    names = {f.name for f in dataclasses.fields(pipeline.AnalysisOptions)}
    opts = pipeline.AnalysisOptions(**{k: v for k, v in (options or {}).items() if k in names})
    if "robustness_draws" in names:  # the comparison reads ranks and weights; robustness is the baseline's
        opts = dataclasses.replace(opts, robustness_draws=0)
    return scenarios.run_scenario(scenario, model, responses, opts, progress=progress)


def compare_runs(baseline_json: str, runs: Sequence[tuple[dict, str]], lang: str):
    """``analysis.scenarios.compare_results`` of a stored baseline and scenario results, worded in ``lang``."""
    scenarios = importlib.import_module("analysis.scenarios")
    describe = _attr("reports.changes", "describe_changes")
    baseline = results_from_json(baseline_json)
    loaded = [(d["name"], results_from_json(text)) for d, text in runs]

    def description(d: dict) -> str:
        return (d.get("description_fa") or d.get("description") or "") if lang == "fa" else (
            d.get("description") or d.get("description_fa") or "")

    return scenarios.compare_results(
        baseline, loaded, baseline_name="baseline",
        descriptions=[""] + [description(d) for d, _ in runs],
        changes=[()] + [tuple(describe(d.get("changes"), lang)) for d, _ in runs],
    )


def comparison_context(comparison, lang: str, title: str) -> dict:
    """The comparison report's own context (formatted numbers, the bump chart) for the comparison page."""
    return _attr("reports.compare", "build_compare_context")(comparison, lang, title=title)


COMPARISON_FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def render_comparison(comparison, kind: str, lang: str, title: str) -> bytes:
    """The comparison report as ``kind`` (pdf / html), rendered by ``reports.compare``; the baseline's
    robustness (when its analysis computed one) is printed with it, as ``rahbord compare`` does."""
    write = _attr("reports.compare", "write_compare_report")
    if kind not in COMPARISON_FORMATS:
        raise ValueError(f"unknown comparison report kind {kind!r}")
    extra = {}
    robustness = getattr(comparison.results[0], "robustness", None)
    if robustness is not None:
        extra["robustness"] = robustness
    with tempfile.TemporaryDirectory(prefix="rahbord-cmp-") as tmp:
        written = write(comparison, tmp, lang, pdf=kind == "pdf", title=title, **extra)
        return Path(written[kind]).read_bytes()
