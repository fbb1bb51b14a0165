"""Text from users, made safe to write into a workbook cell.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (and openpyxl writes a string starting with ``=`` as one), so an
expert's name such as ``=HYPERLINK("http://x","y")`` would become a live link
or worse in the planner's or the expert's Excel ("CSV/formula injection",
OWASP).  Every workbook rahbord writes — questionnaires (:mod:`surveys`) and
the results workbook (:mod:`reports.xlsx`) — passes user text through
:func:`safe_cell_text`, which keeps it visible and inert behind a leading
apostrophe.
"""

from __future__ import annotations

__all__ = ["safe_cell_text", "FORMULA_TRIGGERS"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell_text(value):
    """Neutralise text that a spreadsheet would run as a formula; numbers pass.

    >>> safe_cell_text('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> safe_cell_text("Ann"), safe_cell_text(2.5)
    ('Ann', 2.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
