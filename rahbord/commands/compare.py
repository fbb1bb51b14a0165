"""``rahbord compare``: a baseline and scenarios in; their results and a comparison report out."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from .common import console, report_errors

__all__ = ["run", "compare_scenarios"]


class Lang(str, Enum):
    fa = "fa"
    en = "en"


def run(
    baseline: Path = typer.Argument(
        ..., help="Baseline YAML (model, responses, options) or a results.json / results folder from rahbord analyze."
    ),
    scenarios: list[Path] = typer.Argument(..., help="Scenario YAML files (name, description, changes)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the comparison report and every run's results.json."),
    lang: Lang = typer.Option(Lang.fa, "--lang", help="Report language."),
    responses: list[Path] = typer.Option(
        None, "--responses", "-r", help="Baseline workbooks, when BASELINE is a results.json whose workbooks moved."
    ),
    draws: int = typer.Option(2000, "--draws", help="Monte Carlo draws for the baseline's rank acceptability (0: skip)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the Monte Carlo draws (same seed, same numbers)."),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Also render comparison.pdf (WeasyPrint)."),
    title: str = typer.Option(None, "--title", help="Report title (default: the model's title)."),
    templates: Path = typer.Option(None, "--templates", help="Folder of templates that override the packaged ones."),
    as_json: bool = typer.Option(False, "--json", help="Print the comparison as JSON instead of a table."),
) -> None:
    """Compare scenarios with a baseline: rankings, rank changes, weight deltas, robust conclusions.

    Example:

        rahbord compare baseline.yaml sanctions-persist.yaml sanctions-lifted.yaml --out compare/ --lang en
    """
    with report_errors():
        written, comparison = compare_scenarios(
            baseline, scenarios, out, lang=lang.value, responses=responses or None, draws=draws, seed=seed,
            pdf=pdf, title=title, templates=templates,
        )
    if as_json:
        typer.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=1))
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title="ranks", title_justify="left")
    table.add_column("strategy")
    for name in comparison.names:
        table.add_column(Text(name), justify="right")
    for a, sid in enumerate(comparison.strategy_ids):
        table.add_row(Text(sid), *(Text("–" if r != r else str(int(r))) for r in comparison.ranks[:, a]))
    console.print(table)
    console.print(f"[bold green]done[/] — {len(comparison.names) - 1} scenario(s) compared with {comparison.names[0]}")
    for kind, path in written.items():
        console.print(f"  {kind:<12} {path}")


def compare_scenarios(baseline_path, scenario_paths, out, *, lang="fa", responses=None, draws=2000, seed=0,
                      pdf=True, title=None, templates=None, read_responses=None):
    """Run the baseline and every scenario, write their results and the comparison; returns ``(written, comparison)``.

    Every scenario file is loaded and checked before anything runs, and all
    their problems are reported together.
    """
    from mcda.errors import ModelError, Problem
    from mcda.plain import plain_data
    from analysis.pipeline import analyze
    from analysis.robustness import robustness
    from analysis.scenarios import compare_results, load_baseline, load_scenario, run_scenario
    from reports.changes import describe_changes
    from reports.compare import write_compare_report

    out = Path(out)
    base = load_baseline(baseline_path, responses=responses, read_responses=read_responses)
    problems: list[Problem] = []
    loaded = []
    for path in scenario_paths:
        try:
            # a scenario with its own response set is checked against those when it runs
            loaded.append(load_scenario(path, base.model, base.responses))
        except ModelError as error:
            problems.extend(error.problems)
    seen: dict[str, str] = {}
    for s in loaded:
        if s.name in seen or s.name == base.name:
            problems.append(Problem(s.source, "", "name", f"scenario name {s.name!r} is used twice "
                                    f"(also {seen.get(s.name, 'the baseline')})", expected="a distinct name per scenario"))
        seen[s.name] = s.source
    if problems:
        raise ModelError(f"{len(problems)} problem(s) in the scenario files", problems)

    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    base_results = analyze(base.model, base.responses, base.options)
    (out / "baseline").mkdir(exist_ok=True)
    written["baseline"] = base_results.save(out / "baseline" / "results.json")
    runs = []
    for s in loaded:
        results = run_scenario(s, base.model, base.responses, base.options, read_responses=read_responses)
        folder = out / s.name
        folder.mkdir(exist_ok=True)
        written[s.name] = results.save(folder / "results.json")
        runs.append((s.name, results))
    comparison = compare_results(
        base_results, runs, baseline_name=base.name,
        descriptions=[base.description_fa if lang == "fa" and base.description_fa else base.description]
        + [s.description_fa if lang == "fa" and s.description_fa else s.description for s in loaded],
        changes=[()] + [tuple(describe_changes(s.changes, lang)) for s in loaded],
    )
    rob = robustness(base_results, base.responses, draws=draws, seed=seed) if len(base_results.strategy_ids) >= 2 else None
    data = {"scenarios": [s.to_dict() for s in loaded], **comparison.to_dict(),
            "robustness": None if rob is None else rob.to_dict()}
    tmp = out / "comparison.json.tmp"
    tmp.write_text(json.dumps(plain_data(data), ensure_ascii=False, indent=1, allow_nan=False), encoding="utf-8")
    tmp.replace(out / "comparison.json")
    written["json"] = out / "comparison.json"
    files = write_compare_report(comparison, out, lang, pdf=pdf, template_dir=templates, title=title, robustness=rob)
    written.update(files)
    return written, comparison

