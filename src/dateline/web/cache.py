"""A bounded cache that empties itself whenever the archive changes, and `cached` for endpoints.

The reader only reads, so a page, an API answer or a feed stays right until another connection
commits to the archive; SQLite's `PRAGMA data_version` moves exactly then. Each lookup asks
SQLite for it (microseconds) and drops everything when it moved. Per app, never module-level.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

__all__ = ["VersionedCache", "cached"]

class VersionedCache:
    """At most `size` entries and `max_bytes` of declared sizes (least recently used out first),
    valid while `data_version` holds."""

    def __init__(self, conn: sqlite3.Connection, *, size: int, max_bytes: int = 64 * 1024 * 1024) -> None:
        self._conn = conn
        self._size = size
        self._max_bytes = max_bytes
        self._data: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._version = -1
        self._check()

    def _check(self) -> None:
        version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        if version != self._version:
            self._data.clear()
            self._bytes = 0
            self._version = version

    def get(self, key: Hashable, default: Any = None) -> Any:
        self._check()
        entry = self._data.get(key)
        if entry is None:
            return default
        self._data.move_to_end(key)
        return entry[0]

    def put(self, key: Hashable, value: Any, *, size: int = 0) -> None:
        """Keep `value`; `size` (bytes) counts against `max_bytes`.

        No version check here: the value belongs to the version seen by the `get` before it was
        computed, so a commit in between makes the next `get` drop it rather than keep it as new.
        """
        old = self._data.pop(key, None)
        if old is not None:
            self._bytes -= old[1]
        self._data[key] = (value, size)
        self._bytes += size
        while self._data and (len(self._data) > self._size or self._bytes > self._max_bytes):
            _, (_, dropped) = self._data.popitem(last=False)
            self._bytes -= dropped

    def __len__(self) -> int:
        return len(self._data)


Endpoint = Callable[[Request], Awaitable[Response]]
_MAX_BODY = 512 * 1024


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _not_modified(request: Request, etag: str) -> bool:
    given = request.headers.get("if-none-match")
    return given is not None and (given.strip() == "*" or etag in (t.strip().removeprefix("W/") for t in given.split(",")))


def cached(endpoint: Endpoint) -> Endpoint:
    """Serve repeated GETs of the same URL from the app's cache (only 200 answers are kept).

    Cached answers carry an `ETag` (a hash of the body) and `Cache-Control: no-cache` (clients may
    keep them but must ask again, since an ingest changes them); a request whose `If-None-Match`
    names the current ETag gets 304 without a body.
    """

    async def wrapper(request: Request) -> Response:
        cache: VersionedCache = request.app.state.reader.cache
        key = ("response", str(request.url))
        hit = cache.get(key)
        if hit is not None:
            body, media_type, etag = hit
            headers = {"etag": etag, "cache-control": "no-cache"}
            if _not_modified(request, etag):
                return Response(status_code=304, headers=headers)
            return Response(body, media_type=media_type, headers={**headers, "x-cache": "hit"})
        response = await endpoint(request)
        if response.status_code == 200 and len(response.body) <= _MAX_BODY:
            body = bytes(response.body)
            etag = _etag(body)
            cache.put(key, (body, response.headers.get("content-type"), etag), size=len(body))
            response.raw_headers += [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]
            if _not_modified(request, etag):
                return Response(status_code=304, headers={"etag": etag, "cache-control": "no-cache"})
        return response

    wrapper.__name__ = endpoint.__name__
    wrapper.__doc__ = endpoint.__doc__
    return wrapper
