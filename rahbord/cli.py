"""The ``rahbord`` command line.

Each sub-command lives in :mod:`rahbord.commands` (one module a command) and
is registered here.  Every command catches :class:`mcda.RahbordError` and
prints its problems as a table instead of a traceback (see
:func:`rahbord.commands.common.report_errors`).
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="rahbord",
    help="SWOT / AHP / ANP decision support: expert questionnaires in, ranked strategies and a bilingual report out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True),
) -> None:
    if version:
        from rahbord import __version__

        typer.echo(f"rahbord {__version__}")
        raise typer.Exit()


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":
    main()
