from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from archive_pages import article

from dateline import Archive, ArchiveError
from dateline.archive import SearchFilters
from dateline.models import Article


def test_add_get_roundtrip(tmp_path: Path) -> None:
    a = article(1, authors=("Ana Lima", "Bo Chen"), published=datetime(2026, 3, 1, 9, tzinfo=UTC),
                tags=("Energy",), language="en", site_name="Site One")
    with Archive(tmp_path / "a.db") as archive:
        added = archive.add(a, raw=b"<html>raw</html>", fetched_at=datetime(2026, 3, 2, tzinfo=UTC),
                            headers={"content-type": "text/html"})
        got = archive.get(added.id)
        raw = archive.raw(added.id)
    assert added.outcome == "stored" and got.story_id == added.story_id
    assert got.article == a and got.site == "site1.example"
    assert raw is not None and raw[0] == b"<html>raw</html>" and raw[1]["headers"]["content-type"] == "text/html"


def test_same_body_is_a_duplicate(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        first = archive.add(article(1))
        again = archive.add(article(1, title="Another headline", url="https://other.example/x"))
        assert again.outcome == "duplicate" and again.id == first.id
        assert archive.count() == 1


def test_unknown_id_raises(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive, pytest.raises(ArchiveError, match="no article with id 42"):
        archive.get(42)


def test_readonly_needs_an_archive_and_refuses_writes(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="dateline ingest"):
        Archive(tmp_path / "missing.db", readonly=True)
    Archive(tmp_path / "a.db").close()
    with Archive(tmp_path / "a.db", readonly=True) as ro, pytest.raises(ArchiveError, match="read-only"):
        ro.add(article(1))


def test_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(ArchiveError, match=r"x\.db"):
        Archive(path)


def test_close_is_idempotent_and_final(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "a.db")
    archive.close()
    archive.close()
    with pytest.raises(ArchiveError, match="closed"):
        archive.count()


def test_default_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_DB", str(tmp_path / "env.db"))
    with Archive() as archive:
        assert archive.path == tmp_path / "env.db"
    assert (tmp_path / "env.db").exists()


def test_wal_and_schema(tmp_path: Path) -> None:
    Archive(tmp_path / "a.db").close()
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "sites", "authors", "article_authors", "captures", "stories", "ingest_runs",
            "articles_fts", "schema_migrations", "lsh_bands"} <= tables


def test_authors_are_per_site_and_linked(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        archive.add(article(1, url="https://a.example/1", authors=("Ana Lima",)))
        archive.add(article(2, url="https://a.example/2", authors=("ana  LIMA",)))
        archive.add(article(3, url="https://b.example/3", authors=("Ana Lima",)))
        people = {(p.site, p.articles) for p in archive.authors()}
        by_author = archive.latest(filters=SearchFilters(author="Ana Lima", site="a.example"))
    assert people == {("a.example", 2), ("b.example", 1)}
    assert len(by_author) == 2


def test_latest_orders_by_published(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        for n, day in enumerate((3, 1, 2)):
            archive.add(article(n, published=datetime(2026, 1, day, tzinfo=UTC)))
        archive.add(article(9))  # no date: last
        days = [s.article.published.day if s.article.published else None for s in archive.latest()]
    assert days == [3, 2, 1, None]


def test_sites_and_story(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        added = archive.add(article(1, site_name="Site One"))
        story = archive.story(added.story_id or 0)
        with pytest.raises(ArchiveError):
            archive.story(999)
        assert [s.host for s in archive.sites()] == ["site1.example"]
    assert story.canonical_id == added.id and [a.id for a in story.articles] == [added.id]


def test_naive_article_text_round_trips(tmp_path: Path) -> None:
    a = Article(body="x" * 100, source_kind="text")
    with Archive(tmp_path / "a.db") as archive:
        got = archive.get(archive.add(a).id)
    assert got.article == a and got.site is None


def test_in_memory_archives_are_private_and_complete() -> None:
    with Archive(":memory:") as one, Archive(":memory:") as two:
        stored = one.add(article(1, title="Harbour ferry returns"))
        assert one.search("ferry").total == 1 and two.search("ferry").total == 0
        assert one.get(stored.id).article.title == "Harbour ferry returns"
    with pytest.raises(ArchiveError, match="in-memory"):
        Archive(":memory:", readonly=True)


def fts_check(archive: Archive) -> None:
    """FTS5's own check that the index holds exactly the articles' text (raises when it does not)."""
    with archive.transaction() as conn:
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")


def test_articles_are_indexed_together_when_the_transaction_commits(tmp_path: Path) -> None:
    from dateline.archive.dedup import signature
    from dateline.archive.writer import CaptureIn, store_article

    with Archive(tmp_path / "a.db") as archive:
        with archive.transaction() as conn:
            for n in range(1, 6):
                a = article(n, title=f"Zeppelin hangar {n}")
                store_article(conn, a, capture=CaptureIn(), sig=signature(a.body), threshold=0.5)
            assert conn.execute("SELECT count(*) FROM unindexed_articles").fetchone()[0] == 5
            conn.execute("UPDATE articles SET title = 'Quokka parade' WHERE id = 2")  # indexed first, then updated
            conn.execute("DELETE FROM article_authors WHERE article_id = 3")
            conn.execute("DELETE FROM articles WHERE id = 3")
        assert archive.search("zeppelin hangar").total == 3
        assert [h.id for h in archive.search("quokka parade").hits] == [2]
        fts_check(archive)


def test_a_rolled_back_transaction_indexes_nothing(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        archive.add(article(1, title="Zeppelin hangar"))
        with pytest.raises(RuntimeError), archive.transaction() as conn:
            conn.execute("INSERT INTO articles (body_sha256, title, body, source_kind, ingested_at) "
                         "VALUES ('x', 'Zeppelin again', 'text', 'html', '')")
            raise RuntimeError("stop")
        archive.add(article(2, title="Zeppelin hangar two"))
        assert archive.search("zeppelin").total == 2
        fts_check(archive)
