"""Feeds from a list of articles: Atom 1.0, RSS 2.0 and JSON Feed 1.1, as strings.

Pure functions (no archive, no request): the routes pick the articles and the absolute URLs.
Bodies are sanitised before they are embedded; dates without a time are taken as midnight UTC.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, Literal
from xml.etree import ElementTree as ET

from ..models import Article, When
from .sanitize import sanitize_html

__all__ = ["FEED_TYPES", "FeedFormat", "FeedInfo", "FeedItem", "render_feed"]

FeedFormat = Literal["atom", "rss", "json"]
FEED_TYPES: dict[str, str] = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ATOM = "http://www.w3.org/2005/Atom"
_DC = "http://purl.org/dc/elements/1.1/"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedInfo:
    """The feed itself: its title, its own URL and the page it mirrors (absolute URLs)."""

    title: str
    self_url: str
    home_url: str
    description: str = "Articles from the dateline archive"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """One entry: `page_url` is the reader's page for it (also its id), `article` the record."""

    page_url: str
    article: Article


def _aware(value: When | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _updated(article: Article) -> datetime:
    return _aware(article.modified) or _aware(article.published) or _EPOCH


def _clean(text: str | None) -> str:
    return _XML_BAD.sub("", text or "")


def _title(article: Article) -> str:
    return _clean(article.title) or "(untitled)"


def _content(article: Article) -> str:
    return _clean(sanitize_html(article.body_html, base_url=article.url))


def _summary(article: Article) -> str:
    text = article.description or article.body[:280]
    return _clean(text)


def _feed_updated(items: Sequence[FeedItem]) -> datetime:
    return max((_updated(i.article) for i in items), default=_EPOCH)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = text
    return node


def _atom(info: FeedInfo, items: Sequence[FeedItem]) -> str:
    feed = ET.Element("feed", {"xmlns": _ATOM})
    _sub(feed, "title", _clean(info.title))
    _sub(feed, "subtitle", _clean(info.description))
    _sub(feed, "id", info.self_url)
    _sub(feed, "link", rel="self", href=info.self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=info.home_url)
    _sub(feed, "updated", _feed_updated(items).isoformat())
    _sub(_sub(feed, "author"), "name", "dateline")
    _sub(feed, "generator", "dateline")
    for item in items:
        a = item.article
        entry = _sub(feed, "entry")
        _sub(entry, "title", _title(a))
        _sub(entry, "id", item.page_url)
        _sub(entry, "link", rel="alternate", type="text/html", href=item.page_url)
        if a.url:
            _sub(entry, "link", rel="via", href=_clean(a.url))
        _sub(entry, "updated", _updated(a).isoformat())
        published = _aware(a.published)
        if published is not None:
            _sub(entry, "published", published.isoformat())
        for name in a.authors:
            _sub(_sub(entry, "author"), "name", _clean(name))
        for tag in a.tags:
            _sub(entry, "category", term=_clean(tag))
        _sub(entry, "summary", _summary(a))
        _sub(entry, "content", _content(a), type="html")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")


def _rss(info: FeedInfo, items: Sequence[FeedItem]) -> str:
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": _ATOM, "xmlns:dc": _DC})
    channel = _sub(rss, "channel")
    _sub(channel, "title", _clean(info.title))
    _sub(channel, "link", info.home_url)
    _sub(channel, "description", _clean(info.description))
    _sub(channel, "atom:link", href=info.self_url, rel="self", type="application/rss+xml")
    _sub(channel, "lastBuildDate", format_datetime(_feed_updated(items)))
    _sub(channel, "generator", "dateline")
    for item in items:
        a = item.article
        node = _sub(channel, "item")
        _sub(node, "title", _title(a))
        _sub(node, "link", item.page_url)
        _sub(node, "guid", item.page_url, isPermaLink="true")
        published = _aware(a.published)
        if published is not None:
            _sub(node, "pubDate", format_datetime(published))
        if a.authors:
            _sub(node, "dc:creator", _clean(", ".join(a.authors)))
        for tag in a.tags:
            _sub(node, "category", _clean(tag))
        _sub(node, "description", _content(a) or _summary(a))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(rss, encoding="unicode")


def _json_item(item: FeedItem) -> dict[str, Any]:
    a = item.article
    out: dict[str, Any] = {
        "id": item.page_url,
        "url": item.page_url,
        "title": _title(a),
        "content_html": _content(a),
        "summary": _summary(a),
        "date_modified": _updated(a).isoformat(),
    }
    if a.url:
        out["external_url"] = a.url
    published = _aware(a.published)
    if published is not None:
        out["date_published"] = published.isoformat()
    if a.authors:
        out["authors"] = [{"name": n} for n in a.authors]
    if a.tags:
        out["tags"] = list(a.tags)
    if a.image:
        out["image"] = a.image
    if a.language:
        out["language"] = a.language
    return out


def _json(info: FeedInfo, items: Sequence[FeedItem]) -> str:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "home_page_url": info.home_url,
        "feed_url": info.self_url,
        "description": info.description,
        "items": [_json_item(i) for i in items],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1)


def render_feed(fmt: FeedFormat, info: FeedInfo, items: Sequence[FeedItem]) -> str:
    """The feed document in format `fmt` ("atom", "rss" or "json"); see `FEED_TYPES` for media types."""
    if fmt == "atom":
        return _atom(info, items)
    if fmt == "rss":
        return _rss(info, items)
    return _json(info, items)

