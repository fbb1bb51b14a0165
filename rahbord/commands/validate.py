"""``rahbord validate``: check a model, or filled questionnaires against it."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from mcda.errors import ModelError, Problem, RahbordError

from .common import console, print_problems, resolve_model

__all__ = ["run", "problem_counts"]


def problem_counts(problems) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(p.severity == "error" for p in problems)
    return errors, len(problems) - errors


def _expand(paths: list[Path]) -> list[str]:
    """Files as given; a folder stands for the .xlsx files in it."""
    out: list[str] = []
    for p in paths:
        if p.is_dir():
            out.extend(str(x) for x in sorted(p.glob("*.xlsx")) if not x.name.startswith("~$"))
        else:
            out.append(str(p))
    return out


def _write_revisions(model, responses, folder: Path, threshold: float) -> list[str]:
    from surveys.revision import write_revision_sheet

    written = []
    for expert in responses.experts:
        path = write_revision_sheet(model, responses, expert.id, folder / f"revision-{expert.id}.xlsx",
                                    threshold=threshold)
        if path is not None:
            written.append(str(path))
    return written


def run(
    model: str = typer.Argument(..., help="Model file (.yaml / .xlsx) or library model name, e.g. tehran-city-diplomacy."),
    responses: list[Path] = typer.Argument(None, help="Filled questionnaire workbooks, or folders of them."),
    as_json: bool = typer.Option(False, "--json", help="Print the problems as JSON instead of a table."),
    revisions: Path = typer.Option(None, "--revisions", help="Write a revision workbook for every expert with a "
                                   "set above the CR threshold into this folder."),
    threshold: float = typer.Option(0.10, "--cr-threshold", help="Consistency-ratio threshold (Saaty: 0.10)."),
    lang: str = typer.Option("en", "--lang", help="Language of the model's problems and the table: en or fa "
                             "(a questionnaire's problems are in the questionnaire's own language)."),
) -> None:
    """Check a model, or filled questionnaires against a model.

    With only MODEL, the model's problems are listed.  With RESPONSES, every
    workbook is checked (model version, expert ids, every answer cell) and
    every problem in every file is listed with its file, sheet and cell.
    The exit code is 1 when there is any error.

    Examples:

        rahbord validate tehran-city-diplomacy

        rahbord validate tehran-city-diplomacy answers/*.xlsx

        rahbord validate my-model.yaml answers/ --json

        rahbord validate tehran-city-diplomacy answers/ --revisions revisions/

        rahbord validate my-model.yaml --lang fa
    """
    lang = "fa" if lang == "fa" else "en"
    problems: list[Problem] = []
    summary: dict = {}
    try:
        if not responses and Path(model).is_file():  # a model file: every problem, worded in --lang
            import criteria

            checked = criteria.check_model_file(Path(model), lang=lang)
            if checked.model is None:
                raise ModelError(f"{model}: the model has errors", list(checked.problems))
        loaded = resolve_model(model)
        if not responses:
            import criteria

            problems = list(criteria.validate_model(loaded, source=model, lang=lang))
            summary = {"model": loaded.id, "version": loaded.version, "comparison_sets": len(loaded.comparison_sets()),
                       "judgments_per_expert": loaded.n_judgments()}
        else:
            from surveys.reader import read_responses
            from surveys.revision import consistency_warnings

            result = read_responses(loaded, _expand(list(responses)))
            warnings = consistency_warnings(loaded, result, threshold)
            problems = list(result.problems) + [w.to_problem() for w in warnings]
            rows = [{"expert": w.expert_id, "file": w.file, "set": w.set_id, "cr": w.cr, "revisit": w.revisit}
                    for w in warnings]
            summary = {"model": loaded.id, "experts": result.n_experts, "inconsistent": rows, "threshold": threshold}
            if revisions is not None:
                summary["revisions"] = _write_revisions(loaded, result, revisions, threshold)
    except RahbordError as exc:  # the model or the files are bad: that is this command's answer, not a crash
        problems = list(getattr(exc, "problems", []) or [Problem(model, "", "", str(exc))])
    errors, warnings = problem_counts(problems)
    if as_json:
        typer.echo(json.dumps({"ok": errors == 0, "errors": errors, "warnings": warnings,
                               "problems": [p.to_dict() for p in problems], **summary}, ensure_ascii=False, indent=2))
    else:
        if problems:
            ordered = sorted(problems, key=lambda p: p.severity != "error")  # errors first, file order kept
            print_problems(ordered, title=_counts_title(errors, warnings, lang), to=console, lang=lang)
        if errors == 0:
            _print_summary(console, summary, bool(responses))
    if errors:
        raise typer.Exit(1)


def _counts_title(errors: int, warnings: int, lang: str) -> str:
    from criteria.catalogue import pgettext
    from mcda.digits import localize_digits

    lang = "fa" if lang == "fa" else "en"
    return localize_digits(pgettext("cli.counts", lang).format(errors=errors, warnings=warnings), lang)


def _print_summary(console, summary: dict, with_responses: bool) -> None:
    if not with_responses:
        console.print(f"[green]model {summary['model']} (version {summary['version']}) is valid[/green]: "
                      f"{summary['comparison_sets']} comparison sets, "
                      f"{summary['judgments_per_expert']} judgments per expert")
        return
    console.print(f"[green]{summary['experts']} questionnaires accepted[/green] for model {summary['model']}")
    rows = summary.get("inconsistent", [])
    if rows:
        from rich.table import Table

        table = Table(title=f"Inconsistent judgments (CR > {summary['threshold']:g}): call these experts back")
        for column in ("expert", "comparison set", "CR", "judgment to revisit"):
            table.add_column(column)
        for row in rows:
            table.add_row(row["expert"], row["set"], f"{row['cr']:.3f}", row["revisit"])
        console.print(table)
    for path in summary.get("revisions", []):
        console.print(f"revision workbook written: {path}")
