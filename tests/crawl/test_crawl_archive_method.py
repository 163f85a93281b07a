"""`Archive.crawl` is the archive-side entry point to the crawler."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlsite import NewsSite, serve_site

from dateline import Archive, CrawlOptions


@pytest.fixture
def small_site() -> Iterator[NewsSite]:
    yield from serve_site(NewsSite(n_articles=12, traps=False))


def test_archive_crawl_stores_the_sites_articles(small_site: NewsSite, tmp_path: Path) -> None:
    with Archive(tmp_path / "news.db") as archive:
        report = archive.crawl([small_site.base + "/"], options=CrawlOptions(allow_private=True, rate=None))
        assert report.stored == 12
        assert archive.count() == 12
