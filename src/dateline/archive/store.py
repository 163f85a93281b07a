"""`Archive`: the SQLite store of articles, their raw captures, stories, sites and authors.

    >>> with dateline.Archive("news.db") as archive:
    ...     report = archive.ingest(["pages/", "crawl.warc.gz"])
    ...     result = archive.search("central bank", filters=SearchFilters(language="en"))

Connections follow datasette's model: one writer (WAL journal, `BEGIN IMMEDIATE` transactions,
guarded by a lock) and read-only connections (`file:...?mode=ro`, one per thread) for reads, with
a time limit on user queries through `set_progress_handler`. Schema changes are named, ordered
migrations (`archive/migrations.py`). An `Archive` may be shared by threads; `close()` is idempotent.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from ..errors import ArchiveError, ConfigError, QueryError

if TYPE_CHECKING:
    from ..crawl import CrawlEvent, CrawlOptions, CrawlReport
from ..models import Article
from ..options import ExtractOptions
from . import dedup
from .export import ExportFormat, export_articles
from .ingest import IngestOptions, IngestProgress, IngestReport, run_ingest
from .migrations import Migration, all_migrations, apply_migrations, check_not_newer
from .records import (
    ARTICLE_COLUMNS,
    AddResult,
    AuthorSummary,
    SiteSummary,
    StoredArticle,
    Story,
    article_from_row,
)
from .reextract import ReextractReport, run_reextract
from .search import SearchFilters, SearchResult, filter_sql, run_search
from .writer import CaptureIn, decompress, index_new_articles, store_article, track_new_articles

__all__ = ["DEFAULT_DB", "Archive", "default_path"]

log = logging.getLogger(__name__)

DEFAULT_DB = "dateline.db"
_BUSY_TIMEOUT = 30.0


def default_path() -> Path:
    """The database path when none is given: `$DATELINE_DB`, else `./dateline.db`."""
    return Path(os.environ.get("DATELINE_DB") or DEFAULT_DB)


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:  # SQLite reads a negative LIMIT as "no limit"
        raise QueryError(f"limit and offset must not be negative (limit={limit}, offset={offset})")


def _unbindable(exc: OverflowError | UnicodeEncodeError, path: Path) -> QueryError:
    """The error for a parameter SQLite cannot bind: a number past 64 bits, text with a lone surrogate."""
    if isinstance(exc, OverflowError):
        what = "a number is out of SQLite's range (-2**63 to 2**63-1); ids, limits and offsets must fit"
    else:
        what = (f"the query or a filter holds text SQLite cannot take ({exc.reason}: "
                f"{exc.object[exc.start:exc.end]!r}); remove it")
    return QueryError(what, path=str(path))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Archive:
    """A dateline archive in one SQLite file.

    `path`: the database file (default `$DATELINE_DB`, else `./dateline.db`); created with its
    schema unless `readonly`. `":memory:"` gives a private in-memory archive (tests, throwaway
    work): the same schema and API, gone when it is closed. `readonly=True` opens an existing
    archive for reading only.
    `query_time_limit`: seconds a search or export query may run before `QueryError`.
    `story_threshold`: estimated Jaccard similarity (0-1) from which two bodies are one story.
    `extra_migrations`: more schema steps to apply after the archive's own (see migrations.py).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        readonly: bool = False,
        query_time_limit: float = 5.0,
        story_threshold: float = 0.5,
        extra_migrations: Sequence[Migration] = (),
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        #: an in-memory archive is one shared-cache database that the writer keeps alive
        self._memory_uri = (f"file:dateline-memory-{id(self)}-{os.getpid()}?mode=memory&cache=shared"
                            if str(path) == ":memory:" else None)
        if self._memory_uri and readonly:
            raise ArchiveError("an in-memory archive starts empty: open it with readonly=False", path=":memory:")
        if not query_time_limit >= 0:  # NaN too
            raise ConfigError(f"query_time_limit must be a number of seconds >= 0, not {query_time_limit!r}")
        if not 0 <= story_threshold <= 1:
            raise ConfigError(f"story_threshold is a similarity from 0 to 1, not {story_threshold!r}")
        self.readonly = readonly
        self.query_time_limit = query_time_limit
        self.story_threshold = story_threshold
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._writer: sqlite3.Connection | None = None
        self._closed = False
        if readonly:
            if self.path.is_dir():
                raise ArchiveError("this is a directory; give the archive file in it", path=str(self.path))
            if not self.path.is_file():
                raise ArchiveError(
                    "no archive here; create one with `dateline ingest PATH --db FILE`", path=str(self.path)
                )
            self._check_schema(extra_migrations)
        else:
            self._writer = self._open_writer(extra_migrations)

    # -- connections ---------------------------------------------------------------------------

    def _open_writer(self, extra: Sequence[Migration]) -> sqlite3.Connection:
        try:
            if self._memory_uri:
                conn = sqlite3.connect(self._memory_uri, uri=True, isolation_level=None, check_same_thread=False,
                                       timeout=_BUSY_TIMEOUT)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # a URI built from the path, as the readers' is: SQLite reads a bare name that starts
                # with "file:" as a URI, so "file:a.db?mode=ro" had the writer open a.db read-only
                # while the readers opened a file of that name
                conn = sqlite3.connect(f"file:{quote(str(self.path.resolve()))}?mode=rwc", uri=True,
                                       isolation_level=None, check_same_thread=False, timeout=_BUSY_TIMEOUT)
        except (OSError, ValueError, sqlite3.Error) as exc:  # ValueError: a NUL in the path
            raise ArchiveError(f"cannot create or open the archive ({exc}); check the path and its permissions",
                               path=str(self.path)) from exc
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            apply_migrations(conn, all_migrations(extra))
            track_new_articles(conn)
        except ArchiveError as exc:
            conn.close()
            raise ArchiveError(str(exc), path=str(self.path)) from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ArchiveError(_unwritable(exc) or (
                f"cannot open as a dateline archive ({exc}); check the path or remove a damaged file"
            ), path=str(self.path)) from exc
        return conn

    def _check_schema(self, extra: Sequence[Migration]) -> None:
        try:
            conn = self._reader()
            row = conn.execute("SELECT 1 FROM schema_migrations WHERE name = 'archive-0001-core'").fetchone()
            if row is not None:
                check_not_newer(conn, all_migrations(extra))
        except ArchiveError as exc:
            self.close()
            raise ArchiveError(str(exc), path=str(self.path)) from None
        except sqlite3.DatabaseError as exc:
            self.close()
            raise ArchiveError(_unreadable(exc, self.path) or (
                f"not a dateline archive ({exc}); create one with `dateline ingest`"
            ), path=str(self.path)) from exc
        if row is None:
            self.close()
            raise ArchiveError("not a dateline archive (no schema); create one with `dateline ingest`",
                               path=str(self.path))

    def _reader(self) -> sqlite3.Connection:
        """This thread's read-only connection."""
        if self._closed:
            raise ArchiveError("the archive is closed", path=str(self.path))
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            uri = self._memory_uri or f"file:{quote(str(self.path.resolve()))}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=_BUSY_TIMEOUT)
            conn.execute("PRAGMA query_only=ON")
            self._local.conn = conn
            with self._lock:
                self._readers.append(conn)
        return conn

    def _write_conn(self) -> sqlite3.Connection:
        if self._closed:
            raise ArchiveError("the archive is closed", path=str(self.path))
        if self._writer is None:
            raise ArchiveError("the archive was opened read-only; open it with readonly=False to write",
                               path=str(self.path))
        return self._writer

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (`BEGIN IMMEDIATE` ... `COMMIT`, rolled back on any exception).

        The articles it inserted are added to the full-text index just before `COMMIT`, in one
        statement (`writer.index_new_articles`).
        """
        with self._lock:
            conn = self._write_conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                index_new_articles(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def _query(self, *, limit: float | None = None) -> Iterator[sqlite3.Connection]:
        """A read connection whose queries are interrupted after the time limit (QueryError)."""
        conn = self._reader()
        deadline = time.monotonic() + (limit if limit is not None else self.query_time_limit)
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 2000)
        try:
            yield conn
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryError(
                    f"the query took longer than {self.query_time_limit:g} s; narrow it with filters",
                    path=str(self.path),
                ) from exc
            raise
        except (OverflowError, UnicodeEncodeError) as exc:
            raise _unbindable(exc, self.path) from None
        finally:
            conn.set_progress_handler(None, 0)

    def close(self) -> None:
        """Close every connection. Safe to call more than once."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for conn in self._readers:
                conn.close()
            self._readers.clear()
            if self._writer is not None:
                self._writer.close()
                self._writer = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Archive({str(self.path)!r}, readonly={self.readonly})"

    # -- writing -------------------------------------------------------------------------------

    def add(
        self,
        article: Article,
        *,
        raw: bytes | None = None,
        url: str | None = None,
        fetched_at: datetime | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AddResult:
        """Store one article (and its raw page bytes, when given, for `reextract`).

        Returns `AddResult(outcome="duplicate")` with the existing id when the same raw bytes or
        the same normalised body are already stored; a near-duplicate is stored and joins the
        story of the most similar article.
        """
        capture = CaptureIn(raw=raw, url=url or article.url, fetched_at=fetched_at, headers=dict(headers or {}))
        try:
            sig = dedup.signature(article.body)
            with self.transaction() as conn:
                return store_article(conn, article, capture=capture, sig=sig, threshold=self.story_threshold)
        except UnicodeEncodeError as exc:  # rolled back: nothing of the article was stored
            raise ArchiveError(
                f"the article holds text SQLite cannot store ({exc.reason}: {exc.object[exc.start:exc.end]!r}); "
                "replace lone surrogates (dateline.encoding.without_surrogates) and add it again",
                path=str(self.path),
            ) from None

    def ingest(
        self,
        paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        options: IngestOptions | None = None,
        progress: Callable[[IngestProgress], None] | None = None,
        executor: Executor | None = None,
    ) -> IngestReport:
        """Ingest files and directories (HTML, text, JSON/JSONL, WARC, gzip); see `archive.ingest`.

        `paths`: one path or several. `options`: `IngestOptions`. `progress`: called with an
        `IngestProgress` after each batch. `executor`: any `concurrent.futures.Executor` to run
        extraction on (overrides `options.backend`). Returns the `IngestReport`; the run is also
        recorded in the `ingest_runs` table (a run killed midway is marked `interrupted` when the
        next run starts on the same machine).
        """
        return run_ingest(self, paths, options=options, progress=progress, executor=executor)

    def reextract(
        self, *, options: ExtractOptions | None = None, progress: Callable[[int, int], None] | None = None
    ) -> ReextractReport:
        """Run the current extractor again over every stored capture and update the articles."""
        return run_reextract(self, options=options, progress=progress)

    def crawl(
        self,
        seeds: Sequence[str],
        *,
        options: CrawlOptions | None = None,
        progress: Callable[[CrawlEvent], None] | None = None,
    ) -> CrawlReport:
        """Crawl the sites of `seeds` into this archive (see `dateline.crawl.crawl`).

        Crawl state (frontier, seen URLs, validators) lives in this archive, so a killed crawl
        resumes where it stopped and a second crawl of an unchanged site fetches only its feeds.
        """
        from ..crawl import crawl

        return crawl(self, seeds, options=options, progress=progress)

    # -- reading -------------------------------------------------------------------------------

    def get(self, article_id: int) -> StoredArticle:
        """The stored article with this id; `ArchiveError` when there is none."""
        with self._query() as conn:
            row = conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN sites s ON s.id = a.site_id WHERE a.id = ?",
                (article_id,),
            ).fetchone()
        if row is None:
            raise ArchiveError(f"no article with id {article_id}; ids come from search() or latest()",
                               path=str(self.path))
        return article_from_row(row)

    def raw(self, article_id: int) -> tuple[bytes, dict[str, Any]] | None:
        """The raw capture of an article (bytes, {url, fetched_at, content_type, headers}), if kept."""
        with self._query() as conn:
            row = conn.execute(
                "SELECT c.codec, c.data, c.size, c.url, c.fetched_at, c.content_type, c.headers FROM captures c "
                "JOIN articles a ON a.capture_id = c.id WHERE a.id = ?",
                (article_id,),
            ).fetchone()
        if row is None:
            return None
        codec, data, size, url, fetched, ctype, headers = row
        return decompress(codec, data, size), {
            "url": url, "fetched_at": fetched, "content_type": ctype, "headers": json.loads(headers),
        }

    def search(
        self,
        query: str | None = None,
        *,
        filters: SearchFilters | None = None,
        sort: Literal["relevance", "date"] = "relevance",
        limit: int = 20,
        offset: int = 0,
        facets: bool = True,
        syntax: Literal["fts", "plain"] = "fts",
    ) -> SearchResult:
        """Full-text search (SQLite FTS5, BM25) with filters, snippets, facets and pagination.

        `query` uses FTS5 syntax (`"exact phrase"`, `bank OR rates`, `infla*`, `title:budget`);
        `syntax="plain"` treats it as plain words instead. None or "" lists articles by date.
        A malformed query raises `QueryError`. `facets=False` skips the facet counts.
        """
        with self._query() as conn:
            return run_search(conn, query, filters=filters or SearchFilters(), sort=sort, limit=limit,
                              offset=offset, facets=facets, syntax=syntax)

    def latest(
        self, *, limit: int = 20, offset: int = 0, filters: SearchFilters | None = None
    ) -> list[StoredArticle]:
        """The newest articles (by published date, then ingest order), optionally filtered."""
        _check_page(limit, offset)
        with self._query() as conn:
            where, params = filter_sql(filters or SearchFilters(), conn)
            rows = conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN sites s ON s.id = a.site_id "
                f"WHERE {where} ORDER BY a.published_key DESC, a.id DESC "  # NULLs sort last
                "LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return [article_from_row(r) for r in rows]

    def iter_articles(self, *, filters: SearchFilters | None = None) -> Iterator[StoredArticle]:
        """Every article matching the filters, oldest first (streamed, for export)."""
        conn = self._reader()
        where, params = filter_sql(filters or SearchFilters(), conn)
        try:
            cursor = conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN sites s ON s.id = a.site_id "
                f"WHERE {where} ORDER BY a.published_key IS NULL, a.published_key, a.id",
                params,
            )
        except (OverflowError, UnicodeEncodeError) as exc:
            raise _unbindable(exc, self.path) from None
        for row in cursor:
            yield article_from_row(row)

    def count(self) -> int:
        """The number of stored articles."""
        with self._query() as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def story(self, story_id: int) -> Story:
        """A story and its articles (oldest first); `ArchiveError` for an unknown id."""
        with self._query() as conn:
            head = conn.execute("SELECT canonical_article_id FROM stories WHERE id = ?", (story_id,)).fetchone()
            if head is None:
                raise ArchiveError(f"no story with id {story_id}", path=str(self.path))
            rows = conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN sites s ON s.id = a.site_id "
                "WHERE a.story_id = ? ORDER BY a.published_key IS NULL, a.published_key, a.id",
                (story_id,),
            ).fetchall()
        return Story(id=story_id, canonical_id=head[0], articles=tuple(article_from_row(r) for r in rows))

    def sites(self, *, limit: int = 1000, offset: int = 0) -> list[SiteSummary]:
        """Sites with their article counts, most articles first."""
        _check_page(limit, offset)
        with self._query() as conn:
            rows = conn.execute(
                "SELECT s.id, s.host, s.name, count(a.id), max(a.published) FROM sites s "
                "JOIN articles a ON a.site_id = s.id GROUP BY s.id ORDER BY count(a.id) DESC, s.host "
                "LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [SiteSummary(id=r[0], host=r[1], name=r[2], articles=r[3], latest=r[4]) for r in rows]

    def authors(self, *, site: str | None = None, limit: int = 1000, offset: int = 0) -> list[AuthorSummary]:
        """Authors (one per person per site) with their article counts, most articles first."""
        _check_page(limit, offset)
        where, params = ("WHERE s.host = ?", [site]) if site else ("", [])
        with self._query() as conn:
            rows = conn.execute(
                "SELECT au.id, au.name, s.host, count(aa.article_id) FROM authors au "
                "LEFT JOIN sites s ON s.id = au.site_id JOIN article_authors aa ON aa.author_id = au.id "
                f"{where} GROUP BY au.id ORDER BY count(aa.article_id) DESC, au.name LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return [AuthorSummary(id=r[0], name=r[1], site=r[2], articles=r[3]) for r in rows]

    def runs(self, *, limit: int = 20) -> list[dict[str, Any]]:
        """The latest ingest runs: id, started_at, finished_at, status, inputs, counts."""
        with self._query() as conn:
            rows = conn.execute(
                "SELECT id, started_at, finished_at, status, inputs, counts FROM ingest_runs ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            {"id": r[0], "started_at": r[1], "finished_at": r[2], "status": r[3],
             "inputs": json.loads(r[4]), "counts": json.loads(r[5])}
            for r in rows
        ]

    def export(
        self,
        out: str | os.PathLike[str] | IO[bytes],
        *,
        format: ExportFormat,
        filters: SearchFilters | None = None,
        spreadsheet_safe: bool = False,
    ) -> int:
        """Write the matching articles to `out` as jsonl, csv, parquet or markdown; returns the count.
        `spreadsheet_safe` (CSV only) quotes cells a spreadsheet would run as formulas."""
        return export_articles(self.iter_articles(filters=filters), out, format=format,
                               spreadsheet_safe=spreadsheet_safe)


def _denied(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite refused to write or create a file (a read-only file, directory or file system)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM)


def _unwritable(exc: sqlite3.DatabaseError) -> str | None:
    if not _denied(exc):
        return None
    return (f"the archive cannot be written by this user ({exc}): the file, its directory or the file system "
            "is read-only; fix the permissions, or open it read-only (readonly=True; `dateline serve` "
            "and `search` do) to read it")


def _unreadable(exc: sqlite3.DatabaseError, path: Path) -> str | None:
    if not _denied(exc):
        return None
    return (f"cannot read the archive ({exc}): in WAL mode SQLite must create or write {path.name}-shm "
            "beside it even to read, and this user may not; let this user write the directory (or those "
            "files), or read the archive as its owner")
