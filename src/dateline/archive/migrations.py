"""Named, ordered schema migrations for the archive database.

Each `Migration` runs once, in list order, inside the transaction that records its name in
`schema_migrations`. To add tables, append a new `Migration` (never edit one that has shipped).

Other parts of dateline contribute their own tables in one of two ways:

* a module `dateline.crawl.migrations` that defines `MIGRATIONS: Sequence[Migration]` is picked
  up automatically (its migrations run after the archive's own, in their order), or
* `Archive(path, extra_migrations=[Migration("crawl-0001-frontier", "CREATE TABLE ...")])`.

Names must be unique across all lists; prefix them with the owning area (`crawl-0001-...`).
"""

from __future__ import annotations

import importlib
import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ..errors import ArchiveError

__all__ = [
    "CONTRIBUTING_MODULES", "MIGRATIONS", "Migration", "all_migrations", "apply_migrations", "check_not_newer",
]

log = logging.getLogger(__name__)

#: Modules whose `MIGRATIONS` list is appended to the archive's own when they can be imported.
CONTRIBUTING_MODULES: tuple[str, ...] = ("dateline.crawl.migrations",)


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: a unique `name` and the SQL script that performs it; optionally a Python
    `fill` (data that SQL cannot compute) and a script `then` run after it, in the same transaction."""

    name: str
    sql: str
    fill: Callable[[sqlite3.Connection], None] | None = None
    then: str = ""


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "archive-0001-core",
        """
        CREATE TABLE sites (
            id INTEGER PRIMARY KEY,
            host TEXT NOT NULL UNIQUE,          -- registrable host without www., or 'name:<site name>'
            name TEXT
        );
        CREATE TABLE captures (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,        -- of the raw (uncompressed) bytes
            url TEXT,
            fetched_at TEXT,                    -- ISO 8601 UTC
            content_type TEXT,
            headers TEXT NOT NULL DEFAULT '{}', -- HTTP headers as a JSON object
            codec TEXT NOT NULL,                -- 'zstd', 'zlib' or 'identity'
            size INTEGER NOT NULL,              -- raw size in bytes
            data BLOB NOT NULL,
            source TEXT,                        -- the input it came from (file, file:line, WARC record id)
            run_id INTEGER
        );
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            canonical_article_id INTEGER,
            created_at TEXT NOT NULL
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            body_sha256 TEXT NOT NULL UNIQUE,   -- of the normalised body: exact-duplicate key
            capture_id INTEGER REFERENCES captures(id),
            site_id INTEGER REFERENCES sites(id),
            story_id INTEGER REFERENCES stories(id),
            url TEXT,
            canonical_url TEXT,
            title TEXT,
            authors TEXT NOT NULL DEFAULT '[]', -- JSON list, page order
            published TEXT,                     -- ISO 8601 as precise as the page gives it
            published_key TEXT,                 -- UTC sort key 'YYYY-MM-DDTHH:MM:SS'
            modified TEXT,
            page_date TEXT,
            site_name TEXT,
            language TEXT,
            description TEXT,
            section TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            image TEXT,
            body TEXT NOT NULL,
            body_html TEXT NOT NULL DEFAULT '',
            source_kind TEXT NOT NULL,
            warnings TEXT NOT NULL DEFAULT '[]',
            provenance TEXT NOT NULL DEFAULT '{}',
            authors_text TEXT NOT NULL DEFAULT '', -- for full-text search
            site_text TEXT NOT NULL DEFAULT '',    -- for full-text search
            ingested_at TEXT NOT NULL,
            run_id INTEGER
        );
        CREATE INDEX articles_published ON articles(published_key);
        CREATE INDEX articles_site ON articles(site_id, published_key);
        CREATE INDEX articles_story ON articles(story_id);
        CREATE INDEX articles_language ON articles(language, published_key);
        CREATE INDEX articles_section ON articles(section);
        CREATE INDEX articles_capture ON articles(capture_id);
        CREATE TABLE authors (
            id INTEGER PRIMARY KEY,
            site_id INTEGER REFERENCES sites(id),
            name TEXT NOT NULL,
            key TEXT NOT NULL,                  -- case-folded, spaces collapsed
            UNIQUE (site_id, key)
        );
        CREATE INDEX authors_key ON authors(key);
        CREATE TABLE article_authors (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            author_id INTEGER NOT NULL REFERENCES authors(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (article_id, author_id)
        ) WITHOUT ROWID;
        CREATE INDEX article_authors_author ON article_authors(author_id, article_id);
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,                  -- case-folded
            PRIMARY KEY (tag, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE ingest_runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,               -- running, done, failed, interrupted (killed; see 0004)
            inputs TEXT NOT NULL,               -- JSON list of paths
            counts TEXT NOT NULL DEFAULT '{}'   -- JSON {outcome: n, "not-an-article:<reason>": n, ...}
        );
        CREATE TABLE ingest_failures (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
            input TEXT NOT NULL,
            item TEXT,
            outcome TEXT NOT NULL,              -- not-an-article or error
            reason TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        """,
    ),
    Migration(
        "archive-0002-fts",
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, authors_text, site_text,
            content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, body, authors_text, site_text)
            VALUES (new.id, new.title, new.body, new.authors_text, new.site_text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body, authors_text, site_text)
            VALUES ('delete', old.id, old.title, old.body, old.authors_text, old.site_text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body, authors_text, site_text
        ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body, authors_text, site_text)
            VALUES ('delete', old.id, old.title, old.body, old.authors_text, old.site_text);
            INSERT INTO articles_fts(rowid, title, body, authors_text, site_text)
            VALUES (new.id, new.title, new.body, new.authors_text, new.site_text);
        END;
        """,
    ),
    Migration(
        "archive-0003-lsh",
        """
        CREATE TABLE minhashes (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            signature BLOB NOT NULL             -- num_perm uint32 hash values, little-endian
        );
        CREATE TABLE lsh_bands (
            band INTEGER NOT NULL,
            hash INTEGER NOT NULL,              -- signed 64-bit digest of the band's values
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (band, hash, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX lsh_bands_article ON lsh_bands(article_id);
        """,
    ),
    Migration(
        "archive-0004-run-owner",
        """
        ALTER TABLE ingest_runs ADD COLUMN host TEXT;  -- the machine and process running it, so that
        ALTER TABLE ingest_runs ADD COLUMN pid INTEGER; -- a killed run can be marked 'interrupted'
        """,
    ),
    Migration(
        "archive-0005-cjk-grams",
        """
        ALTER TABLE articles ADD COLUMN title_grams TEXT NOT NULL DEFAULT ''; -- CJK bigrams (archive/cjk.py)
        ALTER TABLE articles ADD COLUMN body_grams TEXT NOT NULL DEFAULT '';
        DROP TRIGGER articles_fts_insert;
        DROP TRIGGER articles_fts_delete;
        DROP TRIGGER articles_fts_update;
        DROP TABLE articles_fts;
        """,
        fill=lambda conn: _fill_grams(conn),
        then="""
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, authors_text, site_text, title_grams, body_grams,
            content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, body, authors_text, site_text, title_grams, body_grams)
            VALUES (new.id, new.title, new.body, new.authors_text, new.site_text, new.title_grams, new.body_grams);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body, authors_text, site_text, title_grams,
                                     body_grams)
            VALUES ('delete', old.id, old.title, old.body, old.authors_text, old.site_text, old.title_grams,
                    old.body_grams);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body, authors_text, site_text, title_grams,
            body_grams ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body, authors_text, site_text, title_grams,
                                     body_grams)
            VALUES ('delete', old.id, old.title, old.body, old.authors_text, old.site_text, old.title_grams,
                    old.body_grams);
            INSERT INTO articles_fts(rowid, title, body, authors_text, site_text, title_grams, body_grams)
            VALUES (new.id, new.title, new.body, new.authors_text, new.site_text, new.title_grams, new.body_grams);
        END;
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        """,
    ),
    Migration(
        "archive-0006-one-permutation-minhash",
        """
        -- every signature and band digest is recomputed by the fill; the tables are emptied and
        -- the bands' article index is built once at the end (faster than row by row)
        DELETE FROM minhashes;
        DROP INDEX lsh_bands_article;
        DELETE FROM lsh_bands;
        """,
        fill=lambda conn: _resign(conn),
        then="CREATE INDEX lsh_bands_article ON lsh_bands(article_id);",
    ),
    Migration(
        "archive-0007-fts-per-transaction",
        """
        -- new articles are indexed once per write transaction (`writer.index_new_articles`, one
        -- INSERT ... SELECT before COMMIT), not by a trigger per row: FTS5 writes its pending terms
        -- out as a new segment at every statement that touches it, so a trigger per article made
        -- one segment (and the merges after) per article. The update and delete triggers stay.
        DROP TRIGGER articles_fts_insert;
        """,
    ),
)


def _fill_grams(conn: sqlite3.Connection) -> None:
    """Gram columns for the articles stored before 0005 (only those with CJK text change)."""
    from .cjk import grams

    last = -1
    while rows := conn.execute(
        "SELECT id, title, body FROM articles WHERE id > ? ORDER BY id LIMIT 2000", (last,)
    ).fetchall():
        last = rows[-1][0]
        values = [(grams(title), grams(body), aid) for aid, title, body in rows]
        conn.executemany(
            "UPDATE articles SET title_grams = ?, body_grams = ? WHERE id = ?", [v for v in values if v[0] or v[1]]
        )


def _resign(conn: sqlite3.Connection) -> None:
    """Signatures and LSH bands of the stored articles in the one-permutation scheme of 0006
    (the 128-permutation values before it cannot be compared with new ones). Stories stay as they
    are; later articles are matched against the new signatures."""
    from .dedup import signature, store_signatures

    last = -1
    while rows := conn.execute("SELECT id, body FROM articles WHERE id > ? ORDER BY id LIMIT 2000", (last,)).fetchall():
        last = rows[-1][0]
        store_signatures(conn, [(aid, signature(body)) for aid, body in rows])


def _contributed() -> list[Migration]:
    found: list[Migration] = []
    for name in CONTRIBUTING_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is not None and name.startswith(exc.name):
                continue
            raise
        found.extend(getattr(module, "MIGRATIONS", ()))
    return found


def all_migrations(extra: Iterable[Migration] = ()) -> list[Migration]:
    """The archive's migrations, then contributed modules', then `extra`; names checked unique."""
    steps = [*MIGRATIONS, *_contributed(), *extra]
    seen: set[str] = set()
    for step in steps:
        if step.name in seen:
            raise ArchiveError(f"two schema migrations are named {step.name!r}; give each a unique name")
        seen.add(step.name)
    return steps


def apply_migrations(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> list[str]:
    """Run the migrations not yet recorded in `schema_migrations`; returns the names applied.

    Each runs in its own `BEGIN IMMEDIATE` transaction with its bookkeeping row, so a crash leaves
    every migration either fully applied or not at all.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    check_not_newer(conn, migrations)
    applied: list[str] = []
    for step in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            done = conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (step.name,)).fetchone()
            if done is None:
                for statement in _split(step.sql):
                    conn.execute(statement)
                if step.fill is not None:
                    step.fill(conn)
                for statement in _split(step.then):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    (step.name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
                applied.append(step.name)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise ArchiveError(
                f"schema migration {step.name!r} failed ({exc}); nothing of it was applied. Fix the migration "
                "or upgrade dateline"
            ) from exc
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    if applied:
        log.info("applied schema migrations: %s", ", ".join(applied))
    return applied


def check_not_newer(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> None:
    """Raise `ArchiveError` when the archive has schema steps of dateline's own areas (`archive-`,
    `crawl-`...) that `migrations` does not know: a newer dateline wrote it, and this one would
    misread its tables or write rows they no longer fit. Steps of other owners (an application's
    `extra_migrations`) are left alone: they need not be given on every open."""
    known = {step.name for step in migrations}
    owners = {step.name.split("-", 1)[0] for step in migrations}
    newer = [name for (name,) in conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")
             if name not in known and str(name).split("-", 1)[0] in owners]
    if newer:
        raise ArchiveError(
            f"the archive was written by a newer dateline (schema steps unknown here: {', '.join(newer)}); "
            "upgrade dateline to open it"
        )


def _split(script: str) -> list[str]:
    """Split a script into complete statements (triggers contain inner semicolons)."""
    out: list[str] = []
    current = ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \n\t;"):
                out.append(current.strip())
            current = ""
    if current.strip(" \n\t;"):
        out.append(current.strip())
    return out
