"""The crawl's durable state, in the archive's SQLite file: the frontier, seen URLs, validators.

Every URL the crawler has ever seen is one row of `crawl_urls`, keyed by its normal form. A row is
`queued` until a worker claims it (`fetching`), then `done`, `failed` or `skipped`. Each change is
committed at once (WAL, autocommit), so a crawl killed at any moment loses at most the fetches in
flight: `recover()` puts rows left `fetching` back in the queue. Feeds, sitemaps and listing pages
keep their ETag/Last-Modified and are put back in the queue by `revisit()` at the start of each
crawl; articles are fetched once.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from ..archive.migrations import apply_migrations
from ..errors import ArchiveError
from .migrations import MIGRATIONS
from .urls import host_of

__all__ = ["PRIORITY", "Entry", "Frontier", "HostState", "UrlKindInFrontier"]

UrlKindInFrontier = Literal["article", "listing", "feed", "sitemap", "probe"]

#: Lower is fetched first: feeds and sitemaps give dates (for --since) before listing pages do.
PRIORITY: dict[str, int] = {"feed": 1, "sitemap": 1, "probe": 2, "listing": 3, "article": 5}
_REVISITED = ("feed", "sitemap", "listing")


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Entry:
    """One frontier row, as claimed by a worker."""

    url: str
    host: str
    kind: str
    depth: int
    published: str | None
    retries: int
    etag: str | None
    last_modified: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class HostState:
    """What the archive remembers of a host: its last robots.txt fetch and whether paths were probed."""

    host: str
    robots_status: int | None = None
    robots_txt: str | None = None
    robots_etag: str | None = None
    robots_last_modified: str | None = None
    probed: bool = False


class Frontier:
    """Crawl state over its own sqlite3 connection to the archive file (WAL, one statement per commit)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            # a URI built from the path, as Archive's: SQLite reads a bare "file:..." name as a URI
            target = self.path if self.path == ":memory:" else f"file:{quote(str(Path(path).resolve()))}?mode=rwc"
            self._db = sqlite3.connect(target, uri=True, isolation_level=None, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=30000")
            apply_migrations(self._db, MIGRATIONS)
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot open the crawl state: {exc}; check the path and permissions",
                               path=self.path) from exc
        self._closed = False

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if not self._closed:
            self._closed = True
            self._db.close()

    def _write(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._db.execute(sql, params)

    # -- URLs ---------------------------------------------------------------------------------

    def add(
        self, url: str, *, kind: UrlKindInFrontier, depth: int = 0, published: str | None = None,
        source: str | None = None,
    ) -> bool:
        """Queue `url` unless seen before; returns True when it is new. A listing queued earlier
        becomes an article when a feed or sitemap names it; a known date is kept."""
        return self.add_many([(url, published)], kind=kind, depth=depth, source=source) == 1

    def add_many(
        self, links: Iterable[tuple[str, str | None]], *, kind: UrlKindInFrontier, depth: int = 0,
        source: str | None = None,
    ) -> int:
        """Queue many (url, published) pairs in one transaction; returns how many were new."""
        new = 0
        now = _now_iso()
        self._write("BEGIN IMMEDIATE")
        try:
            for url, published in links:
                row = self._db.execute("SELECT kind, state FROM crawl_urls WHERE url = ?", (url,)).fetchone()
                if row is None:
                    self._write(
                        "INSERT INTO crawl_urls (url, host, kind, depth, priority, published, source, discovered_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (url, host_of(url), kind, depth, PRIORITY[kind], published, source, now),
                    )
                    new += 1
                    continue
                upgrade = row[1] == "queued" and row[0] == "listing" and kind == "article"
                self._write(
                    "UPDATE crawl_urls SET published = COALESCE(published, ?), depth = MIN(depth, ?),"
                    " kind = CASE WHEN ? THEN 'article' ELSE kind END,"
                    " priority = CASE WHEN ? THEN ? ELSE priority END WHERE url = ?",
                    (published, depth, upgrade, upgrade, PRIORITY["article"], url),
                )
            self._write("COMMIT")
        except BaseException:
            self._write("ROLLBACK")
            raise
        return new

    def seen(self, url: str) -> bool:
        return self._db.execute("SELECT 1 FROM crawl_urls WHERE url = ?", (url,)).fetchone() is not None

    def state(self, url: str) -> str | None:
        row = self._db.execute("SELECT state FROM crawl_urls WHERE url = ?", (url,)).fetchone()
        return str(row[0]) if row else None

    def recover(self) -> list[str]:
        """Put rows a killed crawl left `fetching` back in the queue; returns their URLs."""
        urls = [r[0] for r in self._db.execute("SELECT url FROM crawl_urls WHERE state = 'fetching'")]
        self._write("UPDATE crawl_urls SET state = 'queued' WHERE state = 'fetching'")
        return urls

    def revisit(self, hosts: Iterable[str], *, max_depth: int) -> int:
        """Queue again the feeds, sitemaps and listing pages (up to `max_depth`) of `hosts` fetched
        before (or failed, but not gone), so their validators give 304s when nothing changed; and
        articles skipped by an earlier `since`, which the new one judges. Returns how many."""
        hosts = list(hosts)
        marks = ",".join("?" * len(hosts))
        cur = self._write(
            f"UPDATE crawl_urls SET state = 'queued', retries = 0, next_attempt = 0"
            f" WHERE (state = 'done' OR (state = 'failed' AND outcome NOT IN ('http-404', 'http-410')))"
            f" AND kind IN ('feed', 'sitemap', 'listing') AND depth <= ? AND host IN ({marks})",
            (max_depth, *hosts),
        )
        self._write(
            f"UPDATE crawl_urls SET state = 'queued' WHERE state = 'skipped' AND outcome = 'before-since'"
            f" AND host IN ({marks})", hosts,
        )
        return cur.rowcount

    def claim(self, *, hosts: Sequence[str], skip_hosts: Iterable[str] = (), now: float | None = None,
              kinds: Sequence[str] | None = None) -> Entry | None:
        """Take the next due URL of `hosts` (not of `skip_hosts`) and mark it `fetching`."""
        skip = set(skip_hosts)
        allowed = [h for h in hosts if h not in skip]
        if not allowed:
            return None
        sql = (
            "SELECT url, host, kind, depth, published, retries, etag, last_modified, source FROM crawl_urls"
            f" WHERE state = 'queued' AND next_attempt <= ? AND host IN ({','.join('?' * len(allowed))})"
        )
        params: list[Any] = [time.time() if now is None else now, *allowed]
        if kinds is not None:
            sql += f" AND kind IN ({','.join('?' * len(kinds))})"
            params.extend(kinds)
        sql += " ORDER BY priority, depth, published DESC NULLS LAST, rowid LIMIT 1"
        row = self._db.execute(sql, params).fetchone()
        if row is None:
            return None
        self._write("UPDATE crawl_urls SET state = 'fetching' WHERE url = ?", (row[0],))
        return Entry(*row)

    def next_due(self, hosts: Sequence[str], *, kinds: Sequence[str] | None = None) -> float | None:
        """The earliest `next_attempt` among queued URLs of `hosts` (None when none are queued)."""
        sql = f"SELECT MIN(next_attempt) FROM crawl_urls WHERE state = 'queued' AND host IN ({','.join('?' * len(hosts))})"
        params: list[Any] = list(hosts)
        if kinds is not None:
            sql += f" AND kind IN ({','.join('?' * len(kinds))})"
            params.extend(kinds)
        row = self._db.execute(sql, params).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def finish(
        self, url: str, *, state: Literal["done", "failed", "skipped"], outcome: str, status: int | None = None,
        etag: str | None = None, last_modified: str | None = None, final_url: str | None = None,
        article_id: int | None = None, error: str | None = None,
    ) -> None:
        """Record the end of a URL's fetch (validators are kept when the new response has none)."""
        self._write(
            "UPDATE crawl_urls SET state = ?, outcome = ?, status = COALESCE(?, status),"
            " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), fetched_at = ?,"
            " final_url = COALESCE(?, final_url), article_id = COALESCE(?, article_id), error = ?"
            " WHERE url = ?",
            (state, outcome, status, etag, last_modified, _now_iso(), final_url, article_id, error, url),
        )

    def retry(self, url: str, *, at: float, outcome: str, status: int | None = None, error: str | None = None) -> None:
        """Queue `url` again for no earlier than unix time `at`, counting one more retry."""
        self._write(
            "UPDATE crawl_urls SET state = 'queued', retries = retries + 1, next_attempt = ?, outcome = ?,"
            " status = COALESCE(?, status), error = ? WHERE url = ?",
            (at, outcome, status, error, url),
        )

    def release(self, url: str, *, at: float) -> None:
        """Put a claimed URL back in the queue, not before unix time `at`, without counting a retry."""
        self._write("UPDATE crawl_urls SET state = 'queued', next_attempt = ? WHERE url = ?", (at, url))

    def mark_done(self, url: str, *, kind: UrlKindInFrontier, outcome: str, source: str | None = None,
                  final_url: str | None = None, article_id: int | None = None) -> None:
        """Record `url` as fetched under another name (a redirect source or target): never fetched again."""
        self.add(url, kind=kind, source=source)
        self._write(
            "UPDATE crawl_urls SET state = 'done', outcome = COALESCE(outcome, ?), fetched_at = ?,"
            " final_url = COALESCE(final_url, ?), article_id = COALESCE(article_id, ?)"
            " WHERE url = ? AND state IN ('queued', 'failed')",
            (outcome, _now_iso(), final_url, article_id, url),
        )

    def hosts(self) -> list[str]:
        """Every host with URLs in the frontier."""
        return [str(r[0]) for r in self._db.execute("SELECT DISTINCT host FROM crawl_urls")]

    def set_kind(self, url: str, kind: UrlKindInFrontier) -> None:
        """Change what a URL is (a probed path that turned out to be a feed)."""
        self._write("UPDATE crawl_urls SET kind = ?, priority = ? WHERE url = ?", (kind, PRIORITY[kind], url))

    def set_final_url(self, url: str, final_url: str) -> None:
        """Note where a URL led before its article is stored (so a resume can find it)."""
        self._write("UPDATE crawl_urls SET final_url = ? WHERE url = ?", (final_url, url))

    def stored_article_id(self, url: str) -> int | None:
        """The archive's article stored from `url` (or the page it redirected to), if any.

        Used on resume for URLs a killed crawl was fetching: the archive may have stored the
        article just before the kill. Reads the archive's `captures`/`articles` tables."""
        row = self._db.execute("SELECT COALESCE(final_url, url) FROM crawl_urls WHERE url = ?", (url,)).fetchone()
        names = {url, row[0]} if row else {url}
        try:
            found = self._db.execute(
                f"SELECT a.id FROM articles a JOIN captures c ON a.capture_id = c.id"
                f" WHERE c.url IN ({','.join('?' * len(names))}) LIMIT 1", tuple(names),
            ).fetchone()
        except sqlite3.Error:
            return None
        return int(found[0]) if found else None

    def counts(self, hosts: Sequence[str] | None = None) -> dict[str, int]:
        """Rows per state (for the summary)."""
        sql = "SELECT state, COUNT(*) FROM crawl_urls"
        params: list[Any] = []
        if hosts:
            sql += f" WHERE host IN ({','.join('?' * len(hosts))})"
            params.extend(hosts)
        return {str(s): int(n) for s, n in self._db.execute(sql + " GROUP BY state", params)}

    # -- hosts and runs -----------------------------------------------------------------------

    def host(self, host: str) -> HostState:
        row = self._db.execute(
            "SELECT host, robots_status, robots_txt, robots_etag, robots_last_modified, probed"
            " FROM crawl_hosts WHERE host = ?", (host,),
        ).fetchone()
        if row is None:
            return HostState(host)
        return HostState(row[0], row[1], row[2], row[3], row[4], bool(row[5]))

    def save_robots(self, host: str, *, status: int | None, text: str | None, etag: str | None,
                    last_modified: str | None) -> None:
        self._write(
            "INSERT INTO crawl_hosts (host, robots_status, robots_txt, robots_etag, robots_last_modified,"
            " robots_fetched_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(host) DO UPDATE SET"
            " robots_status = excluded.robots_status, robots_txt = excluded.robots_txt,"
            " robots_etag = excluded.robots_etag, robots_last_modified = excluded.robots_last_modified,"
            " robots_fetched_at = excluded.robots_fetched_at",
            (host, status, text, etag, last_modified, _now_iso()),
        )

    def set_probed(self, host: str) -> None:
        self._write(
            "INSERT INTO crawl_hosts (host, probed) VALUES (?, 1) ON CONFLICT(host) DO UPDATE SET probed = 1",
            (host,),
        )

    def start_run(self, seeds: Sequence[str], options: dict[str, Any]) -> int:
        cur = self._write(
            "INSERT INTO crawl_runs (started_at, status, seeds, options) VALUES (?, 'running', ?, ?)",
            (_now_iso(), json.dumps(list(seeds)), json.dumps(options, default=str)),
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        self._write(
            "UPDATE crawl_runs SET finished_at = ?, status = 'done', counts = ? WHERE id = ?",
            (_now_iso(), json.dumps(counts, sort_keys=True), run_id),
        )
