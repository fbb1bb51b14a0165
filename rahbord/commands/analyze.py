"""``rahbord analyze``: filled questionnaires in; results, report and workbook out."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

import mcda

from .common import console, report_errors, resolve_model

__all__ = ["run", "Lang", "Method", "Aggregation", "RiTable", "Completion", "Fuzzy", "build_outputs", "DEFAULT_DRAWS"]

#: Monte Carlo draws of the robustness check unless --draws says otherwise
#: (2,000 draws put P(first) within ±1.1 percentage points at 95 %)
DEFAULT_DRAWS = 2000


class Lang(str, Enum):
    fa = "fa"
    en = "en"


def _choice(field: str) -> type[Enum]:
    """A typer choice of one analysis option, its values read from the registry (mcda.OPTION_REGISTRIES)."""
    registry = mcda.OPTION_REGISTRIES[field]
    return Enum(field.title().replace("_", ""), {name.replace("-", "_"): name for name in registry.names}, type=str)


def _offered(field: str) -> str:
    registry = mcda.OPTION_REGISTRIES[field]
    return "; ".join(f"{name}: {registry[name].label_en}" for name in registry.names)


Method = _choice("method")
Aggregation = _choice("aggregation")
RiTable = _choice("ri_table")
Completion = _choice("completion")
Fuzzy = _choice("fuzzy")


def run(
    model: str = typer.Argument(..., help="Model file (.yaml / .xlsx) or built-in model name, e.g. tehran-city-diplomacy."),
    responses: list[Path] = typer.Argument(..., help="Filled questionnaire workbooks (.xlsx)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for results.json, report.pdf, report.html, report.docx, results.xlsx."),
    lang: Lang = typer.Option(Lang.fa, "--lang", help="Report language."),
    method: Method = typer.Option("eigen", "--method", help=f"Priority method ({_offered('method')})."),
    aggregation: Aggregation = typer.Option("aij", "--aggregation", help=f"Aggregation of the experts ({_offered('aggregation')})."),
    exclude_inconsistent: bool = typer.Option(
        False, "--exclude-inconsistent/--keep-inconsistent",
        help="Leave experts whose CR exceeds the threshold in any set out of the aggregation (default: keep and flag them).",
    ),
    cr_threshold: float = typer.Option(0.10, "--cr-threshold", help="Consistency ratio above which a matrix is inconsistent."),
    ri_table: RiTable = typer.Option("saaty", "--ri-table", help=f"Random index table for CR ({_offered('ri_table')})."),
    completion: Completion = typer.Option(
        "lambda-max", "--completion", help=f"Completion of unanswered comparisons ({_offered('completion')})."
    ),
    fuzzy: Fuzzy = typer.Option(
        "none", "--fuzzy",
        help=f"Fuzzy AHP beside the crisp result, on the same answers ({_offered('fuzzy')}). "
             "Chang's extent analysis is not offered: it can give zero weights (Wang, Luo & Hua 2008).",
    ),
    title: str = typer.Option(None, "--title", help="Report title (default: the model's title)."),
    client: str = typer.Option(None, "--client", help="Organisation the report is prepared for (cover page)."),
    templates: Path = typer.Option(None, "--templates", help="Folder of templates that override the packaged ones."),
    draws: int = typer.Option(
        DEFAULT_DRAWS, "--draws", min=0,
        help="Monte Carlo draws of the robustness check (rank acceptability, weight crossings, other MCDA methods); 0 leaves it out.",
    ),
    mc_seed: int = typer.Option(0, "--mc-seed", min=0, help="Seed of the Monte Carlo draws (same seed, same numbers)."),
) -> None:
    """Analyse filled questionnaires: weights, consistency, consensus, ranking, report.

    Example:

        rahbord analyze tehran-city-diplomacy answers/*.xlsx --out results/ --lang fa --draws 2000
    """
    from analysis.pipeline import AnalysisOptions

    with report_errors():
        options = AnalysisOptions(
            method=method.value,
            aggregation=aggregation.value,
            completion=completion.value,
            exclude_inconsistent=exclude_inconsistent,
            cr_threshold=cr_threshold,
            ri_table=ri_table.value,
            robustness_draws=draws,
            robustness_seed=mc_seed,
            fuzzy=fuzzy.value,
        )
        _results, paths = build_outputs(
            model, responses, out, options, langs=(lang.value,), title=title, client=client, templates=templates
        )
    console.print(f"[bold green]done[/] — {len(responses)} questionnaire(s) analysed")
    print_outcome(_results, lang.value)
    for kind, path in paths.items():
        console.print(f"  {kind:<8} {path}")


#: strategies named in the summary `rahbord analyze` prints
TOP_SHOWN = 3


def print_outcome(results, lang: str) -> None:
    """The top strategies by name, and the experts to call back (a set above the CR threshold), with their sets."""
    model = results.model_obj
    console.print("[bold]Top strategies[/]")
    for rank, (sid, score) in enumerate(results.ranking()[:TOP_SHOWN], start=1):
        console.print(f"  {rank}. {model.label(sid, lang)} [dim]({sid})[/]  {score:.3f}")
    if results.fuzzy is not None:  # beside the crisp ranking, never instead of it
        order = sorted(range(len(results.strategy_ids)), key=lambda k: int(results.fuzzy.ranks[k]))[:TOP_SHOWN]
        console.print(f"[bold]Fuzzy AHP ({mcda.FUZZY_METHODS.label(results.fuzzy.method, 'en')})[/]: "
                      + ", ".join(f"{r}. {results.strategy_ids[k]} {float(results.fuzzy.strategy_scores[k]):.3f}"
                                  for r, k in enumerate(order, start=1)))
    threshold = float(results.options.get("cr_threshold", 0.10))
    call_back = []
    for k, expert in enumerate(results.experts):
        over = [f"{s.id} (CR {float(s.cr[k]):.2f})" for s in results.sets
                if s.cr.shape[0] > k and float(s.cr[k]) > threshold]
        if over:
            call_back.append(f"  {expert.id} {expert.name}: " + ", ".join(over))
    if call_back:
        console.print(f"[bold]Experts to call back[/] (CR above {threshold:g}; `rahbord validate --revisions DIR` "
                      "writes each one a revision workbook with the judgments to revisit)")
        for line in call_back:
            console.print(line)
    else:
        console.print(f"No expert to call back: every set is within CR {threshold:g}.")


def build_outputs(model_arg, response_paths, out: Path, options, *, langs=("fa",), title=None, client=None,
                  templates=None, stems=None, model=None):
    """Read, analyse and write everything, with a progress bar; returns ``(results, {kind: path})``.

    ``langs`` lists the report languages; the first is written as
    ``report.pdf`` / ``report.html``, the others as ``report-<lang>.*``
    (or as given by ``stems``).
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    import surveys
    from analysis.pipeline import analyze
    from reports import ReportOptions, write_report, write_xlsx

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stems = stems or {lang: "report" if k == 0 else f"report-{lang}" for k, lang in enumerate(langs)}
    steps = 4 + 2 * len(langs)
    written: dict[str, Path] = {}
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), console=console, transient=True,
    ) as progress:
        task = progress.add_task("loading the model", total=steps)
        model = model or resolve_model(model_arg)
        progress.update(task, advance=1, description=f"reading {len(response_paths)} questionnaire(s)")
        responses = surveys.read_responses(model, [Path(p) for p in response_paths])
        progress.update(task, advance=1, description="analysing")
        results = analyze(model, responses, options, progress=lambda m: progress.update(task, description=m))
        progress.update(task, advance=1, description="saving results.json and results.xlsx")
        written["results"] = results.save(out / "results.json")
        written["xlsx"] = write_xlsx(results, out / "results.xlsx", lang=langs[0])
        progress.update(task, advance=1)
        for lang in langs:
            progress.update(task, description=f"rendering the {lang} report")
            files = write_report(
                results, out, ReportOptions(lang=lang, title=title, client=client, template_dir=templates), stem=stems[lang]
            )
            progress.update(task, advance=2)
            suffix = "" if stems[lang] == "report" else f"-{lang}"
            written[f"pdf{suffix}"] = files["pdf"]
            written[f"html{suffix}"] = files["html"]
            written[f"docx{suffix}"] = files["docx"]
    return results, written
