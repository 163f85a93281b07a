"""`crawl(archive, seeds, *, options)`: keep an archive of news sites up to date, politely and durably.

    seeds ─ robots.txt ─┬─ Sitemap: lines ─ sitemap index ─ (news) sitemaps ─┐
                        ├─ home page ─ <link rel=alternate> feeds / common paths ─ feeds ─┤
                        └─ home page ─ section pages ─ links (URL shape) ───────────────────┴─ articles
                                                                       fetch ─ extract ─ Archive.add

The frontier lives in the archive's file (`frontier.py`), so a crawl killed at any moment resumes
where it stopped, and a second crawl only re-asks feeds, sitemaps and listing pages (conditional
GETs: 304 when nothing changed) and fetches only the articles it has not seen.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Protocol

import httpx
from selectolax.lexbor import LexborHTMLParser

from ..defuse import defuse_markup
from ..encoding import decode
from ..errors import ConfigError, DatelineError, NotAnArticle
from ..extract import extract
from ..models import Article
from ..options import ExtractOptions
from .discover import (
    COMMON_FEED_PATHS,
    Link,
    detect_kind,
    feed_links,
    looks_like_article_page,
    page_links,
    parse_feed,
    parse_sitemap,
)
from .fetcher import Failure, Fetcher, FetcherOptions, Response, user_agent
from .frontier import Entry, Frontier, UrlKindInFrontier
from .politeness import HostLimiter, backoff_delay, parse_retry_after
from .robots import RobotsRules, robots_for_status, robots_url
from .urls import classify_url, host_of, is_asset_url, normalize_url, same_site

__all__ = ["ArchiveLike", "CrawlEvent", "CrawlOptions", "CrawlReport", "crawl", "crawl_async"]

log = logging.getLogger(__name__)

ROBOTS_TOKEN = "dateline-crawler"


class _AddResultLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def outcome(self) -> str: ...


class ArchiveLike(Protocol):
    """What the crawler needs of `dateline.Archive`: its file (for the frontier) and `add`."""

    @property
    def path(self) -> Path: ...

    def add(
        self, article: Article, *, raw: bytes | None = None, url: str | None = None,
        fetched_at: datetime | None = None, headers: Mapping[str, str] | None = None,
    ) -> _AddResultLike: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlOptions:
    """How `crawl` behaves. Change one with `dataclasses.replace`.

    max_pages: article pages to fetch in this run (None: all); the rest stay queued for the next.
    since: articles a feed or sitemap dates before this are not fetched; fetched ones published
        before it are not stored.
    rate: requests per second per host (None: no spacing, for local tests and benchmarks).
    concurrency: requests in flight per host. A robots.txt Crawl-delay slows `rate` further.
    allow_private: permit hosts on private, loopback and link-local addresses.
    contact: added to the User-Agent (an email or URL) so site owners can reach you.
    timeout / max_bytes / max_redirects: per request limits.
    max_retries / backoff / max_backoff: transient failures (timeouts, 429, 5xx) are retried with
        exponential backoff from `backoff` up to `max_backoff` seconds, or after the server's
        Retry-After when that is longer (honoured in full: past `max_wait` the host waits for a
        later run).
    max_wait: the longest the crawl sleeps for a deferred URL; later ones wait for the next run.
    max_depth: listing-page hops from a seed (1: home page and the sections it links).
    probe_common_paths: try /feed, /rss.xml... and /sitemap.xml when a site declares none.
    """

    max_pages: int | None = None
    since: date | datetime | None = None
    rate: float | None = 1.0
    concurrency: int = 2
    allow_private: bool = False
    contact: str | None = None
    timeout: float = 15.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    max_retries: int = 3
    backoff: float = 2.0
    max_backoff: float = 300.0
    max_wait: float = 120.0
    max_depth: int = 1
    probe_common_paths: bool = True
    extract_options: ExtractOptions | None = None

    def __post_init__(self) -> None:
        checks = (
            ("rate", self.rate is None or self.rate > 0, "a positive number of requests per second, or None"),
            ("concurrency", self.concurrency >= 1, "at least 1"),
            ("max_pages", self.max_pages is None or self.max_pages >= 1, "at least 1, or None"),
            ("timeout", self.timeout > 0, "a positive number of seconds"),
            ("max_bytes", self.max_bytes > 0, "a positive number of bytes"),
            ("max_redirects", self.max_redirects >= 0, "0 or more"),
            ("max_retries", self.max_retries >= 0, "0 or more"),
            ("max_depth", self.max_depth >= 0, "0 or more"),
        )
        for name, ok, want in checks:
            if not ok:
                raise ConfigError(f"CrawlOptions {name}={getattr(self, name)!r} is not valid; use {want}")


@dataclass(frozen=True, slots=True)
class CrawlEvent:
    """One URL handled: what it was, how it ended, and the run's totals so far (for progress bars)."""

    url: str
    kind: str
    outcome: str
    requests: int
    stored: int
    queued: int


@dataclass(frozen=True, slots=True)
class CrawlReport:
    """What a crawl did. `requests` were sent, `responses` got an HTTP answer (any status), `stored`
    articles are new in the archive, `queued` URLs wait for a later run. `outcomes` counts
    `kind/outcome` (`article/stored`, `feed/not-modified`, `article/robots-disallowed`...)."""

    run_id: int
    seeds: tuple[str, ...]
    requests: int
    responses: int
    stored: int
    queued: int
    elapsed: float
    outcomes: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """A few lines for people: totals, then every outcome with its count."""
        rate = self.requests / self.elapsed if self.elapsed > 0 else 0.0
        lines = [
            f"{self.requests} requests in {self.elapsed:.1f} s ({rate:.1f}/s), {self.stored} articles stored, "
            f"{self.queued} URLs left queued for the next run"
        ]
        lines += [f"  {key:<40} {n:>7}" for key, n in sorted(self.outcomes.items())]
        return "\n".join(lines)


def _as_utc(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _frontier_kind(kind: str) -> UrlKindInFrontier:
    known: dict[str, UrlKindInFrontier] = {"article": "article", "listing": "listing", "sitemap": "sitemap"}
    return known.get(kind, "feed")


class _Crawl:
    """The state of one run. Not reused."""

    def __init__(
        self, archive: ArchiveLike, seeds: Sequence[str], options: CrawlOptions,
        progress: Callable[[CrawlEvent], None] | None, transport: httpx.AsyncBaseTransport | None,
    ) -> None:
        self.archive = archive
        self.options = options
        self.progress = progress
        self.seeds = self._normal_seeds(seeds)
        self.hosts = list(dict.fromkeys(host_of(s) for s in self.seeds))
        self.scope = frozenset(self.hosts)  # seeds' hosts: their www twins and subdomains are in scope too
        self.since = _as_utc(options.since) if options.since is not None else None
        self.limiter = HostLimiter(rate=options.rate, concurrency=options.concurrency)
        self.fetcher = Fetcher(options=FetcherOptions(
            timeout=options.timeout, max_bytes=options.max_bytes, max_redirects=options.max_redirects,
            user_agent=user_agent(options.contact), allow_private=options.allow_private,
        ), transport=transport)
        self.frontier = Frontier(archive.path)
        # One extraction thread: it overlaps network waits; more threads only fight over the GIL.
        self.extractor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dateline-extract")
        self.rules: dict[str, RobotsRules] = {}
        self.robots_locks: dict[str, asyncio.Lock] = {}
        self.blocked: set[str] = set()  # hosts whose robots.txt could not be read in this run
        self.active: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.requests = 0
        self.responses = 0
        self.stored = 0
        self.articles_claimed = 0
        self.recovered: set[str] = set()
        self._queued_at = 0.0
        self._queued_count = 0

    @staticmethod
    def _normal_seeds(seeds: Sequence[str]) -> list[str]:
        out: list[str] = []
        for seed in seeds:
            url = normalize_url(seed if "://" in seed else f"https://{seed}")
            if url is None:
                raise ConfigError(f"{seed!r} is not an http(s) URL; give seeds like https://example.com/")
            out.append(url)
        if not out:
            raise ConfigError("no seed URLs; give at least one site, like https://example.com/")
        return out

    # -- the loop --------------------------------------------------------------------------------

    async def run(self) -> CrawlReport:
        started = time.monotonic()
        run_id = self.frontier.start_run(self.seeds, {k: v for k, v in asdict(self.options).items()
                                                       if k != "extract_options"})
        try:
            self.recovered = set(self.frontier.recover())
            self._add_hosts(self.frontier.hosts())
            for seed in self.seeds:
                self.frontier.add(seed, kind="article" if classify_url(seed) == "article" else "listing")
            self.frontier.revisit(self.hosts, max_depth=self.options.max_depth)
            await self._loop()
        finally:
            await self.fetcher.aclose()
            self.extractor.shutdown(wait=True)
            queued = self.frontier.counts(self.hosts).get("queued", 0)
            self.frontier.finish_run(run_id, dict(self.outcomes))
            self.frontier.close()
        return CrawlReport(run_id, tuple(self.seeds), self.requests, self.responses, self.stored, queued,
                           time.monotonic() - started, dict(self.outcomes))

    def _add_hosts(self, hosts: Sequence[str]) -> None:
        for host in hosts:
            if host not in self.hosts and same_site(f"http://{host}/", self.scope):
                self.hosts.append(host)

    def _queue(self, links: Sequence[tuple[str, str | None]], *, kind: UrlKindInFrontier, depth: int = 0,
               source: str | None = None) -> int:
        """Add links to the frontier, widening the crawl to in-scope hosts seen for the first time."""
        self._add_hosts([host_of(url) for url, _ in links])
        return self.frontier.add_many(links, kind=kind, depth=depth, source=source)

    def _kinds(self) -> list[str] | None:
        """The kinds still to fetch: all, or no more articles once max_pages were claimed."""
        limit = self.options.max_pages
        return None if limit is None or self.articles_claimed < limit else ["feed", "sitemap", "probe", "listing"]

    def _paused(self) -> dict[str, float]:
        """Hosts paused (after a 429/503) for more than a moment: seconds left for each."""
        now = time.monotonic()
        return {h: left for h in self.hosts if (left := self.limiter.ready_at(h) - now) > 0.5}

    def _claim(self) -> Entry | None:
        skip = [h for h in self.hosts if self.active[h] >= self.options.concurrency or h in self.blocked]
        skip += list(self._paused())
        entry = self.frontier.claim(hosts=self.hosts, skip_hosts=skip, kinds=self._kinds())
        if entry is not None and entry.kind == "article":
            self.articles_claimed += 1
        return entry

    def _idle_wait(self) -> float | None:
        """Seconds until something can be fetched (None: nothing is queued)."""
        open_hosts = [h for h in self.hosts if h not in self.blocked]
        due = self.frontier.next_due(open_hosts, kinds=self._kinds()) if open_hosts else None
        if due is None:
            return None
        wait = due - time.time()
        paused = self._paused()
        if wait <= 0 and paused:  # what is due belongs to paused hosts
            wait = min(paused.values())
        return wait

    async def _loop(self) -> None:
        tasks: set[asyncio.Task[None]] = set()
        try:
            await self._drive(tasks)
        finally:  # an error (or a cancel) stops the fetches still in flight; they are resumed next run
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _drive(self, tasks: set[asyncio.Task[None]]) -> None:
        while True:
            while len(tasks) < self.options.concurrency * len(self.hosts):
                entry = self._claim()
                if entry is None:
                    break
                self.active[entry.host] += 1
                tasks.add(asyncio.create_task(self._handle(entry)))
            if not tasks:
                wait = self._idle_wait()
                if wait is None or wait > self.options.max_wait:
                    return  # what is left waits for a later run
                await asyncio.sleep(max(0.01, wait))
                continue
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            tasks -= done
            for task in done:
                task.result()

    async def _handle(self, entry: Entry) -> None:
        try:
            outcome = await self._process(entry)
        finally:
            self.active[entry.host] -= 1
        self.outcomes[f"{entry.kind}/{outcome}"] += 1
        if self.progress is not None:
            self.progress(CrawlEvent(entry.url, entry.kind, outcome, self.requests, self.stored, self._queued()))

    def _queued(self) -> int:
        """URLs queued, counted at most twice a second (a GROUP BY over the frontier)."""
        now = time.monotonic()
        if now - self._queued_at > 0.5:
            self._queued_at, self._queued_count = now, self.frontier.counts(self.hosts).get("queued", 0)
        return self._queued_count

    # -- one URL -----------------------------------------------------------------------------------

    def _skip(self, entry: Entry, outcome: str) -> str:
        self.frontier.finish(entry.url, state="skipped", outcome=outcome)
        return outcome

    async def _process(self, entry: Entry) -> str:
        rules = await self._robots(entry.url)
        if rules.disallow_all:  # robots.txt could not be read: the host waits for a later run
            self.blocked.add(entry.host)
            self.frontier.release(entry.url, at=0)
            return "robots-unavailable"
        if not rules.allowed(entry.url):
            return self._skip(entry, "robots-disallowed")
        if entry.kind in ("article", "listing") and is_asset_url(entry.url):
            return self._skip(entry, "asset")
        if entry.kind == "article" and self._before_since(entry.published):
            return self._skip(entry, "before-since")
        if entry.kind == "article" and entry.url in self.recovered:
            article_id = self.frontier.stored_article_id(entry.url)
            if article_id is not None:
                self.frontier.finish(entry.url, state="done", outcome="stored", article_id=article_id)
                return "stored-before-interruption"
        page = entry.kind in ("article", "listing")
        validators = not page or entry.kind == "listing"
        async with self.limiter.slot(entry.host, max_wait=self.options.max_wait) as may_start:
            if not may_start:
                self.frontier.release(entry.url, at=time.time() + self.limiter.ready_at(entry.host) - time.monotonic())
                return "deferred:host-paused"
            result = await self.fetcher.get(
                entry.url, accept="html" if page else "document",
                etag=entry.etag if validators else None,
                last_modified=entry.last_modified if validators else None,
                follow=self._follow,
            )
        if isinstance(result, Failure):
            self.requests += 1
            return self._failed(entry, result.reason, str(result.error), retryable=result.retryable)
        self.requests += 1 + len(result.redirects)
        self.responses += 1
        return await self._response(entry, result)

    def _follow(self, target: str) -> bool:
        """Follow a redirect only on the crawled sites, to a URL allowed and not fetched already."""
        if not same_site(target, self.scope):
            return False
        rules = self.rules.get(host_of(target))
        if rules is not None and not rules.allowed(target):
            return False
        return self.frontier.state(target) not in ("done", "fetching")

    def _failed(self, entry: Entry, reason: str, error: str, *, retryable: bool, status: int | None = None,
                retry_after: float | None = None) -> str:
        if retryable and entry.retries < self.options.max_retries:
            delay = backoff_delay(entry.retries, base=self.options.backoff, cap=self.options.max_backoff,
                                  retry_after=retry_after)
            self.frontier.retry(entry.url, at=time.time() + delay, outcome=reason, status=status, error=error)
            log.info("%s: %s; retry %d in %.1f s", entry.url, reason, entry.retries + 1, delay)
            return f"retry:{reason}"
        self.frontier.finish(entry.url, state="failed", outcome=reason, status=status, error=error)
        log.info("%s: failed (%s)", entry.url, error)
        return f"failed:{reason}"

    async def _response(self, entry: Entry, response: Response) -> str:
        if response.stopped_at is not None:
            self.frontier.finish(entry.url, state="done", outcome="redirect-to-seen", final_url=response.stopped_at)
            return "redirect-to-seen"
        status = response.status
        if status == 304:
            self.frontier.finish(entry.url, state="done", outcome="not-modified", status=304)
            return "not-modified"
        if status in (429, 503):
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            pause = backoff_delay(entry.retries, base=self.options.backoff, cap=self.options.max_backoff,
                                  retry_after=retry_after)
            self.limiter.pause(entry.host, pause)
            return self._failed(entry, f"http-{status}", f"HTTP {status}", retryable=True, status=status,
                                retry_after=retry_after)
        if status != 200:
            return self._failed(entry, f"http-{status}", f"HTTP {status}", retryable=status >= 500, status=status)
        final = response.final_url
        if final != entry.url:
            self.frontier.mark_done(final, kind=_frontier_kind(entry.kind), outcome="redirect-target",
                                    source=entry.url)
        if entry.kind in ("feed", "sitemap", "probe"):
            outcome = self._document(entry, response)
            article_id = None
        else:
            outcome, article_id = await self._page(entry, response)
        self.frontier.finish(
            entry.url, state="done", outcome=outcome, status=status, etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"), final_url=final, article_id=article_id,
        )
        return outcome

    # -- feeds and sitemaps ---------------------------------------------------------------------

    def _document(self, entry: Entry, response: Response) -> str:
        kind = detect_kind(response.content)
        if kind == "feed":
            links = [link for link in parse_feed(response.content, response.final_url) if self._wanted(link.url)]
            new = self._queue(self._dated(links), kind="article", source=entry.url)
            self.frontier.set_kind(entry.url, "feed")
            return f"feed:{new}-new" if new else "feed:nothing-new"
        if kind == "sitemap":
            sitemap = parse_sitemap(response.content, response.final_url)
            self.frontier.set_kind(entry.url, "sitemap")
            children = [c for c in sitemap.children if same_site(c.url, self.scope)
                        and not self._before_since(c.published)]
            new = self._queue(self._dated(children), kind="sitemap", source=entry.url)
            pages = [link for link in sitemap.links if self._wanted(link.url)]
            if not sitemap.news:
                pages = [link for link in pages if classify_url(link.url) == "article"]
            new += self._queue(self._dated(pages), kind="article", source=entry.url)
            return f"sitemap:{new}-new" if new else "sitemap:nothing-new"
        return "not-a-feed"

    def _wanted(self, url: str) -> bool:
        return same_site(url, self.scope) and not is_asset_url(url)

    @staticmethod
    def _dated(links: Sequence[Link]) -> list[tuple[str, str | None]]:
        return [(link.url, link.published.isoformat() if link.published else None) for link in links]

    def _before_since(self, published: str | datetime | None) -> bool:
        if self.since is None or published is None:
            return False
        when = datetime.fromisoformat(published) if isinstance(published, str) else published
        return _as_utc(when) < self.since

    # -- HTML pages -----------------------------------------------------------------------------

    async def _page(self, entry: Entry, response: Response) -> tuple[str, int | None]:
        if entry.kind == "listing":
            tree = _parse(response)
            if tree is None:
                return "not-an-article/input-too-large", None
            self._harvest(entry, tree, response.final_url)
            if entry.depth == 0 or not looks_like_article_page(tree):
                return "listing", None
        outcome, article_id = await self._store(entry, response)
        if outcome.startswith("not-an-article") and entry.kind == "article" and entry.depth < self.options.max_depth:
            tree = _parse(response)
            if tree is not None and not looks_like_article_page(tree):
                self._harvest(entry, tree, response.final_url)
        return outcome, article_id

    def _harvest(self, entry: Entry, tree: LexborHTMLParser, url: str) -> None:
        """Queue a listing page's feeds, article links and (within max_depth) listing links."""
        feeds = [f for f in feed_links(tree, url) if same_site(f, self.scope)]
        self._queue([(f, None) for f in feeds], kind="feed", source=url)
        if entry.depth == 0:
            self._probe(entry.host, url, declared=bool(feeds))
        articles: list[tuple[str, str | None]] = []
        listings: list[tuple[str, str | None]] = []
        for link in page_links(tree, url):
            if not same_site(link, self.scope):
                continue
            shape = classify_url(link)
            if shape == "article":
                articles.append((link, None))
            elif shape == "listing" and entry.depth + 1 <= self.options.max_depth:
                listings.append((link, None))
        self._queue(articles, kind="article", depth=entry.depth + 1, source=url)
        self._queue(listings, kind="listing", depth=entry.depth + 1, source=url)

    def _probe(self, host: str, url: str, *, declared: bool) -> None:
        if not self.options.probe_common_paths or self.frontier.host(host).probed:
            return
        paths: list[str] = [] if declared else list(COMMON_FEED_PATHS)
        rules = self.rules.get(host)
        if rules is None or not rules.sitemaps:
            paths += ["/sitemap.xml", "/sitemap_index.xml"]
        probes = [u for u in (normalize_url(p, base=url) for p in paths) if u]
        self._queue([(p, None) for p in probes], kind="probe", source=url)
        self.frontier.set_probed(host)

    async def _store(self, entry: Entry, response: Response) -> tuple[str, int | None]:
        final = response.final_url
        try:
            article = await asyncio.get_running_loop().run_in_executor(self.extractor, partial(
                extract, response.content, url=final, content_type=response.content_type,
                options=self.options.extract_options,
            ))
        except NotAnArticle as exc:
            return f"not-an-article:{exc.reason}", None
        except DatelineError as exc:
            return f"unreadable:{type(exc).__name__}", None
        if article.published is not None and self._before_since(_as_utc(article.published)):
            return "before-since", None
        self.frontier.set_final_url(entry.url, final)
        result = self.archive.add(article, raw=response.content, url=final, fetched_at=datetime.now(UTC),
                                  headers=response.headers)
        if result.outcome == "stored":
            self.stored += 1
        self._mark_canonical(article, final, result.id)
        return result.outcome, result.id

    def _mark_canonical(self, article: Article, final: str, article_id: int) -> None:
        """The page's canonical URL (an AMP or print page's original) is the same article: never fetch it."""
        canonical = normalize_url(article.canonical_url, base=final) if article.canonical_url else None
        if (canonical and canonical != final and same_site(canonical, self.scope)
                and classify_url(canonical) == "article"):
            self.frontier.mark_done(canonical, kind="article", outcome="canonical-of-stored", source=final,
                                    article_id=article_id)

    # -- robots.txt -----------------------------------------------------------------------------

    async def _robots(self, url: str) -> RobotsRules:
        host = host_of(url)
        rules = self.rules.get(host)
        if rules is not None:
            return rules
        lock = self.robots_locks.setdefault(host, asyncio.Lock())
        async with lock:
            rules = self.rules.get(host)
            if rules is None:
                rules = self.rules[host] = await self._load_robots(url, host)
                self.limiter.set_crawl_delay(host, rules.crawl_delay)
                sitemaps = [s for s in (normalize_url(x) for x in rules.sitemaps) if s and same_site(s, self.scope)]
                self._queue([(s, None) for s in sitemaps], kind="sitemap", source=robots_url(url))
        return rules

    async def _load_robots(self, url: str, host: str) -> RobotsRules:
        known = self.frontier.host(host)
        target = robots_url(url)
        for attempt in range(self.options.max_retries + 1):  # a timeout must not cost the whole run
            if attempt:
                await asyncio.sleep(backoff_delay(attempt - 1, base=self.options.backoff, cap=self.options.max_wait))
            async with self.limiter.slot(host):
                result = await self.fetcher.get(target, accept="document", etag=known.robots_etag,
                                                last_modified=known.robots_last_modified)
            if isinstance(result, Failure) and result.retryable:
                reason = result.reason
            elif isinstance(result, Response) and (result.status >= 500 or result.status == 429):
                reason = f"http-{result.status}"
            else:
                break
            self.requests += 1
            self.outcomes[f"robots/retry:{reason}"] += 1
        if isinstance(result, Failure):
            self.requests += 1
            self.outcomes[f"robots/failed:{result.reason}"] += 1
            log.warning("%s: cannot read robots.txt (%s); not crawling this host now", target, result.error)
            return RobotsRules.deny_all(user_agent=ROBOTS_TOKEN)
        self.requests += 1 + len(result.redirects)
        self.responses += 1
        if result.status == 304 and known.robots_status is not None:
            self.outcomes["robots/not-modified"] += 1
            return robots_for_status(known.robots_status, known.robots_txt or "", user_agent=ROBOTS_TOKEN)
        self.outcomes[f"robots/http-{result.status}"] += 1
        text = result.content.decode("utf-8", "replace")
        if result.status < 500 and result.status != 429:
            self.frontier.save_robots(host, status=result.status, text=text, etag=result.headers.get("etag"),
                                      last_modified=result.headers.get("last-modified"))
        return robots_for_status(result.status, text, user_agent=ROBOTS_TOKEN)


async def crawl_async(
    archive: ArchiveLike,
    seeds: Sequence[str],
    *,
    options: CrawlOptions | None = None,
    progress: Callable[[CrawlEvent], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> CrawlReport:
    """`crawl` for code already inside an event loop."""
    return await _Crawl(archive, seeds, options or CrawlOptions(), progress, transport).run()


def crawl(
    archive: ArchiveLike,
    seeds: Sequence[str],
    *,
    options: CrawlOptions | None = None,
    progress: Callable[[CrawlEvent], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> CrawlReport:
    """Crawl the sites of `seeds` into `archive`, resuming any crawl state the archive holds.

    Finds articles through robots.txt sitemaps, feeds and listing pages, fetches each new one once,
    extracts it and stores it with `archive.add`. Raises `ConfigError` for unusable seeds; page-level
    problems are outcomes counted in the returned `CrawlReport`.
    """
    return asyncio.run(crawl_async(archive, seeds, options=options, progress=progress, transport=transport))


def _parse(response: Response) -> LexborHTMLParser | None:
    """The page's DOM for link harvesting, hostile markup defused first (None when too large)."""
    try:
        html, _ = defuse_markup(decode(response.content, content_type=response.content_type)[0])
    except DatelineError:
        return None
    return LexborHTMLParser(html)
