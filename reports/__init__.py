"""reports — results rendered as HTML, PDF (WeasyPrint) and XLSX.

>>> from reports import ReportOptions, write_report, write_xlsx   # doctest: +SKIP
>>> write_report(results, "out/", ReportOptions(lang="fa"))        # report.html + report.pdf
"""

from .context import build_context
from .render import AssetFetcher, ReportOptions, render_html, write_html, write_pdf, write_report
from .xlsx import safe_cell_text, write_xlsx

__all__ = [
    "ReportOptions",
    "build_context",
    "render_html",
    "write_html",
    "write_pdf",
    "write_report",
    "write_xlsx",
    "safe_cell_text",
    "AssetFetcher",
]
