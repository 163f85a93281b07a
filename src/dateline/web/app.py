"""The reader's ASGI app: pages, JSON API, feeds and static files over one archive.

    >>> app = create_app("news.db")                   # read-only
    >>> app = create_app("news.db", token="s3cret")   # also POST /api/ingest with a bearer token

Every response carries a strict Content-Security-Policy (scripts and styles only from this
origin, no inline code, no frames), `X-Content-Type-Options: nosniff` and a Referrer-Policy.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import DatelineError
from .api import api_routes
from .envelope import error_response, handle_error
from .feed_routes import feed_routes
from .pages import page_routes
from .state import Reader, ServeOptions

__all__ = ["CONTENT_SECURITY_POLICY", "BodyLimit", "SecurityHeaders", "UnexpectedErrors", "create_app"]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; frame-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)
_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
_RAW_HEADERS = [(name.encode(), value.encode()) for name, value in _HEADERS.items()]
_STATIC_CACHE = (b"cache-control", b"public, max-age=3600")
_STATIC = Path(__file__).parent / "static"


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":  # raw header pairs: no parsing per response
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [pair for pair in _RAW_HEADERS if pair[0] not in present]
                if scope["path"].startswith("/static/") and _STATIC_CACHE[0] not in present:
                    headers.append(_STATIC_CACHE)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class UnexpectedErrors:
    """ASGI middleware answering an unexpected exception through `handle_error` (the envelope or
    the error page, logged with its traceback), inside `SecurityHeaders` so a 500 carries them too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started:
                raise
            response = await handle_error(Request(scope), exc)
            await response(scope, receive, send)


class BodyLimit:
    """ASGI middleware refusing request bodies over `max_bytes` with the 413 error envelope."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"the request body is over {self.max_bytes} bytes; send a smaller page"
        length = Headers(scope=scope).get("content-length", "")
        if length.isascii() and length.isdigit() and (len(length) > 18 or int(length) > self.max_bytes):
            await error_response(413, message)(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, message)
            return msg

        await self.app(scope, counting_receive, send)


def create_app(
    archive_path: str | os.PathLike[str], *, token: str | None = None, options: ServeOptions | None = None
) -> Starlette:
    """The reader app over the archive at `archive_path` (which must exist).

    Read-only unless `token` is given: then `POST /api/ingest` stores pages for requests that
    send `Authorization: Bearer <token>`. Raises `ArchiveError` when there is no archive there.
    """
    opts = options or ServeOptions()
    reader = Reader(archive_path, token=token, options=opts)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        reader.close()

    routes = [*page_routes(), *api_routes(), *feed_routes(),
              Mount("/static", app=StaticFiles(directory=_STATIC), name="static")]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders), Middleware(UnexpectedErrors),
                    Middleware(BodyLimit, max_bytes=opts.max_body_bytes)],
        exception_handlers={HTTPException: handle_error, DatelineError: handle_error},
        lifespan=lifespan,
    )
    app.state.reader = reader
    return app
