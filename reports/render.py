"""Render results as a standalone HTML report and as a PDF (WeasyPrint).

* Templates come from the packaged ``templates/`` folder; a user's folder, when
  given, is searched first, so any template (or ``report/print.css``) can be
  overridden by a file of the same name.
* Autoescaping is on: labels and names from users are inert text.
* The HTML is standalone: the stylesheet is inlined and charts are SVG data
  URIs.  The PDF renderer gets :class:`AssetFetcher`, which serves only
  ``data:`` URIs and files inside the packaged templates folder (or the user's
  template folder) and refuses the network and every other file.
"""

from __future__ import annotations

import functools
import logging
import os
import stat
from dataclasses import dataclass
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mcda.errors import ReportError
from analysis.results import Results

from .context import build_context

__all__ = ["ReportOptions", "render_html", "write_html", "write_pdf", "write_report", "AssetFetcher", "template_env", "PACKAGED_TEMPLATES"]

PACKAGED_TEMPLATES = Path(str(files("templates")))
REPORT_TEMPLATE = "report/report.html.j2"


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What the cover says and where templates come from (none of it changes a number)."""

    lang: str = "fa"
    title: str | None = None
    client: str | None = None
    when: date | datetime | None = None
    template_dir: str | os.PathLike | None = None


@functools.lru_cache(maxsize=8)
def template_env(template_dir: str | os.PathLike | None = None):
    """A Jinja2 environment: the user's folder first, then the packaged templates.

    One per folder, kept: Jinja compiles each template once and checks its file's time on every use, so
    the PDF, the Word copy and the comparison of one run share the compiled templates."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    loaders = []
    if template_dir is not None:
        if not Path(template_dir).is_dir():
            raise ReportError(f"template folder {template_dir} does not exist")
        loaders.append(FileSystemLoader(str(template_dir)))
    loaders.append(FileSystemLoader(str(PACKAGED_TEMPLATES)))
    return Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )


def _bytecode_cache():
    """Compiled templates kept between processes (``$RAHBORD_CACHE_DIR/templates``, by default
    ``$XDG_CACHE_HOME/rahbord/templates``), so a fresh
    ``rahbord analyze`` does not compile the report's templates again (about 0.13 s of a PDF's time).

    Jinja keys each entry by the template's name and a checksum of its source, so an edited template
    is compiled afresh; a cache folder that cannot be written, or that another user could write (it holds code
    the next process runs), only means compiling every time."""
    from jinja2 import FileSystemBytecodeCache

    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket):
            try:
                super().load_bytecode(bucket)
            except (OSError, EOFError, ValueError):
                bucket.reset()

        def dump_bytecode(self, bucket):
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    home = os.environ.get("RAHBORD_CACHE_DIR") or \
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rahbord"
    folder = Path(home) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # the next process runs what is in there: only a real folder of this user's that no one else can write
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        return None
    return QuietCache(str(folder))


def render_html(results: Results, options: ReportOptions | None = None, *, context: dict | None = None) -> str:
    """The report as one standalone HTML document (string)."""
    options = options or ReportOptions()
    if context is None:
        context = build_context(
            results, options.lang, title=options.title, client=options.client, when=options.when
        )
    from jinja2 import TemplateError

    try:
        return template_env(options.template_dir).get_template(REPORT_TEMPLATE).render(**context)
    except TemplateError as error:
        raise ReportError(f"the report template failed: {error}") from error


def write_html(results: Results, path, options: ReportOptions | None = None, *, html: str | None = None) -> Path:
    path = Path(path)
    html = html if html is not None else render_html(results, options)
    _atomic_write(path, html.encode("utf-8"))
    return path


def write_pdf(results: Results, path, options: ReportOptions | None = None, *, html: str | None = None) -> Path:
    """Render the report to PDF with WeasyPrint, fetching only packaged assets."""
    options = options or ReportOptions()
    html = html if html is not None else render_html(results, options)
    roots = [PACKAGED_TEMPLATES] + ([Path(options.template_dir)] if options.template_dir else [])
    fetcher = AssetFetcher(roots)
    import weasyprint

    # WeasyPrint logs every font and CSS detail it cannot handle; a report
    # is not the place for those lines.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(
            string=html, base_url=PACKAGED_TEMPLATES.as_uri() + "/", url_fetcher=fetcher
        )
        pdf = document.write_pdf()
    except Exception as error:  # WeasyPrint raises many kinds; the user needs one
        raise ReportError(f"the PDF could not be rendered: {error}") from error
    path = Path(path)
    _atomic_write(path, pdf)
    return path


def write_report(results: Results, out_dir, options: ReportOptions | None = None, *, stem: str = "report",
                 docx: bool = True) -> dict[str, Path]:
    """``<stem>.html``, ``<stem>.pdf`` (one rendering of the template) and the editable ``<stem>.docx``."""
    options = options or ReportOptions()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html = render_html(results, options)
    written = {
        "html": write_html(results, out_dir / f"{stem}.html", options, html=html),
        "pdf": write_pdf(results, out_dir / f"{stem}.pdf", options, html=html),
    }
    if docx:
        from .docx import write_docx

        written["docx"] = write_docx(results, out_dir / f"{stem}.docx", options)
    return written


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


@functools.cache
def _make_fetcher_class():
    from weasyprint.urls import URLFetcher

    class _AssetFetcher(URLFetcher):
        """Serves ``data:`` URIs and files under the allowed roots; refuses everything else.

        Every refused URL is kept in :attr:`refused` (tests read it).
        """

        def __init__(self, roots):
            super().__init__(allowed_protocols=("data", "file"))
            self.roots = [Path(r).resolve() for r in roots]
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                target = Path(unquote(urlsplit(url).path)).resolve()
                if any(target.is_relative_to(root) for root in self.roots) and target.is_file():
                    from weasyprint.urls import URLFetcherResponse

                    return URLFetcherResponse(target.as_uri(), target.read_bytes())
            self.refused.append(url)
            raise ValueError(f"rahbord reports fetch only their own assets; refused {url!r}")

    return _AssetFetcher


def AssetFetcher(roots):  # noqa: N802 — a factory that reads like the class it builds
    """A WeasyPrint URL fetcher limited to ``data:`` URIs and files under ``roots``."""
    return _make_fetcher_class()(roots)
