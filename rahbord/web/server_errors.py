"""An unexpected exception in a page: the app's error page with HTTP 500, and its traceback in the log.

Expected failures are raised as :class:`~rahbord.web.deps.PageError` or an
HTTP error and shown by the app's exception handlers.  Anything else is a bug
(or a broken install, say a module that does not import): the planner sees the
ordinary error page, never an empty or half-filled page, and the log holds the
traceback.  Starlette's own last-resort handler sits outside the session and
the security headers, so it cannot render the app's page; this middleware sits
inside them.
"""

from __future__ import annotations

import logging

from starlette.requests import Request

from .deps import lang_of, render
from .i18n import translator
from .security import BodyTooLarge

__all__ = ["ServerErrorPage"]

log = logging.getLogger("rahbord.web")


class ServerErrorPage:
    """ASGI middleware: an exception escaping a page becomes the error page (500) and a logged traceback."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watched_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except BodyTooLarge:
            raise  # the size limit's own answer (413), given further out
        except Exception:
            log.exception("%s %s failed", scope.get("method", ""), scope.get("path", ""))
            if started:  # part of a page was sent already: nothing can replace it
                raise
            request = Request(scope, receive)
            message = translator(lang_of(request))("server_error_text")
            response = render(request, "error.html", {"title_key": "server_error", "message": message},
                              status_code=500)
            await response(scope, receive, send)
