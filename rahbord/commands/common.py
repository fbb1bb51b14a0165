"""Helpers shared by the ``rahbord`` sub-commands (kept small on purpose).

* :func:`resolve_model` — a MODEL argument is a file (YAML or model workbook)
  or the name of a built-in model;
* :func:`print_problems` — a list of :class:`mcda.Problem` as a table
  (file, sheet, cell, message, expected);
* :func:`report_errors` — a context manager that turns any
  :class:`mcda.RahbordError` into that table and a non-zero exit, never a
  traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mcda.errors import Problem, RahbordError

__all__ = ["console", "err_console", "resolve_model", "print_problems", "report_errors", "EXIT_USER_ERROR"]

console = Console()
err_console = Console(stderr=True)

#: exit status of a command stopped by bad input (files, options)
EXIT_USER_ERROR = 2


def resolve_model(argument: str):
    """The model named by a command-line argument: an existing file, else a built-in model name."""
    import criteria

    path = Path(argument)
    if path.exists():
        if path.is_dir():
            raise RahbordError(f"{argument} is a folder; give a model file (.yaml or .xlsx) or a built-in model name")
        return criteria.load_model(path)
    if path.suffix.lower() in {".yaml", ".yml", ".xlsx", ".json"} or "/" in argument or "\\" in argument:
        raise RahbordError(
            f"model file {argument} does not exist (built-in models: {', '.join(criteria.library_models())})"
        )
    return criteria.load_library_model(argument)


def problem_columns(lang: str) -> tuple[str, ...]:
    """The problem table's column heads in ``lang`` (the catalogue's ``cli.problem_columns``)."""
    from criteria.catalogue import pgettext  # here, not at the top: `rahbord --help` loads no model machinery

    return tuple(pgettext(f"cli.problem_columns.{k}", lang if lang == "fa" else "en") for k in range(5))


def print_problems(problems: Iterable[Problem], title: str = "Problems", *, to: Console | None = None,
                   lang: str = "en") -> None:
    """Print problems as a table: file, sheet, cell, message, expected (column heads in ``lang``)."""
    table = Table(title=title, show_lines=False, title_justify="left", expand=False)
    for column in problem_columns(lang):
        table.add_column(column, overflow="fold")
    for p in problems:
        style = "yellow" if p.severity == "warning" else None
        # Text(...) keeps user text literal: no rich markup is interpreted
        table.add_row(*(Text(str(v)) for v in (p.file, p.sheet, p.cell, p.message, p.expected)), style=style)
    (to or err_console).print(table)


@contextlib.contextmanager
def report_errors() -> Iterator[None]:
    """Show a :class:`RahbordError` as a message plus its problem table, then exit non-zero."""
    try:
        yield
    except RahbordError as error:
        problems = list(getattr(error, "problems", []) or [])
        headline = str(error).split("\n", 1)[0]
        err_console.print(Text(f"error: {headline}", style="bold red"))
        if problems:
            print_problems(problems, title=f"{len(problems)} problem(s)")
        raise typer.Exit(EXIT_USER_ERROR) from None
    except OSError as error:  # an unreadable input or unwritable output folder
        err_console.print(Text(f"error: {error}", style="bold red"))
        raise typer.Exit(EXIT_USER_ERROR) from None
