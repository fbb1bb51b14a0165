"""reports — results rendered as HTML, PDF (WeasyPrint) and XLSX."""

__all__: list[str] = []
