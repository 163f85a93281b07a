"""Records the archive returns: stored articles, add results, stories, sites and authors.

Also the conversion between `Article` and an `articles` row (dates as ISO text plus a UTC sort key).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from urllib.parse import urlsplit

from ..models import Article, When, format_when, parse_when
from .cjk import grams

__all__ = [
    "ARTICLE_COLUMNS",
    "AddResult",
    "AuthorSummary",
    "SiteSummary",
    "StoredArticle",
    "Story",
    "article_from_row",
    "article_values",
    "site_key",
    "sort_key",
    "when_bound",
]

Outcome = Literal["stored", "duplicate"]

#: The `articles` columns read back into a `StoredArticle`, in `article_from_row` order.
ARTICLE_COLUMNS = (
    "a.id, a.story_id, s.host, a.ingested_at, a.capture_id, a.url, a.canonical_url, a.title, a.authors, "
    "a.published, a.modified, a.page_date, a.site_name, a.language, a.description, a.section, a.tags, "
    "a.image, a.body, a.body_html, a.source_kind, a.warnings, a.provenance"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class AddResult:
    """What `Archive.add` did: `outcome` "stored" (a new row `id`) or "duplicate" (`id` of the
    article already holding this content). `story_id` is the near-duplicate group it belongs to."""

    id: int
    outcome: Outcome
    story_id: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredArticle:
    """An article as stored: its row `id`, the `Article`, its story, site key and ingest time."""

    id: int
    article: Article
    story_id: int | None
    site: str | None
    ingested_at: datetime
    capture_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """Near-duplicate articles grouped together; `canonical_id` is the first one stored."""

    id: int
    canonical_id: int | None
    articles: tuple[StoredArticle, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteSummary:
    id: int
    host: str
    name: str | None
    articles: int
    latest: str | None  # the newest published date (ISO), when any article has one


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorSummary:
    id: int
    name: str
    site: str | None
    articles: int


def _hostname(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:  # `http://[::1`: an Article built by hand may hold any string
        return None


def site_key(article: Article) -> tuple[str, str | None] | None:
    """(host, display name) for an article: the URL's host without `www.`, else its site name."""
    for url in (article.canonical_url, article.url):
        if url:
            host = (_hostname(url) or "").lower().removeprefix("www.")
            if host:
                return host, article.site_name or host
    if article.site_name:
        return f"name:{' '.join(article.site_name.casefold().split())}", article.site_name
    return None


def sort_key(value: When | None) -> str | None:
    """A UTC sort key `YYYY-MM-DDTHH:MM:SS` (a bare date sorts as its midnight; naive times as UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = _utc(value)
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    return value.isoformat() + "T00:00:00"


def _utc(value: datetime) -> datetime:
    """`value` in UTC, naive; the first or last instant `datetime` holds for a time in year 1 east of
    UTC or in year 9999 west of it (its UTC reading is out of range)."""
    try:
        return value.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        return datetime.min if value.year == 1 else datetime.max


def when_bound(value: When | str, *, end: bool) -> str:
    """A sort-key bound for a `since` (start) or `until` (end, inclusive of a bare date's whole day)."""
    when = parse_when(value) if isinstance(value, str) else value
    if when is None:
        raise ValueError("empty date")
    if end and not isinstance(when, datetime):
        if when == date.max:
            return "~"  # after every key
        return (when + timedelta(days=1)).isoformat() + "T00:00:00"
    key = sort_key(when)
    assert key is not None
    return key + ("~" if end and isinstance(when, datetime) else "")


def _list(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def article_from_row(row: sqlite3.Row | tuple[Any, ...]) -> StoredArticle:
    """Rebuild a `StoredArticle` from a row selected with `ARTICLE_COLUMNS`."""
    (aid, story_id, host, ingested, capture_id, url, canonical, title, authors, published, modified,
     page_date, site_name, language, description, section, tags, image, body, body_html, kind,
     warnings, provenance) = tuple(row)
    article = Article(
        url=url, canonical_url=canonical, title=title, authors=_list(authors),
        published=parse_when(published), modified=parse_when(modified),
        page_date=date.fromisoformat(page_date) if page_date else None,
        site_name=site_name, language=language, description=description, section=section,
        tags=_list(tags), image=image, body=body, body_html=body_html, source_kind=kind,
        warnings=_list(warnings), provenance=json.loads(provenance or "{}"),
    )
    return StoredArticle(
        id=aid, article=article, story_id=story_id, site=host,
        ingested_at=datetime.fromisoformat(ingested), capture_id=capture_id,
    )


def article_values(article: Article) -> dict[str, Any]:
    """Column values for an `articles` row (without ids, hashes and bookkeeping)."""
    return {
        "url": article.url, "canonical_url": article.canonical_url, "title": article.title,
        "authors": json.dumps(list(article.authors), ensure_ascii=False),
        "published": format_when(article.published), "published_key": sort_key(article.published),
        "modified": format_when(article.modified),
        "page_date": article.page_date.isoformat() if article.page_date else None,
        "site_name": article.site_name, "language": article.language, "description": article.description,
        "section": article.section, "tags": json.dumps(list(article.tags), ensure_ascii=False),
        "image": article.image, "body": article.body, "body_html": article.body_html,
        "source_kind": article.source_kind, "warnings": json.dumps(list(article.warnings), ensure_ascii=False),
        "provenance": json.dumps(article.provenance, ensure_ascii=False),
        "authors_text": " ; ".join(article.authors),
        "title_grams": grams(article.title), "body_grams": grams(article.body),
    }
