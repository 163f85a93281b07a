from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from itertools import pairwise

import httpx
import pytest
from crawlsite import NewsSite, serve_site

from dateline import Archive
from dateline.crawl import CrawlOptions, crawl
from dateline.crawl.politeness import HostLimiter, backoff_delay, parse_retry_after


def _starts(limiter: HostLimiter, hosts: list[str]) -> dict[str, list[float]]:
    """Start times (seconds from the first call) per host of one request per entry in `hosts`."""
    starts: dict[str, list[float]] = {h: [] for h in hosts}
    t0 = time.monotonic()

    async def one(host: str) -> None:
        async with limiter.slot(host):
            starts[host].append(time.monotonic() - t0)
            await asyncio.sleep(0.01)

    async def main() -> None:
        await asyncio.gather(*(one(h) for h in hosts))

    asyncio.run(main())
    return starts


def _spaced(values: list[float], gap: float) -> bool:
    """Starts `gap` apart on average, none much sooner, none much later (a loaded machine lags).

    One start delayed by the scheduler shortens the gap after it, so single gaps get a wide
    lower bound and the span of all starts carries the exact check.
    """
    ordered = sorted(values)
    gaps = [b - a for a, b in pairwise(ordered)]
    span_ok = ordered[-1] - ordered[0] >= 0.9 * gap * len(gaps)
    return span_ok and all(gap * 0.5 <= g <= gap + 0.5 for g in gaps)


def test_rate_spaces_starts_per_host() -> None:
    starts = _starts(HostLimiter(rate=10.0, concurrency=2), ["a", "a", "a", "b"])
    assert len(starts["a"]) == 3 and _spaced(starts["a"], 0.1)
    assert starts["b"][0] < sorted(starts["a"])[1]  # hosts do not wait for each other


def test_crawl_delay_and_pause() -> None:
    limiter = HostLimiter(rate=100.0, concurrency=1)
    limiter.set_crawl_delay("a", 0.15)
    limiter.pause("b", 0.2)
    starts = _starts(limiter, ["a", "a", "b"])
    assert _spaced(starts["a"], 0.15) and 0.19 <= starts["b"][0] <= 0.8


def test_concurrency_caps_requests_in_flight() -> None:
    limiter = HostLimiter(rate=None, concurrency=2)
    in_flight = peak = 0

    async def one() -> None:
        nonlocal in_flight, peak
        async with limiter.slot("a"):
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.01)
            in_flight -= 1

    async def main() -> None:
        await asyncio.gather(*(one() for _ in range(6)))

    asyncio.run(main())
    assert peak == 2


def test_no_rate_means_no_waiting() -> None:
    limiter = HostLimiter(rate=None, concurrency=4)
    limiter.set_crawl_delay("a", 5.0)
    assert max(_starts(limiter, ["a"] * 4)["a"]) < 0.5  # a 5 s Crawl-delay would show
    with pytest.raises(ValueError, match="rate"):
        HostLimiter(rate=0)


def test_retry_after_and_backoff() -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Mon, 01 Jan 2024 00:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    assert [backoff_delay(n, base=1.0, cap=5.0) for n in range(4)] == [1.0, 2.0, 4.0, 5.0]
    assert backoff_delay(0, base=1.0, cap=60.0, retry_after=30.0) == 30.0


@pytest.fixture
def delayed_site() -> Iterator[NewsSite]:
    yield from serve_site(NewsSite(n_articles=30, crawl_delay=0.2))


class _TimedTransport(httpx.AsyncBaseTransport):
    """A real HTTP transport that notes when the crawler hands it each request."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.sent: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(time.monotonic())
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_crawl_holds_crawl_delay_and_identifies_itself(delayed_site: NewsSite, archive: Archive) -> None:
    options = CrawlOptions(rate=50.0, concurrency=2, allow_private=True, max_pages=2, timeout=2.0)
    timed = _TimedTransport()
    crawl(archive, [delayed_site.base + "/"], options=replace(options), transport=timed)
    assert len(timed.sent) == len(delayed_site.log)
    # Timed where the crawler sends, not where the test server's handler thread logs an arrival
    # (that thread's scheduling added up to 0.1 s of jitter on a loaded run).
    gaps = [b - a for a, b in pairwise(timed.sent)][1:]  # after robots.txt
    # rate=50/s alone would allow 0.02 s gaps. One request sent late makes the next gap short,
    # so pairs of gaps carry the lower bound.
    pairs = [a + b for a, b in pairwise(gaps)]
    assert len(gaps) >= 8 and min(pairs) >= 2 * 0.2 * 0.75 and sum(gaps) / len(gaps) >= 0.2 * 0.95
    assert all(h.headers["user-agent"].startswith("dateline-crawler/") for h in delayed_site.log)


@pytest.fixture
def slow_articles() -> Iterator[NewsSite]:
    yield from serve_site(NewsSite(n_articles=20, article_delay=0.05, traps=False))


def test_crawl_caps_requests_in_flight_per_host(slow_articles: NewsSite, archive: Archive) -> None:
    crawl(archive, [slow_articles.base + "/"], options=CrawlOptions(rate=None, concurrency=2, allow_private=True))
    assert slow_articles.peak_in_flight == 2
