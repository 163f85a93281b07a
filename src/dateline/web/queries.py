"""Read queries the reader needs beyond `Archive`'s API, over a read-only SQLite connection.

Listings page by *keyset cursor* (newest first by the archive's UTC sort key `published_key`,
then by id), so "See more" costs the same on page 1 and page 5,000 and never repeats or skips an
article when new ones arrive. Every value reaches SQL as a parameter.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..archive.records import ARTICLE_COLUMNS, StoredArticle, article_from_row, sort_key
from ..archive.search import SearchFilters, filter_sql
from ..errors import ArchiveError, QueryError

__all__ = [
    "Listing",
    "author_key",
    "authors",
    "connect_readonly",
    "count",
    "counts_by_day",
    "decode_cursor",
    "encode_cursor",
    "get",
    "latest",
    "site_count",
    "site_name",
    "sites",
    "story",
    "with_copies",
]

_ANY = SearchFilters()
#: Listing pages need the start of the body (for a summary), not all of it nor its HTML.
_LIST_COLUMNS = ARTICLE_COLUMNS.replace("a.body, a.body_html", "substr(a.body, 1, 400), ''")


def author_key(name: str) -> str:
    """The archive's author key: case-folded, white space collapsed."""
    return " ".join(name.casefold().split())


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to an archive file (it must exist), set up for serving: pages are
    read through a memory map (no read() call and copy per page) and up to 32 MiB stay cached."""
    p = Path(path)
    if not p.is_file():
        raise ArchiveError("no archive here; create one with `dateline ingest --db PATH FILES`", path=str(p))
    conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only = 1")
    conn.execute("PRAGMA mmap_size = 1073741824")
    conn.execute("PRAGMA cache_size = -32768")
    return conn


def encode_cursor(key: str | None, article_id: int) -> str:
    raw = json.dumps([key, article_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str | None, int]:
    """The (published_key, id) a cursor points after; QueryError when it was not made by us."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key, article_id = json.loads(raw)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise QueryError(f"cursor {cursor[:40]!r} is not valid; use the `next` value of a listing") from exc
    if not (key is None or isinstance(key, str)) or not isinstance(article_id, int):
        raise QueryError(f"cursor {cursor[:40]!r} is not valid; use the `next` value of a listing")
    return key, article_id


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing:
    rows: tuple[StoredArticle, ...]
    next_cursor: str | None


def _where(filters: SearchFilters) -> tuple[list[str], list[Any]]:
    where, params = filter_sql(filters)
    return ([] if where == "1" else [where]), params


def _select(conn: sqlite3.Connection, where: list[str], params: list[Any], order: str,
            limit: int, *, full: bool = True) -> list[StoredArticle]:
    sql = f"SELECT {ARTICLE_COLUMNS if full else _LIST_COLUMNS} FROM articles a LEFT JOIN sites s ON s.id = a.site_id"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order} LIMIT ?"
    return [article_from_row(r) for r in conn.execute(sql, [*params, limit])]


def latest(conn: sqlite3.Connection, *, filters: SearchFilters = _ANY, cursor: str | None = None,
           limit: int = 20, full: bool = False) -> Listing:
    """Articles newest first (undated ones last, newest ingested first), `limit` per page.

    Without `full`, `body` holds only its first 400 characters and `body_html` is empty.
    """
    where, params = _where(filters)
    after: tuple[str | None, int] | None = decode_cursor(cursor) if cursor else None
    rows: list[StoredArticle] = []
    if after is None or after[0] is not None:
        dated = [*where, "a.published_key IS NOT NULL"]
        dated_params = list(params)
        if after is not None:
            dated.append("(a.published_key < ? OR (a.published_key = ? AND a.id < ?))")
            dated_params += [after[0], after[0], after[1]]
        rows = _select(conn, dated, dated_params, "a.published_key DESC, a.id DESC", limit + 1, full=full)
    if len(rows) <= limit:
        undated = [*where, "a.published_key IS NULL"]
        undated_params = list(params)
        if after is not None and after[0] is None:
            undated.append("a.id < ?")
            undated_params.append(after[1])
        rows += _select(conn, undated, undated_params, "a.id DESC", limit + 1 - len(rows), full=full)
    page = rows[:limit]
    if len(rows) <= limit or not page:
        return Listing(rows=tuple(page), next_cursor=None)
    return Listing(rows=tuple(page), next_cursor=encode_cursor(sort_key(page[-1].article.published), page[-1].id))


def count(conn: sqlite3.Connection, *, filters: SearchFilters = _ANY) -> int:
    where, params = _where(filters)
    sql = "SELECT count(*) FROM articles a" + (" WHERE " + " AND ".join(where) if where else "")
    return int(conn.execute(sql, params).fetchone()[0])


def get(conn: sqlite3.Connection, article_id: int) -> StoredArticle | None:
    found = _select(conn, ["a.id = ?"], [article_id], "a.id", 1)
    return found[0] if found else None


def with_copies(conn: sqlite3.Connection, article_id: int, *, limit: int = 50) -> list[StoredArticle]:
    """The article and the other copies of its story, oldest first, in one query (most articles
    are a story of one, so this saves the second query an article page would otherwise make)."""
    rows = _select(conn, ["a.story_id = (SELECT story_id FROM articles WHERE id = ?)"], [article_id],
                   "a.published_key IS NULL, a.published_key, a.id", limit)
    if any(r.id == article_id for r in rows):
        return rows
    found = get(conn, article_id)  # no story, or more copies than `limit`
    return [found, *rows] if found else []


def story(conn: sqlite3.Connection, story_id: int, *, limit: int = 50, full: bool = True) -> list[StoredArticle]:
    """The copies of a story, oldest first (the first one published is the original)."""
    return _select(conn, ["a.story_id = ?"], [story_id], "a.published_key IS NULL, a.published_key, a.id",
                   limit, full=full)


def site_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM sites").fetchone()[0])


def site_name(conn: sqlite3.Connection, host: str) -> str | None:
    row = conn.execute("SELECT name FROM sites WHERE host = ?", (host,)).fetchone()
    return str(row[0]) if row and row[0] else None


def sites(conn: sqlite3.Connection, *, limit: int = 200, offset: int = 0) -> list[tuple[str, str, int]]:
    """(host, display name, article count) for each site, most articles first."""
    rows = conn.execute(
        "SELECT s.host, coalesce(s.name, s.host), count(a.id) AS n FROM sites s "
        "JOIN articles a ON a.site_id = s.id GROUP BY s.id ORDER BY n DESC, s.host LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    return [(str(h), str(n), int(c)) for h, n, c in rows]


def authors(conn: sqlite3.Connection, *, site: str | None = None, limit: int = 200,
            offset: int = 0) -> list[tuple[str, int]]:
    """(name, article count) for each author (one row per name across sites), most articles first."""
    sql = ("SELECT min(au.name), count(DISTINCT aa.article_id) AS n FROM authors au "
           "JOIN article_authors aa ON aa.author_id = au.id")
    params: list[Any] = []
    if site:
        sql += " WHERE au.site_id IN (SELECT id FROM sites WHERE host = ?)"
        params.append(site)
    sql += " GROUP BY au.key ORDER BY n DESC, au.key LIMIT ? OFFSET ?"
    rows = conn.execute(sql, [*params, limit, offset]).fetchall()
    return [(str(name), int(n)) for name, n in rows]


def counts_by_day(conn: sqlite3.Connection, *, filters: SearchFilters, days: int = 14) -> list[tuple[str, int]]:
    """(YYYY-MM-DD, count) for the most recent `days` days that have articles, newest first."""
    where, params = _where(filters)
    where.append("a.published_key IS NOT NULL")
    rows = conn.execute(
        f"SELECT substr(a.published_key, 1, 10) AS day, count(*) FROM articles a WHERE {' AND '.join(where)} "
        "GROUP BY day ORDER BY day DESC LIMIT ?",
        [*params, days],
    ).fetchall()
    return [(str(d), int(n)) for d, n in rows]
