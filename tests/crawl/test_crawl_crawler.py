from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from crawlsite import NewsSite, serve_site

from dateline import Archive, ConfigError
from dateline.crawl import CrawlOptions, crawl

FAST = CrawlOptions(rate=None, concurrency=4, allow_private=True, timeout=1.0, max_retries=1, backoff=0.1)


def _stored_urls(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [r[0] for r in db.execute("SELECT c.url FROM articles a JOIN captures c ON a.capture_id = c.id")]


def _ok(site: NewsSite) -> Counter[str]:
    return Counter(h.path for h in site.log if h.status == 200)


def test_crawl_finds_every_allowed_article_once_then_all_304(site: NewsSite, archive: Archive) -> None:
    report = crawl(archive, [site.base + "/"], options=FAST)
    fetched = _ok(site)
    for path in site.article_paths():
        assert fetched[path] == 1, path
    assert not any(h.path.startswith("/private/") for h in site.log)
    assert not any(h.path.endswith(".jpg") for h in site.log)
    assert fetched["/sitemaps/news.xml.gz"] == 1
    stored = _stored_urls(archive.path)
    assert sorted(stored) == sorted(site.base + p for p in site.article_paths())
    assert report.stored == len(stored)
    assert report.outcomes["article/failed:timeout"] == 1
    assert report.outcomes["article/retry:http-429"] == 1
    assert report.outcomes["article/robots-disallowed"] == 2

    mark = time.monotonic()
    again = crawl(archive, [site.base + "/"], options=FAST)
    second = [h for h in site.log if h.at >= mark]
    assert second and {h.status for h in second} == {304}
    assert {h.path for h in second} >= {"/robots.txt", "/", "/rss.xml", "/atom.xml", "/sitemaps/news.xml.gz"}
    assert again.stored == 0


def test_since_skips_older_articles(site: NewsSite, archive: Archive) -> None:
    crawl(archive, [site.base + "/"], options=replace(FAST, since=date(2024, 9, 1)))
    fetched = _ok(site)
    assert fetched[site.article_path(0)] == 0
    assert fetched[site.article_path(site.n_articles - 1)] == 1


def test_max_pages_leaves_the_rest_queued(site: NewsSite, archive: Archive) -> None:
    report = crawl(archive, [site.base + "/"], options=replace(FAST, max_pages=10))
    assert report.stored == 10 and report.queued > 200


@pytest.fixture
def slow_site() -> Iterator[NewsSite]:
    yield from serve_site(NewsSite(n_articles=120, article_delay=0.02, traps=False))


def test_killed_crawl_resumes_without_refetching(slow_site: NewsSite, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    cmd = [sys.executable, "-c", "import sys; from dateline.cli import main; sys.exit(main())", "crawl",
           slow_site.base + "/", "--db", str(db), "--allow-private", "--rate", "0", "--concurrency", "2",
           "--timeout", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
    deadline = time.monotonic() + 30
    while sum(1 for h in slow_site.log if h.path.startswith("/news/")) < 40 and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = set(_stored_urls(db))
    assert 10 <= len(before) < 120
    mark = time.monotonic()
    with Archive(db) as archive:
        crawl(archive, [slow_site.base + "/"], options=FAST)
    again = {slow_site.base + h.path for h in slow_site.log if h.status == 200 and h.at >= mark}
    assert not again & before
    stored = _stored_urls(db)
    assert len(stored) == len(set(stored)) == len(slow_site.article_paths())


@pytest.fixture
def quiet_site() -> Iterator[NewsSite]:
    yield from serve_site(NewsSite(n_articles=120, declared=False, traps=False))


def test_undeclared_feeds_and_sitemaps_are_found_at_common_paths(quiet_site: NewsSite, archive: Archive) -> None:
    crawl(archive, [quiet_site.base + "/"], options=FAST)
    fetched = _ok(quiet_site)
    assert fetched["/feed"] == 1 and fetched["/sitemap.xml"] == 1 and fetched["/sitemaps/news.xml.gz"] == 1
    for i in [*range(40), *range(80, 90)]:  # the RSS feed's and the news sitemap's articles
        assert fetched[quiet_site.article_path(i)] == 1, i
    mark = time.monotonic()
    crawl(archive, [quiet_site.base + "/"], options=FAST)
    assert {h.status for h in quiet_site.log if h.at >= mark} == {304}


def test_options_are_checked() -> None:
    with pytest.raises(ConfigError, match="rate=0"):
        CrawlOptions(rate=0)
    with pytest.raises(ConfigError, match="concurrency"):
        CrawlOptions(concurrency=0)


@pytest.fixture
def busy_site() -> Iterator[NewsSite]:
    yield from serve_site(NewsSite(n_articles=30, retry_after="3600", slow_seconds=0.1))


def test_a_long_retry_after_leaves_the_host_for_a_later_run(busy_site: NewsSite, archive: Archive) -> None:
    start = time.monotonic()
    report = crawl(archive, [busy_site.base + "/"], options=FAST)
    assert time.monotonic() - start < 30
    assert sum(1 for h in busy_site.log if h.path.startswith("/busy/")) == 1
    assert report.outcomes["article/retry:http-429"] == 1 and report.queued >= 1
    paused_at = next(h.at for h in busy_site.log if h.status == 429)
    assert not [h.path for h in busy_site.log if h.at > paused_at + 0.5]


@pytest.fixture
def flaky_robots_site() -> Iterator[NewsSite]:
    yield from serve_site(NewsSite(n_articles=30, robots_errors=1, traps=False))


def test_a_failing_robots_txt_is_retried(flaky_robots_site: NewsSite, archive: Archive) -> None:
    report = crawl(archive, [flaky_robots_site.base + "/"], options=FAST)
    assert report.outcomes["robots/retry:http-503"] == 1 and report.stored == 30
    assert [h.status for h in flaky_robots_site.log if h.path == "/robots.txt"] == [503, 200]


def test_an_unreadable_robots_txt_leaves_the_site_for_a_later_run(
    flaky_robots_site: NewsSite, archive: Archive
) -> None:
    flaky_robots_site.robots_errors = 5
    first = crawl(archive, [flaky_robots_site.base + "/"], options=FAST)
    assert {h.path for h in flaky_robots_site.log} == {"/robots.txt"}
    assert first.outcomes["listing/robots-unavailable"] == 1 and first.queued == 1 and first.stored == 0
    flaky_robots_site.robots_errors = 0
    assert crawl(archive, [flaky_robots_site.base + "/"], options=FAST).stored == 30


@pytest.fixture
def amp_site() -> Iterator[NewsSite]:
    yield from serve_site(NewsSite(n_articles=30, amp=True, traps=False))


def test_a_canonical_url_of_a_stored_copy_is_not_fetched(amp_site: NewsSite, archive: Archive) -> None:
    # One connection: with four, a worker may take article 0 from the home page while the feed
    # that lists its AMP copy is still in flight, and nothing can know yet that they are one story.
    report = crawl(archive, [amp_site.base + "/"], options=replace(FAST, concurrency=1))
    fetched = _ok(amp_site)
    assert fetched[amp_site.amp_path()] == 1 and fetched[amp_site.article_path(0)] == 0
    assert report.stored == 30
