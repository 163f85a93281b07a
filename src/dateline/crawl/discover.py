"""Finding article URLs: feeds (RSS, Atom, JSON Feed), sitemaps (indexes, news, gzipped) and page links.

Each parser takes the fetched bytes and the URL they came from and returns `Link`s: normalised
absolute URLs with the publication time where the source gives one. Parsers never raise on bad
input: a feed that cannot be read yields no links.
"""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from calendar import timegm
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal

import feedparser
from selectolax.lexbor import LexborHTMLParser

from ..errors import InputTooLarge
from ..sniff import gunzip
from .urls import normalize_url

__all__ = [
    "COMMON_FEED_PATHS",
    "DocumentKind",
    "Link",
    "Sitemap",
    "detect_kind",
    "feed_links",
    "looks_like_article_page",
    "page_links",
    "parse_feed",
    "parse_sitemap",
    "parse_time",
]

log = logging.getLogger(__name__)

#: Paths tried when a home page declares no feed (`<link rel=alternate>`).
COMMON_FEED_PATHS: tuple[str, ...] = (
    "/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml", "/feed.json",
)
DocumentKind = Literal["feed", "sitemap", "html", "unknown"]

_FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
    "application/rdf+xml", "application/xml", "text/xml",
})
_MAX_INFLATED = 50 * 1024 * 1024
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF|urlset|sitemapindex|html)[\s>]", re.IGNORECASE)
_LOC = re.compile(r"<(?:\w+:)?loc>\s*(?:<!\[CDATA\[)?([^<\]]+)", re.IGNORECASE)
_ARTICLE_TYPES = re.compile(
    r'"@type"\s*:\s*(?:\[[^\]]*)?"(?:News|Report|Analysis|Opinion|Review|Background|Satirical)?'
    r'(?:Article|BlogPosting|LiveBlogPosting)"'
)


@dataclass(frozen=True, slots=True)
class Link:
    """A URL found by discovery, with its publication time when the source says it."""

    url: str
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A parsed sitemap: an index (`children` are sitemaps) or a url set (`links` are pages)."""

    children: tuple[Link, ...] = ()
    links: tuple[Link, ...] = ()
    news: bool = False


def parse_time(value: str | None) -> datetime | None:
    """An aware UTC datetime from a W3C/RFC date string, or None when there is none or it is bad."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # year 1 east of UTC, year 9999 west of it
        return None


def _inflate(content: bytes) -> bytes:
    if content[:2] != b"\x1f\x8b":
        return content
    try:
        data, _complete = gunzip(content, max_bytes=_MAX_INFLATED)
    except InputTooLarge:
        log.warning("a gzipped document inflates to more than %d bytes; ignored", _MAX_INFLATED)
        return b""
    return data


def detect_kind(content: bytes) -> DocumentKind:
    """Feed, sitemap or HTML, from the document itself (gzip is looked through)."""
    data = _inflate(content)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] == b"{":
        return "feed" if b"jsonfeed.org" in data[:2048] else "unknown"
    m = _XML_ROOT.search(head)
    if m is None:
        return "html" if b"<" in head else "unknown"
    root = m.group(1).decode().lower()
    if root in ("urlset", "sitemapindex"):
        return "sitemap"
    return "html" if root == "html" else "feed"


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(timegm(value), UTC)
            except (ValueError, OverflowError, OSError):  # feedparser's year 0 or 10000
                return None
    return None


def _json_feed(data: bytes, base: str) -> list[Link]:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return []
    items = doc.get("items") if isinstance(doc, dict) else None
    out: list[Link] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        raw = item.get("url") or item.get("external_url") or item.get("id")
        url = normalize_url(raw, base=base) if isinstance(raw, str) else None
        if url:
            published = item.get("date_published") or item.get("date_modified")
            out.append(Link(url, parse_time(published if isinstance(published, str) else None)))
    return out


def parse_feed(content: bytes, url: str) -> list[Link]:
    """The entry links of an RSS, Atom, RDF or JSON feed, in feed order."""
    data = _inflate(content)
    if data.lstrip()[:1] == b"{":
        return _json_feed(data, url)
    parsed = feedparser.parse(data, response_headers={"content-location": url})
    out: list[Link] = []
    for entry in parsed.entries:
        raw = entry.get("link")
        if not raw:
            raw = next((x.get("href") for x in entry.get("links", []) if x.get("href")), None)
        target = normalize_url(raw, base=url) if raw else None
        if target:
            out.append(Link(target, _entry_time(entry)))
    return out


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: Any, name: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) == name and child.text:
            return str(child.text).strip()
    return None


def parse_sitemap(content: bytes, url: str) -> Sitemap:
    """A sitemap or sitemap index (gzipped or not); news sitemaps give `news:publication_date`."""
    data = _inflate(content)
    if not data.strip():
        return Sitemap()
    if b"<!ENTITY" in data[:4096]:
        return Sitemap()  # no sitemap needs entity declarations; refuse entity expansion attacks
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return _loose_sitemap(data, url)
    kind = _local(root.tag)
    entries: list[Link] = []
    news = False
    for element in root:
        if _local(element.tag) not in ("sitemap", "url"):
            continue
        loc = _child_text(element, "loc")
        target = normalize_url(loc, base=url) if loc else None
        if not target:
            continue
        when = _child_text(element, "publication_date")
        news = news or when is not None
        entries.append(Link(target, parse_time(when or _child_text(element, "lastmod"))))
    if kind == "sitemapindex":
        return Sitemap(children=tuple(entries))
    return Sitemap(links=tuple(entries), news=news)


def _loose_sitemap(data: bytes, url: str) -> Sitemap:
    """The `<loc>`s of a sitemap that is not well-formed XML."""
    text = data.decode("utf-8", "replace")
    locs = [normalize_url(m.strip(), base=url) for m in _LOC.findall(text)]
    links = tuple(Link(u) for u in locs if u)
    return Sitemap(children=links) if "<sitemapindex" in text[:2000] else Sitemap(links=links)


def feed_links(tree: LexborHTMLParser, url: str) -> list[str]:
    """Feeds a page declares with `<link rel="alternate" type="application/rss+xml" href=...>`."""
    out: list[str] = []
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        kind = (node.attributes.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rel and kind in _FEED_TYPES:
            target = normalize_url(node.attributes.get("href") or "", base=url)
            if target and target not in out:
                out.append(target)
    return out


def page_links(tree: LexborHTMLParser, url: str) -> list[str]:
    """Every distinct http(s) link of a page (`<a href>`), normalised, honouring `<base href>`."""
    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = normalize_url(base_node.attributes.get("href") or "", base=url) or url
    seen: dict[str, None] = {}
    for node in tree.css("a[href]"):
        rel = (node.attributes.get("rel") or "").lower()
        if "nofollow" in rel.split():
            continue
        target = normalize_url(node.attributes.get("href") or "", base=base)
        if target:
            seen.setdefault(target, None)
    return list(seen)


def looks_like_article_page(tree: LexborHTMLParser) -> bool:
    """True when the page says it is an article (og:type, schema.org JSON-LD, `<article>` + a date)."""
    og = tree.css_first('meta[property="og:type"]')
    if og is not None and (og.attributes.get("content") or "").strip().lower() == "article":
        return True
    for script in tree.css('script[type="application/ld+json"]'):
        if _ARTICLE_TYPES.search(script.text() or ""):
            return True
    if tree.css_first('meta[property="article:published_time"]') is not None:
        return True
    articles = tree.css("article")
    return len(articles) == 1 and articles[0].css_first("time") is not None and len(tree.css("a")) < 150
