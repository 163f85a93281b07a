"""View models: stored articles shaped for the templates and for the JSON API.

Everything from a third-party page that is shown as HTML goes through `sanitize_html` here (the
body) or is escaped by the templates (every other field); search snippets keep only `<mark>`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from ..archive.records import StoredArticle
from ..archive.search import SearchHit
from ..models import Article, When, parse_when
from .sanitize import sanitize_html

__all__ = [
    "Entry", "WhenView", "article_json", "author_url", "body_markup", "byline_markup", "entry", "hit_entry",
    "mark_snippet", "site_url", "when_markup", "when_view",
]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True, slots=True)
class WhenView:
    """A date for display: `iso` for <time datetime>, `text` in the article's own zone, `zone`."""

    iso: str
    text: str
    has_time: bool
    zone: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    id: int
    story_id: int | None
    site: str | None
    site_href: str
    site_label: str
    title: str
    authors: tuple[str, ...]
    author_hrefs: tuple[str, ...]
    published: WhenView | None
    modified: WhenView | None
    summary: str
    snippet: Markup | None
    description: str | None
    section: str | None
    tags: tuple[str, ...]
    image: str | None
    url: str | None
    host: str | None
    language: str | None


def _zone(value: datetime) -> str:
    offset = value.utcoffset()
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def when_view(value: When | None) -> WhenView | None:
    if value is None:
        return None
    day = f"{value.day} {_MONTHS[value.month - 1]} {value.year}"  # not strftime: locale-free and faster
    if not isinstance(value, datetime):
        return WhenView(value.isoformat(), day, False, None)
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return WhenView(aware.isoformat(), f"{day}, {aware.hour:02d}:{aware.minute:02d}", True, _zone(aware))


def when_markup(value: WhenView | None) -> Markup:
    """`<time>` for a date (empty for none); a Python function, not a Jinja macro (a macro call
    costs more than the rest of the line)."""
    if value is None:
        return Markup("")
    local = "yes" if value.has_time else "no"
    return Markup(f'<time datetime="{escape(value.iso)}" data-local="{local}">{escape(value.text)}</time>')


def byline_markup(names: tuple[str, ...]) -> Markup:
    """Author links, "A, B and C"."""
    links = [Markup(f'<a rel="author" href="{escape(author_url(n))}">{escape(n)}</a>') for n in names]
    if len(links) < 2:
        return Markup("").join(links)
    return Markup(", ").join(links[:-1]) + Markup(" and ") + links[-1]


def mark_snippet(snippet: str | None) -> Markup | None:
    """Escape a search snippet, keeping only the archive's `<mark>`/`</mark>` highlights."""
    if not snippet:
        return None
    escaped = html.escape(snippet, quote=True)
    return Markup(escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))


def _http(url: str | None) -> str | None:
    """`url` when the reader may link to it or load it (http or https), else None; also None for a
    URL `urllib.parse` refuses (`http://[::1`: an Article built by hand and added may hold any string)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _summary(article: Article) -> str:
    if article.description:
        return article.description
    text = " ".join(article.body[:400].split())
    return text if len(text) < 240 else text[:240].rsplit(" ", 1)[0] + "…"


def entry(row: StoredArticle, *, snippet: str | None = None) -> Entry:
    a = row.article
    url = _http(a.url) or _http(a.canonical_url)
    return Entry(
        id=row.id,
        story_id=row.story_id,
        site=row.site,
        site_href=site_url(row.site) if row.site else "",
        site_label=a.site_name or (row.site or "").removeprefix("name:") or "",
        title=a.title or _summary(a)[:90] or f"Article {row.id}",
        authors=a.authors,
        author_hrefs=tuple(author_url(n) for n in a.authors),
        published=when_view(a.published),
        modified=when_view(a.modified),
        summary=_summary(a),
        snippet=mark_snippet(snippet),
        description=a.description,
        section=a.section,
        tags=a.tags,
        image=_http(a.image),
        url=url,
        host=urlsplit(url).hostname if url else None,
        language=a.language,
    )


def hit_entry(hit: SearchHit) -> Entry:
    """A search hit as a card (the archive's snippet is HTML-escaped text with `<mark>` kept)."""
    url = _http(hit.url)
    try:
        published = when_view(parse_when(hit.published))
    except ValueError:
        published = None
    return Entry(
        id=hit.id, story_id=hit.story_id, site=hit.site, site_href=site_url(hit.site) if hit.site else "",
        site_label=hit.site_name or (hit.site or "").removeprefix("name:"),
        title=hit.title or f"Article {hit.id}", authors=hit.authors,
        author_hrefs=tuple(author_url(n) for n in hit.authors), published=published, modified=None,
        summary=hit.description or "", snippet=mark_snippet(html.unescape(hit.snippet)),
        description=hit.description, section=hit.section, tags=(), image=None, url=url,
        host=urlsplit(url).hostname if url else None, language=hit.language,
    )


def body_markup(row: StoredArticle) -> Markup:
    return Markup(sanitize_html(row.article.body_html, base_url=row.article.url))


def site_url(site: str) -> str:
    return "/sites/" + quote(site, safe="")


def author_url(name: str) -> str:
    return "/authors/" + quote(name, safe="")


def article_json(row: StoredArticle, *, full: bool = True, snippet: str | None = None) -> dict[str, Any]:
    """The API form of a stored article: ids, links and the `Article` fields (body_html sanitised)."""
    data = row.article.to_dict()
    data.pop("provenance", None)
    data.pop("warnings", None)
    if full:
        data["body_html"] = sanitize_html(row.article.body_html, base_url=row.article.url)
    else:
        data.pop("body", None)
        data.pop("body_html", None)
    out: dict[str, Any] = {
        "id": row.id,
        "story_id": row.story_id,
        "site": row.site,
        "links": {
            "html": f"/articles/{row.id}",
            "json": f"/api/articles/{row.id}",
            "story": f"/api/stories/{row.story_id}" if row.story_id is not None else None,
        },
        "article": data,
    }
    if snippet is not None:
        out["snippet"] = snippet
    return out
