from __future__ import annotations

from pathlib import Path

from dateline import Archive
from dateline.crawl.frontier import Frontier

A = "https://site.example/news/one-two-three"
B = "https://site.example/news/four-five-six"
HOSTS = ["site.example"]


def test_add_dedups_and_upgrades(tmp_path: Path) -> None:
    frontier = Frontier(tmp_path / "db.sqlite")
    assert frontier.add(A, kind="listing", depth=1)
    assert not frontier.add(A, kind="article", published="2024-01-01T00:00:00+00:00")
    entry = frontier.claim(hosts=HOSTS)
    assert entry is not None and entry.kind == "article" and entry.published == "2024-01-01T00:00:00+00:00"
    frontier.close()
    frontier.close()


def test_claim_order_and_recover(tmp_path: Path) -> None:
    frontier = Frontier(tmp_path / "db.sqlite")
    frontier.add(A, kind="article")
    frontier.add("https://site.example/rss.xml", kind="feed")
    frontier.add("https://other.example/rss.xml", kind="feed")
    first = frontier.claim(hosts=HOSTS)
    assert first is not None and first.kind == "feed" and first.host == "site.example"
    assert frontier.claim(hosts=HOSTS, skip_hosts=HOSTS) is None
    frontier.close()
    reopened = Frontier(tmp_path / "db.sqlite")
    assert reopened.recover() == ["https://site.example/rss.xml"]
    assert reopened.state("https://site.example/rss.xml") == "queued"


def test_retry_waits_and_revisit_requeues_listings(tmp_path: Path) -> None:
    frontier = Frontier(tmp_path / "db.sqlite")
    frontier.add(A, kind="article")
    frontier.add("https://site.example/", kind="listing")
    listing = frontier.claim(hosts=HOSTS)
    assert listing is not None and listing.kind == "listing"
    frontier.finish(listing.url, state="done", outcome="listing", etag='"x"')
    article = frontier.claim(hosts=HOSTS)
    assert article is not None
    frontier.retry(article.url, at=2e9, outcome="timeout")
    assert frontier.claim(hosts=HOSTS) is None and frontier.next_due(HOSTS) == 2e9
    assert frontier.revisit(HOSTS, max_depth=1) == 1
    again = frontier.claim(hosts=HOSTS)
    assert again is not None and again.url == "https://site.example/" and again.etag == '"x"'


def test_tables_come_with_the_archive(tmp_path: Path) -> None:
    with Archive(tmp_path / "news.db"):
        pass
    frontier = Frontier(tmp_path / "news.db")
    frontier.add(B, kind="article")
    assert frontier.stored_article_id(B) is None
    assert frontier.counts(HOSTS) == {"queued": 1}
