"""The ``rahbord`` command line.

Each sub-command lives in :mod:`rahbord.commands` (one module a command) and
is registered here.  Every command catches :class:`mcda.RahbordError` and
prints its problems as a table instead of a traceback (see
:func:`rahbord.commands.common.report_errors`).
"""

from __future__ import annotations

import typer

from rahbord.commands import analyze, compare, demo, questionnaire, serve, validate

app = typer.Typer(
    name="rahbord",
    help="SWOT / AHP / ANP decision support: expert questionnaires in, ranked strategies and a bilingual report out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback(invoke_without_command=True)
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True),
) -> None:
    if version:
        from rahbord import __version__

        typer.echo(f"rahbord {__version__}")
        raise typer.Exit()


# In the order a study runs: try it, send questionnaires, check answers, analyse, compare, serve.
app.command("demo")(demo.run)
app.command("questionnaire")(questionnaire.run)
app.command("validate")(validate.run)
app.command("analyze")(analyze.run)
app.command("compare")(compare.run)
app.command("serve")(serve.run)


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":
    main()
