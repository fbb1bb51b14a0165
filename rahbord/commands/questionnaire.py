"""``rahbord questionnaire``: write one questionnaire workbook per expert."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import typer

from mcda.errors import Problem, QuestionnaireError

from .common import EXIT_USER_ERROR, console, print_problems, report_errors, resolve_model

__all__ = ["run", "read_experts_csv"]

_COLUMNS = ("id", "name", "email", "role", "weight")
_MAX_CSV_BYTES = 2 * 1024 * 1024


def read_experts_csv(path) -> list:
    """The panel from a CSV with the columns ``id,name,email,role,weight`` (only ``id`` required).

    Raises :class:`QuestionnaireError` listing every bad row (missing or
    duplicate id, a weight that is not a positive number, unknown columns).
    """
    from surveys.responses import Expert

    name = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(_MAX_CSV_BYTES + 1)
    except OSError as exc:
        raise QuestionnaireError(f"cannot read {name}", [Problem(name, "", "", f"cannot be read: {exc.strerror or exc}",
                                                                 "a CSV file id,name,email,role,weight")]) from None
    problems: list[Problem] = []
    if len(raw) > _MAX_CSV_BYTES:
        problems.append(Problem(name, "", "", "is larger than 2 MB: not an experts list", "a CSV of experts"))
        raise QuestionnaireError(f"{name}: not an experts list", problems)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise QuestionnaireError(f"{name}: not UTF-8", [Problem(name, "", "", "is not UTF-8 text",
                                                                "a CSV saved as UTF-8")]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "id" not in header:
        raise QuestionnaireError(f"{name}: no id column", [Problem(name, "", "row 1", "has no 'id' column",
                                                                   "a header row: id,name,email,role,weight")])
    unknown = [h for h in header if h and h not in _COLUMNS]
    if unknown:
        problems.append(Problem(name, "", "row 1", f"unknown column(s) {', '.join(unknown)} are ignored",
                                "id,name,email,role,weight", "warning"))
    experts, seen = [], {}
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        if not any(row.values()):
            continue
        eid = row.get("id", "")
        if not eid:
            problems.append(Problem(name, "", f"row {number} › id", "the expert has no id", "a short unique id, e.g. E01"))
            continue
        if eid in seen:
            problems.append(Problem(name, "", f"row {number} › id", f"id {eid!r} is also used in row {seen[eid]}",
                                    "a unique id per expert"))
            continue
        seen[eid] = number
        weight = 1.0
        if row.get("weight"):
            try:
                weight = float(row["weight"])
                if not weight > 0 or weight != weight or weight == float("inf"):
                    raise ValueError
            except ValueError:
                problems.append(Problem(name, "", f"row {number} › weight", f"{row['weight']!r} is not a positive "
                                        "number", "a positive number such as 1 or 2.5 (empty = 1)"))
                continue
        experts.append(Expert(id=eid, name=row.get("name", "") or eid, role=row.get("role", ""),
                              email=row.get("email", ""), weight=weight))
    if not experts and not any(p.severity == "error" for p in problems):
        problems.append(Problem(name, "", "", "lists no experts", "one row per expert under the header"))
    if any(p.severity == "error" for p in problems):
        raise QuestionnaireError(f"{name}: the experts list has problems", problems)
    return experts


def _panel(spec: str) -> list:
    from surveys.responses import Expert

    if spec.isdigit():
        n = int(spec)
        if not 1 <= n <= 10_000:
            raise QuestionnaireError("bad --experts", [Problem("", "", "--experts", f"{n} experts is out of range",
                                                               "a number from 1 to 10000, or a CSV file")])
        width = max(2, len(str(n)))
        return [Expert(id=f"E{k:0{width}d}", name=f"Expert {k}") for k in range(1, n + 1)]
    return read_experts_csv(spec)


def run(
    model: str = typer.Argument(..., help="Model file (.yaml / .xlsx) or library model name, e.g. tehran-city-diplomacy."),
    experts: str = typer.Option(..., "--experts", "-e", help="experts.csv (id,name,email,role,weight) or a number N."),
    lang: str = typer.Option("fa", "--lang", "-l", help="Questionnaire language: fa (Persian, right to left) or en."),
    out: Path = typer.Option(Path("questionnaires"), "--out", "-o", help="Folder for the workbooks."),
    incomplete: bool = typer.Option(False, "--incomplete", help="Ask each expert only a connected subset of the pairs."),
    coverage: int = typer.Option(3, "--coverage", help="With --incomplete: how many experts answer each pair (≥ 1)."),
    seed: int = typer.Option(0, "--seed", help="With --incomplete: seed of the random pair assignment."),
) -> None:
    """Write one questionnaire workbook per expert.

    Each workbook carries the expert's name and id, an instructions sheet
    with the 1–9 scale and a worked example, dropdowns on every answer cell,
    and a hidden signature of the model version so answers for another
    version are refused when read back.

    Examples:

        rahbord questionnaire tehran-city-diplomacy --experts experts.csv --lang fa --out questionnaires/

        rahbord questionnaire my-model.yaml --experts 40 --lang en --out q/ --incomplete --coverage 3
    """
    from rich.table import Table

    if lang not in ("fa", "en"):
        print_problems([Problem("", "", "--lang", f"unknown language {lang!r}", "fa or en")])
        raise typer.Exit(EXIT_USER_ERROR)
    with report_errors():
        loaded = resolve_model(model)
        panel = _panel(experts)
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
        paths = write_questionnaires(loaded, panel, out, lang=lang, design=design)
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
