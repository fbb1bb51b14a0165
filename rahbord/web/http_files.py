"""Files over HTTP: an uploaded file read within the size limit, a download sent as an attachment."""

from __future__ import annotations

import re

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from .deps import PageError

__all__ = [
    "COMPARISON_TYPES",
    "REPORT_TYPES",
    "SELF_CONTAINED_POLICY",
    "XLSX_TYPE",
    "attachment",
    "is_upload",
    "read_upload",
]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the analysis report's formats (what the results page offers) and their media types
REPORT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8", "xlsx": XLSX_TYPE}
#: the scenario comparison report's formats and their media types
COMPARISON_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
#: a downloaded HTML report is self-contained: nothing it holds may run or load from elsewhere
SELF_CONTAINED_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; sandbox"


def is_upload(value) -> bool:
    """Whether a form value is a file part (a text field with the same name is not)."""
    return isinstance(value, UploadFile)


async def read_upload(request: Request, upload: UploadFile) -> bytes:
    """The upload's bytes; a file over the app's ``max_upload_bytes`` is refused (413) without reading it all."""
    limit = request.app.state.settings.max_upload_bytes
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise PageError(
            413, "refused",
            f"{upload.filename}: larger than {limit // (1024 * 1024)} MB — a filled questionnaire is far smaller; "
            "check that this is the right file",
        )
    return data


def attachment(data: bytes, filename: str, media_type: str) -> Response:
    """``data`` as a download named ``filename`` (reduced to safe ASCII for the header)."""
    safe = re.sub(r"[^\w.-]+", "_", filename, flags=re.ASCII) or "download"
    return Response(data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{safe}"'})
