"""reports — results rendered as HTML, PDF (WeasyPrint), DOCX (python-docx) and XLSX.

>>> from reports import ReportOptions, write_report, write_xlsx   # doctest: +SKIP
>>> write_report(results, "out/", ReportOptions(lang="fa"))        # report.html + report.pdf
"""

from .context import build_context
from .docx import docx_bytes, write_docx
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
    "write_docx",
    "docx_bytes",
    "safe_cell_text",
    "AssetFetcher",
]
