"""Writing one article into the archive: capture, site, authors, tags, story and LSH bands.

Runs inside the caller's write transaction, so an article and everything that hangs off it are
committed together or not at all. Used by `Archive.add`, ingest and re-extraction alike.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from ..errors import ArchiveError
from ..models import Article
from . import dedup
from .records import AddResult, article_values, site_key

__all__ = [
    "CaptureIn", "Prepared", "author_key", "compress", "decompress", "existing_raw", "index_new_articles",
    "prepare", "store_article", "track_new_articles", "update_article",
]

_ZSTD_LEVEL = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptureIn:
    """The raw page behind an article, as it was fetched (all optional)."""

    raw: bytes | None = None
    url: str | None = None
    fetched_at: datetime | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    source: str | None = None
    packed: tuple[str, bytes] | None = None  # (codec, data): `raw` compressed already, by an ingest worker


@dataclass(frozen=True, slots=True, kw_only=True)
class Prepared:
    """The work of storing an article that needs no database, done where it was extracted.

    An ingest worker returns this beside the article, so that the single writer only runs SQL:
    the row values (`records.article_values`, CJK grams included), the normalised body's sha256,
    the MinHash signature and, when asked, the raw page compressed (`packed`). `fingerprint`
    (`dedup.fingerprint`: the body hash and signature) is None when the writer is to compute it
    (it has spare CPU: see ingest).
    """

    values: dict[str, Any]
    fingerprint: tuple[str, dedup.Signature] | None
    packed: tuple[str, bytes] | None = None
    cpu_seconds: float = 0.0  # CPU time of extracting and preparing, where it ran (ingest balances on it)


def prepare(article: Article, *, raw: bytes | None = None, sign: bool = True) -> Prepared:
    """`Prepared` for an article (with `raw` compressed when given; without the body hash and
    MinHash signature unless `sign`)."""
    fingerprint = dedup.fingerprint(article.body) if sign else None
    packed = compress(raw) if raw is not None else None
    return Prepared(values=article_values(article), fingerprint=fingerprint, packed=packed)


@lru_cache(maxsize=1)
def _zstd() -> Any:
    import pyarrow as pa  # zstd through pyarrow (already a dependency); imported on first use

    return pa.Codec("zstd", compression_level=_ZSTD_LEVEL)


def compress(data: bytes) -> tuple[str, bytes]:
    """(codec, stored bytes) for raw capture bytes.

    zstd level 1: on development HTML pages (276 KB on average) it takes 1.9 ms a page and keeps
    18% of the bytes, where zlib takes 7.3 ms (level 1, 22%) to 20 ms (level 6, 18.5%).
    """
    return "zstd", _zstd().compress(data, asbytes=True)


#: No stored page is larger (extract refuses over 50 MiB by default): a larger `size` is damage, and
#: zstd would allocate it before finding out.
MAX_RAW_SIZE = 1 << 30


def decompress(codec: str, data: bytes, size: int) -> bytes:
    """The raw bytes of a capture stored with `codec` (`size` is the raw length). `ArchiveError`
    when the capture is damaged (its data does not decompress, or its size is impossible)."""
    if codec not in ("zstd", "zlib", "identity"):
        raise ArchiveError(f"capture codec {codec!r} is unknown to this dateline version (the capture is damaged, "
                           "or a newer dateline wrote it: upgrade dateline)")
    if not 0 <= size <= MAX_RAW_SIZE:
        raise ArchiveError(f"the capture is damaged: its recorded size {size} is impossible")
    try:
        if codec == "zstd":
            return bytes(_zstd().decompress(data, decompressed_size=size, asbytes=True))
        if codec == "zlib":
            return zlib.decompress(data)
    except (OSError, zlib.error) as exc:  # pyarrow raises OSError for corrupt zstd data
        raise ArchiveError(f"the capture is damaged: its {codec} data does not decompress ({exc})") from None
    return data


_FTS_COLUMNS = "title, body, authors_text, site_text, title_grams, body_grams"


def track_new_articles(conn: sqlite3.Connection) -> None:
    """Make the writer connection note each article it inserts, for `index_new_articles`.

    Temporary (this connection's) table and triggers: an insert into `articles` notes the id; an
    update or delete of a noted row indexes it first, so that the full-text index's triggers for
    those (which remove the old text from the index) always find it there.
    """
    conn.executescript("""
        CREATE TEMP TABLE IF NOT EXISTS unindexed_articles (id INTEGER PRIMARY KEY);
        CREATE TEMP TRIGGER IF NOT EXISTS note_new_article AFTER INSERT ON main.articles BEGIN
            INSERT INTO unindexed_articles (id) VALUES (new.id);
        END;
    """ + "".join(f"""
        CREATE TEMP TRIGGER IF NOT EXISTS index_before_{event.lower()} BEFORE {event} ON main.articles
        WHEN old.id IN (SELECT id FROM unindexed_articles) BEGIN
            INSERT INTO articles_fts (rowid, {_FTS_COLUMNS}) SELECT id, {_FTS_COLUMNS} FROM articles WHERE id = old.id;
            DELETE FROM unindexed_articles WHERE id = old.id;
        END;""" for event in ("UPDATE", "DELETE")))


def index_new_articles(conn: sqlite3.Connection) -> None:
    """Add the articles this transaction inserted to the full-text index, in one statement (run
    before COMMIT by `Archive.transaction`, so they are searchable when it returns).

    One statement, not one per article: FTS5 writes its pending terms out as a segment at the end
    of each statement that changes it, so indexing 64 articles together writes one segment where
    a trigger per row wrote 64 (and merged them later): 0.26-0.28 ms of CPU less per article.
    """
    conn.execute(f"INSERT INTO articles_fts (rowid, {_FTS_COLUMNS}) SELECT id, {_FTS_COLUMNS} FROM articles "
                 "WHERE id IN (SELECT id FROM unindexed_articles)")
    conn.execute("DELETE FROM unindexed_articles")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _iso(when: datetime | None) -> str | None:
    if when is None:
        return None
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    try:
        return aware.astimezone(UTC).isoformat(timespec="seconds")
    except OverflowError:  # year 1 east of UTC, year 9999 west of it: kept with its own offset
        return aware.isoformat(timespec="seconds")


def existing_raw(conn: sqlite3.Connection, sha: str) -> tuple[int, int | None] | None:
    """(article id, story id) of the article stored from a capture with this raw sha256."""
    _, article = _capture_of(conn, sha)
    return article


def _capture_of(conn: sqlite3.Connection, sha: str) -> tuple[int | None, tuple[int, int | None] | None]:
    """(capture id, (article id, story id)) stored for a raw sha256, each None when there is none."""
    row = conn.execute(
        "SELECT c.id, a.id, a.story_id FROM captures c LEFT JOIN articles a ON a.capture_id = c.id "
        "WHERE c.sha256 = ? LIMIT 1",
        (sha,),
    ).fetchone()
    if row is None:
        return None, None
    return row[0], ((row[1], row[2]) if row[1] is not None else None)


def store_article(
    conn: sqlite3.Connection,
    article: Article,
    *,
    capture: CaptureIn,
    sig: dedup.Signature,
    threshold: float,
    run_id: int | None = None,
    raw_sha: str | None = None,
    body_sha: str | None = None,
    values: dict[str, Any] | None = None,
) -> AddResult:
    """Insert an article unless its raw bytes or normalised body are already stored.

    `raw_sha`/`body_sha`/`values` may be given when already computed (`dedup.raw_hash`,
    `dedup.body_hash`, `records.article_values`: see `prepare`).
    """
    capture_id: int | None = None
    if capture.raw is not None:
        raw_sha = raw_sha or dedup.raw_hash(capture.raw)
        capture_id, seen = _capture_of(conn, raw_sha)
        if seen is not None:
            return AddResult(id=seen[0], outcome="duplicate", story_id=seen[1])
    bsha = body_sha or dedup.body_hash(article.body)
    row = conn.execute("SELECT id, story_id FROM articles WHERE body_sha256 = ?", (bsha,)).fetchone()
    if row is not None:
        return AddResult(id=row[0], outcome="duplicate", story_id=row[1])
    if capture.raw is not None and capture_id is None:
        capture_id = _insert_capture(conn, capture, raw_sha, run_id)
    site = site_key(article)
    site_id = _site_id(conn, *site) if site else None
    match = dedup.find_story_match(conn, sig, threshold=threshold)
    # The new row's id is known before the insert (the writer holds the transaction), so a new
    # story can name its canonical article first and the article row is written once.
    article_id = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0])
    story_id = match[1] if match else _new_story(conn, article_id)
    row = dict(values) if values is not None else article_values(article)
    row.update(
        id=article_id, body_sha256=bsha, capture_id=capture_id, site_id=site_id, story_id=story_id,
        site_text=" ".join(x for x in (article.site_name, site[0] if site else None) if x),
        ingested_at=_now(), run_id=run_id,
    )
    names = ", ".join(row)
    marks = ", ".join(f":{k}" for k in row)
    conn.execute(f"INSERT INTO articles ({names}) VALUES ({marks})", row)
    _link_people(conn, article_id, site_id, article)
    dedup.store_signature(conn, article_id, sig, new=True)
    return AddResult(id=article_id, outcome="stored", story_id=story_id)


def update_article(conn: sqlite3.Connection, article_id: int, article: Article, prepared: Prepared | None = None) -> bool:
    """Replace a stored article's fields, signature and bands (re-extraction); False when its body
    now duplicates another. `prepared`: its row values and fingerprint, when already computed."""
    prepared = prepared if prepared is not None and prepared.fingerprint is not None else prepare(article)
    assert prepared.fingerprint is not None
    bsha, sig = prepared.fingerprint
    row = conn.execute("SELECT id FROM articles WHERE body_sha256 = ? AND id != ?", (bsha, article_id)).fetchone()
    if row is not None:
        return False
    site_id = conn.execute("SELECT site_id FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
    values = {**prepared.values, "body_sha256": bsha}
    sets = ", ".join(f"{k} = :{k}" for k in values)
    conn.execute(f"UPDATE articles SET {sets} WHERE id = :id", {**values, "id": article_id})
    conn.execute("DELETE FROM article_authors WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM article_tags WHERE article_id = ?", (article_id,))
    _link_people(conn, article_id, site_id, article)
    dedup.store_signature(conn, article_id, sig)
    return True


def _insert_capture(conn: sqlite3.Connection, capture: CaptureIn, sha: str | None, run_id: int | None) -> int:
    """Insert a capture not stored yet (the caller looked its sha256 up)."""
    assert capture.raw is not None
    codec, data = capture.packed or compress(capture.raw)
    headers = capture.headers
    ctype = capture.content_type or headers.get("content-type")
    cur = conn.execute(
        "INSERT INTO captures (sha256, url, fetched_at, content_type, headers, codec, size, data, source, run_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (sha, capture.url, _iso(capture.fetched_at), ctype, json.dumps(headers, ensure_ascii=False) if headers else "{}",
         codec, len(capture.raw), data, capture.source, run_id),
    )
    return int(cur.lastrowid or 0)


def _site_id(conn: sqlite3.Connection, host: str, name: str | None) -> int:
    row = conn.execute("SELECT id, name FROM sites WHERE host = ?", (host,)).fetchone()
    if row is not None:
        if name and row[1] == host and name != host:
            conn.execute("UPDATE sites SET name = ? WHERE id = ?", (name, row[0]))
        return int(row[0])
    return int(conn.execute("INSERT INTO sites (host, name) VALUES (?, ?)", (host, name)).lastrowid or 0)


def _new_story(conn: sqlite3.Connection, article_id: int) -> int:
    cur = conn.execute("INSERT INTO stories (canonical_article_id, created_at) VALUES (?, ?)", (article_id, _now()))
    return int(cur.lastrowid or 0)


def author_key(name: str) -> str:
    """A person's name, case-folded with spaces collapsed: one author row per key per site."""
    return " ".join(name.casefold().split())


def _link_people(conn: sqlite3.Connection, article_id: int, site_id: int | None, article: Article) -> None:
    for position, name in enumerate(dict.fromkeys(a for a in article.authors if a.strip())):
        key = author_key(name)
        row = conn.execute(
            "SELECT id FROM authors WHERE site_id IS ? AND key = ?", (site_id, key)
        ).fetchone()
        author_id = row[0] if row else conn.execute(
            "INSERT INTO authors (site_id, name, key) VALUES (?, ?, ?)", (site_id, " ".join(name.split()), key)
        ).lastrowid
        conn.execute(
            "INSERT OR IGNORE INTO article_authors (article_id, author_id, position) VALUES (?, ?, ?)",
            (article_id, author_id, position),
        )
    conn.executemany(
        "INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)",
        [(article_id, " ".join(t.casefold().split())) for t in article.tags if t.strip()],
    )
