"""The one error envelope: `{"ok": false, "error": message, "status": code}`, and the one handler.

Every failure of the JSON API and the feeds is answered by `error_response`; HTML pages get the
same status with an error page. The handler maps dateline's exception tree to HTTP statuses.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..encoding import without_surrogates
from ..errors import (
    ArchiveError,
    DatelineError,
    FetchError,
    InputError,
    InputTooLarge,
    NotAnArticle,
    QueryError,
)

__all__ = ["error_payload", "error_response", "handle_error", "status_for"]

log = logging.getLogger(__name__)

_TITLES = {400: "Bad request", 401: "Sign-in needed", 404: "Not found", 405: "Method not allowed",
           413: "Too large", 422: "Not an article", 500: "Something went wrong", 502: "Fetch failed"}


def error_payload(status: int, message: str) -> dict[str, object]:
    return {"ok": False, "error": message, "status": status}


def error_response(status: int, message: str, *, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON error envelope with HTTP status `status`."""
    return JSONResponse(error_payload(status, message), status_code=status, headers=headers)


def status_for(exc: Exception) -> tuple[int, str]:
    """(HTTP status, message for the client) for an exception raised while answering."""
    if isinstance(exc, HTTPException):
        return exc.status_code, str(exc.detail)
    if isinstance(exc, NotAnArticle):
        return 422, str(exc)
    if isinstance(exc, InputTooLarge):
        return 413, str(exc)
    if isinstance(exc, QueryError | InputError):
        return 400, str(exc)
    if isinstance(exc, FetchError):
        return 502, str(exc)
    if isinstance(exc, ArchiveError | DatelineError):
        log.warning("archive error: %s", exc)
        return 500, "the archive could not answer; see the server log"
    log.exception("unexpected error", exc_info=exc)
    return 500, "internal error; see the server log"


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/feeds/")) or path == "/api"


async def handle_error(request: Request, exc: Exception) -> Response:
    """The one exception handler: the envelope for /api/ and /feeds/, an HTML page elsewhere."""
    status, message = status_for(exc)
    message = without_surrogates(message)  # an input's lone surrogate, quoted in the message, cannot be UTF-8
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if _wants_json(request):
        return error_response(status, message, headers=headers)
    templates = request.app.state.reader.templates
    context = {"status": status, "title": _TITLES.get(status, "Error"), "message": message, "nav": None,
               "query": None}
    response: Response = templates.TemplateResponse(request, "error.html", context, status_code=status,
                                                    headers=headers)
    return response
