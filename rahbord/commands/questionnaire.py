"""``rahbord questionnaire``: write one questionnaire workbook per expert."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import typer

from mcda.errors import Problem, QuestionnaireError

from .common import EXIT_USER_ERROR, console, print_problems, report_errors, resolve_model

__all__ = ["run"]


def _panel(spec: str, lang: str) -> list:
    from criteria.catalogue import pgettext
    from surveys.questionnaire import digits
    from surveys.responses import Expert

    if spec.isdigit():
        n = int(spec)
        if not 1 <= n <= 10_000:
            raise QuestionnaireError("bad --experts", [Problem("", "", "--experts", f"{n} experts is out of range",
                                                               "a number from 1 to 10000, or a CSV / XLSX list")])
        width = max(2, len(str(n)))
        name = pgettext("cli.expert_name", "fa" if lang == "fa" else "en")  # "Expert {}"
        return [Expert(id=f"E{k:0{width}d}", name=name.format(digits(k, lang)), lang=lang) for k in range(1, n + 1)]
    from surveys import read_experts

    panel = read_experts(spec, lang=lang)
    # a list without an id column: number the experts as for --experts N
    width = max(2, len(str(len(panel))))
    return [e if e.id else replace(e, id=f"E{k:0{width}d}") for k, e in enumerate(panel, start=1)]


def run(
    model: str = typer.Argument(..., help="Model file (.yaml / .xlsx) or library model name, e.g. tehran-city-diplomacy."),
    experts: str = typer.Option(..., "--experts", "-e", help="A list of experts (CSV or XLSX; columns id, name, email, role, weight) or a number N."),
    lang: str = typer.Option("fa", "--lang", "-l", help="Questionnaire language: fa (Persian, right to left) or en."),
    out: Path = typer.Option(Path("questionnaires"), "--out", "-o", help="Folder for the workbooks."),
    incomplete: bool = typer.Option(False, "--incomplete", help="Ask each expert only a connected subset of the pairs."),
    coverage: int = typer.Option(3, "--coverage", help="With --incomplete: how many experts answer each pair (≥ 1)."),
    seed: int = typer.Option(0, "--seed", help="With --incomplete: seed of the random pair assignment."),
    layout: str = typer.Option("pairs", "--layout", help="pairs (which + how much, two dropdowns per pair) or "
                               "scale (the classic 9 … 1 … 9 row, one mark per pair)."),
) -> None:
    """Write one questionnaire workbook per expert.

    Each workbook carries the expert's name and id, an instructions sheet
    with the 1–9 scale and a worked example, dropdowns on every answer cell,
    and a hidden signature of the model version so answers for another
    version are refused when read back.

    Examples:

        rahbord questionnaire tehran-city-diplomacy --experts experts.csv --lang fa --out questionnaires/

        rahbord questionnaire tehran-city-diplomacy --experts panel.xlsx --lang en --out q/

        rahbord questionnaire my-model.yaml --experts 40 --lang en --out q/ --incomplete --coverage 3

        rahbord questionnaire tehran-city-diplomacy --experts 12 --layout scale --out q/
    """
    from rich.table import Table

    if lang not in ("fa", "en"):
        print_problems([Problem("", "", "--lang", f"unknown language {lang!r}", "fa or en")])
        raise typer.Exit(EXIT_USER_ERROR)
    if layout not in ("pairs", "scale"):
        print_problems([Problem("", "", "--layout", f"unknown layout {layout!r}", "pairs or scale")])
        raise typer.Exit(EXIT_USER_ERROR)
    with report_errors():
        loaded = resolve_model(model)
        panel = _panel(experts, lang)
        from surveys.designs import complete_design, incomplete_design
        from surveys.questionnaire import write_questionnaires

        if incomplete:
            try:
                design = incomplete_design(loaded, len(panel), coverage=coverage, seed=seed)
            except ValueError as exc:
                raise QuestionnaireError("bad --coverage", [Problem("", "", "--coverage", str(exc),
                                                                    f"1 … {len(panel)}")]) from None
        else:
            design = complete_design(loaded)
        paths = write_questionnaires(loaded, panel, out, lang=lang, design=design, layout=layout)
    table = Table(title=f"{len(paths)} questionnaires for {loaded.id} ({lang})")
    for column in ("expert", "name", "judgments", "file"):
        table.add_column(column, overflow="fold")
    for k, (expert, path) in enumerate(zip(panel, paths)):
        table.add_row(expert.id, expert.name, str(design.for_expert(k).n_judgments(loaded)), str(path))
    console.print(table)
    full = loaded.n_judgments()
    if incomplete:
        mean = sum(design.for_expert(k).n_judgments(loaded) for k in range(len(panel))) / len(panel)
        console.print(f"incomplete design: each pair asked of ≥ {coverage} experts; "
                      f"{mean:.0f} judgments per expert on average instead of {full}")
