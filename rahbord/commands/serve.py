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
    secure_cookies: bool = typer.Option(
        False, "--secure-cookies", envvar="RAHBORD_SECURE_COOKIES",
        help="Send the session cookie over HTTPS only (set this when users reach the app through HTTPS).",
    ),
    trust_proxy: bool = typer.Option(
        False, "--trust-proxy", envvar="RAHBORD_TRUST_PROXY",
        help="Behind a reverse proxy: take the client's address and scheme from its X-Forwarded-For / "
             "X-Forwarded-Proto headers, when the request comes from RAHBORD_TRUSTED_PROXIES "
             "(default 127.0.0.1,::1).",
    ),
) -> None:
    """Start the web app: studies, questionnaires, uploads, results and reports in a browser.

    Example:

        rahbord serve --port 8000 --data-dir ~/rahbord-data

    Behind an HTTPS reverse proxy on the same machine:

        rahbord serve --secure-cookies --trust-proxy

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
    # read by Settings in every worker process
    os.environ["RAHBORD_SECURE_COOKIES"] = "1" if secure_cookies else "0"
    os.environ["RAHBORD_TRUST_PROXY"] = "1" if trust_proxy else "0"
    trusted = os.environ.get("RAHBORD_TRUSTED_PROXIES", "127.0.0.1,::1")
    typer.echo(f"rahbord: serving http://{host}:{port}  (data in {data_dir})")
    uvicorn.run("rahbord.web:app_from_environment", factory=True, host=host, port=port, workers=workers,
                proxy_headers=trust_proxy, forwarded_allow_ips=trusted, log_level="info")
