from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dateline import Archive, ArchiveError
from dateline.archive import MIGRATIONS, Migration

EXTRA = Migration("test-0001-frontier", "CREATE TABLE frontier (url TEXT PRIMARY KEY, due TEXT);")


def applied(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")]


def test_fresh_archive_applies_every_migration_in_order(tmp_path: Path) -> None:
    Archive(tmp_path / "a.db").close()
    names = applied(tmp_path / "a.db")
    assert names[: len(MIGRATIONS)] == [m.name for m in MIGRATIONS]


def test_extra_migrations_run_once(tmp_path: Path) -> None:
    Archive(tmp_path / "a.db").close()
    Archive(tmp_path / "a.db", extra_migrations=[EXTRA]).close()
    Archive(tmp_path / "a.db", extra_migrations=[EXTRA]).close()
    assert applied(tmp_path / "a.db").count("test-0001-frontier") == 1
    with sqlite3.connect(tmp_path / "a.db") as conn:
        conn.execute("INSERT INTO frontier VALUES ('https://e.example/', NULL)")


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="unique name"):
        Archive(tmp_path / "a.db", extra_migrations=[MIGRATIONS[0]])


def test_a_failing_migration_leaves_nothing_half_done(tmp_path: Path) -> None:
    bad = Migration("test-0002-bad", "CREATE TABLE half (x INTEGER); CREATE TABLE broken (;")
    with pytest.raises(ArchiveError, match="'test-0002-bad' failed"):
        Archive(tmp_path / "a.db", extra_migrations=[bad])
    with sqlite3.connect(tmp_path / "a.db") as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0
    assert "test-0002-bad" not in applied(tmp_path / "a.db")


def test_cjk_grams_are_filled_for_articles_stored_before_0005(tmp_path: Path) -> None:
    from dateline.archive.migrations import apply_migrations

    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    apply_migrations(conn, MIGRATIONS[:4])  # an archive written before the CJK gram columns
    conn.executemany(
        "INSERT INTO articles (body_sha256, title, body, source_kind, ingested_at) VALUES (?, ?, ?, 'html', '')",
        [("a", "新しい図書館", "旧倉庫を改装した建物で、蔵書はおよそ十万冊。"), ("b", "Ferry", "An early ferry.")],
    )
    conn.close()
    with Archive(tmp_path / "old.db") as archive:
        assert [h.title for h in archive.search("倉庫").hits] == ["新しい図書館"]
        assert archive.search("ferry").total == 1
        with archive.transaction() as write:
            write.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def test_signatures_are_recomputed_by_0006(tmp_path: Path) -> None:
    from dateline import extract
    from dateline.archive.dedup import signature
    from dateline.archive.migrations import apply_migrations
    from dateline.samples.build import ARTICLES, render_html

    wire = extract(render_html(next(a for a in ARTICLES if a.slug == "central-bank-holds-rates")).encode())
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    apply_migrations(conn, MIGRATIONS[:5])  # an archive signed with the 128-permutation MinHash
    conn.execute("INSERT INTO stories (id, canonical_article_id, created_at) VALUES (7, 1, '')")
    conn.execute("INSERT INTO articles (id, body_sha256, story_id, title, body, source_kind, ingested_at) "
                 "VALUES (1, 'a', 7, ?, ?, 'html', '')", (wire.title, wire.body))
    conn.execute("INSERT INTO minhashes VALUES (1, ?)", (bytes(512),))
    conn.execute("INSERT INTO lsh_bands VALUES (0, 42, 1)")
    conn.close()
    with Archive(tmp_path / "old.db") as archive:
        copy = archive.add(extract(render_html(next(a for a in ARTICLES if a.slug == "rates-unchanged-again")).encode()))
    assert copy.story_id == 7
    with sqlite3.connect(tmp_path / "old.db") as conn:
        assert conn.execute("SELECT signature FROM minhashes WHERE article_id = 1").fetchone()[0] == \
            signature(wire.body).to_blob()
        bands = conn.execute("SELECT band, hash FROM lsh_bands WHERE article_id = 1 ORDER BY band").fetchall()
        plan = conn.execute("EXPLAIN QUERY PLAN DELETE FROM lsh_bands WHERE article_id = 1").fetchall()
    assert bands == list(enumerate(signature(wire.body).bands))
    assert "lsh_bands_article" in str(plan)  # the index dropped for the fill is back


def test_articles_stored_before_0007_stay_searchable(tmp_path: Path) -> None:
    from archive_pages import article

    from dateline.archive.migrations import apply_migrations

    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    apply_migrations(conn, MIGRATIONS[:6])  # indexed by a trigger per inserted row
    conn.execute("INSERT INTO articles (body_sha256, title, body, source_kind, ingested_at) "
                 "VALUES ('a', 'Zeppelin hangar', 'A new hangar.', 'html', '')")
    conn.close()
    with Archive(tmp_path / "old.db") as archive:
        archive.add(article(2, title="Zeppelin hangar two"))
        assert archive.search("zeppelin hangar").total == 2
        with archive.transaction() as write:
            assert write.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts_insert'").fetchone() is None
            write.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
