"""What one running reader holds: the archive (read-only), a read connection, templates, options."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import jinja2
from starlette.templating import Jinja2Templates

from ..archive.store import Archive
from .cache import VersionedCache
from .queries import connect_readonly
from .views import author_url, byline_markup, site_url, when_markup

__all__ = ["Reader", "ServeOptions"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    """Limits of the reader.

    page_size / max_page_size: articles per listing page (default / the most `limit` may ask).
    max_body_bytes: the largest request body accepted (POST /api/ingest); larger answers 413.
    query_time_limit: seconds a search may run before it is stopped with 400.
    cache_entries / cache_bytes: answers (pages, API, feeds) kept in memory until the archive
        changes, at most this many and this many bytes of bodies.
    """

    page_size: int = 20
    max_page_size: int = 100
    max_body_bytes: int = 5 * 1024 * 1024
    query_time_limit: float = 2.0
    cache_entries: int = 2048
    cache_bytes: int = 64 * 1024 * 1024


class Reader:
    """The state shared by the requests of one app (no module-level state anywhere in the web layer)."""

    def __init__(self, path: str | os.PathLike[str], *, token: str | None, options: ServeOptions) -> None:
        self.path = Path(path)
        self.token = token or None
        self.options = options
        self.archive = Archive(self.path, readonly=True, query_time_limit=options.query_time_limit)
        self.conn: sqlite3.Connection = connect_readonly(self.path)
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("dateline.web", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        env.globals.update(site_url=site_url, author_url=author_url, byline=byline_markup, when=when_markup)
        self.templates = Jinja2Templates(env=env)
        self.cache = VersionedCache(self.conn, size=options.cache_entries, max_bytes=options.cache_bytes)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, remembered until the archive changes (aggregate counts on listing pages)."""
        value: T | None = self.cache.get(("memo", key))
        if value is None:
            value = compute()
            self.cache.put(("memo", key), value)
        return value

    def close(self) -> None:
        self.archive.close()
        self.conn.close()
