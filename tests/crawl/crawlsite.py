"""A generated news site served on 127.0.0.1 by a threaded http.server that logs every request.

The site has a home page, section pages, `n_articles` articles spread over an RSS feed, an Atom
feed, a sitemap index with a gzipped news sitemap and section pages, plus the awkward cases: pages
disallowed by robots.txt, a redirect chain, a page that never answers in time, a page that answers
429 with Retry-After once, duplicate links with tracking parameters and an image link. Every
response has an ETag and a Last-Modified, and conditional requests get 304.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

__all__ = ["Hit", "NewsSite", "serve_site"]

_WORDS = ["council", "budget", "river", "harbour", "election", "minister", "court", "ruling", "storm", "school", "hospital", "rail", "bridge", "festival", "museum", "market", "farmers", "union", "strike", "energy", "prices", "housing", "plan", "police", "report", "climate", "science", "study", "vaccine", "port", "airport", "museum", "library", "team", "coach", "final", "season", "transfer", "league"]
SECTIONS = ("world", "business", "sport")
LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT"


@dataclass(frozen=True, slots=True)
class Hit:
    """One logged request; `at` is when it arrived (time.monotonic)."""

    path: str
    status: int
    at: float
    headers: dict[str, str]


def _slug(i: int) -> str:
    words = [_WORDS[(i * 7 + k * 13) % len(_WORDS)] for k in range(3)]
    return "-".join([*words, f"story-{i}"])


def _body(i: int) -> str:
    sentences = []
    for k in range(6):
        words = [_WORDS[(i * 31 + k * 17 + j * 5) % len(_WORDS)] for j in range(14)]
        sentences.append(f"<p>Report {i}.{k}: the {' '.join(words)} said officials on day {i + k}.</p>")
    return "\n".join(sentences)


@dataclass
class NewsSite:
    """The site's content and behaviour; `log` lists every request the server received."""

    n_articles: int = 240
    crawl_delay: float | None = None
    slow_seconds: float = 3.0
    article_delay: float = 0.0
    traps: bool = True  # the redirect chain, the slow page and the 429 page (off for benchmarks)
    retry_after: str = "1"  # what the 429 page asks for
    robots_errors: int = 0  # robots.txt answers 503 this many times first
    amp: bool = False  # an AMP copy of article 0 in the feed, with a canonical link
    declared: bool = True  # feeds in <link rel=alternate>, sitemaps in robots.txt; else at common paths
    log: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    busy_hits: int = 0
    base: str = ""
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    in_flight: int = 0
    peak_in_flight: int = 0  # the most requests the server was handling at once

    # -- content -------------------------------------------------------------------------------

    def article_path(self, i: int) -> str:
        day = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=i % 300)
        return f"/news/{day:%Y/%m/%d}/{_slug(i)}"

    def published(self, i: int) -> datetime:
        return datetime(2024, 1, 1, 8, tzinfo=UTC) + timedelta(days=i % 300, minutes=i)

    def article_paths(self) -> list[str]:
        """Every article the crawl may fetch (robots allows it and it answers)."""
        extra = ["/news/2024/01/01/redirected-story-final-page", "/busy/rate-limited-story-page"] if self.traps else []
        return [self.article_path(i) for i in range(self.n_articles)] + extra

    def private_paths(self) -> list[str]:
        return ["/private/secret-internal-memo-page", "/private/another-hidden-draft-story"]

    def _page(self, title: str, body: str, *, published: datetime | None = None, head: str = "") -> str:
        meta = (
            f'<meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="{published.isoformat()}">'
            if published else ""
        )
        return (
            f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>{meta}{head}"
            f"</head><body><header><a href='/'>Home</a></header><main>{body}</main></body></html>"
        )

    def article_html(self, i: int, *, canonical: str | None = None) -> str:
        body = f"<article><h1>Story number {i}</h1><p class=byline>By Ann Writer</p>{_body(i)}</article>"
        head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
        return self._page(f"Story number {i}", body, published=self.published(i), head=head)

    def amp_path(self) -> str:
        """An AMP copy of article 0, listed first in the RSS feed, whose canonical URL is article 0."""
        return self.article_path(0) + "/amp"

    def home(self) -> str:
        links = [f'<a href="/{s}">{s.title()}</a>' for s in SECTIONS]
        links += [f'<a href="{self.article_path(i)}?utm_source=home&utm_medium=web#top">Lead {i}</a>'
                  for i in range(5)]
        links += [f'<a href="{p}">Hidden</a>' for p in self.private_paths()]
        if self.traps:
            links += ['<a href="/old/redirected-story-here">Moved</a>', '<a href="/slow/slow-loading-story-page">Slow</a>',
                      '<a href="/busy/rate-limited-story-page">Busy</a>']
        links += ['<a href="/images/front-page-photo.jpg">Photo</a>', '<a href="/about">About</a>',
                  '<a href="mailto:desk@example.org">Mail</a>']
        head = ('<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
                '<link rel="alternate" type="application/atom+xml" href="/atom.xml">') if self.declared else ""
        return self._page("Home", "<nav>" + " ".join(links) + "</nav>", head=head)

    def section(self, name: str) -> str:
        index = SECTIONS.index(name)
        ids = [i for i in range(self.n_articles) if i >= self.n_articles - 30 and i % 3 == index]
        ids += [index]  # also in the RSS feed: one fetch only
        links = [f'<a href="{self.article_path(i)}?fbclid=abc{i}">Story {i}</a>' for i in ids]
        links.append(f'<a href="/{name}/page/2">Older</a>')
        return self._page(name.title(), "<ul><li>" + "</li><li>".join(links) + "</li></ul>")

    def rss(self) -> str:
        items = "".join(
            f"<item><title>Story {i}</title><link>{self.base}{self.article_path(i)}?utm_campaign=rss</link>"
            f"<pubDate>{self.published(i):%a, %d %b %Y %H:%M:%S} +0000</pubDate></item>"
            for i in range(0, self.n_articles // 3)
        )
        items += "".join(f"<item><title>Private</title><link>{self.base}{p}</link></item>" for p in self.private_paths())
        if self.amp:
            items = (f"<item><title>AMP</title><link>{self.base}{self.amp_path()}</link>"
                     "<pubDate>Tue, 31 Dec 2024 12:00:00 +0000</pubDate></item>") + items
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Site</title>{items}</channel></rss>'

    def atom(self) -> str:
        entries = "".join(
            f"<entry><title>Story {i}</title><link href=\"{self.article_path(i)}\"/><id>tag:site,{i}</id>"
            f"<updated>{self.published(i).isoformat()}</updated></entry>"
            for i in range(self.n_articles // 3, 2 * self.n_articles // 3)
        )
        return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="{self.base}/">'
                f"<title>Site</title>{entries}</feed>")

    def sitemap_index(self) -> str:
        maps = "".join(f"<sitemap><loc>{self.base}{p}</loc></sitemap>" for p in ("/sitemaps/news.xml.gz", "/sitemaps/pages.xml"))
        return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'

    def news_sitemap(self) -> bytes:
        urls = "".join(
            f"<url><loc>{self.base}{self.article_path(i)}</loc><news:news><news:publication>"
            f"<news:name>Site</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{self.published(i).isoformat()}</news:publication_date>"
            f"<news:title>Story {i}</news:title></news:news></url>"
            for i in range(2 * self.n_articles // 3, self.n_articles - 30)
        )
        xml = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')
        return gzip.compress(xml.encode(), mtime=0)

    def pages_sitemap(self) -> str:
        locs = [f"/{s}" for s in SECTIONS] + [self.article_path(i) for i in range(0, self.n_articles, 10)]
        urls = "".join(f"<url><loc>{self.base}{p}</loc><lastmod>2024-06-01</lastmod></url>" for p in locs)
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'

    def robots(self) -> str:
        delay = f"Crawl-delay: {self.crawl_delay}\n" if self.crawl_delay else ""
        sitemap = f"Sitemap: {self.base}/sitemap_index.xml\n" if self.declared else ""
        return f"User-agent: *\nDisallow: /private/\n{delay}\n{sitemap}"

    # -- routing -------------------------------------------------------------------------------

    def build(self) -> None:
        """Render the fixed pages once (after `base` is known)."""
        html = "text/html; charset=utf-8"
        pages: dict[str, tuple[str, bytes]] = {
            "/": (html, self.home().encode()),
            "/robots.txt": ("text/plain", self.robots().encode()),
            "/rss.xml": ("application/rss+xml", self.rss().encode()),
            "/atom.xml": ("application/atom+xml", self.atom().encode()),
            "/sitemap_index.xml": ("application/xml", self.sitemap_index().encode()),
            "/sitemaps/pages.xml": ("application/xml", self.pages_sitemap().encode()),
            "/sitemaps/news.xml.gz": ("application/gzip", self.news_sitemap()),
        }
        pages.update({f"/{s}": (html, self.section(s).encode()) for s in SECTIONS})
        if not self.declared:
            pages["/feed"] = pages.pop("/rss.xml")
            pages["/sitemap.xml"] = pages.pop("/sitemap_index.xml")
        pages.update({self.article_path(i): (html, self.article_html(i).encode()) for i in range(self.n_articles)})
        if self.amp:
            pages[self.amp_path()] = (html, self.article_html(0, canonical=self.article_path(0)).encode())
        self.pages = pages

    def route(self, path: str) -> tuple[int, str, bytes, dict[str, str]]:
        """(status, content type, body, extra headers) for a path."""
        html = "text/html; charset=utf-8"
        if path == "/robots.txt" and self.robots_errors:
            with self.lock:
                self.robots_errors -= 1
            return 503, "text/plain", b"busy", {}
        if path in self.pages:
            if self.article_delay and path.startswith("/news/"):
                time.sleep(self.article_delay)
            ctype, body = self.pages[path]
            return 200, ctype, body, {}
        if path == "/big":
            return 200, html, b"<html><body>" + b"<p>filler text</p>" * 100_000, {}
        if path == "/photo.png":
            return 200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, {}
        if path == "/loop":
            return 302, html, b"", {"location": "/loop?again=1"}
        if path == "/old/redirected-story-here":
            return 301, html, b"", {"location": "/moved/redirected-story-here"}
        if path == "/moved/redirected-story-here":
            return 302, html, b"", {"location": "/news/2024/01/01/redirected-story-final-page"}
        if path == "/news/2024/01/01/redirected-story-final-page":
            return 200, html, self.article_html(10_000).encode(), {}
        if path == "/busy/rate-limited-story-page":
            with self.lock:
                self.busy_hits += 1
                first = self.busy_hits == 1
            if first:
                return 429, "text/plain", b"slow down", {"retry-after": self.retry_after}
            return 200, html, self.article_html(10_001).encode(), {}
        if path.startswith("/slow/"):
            time.sleep(self.slow_seconds)
            return 200, html, self.article_html(10_002).encode(), {}
        return 404, "text/plain", b"not found", {}


class _Handler(BaseHTTPRequestHandler):
    site: NewsSite
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        arrived = time.monotonic()
        path = urlsplit(self.path).path
        with self.site.lock:
            self.site.in_flight += 1
            self.site.peak_in_flight = max(self.site.peak_in_flight, self.site.in_flight)
        try:
            status, ctype, body, extra = self.site.route(path)
        finally:
            with self.site.lock:
                self.site.in_flight -= 1
        headers = {k.lower(): v for k, v in self.headers.items()}
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if status == 200 and headers.get("if-none-match") == etag:
            status, body = 304, b""
        with self.site.lock:
            self.site.log.append(Hit(path, status, arrived, headers))
        try:
            self.send_response(status)
            if status in (200, 304):
                self.send_header("etag", etag)
                self.send_header("last-modified", LAST_MODIFIED)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(body)))
            for key, value in extra.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:
        return


def serve_site(site: NewsSite) -> Iterator[NewsSite]:
    """Serve `site` on 127.0.0.1 (a free port) for the duration of the generator."""
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    site.build()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
