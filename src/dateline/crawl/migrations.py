"""The crawler's tables in the archive database, as named migrations the archive applies in order.

`dateline.archive.migrations` picks up `MIGRATIONS` from this module; `Frontier` also applies them
itself (idempotently, by name) so it can run on a database the archive has not opened yet.

    crawl_urls   one row per normalised URL ever seen: the frontier (state 'queued'), what was
                 fetched ('done'/'failed'/'skipped'), validators for conditional GETs, retries
    crawl_hosts  per host: the last robots.txt (kept so a 304 can reuse it), feed probing done
    crawl_runs   one row per crawl, with its options and outcome counts
"""

from __future__ import annotations

from ..archive.migrations import Migration

__all__ = ["MIGRATIONS"]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "crawl-0001-frontier",
        """
        CREATE TABLE crawl_urls (
            url TEXT PRIMARY KEY,               -- normalised (dateline.crawl.urls.normalize_url)
            host TEXT NOT NULL,
            kind TEXT NOT NULL,                 -- article, listing, feed, sitemap, probe
            state TEXT NOT NULL DEFAULT 'queued', -- queued, fetching, done, failed, skipped
            depth INTEGER NOT NULL DEFAULT 0,   -- listing hops from a seed
            priority INTEGER NOT NULL,          -- lower is fetched first
            published TEXT,                     -- ISO 8601 UTC, from a feed or sitemap
            source TEXT,                        -- the URL it was found on
            discovered_at TEXT NOT NULL,
            next_attempt REAL NOT NULL DEFAULT 0, -- unix time before which it is not fetched
            retries INTEGER NOT NULL DEFAULT 0,
            status INTEGER,                     -- last HTTP status
            outcome TEXT,                       -- stored, duplicate, not-modified, not-an-article:<reason>...
            etag TEXT,
            last_modified TEXT,
            fetched_at TEXT,
            final_url TEXT,
            article_id INTEGER,
            error TEXT
        );
        CREATE INDEX crawl_urls_queue ON crawl_urls(state, priority, next_attempt);
        CREATE INDEX crawl_urls_host ON crawl_urls(host, kind);
        CREATE TABLE crawl_hosts (
            host TEXT PRIMARY KEY,
            robots_status INTEGER,
            robots_txt TEXT,
            robots_etag TEXT,
            robots_last_modified TEXT,
            robots_fetched_at TEXT,
            probed INTEGER NOT NULL DEFAULT 0   -- common feed/sitemap paths already tried
        );
        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,               -- running, done (a killed run stays 'running')
            seeds TEXT NOT NULL,                -- JSON list
            options TEXT NOT NULL DEFAULT '{}',
            counts TEXT NOT NULL DEFAULT '{}'
        );
        """,
    ),
)
