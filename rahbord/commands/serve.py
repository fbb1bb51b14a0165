"""``rahbord serve``: the planner's workspace in a browser."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["run"]


def run(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (127.0.0.1: this computer only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    data_dir: Path = typer.Option(
        Path("rahbord-data"), "--data-dir", envvar="RAHBORD_DATA_DIR",
        help="Folder for the SQLite database, uploaded files and the session key.",
    ),
    workers: int = typer.Option(
        1, "--workers", help="App processes (more than 1 needs PostgreSQL via RAHBORD_DATABASE_URL)."
    ),
    no_signup: bool = typer.Option(False, "--no-signup", help="Refuse new accounts (existing planners only)."),
) -> None:
    """Start the web app: studies, questionnaires, uploads, results and reports in a browser.

    Example:

        rahbord serve --port 8000 --data-dir ~/rahbord-data

    Then open http://127.0.0.1:8000 and create an account.  Data stays in
    --data-dir (SQLite) unless RAHBORD_DATABASE_URL names a PostgreSQL database,
    e.g. postgresql://rahbord:secret@localhost/rahbord.
    """
    import os

    import uvicorn

    from rahbord.store import DATABASE_URL_ENV

    if workers > 1 and not os.environ.get(DATABASE_URL_ENV, "").startswith("postgres"):
        typer.echo(f"--workers {workers} needs PostgreSQL: set {DATABASE_URL_ENV}=postgresql://…", err=True)
        raise typer.Exit(2)
    data_dir = data_dir.expanduser().resolve()
    os.environ["RAHBORD_DATA_DIR"] = str(data_dir)
    if no_signup:
        os.environ["RAHBORD_NO_SIGNUP"] = "1"
    typer.echo(f"rahbord: serving http://{host}:{port}  (data in {data_dir})")
    uvicorn.run("rahbord.web:app_from_environment", factory=True, host=host, port=port, workers=workers,
                proxy_headers=False, log_level="info")
