"""The HTML pages: home, article, author, site, search, story, and the site and author indexes.

Server-rendered and complete without JavaScript; "See more" is a plain link to the next cursor.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ..archive.search import SearchFilters
from . import queries
from .cache import cached
from .params import filters_from, limit_from, path_id, text_param
from .search import FACET_LABELS, run_search
from .state import Reader
from .views import author_url, body_markup, entry, hit_entry, site_url

__all__ = ["page_routes", "render"]


def _reader(request: Request) -> Reader:
    reader: Reader = request.app.state.reader
    return reader


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    """A template response; every page gets `query` and `nav` (the masthead needs them)."""
    context.setdefault("query", None)
    context.setdefault("nav", None)
    template = _reader(request).templates.get_template(name)
    return HTMLResponse(template.render(context), status_code=status)


def _next_url(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = {k: v for k, v in request.query_params.items() if k != "cursor"}
    params["cursor"] = cursor
    return f"{request.url.path}?{urlencode(params)}"


@cached
async def home(request: Request) -> Response:
    reader = _reader(request)
    size = limit_from(request.query_params, default=reader.options.page_size, maximum=reader.options.max_page_size)
    listing = queries.latest(reader.conn, cursor=text_param(request.query_params, "cursor"), limit=size)
    return render(request, "home.html", nav="home", entries=[entry(r) for r in listing.rows],
                  next_url=_next_url(request, listing.next_cursor),
                  total=reader.memo(("count",), lambda: queries.count(reader.conn)),
                  site_count=reader.memo(("site_count",), lambda: queries.site_count(reader.conn)))


@cached
async def article(request: Request) -> Response:
    reader = _reader(request)
    article_id = path_id(request, "article")
    rows = queries.with_copies(reader.conn, article_id)
    row = next((r for r in rows if r.id == article_id), None)
    if row is None:
        raise HTTPException(404, f"no article with id {article_id}; it may have been removed from the archive")
    copies = [entry(c) for c in rows if c.id != article_id]
    return render(request, "article.html", e=entry(row), body_html=body_markup(row), copies=copies,
                  story_id=row.story_id)


def _listing(request: Request, *, kicker: str, heading: str, feed_base: str, days: bool,
             filters: SearchFilters) -> Response:
    reader = _reader(request)
    size = limit_from(request.query_params, default=reader.options.page_size, maximum=reader.options.max_page_size)
    listing = queries.latest(reader.conn, filters=filters, cursor=text_param(request.query_params, "cursor"),
                             limit=size)
    total = reader.memo(("count", filters), lambda: queries.count(reader.conn, filters=filters))
    if total == 0:
        raise HTTPException(404, f"no articles for {kicker.lower()} {heading!r}; check the spelling or search")
    day_rows = reader.memo(("days", filters), lambda: queries.counts_by_day(reader.conn, filters=filters)) if days else []
    return render(request, "listing.html", kicker=kicker, heading=heading, feed_base=feed_base,
                  entries=[entry(r) for r in listing.rows], next_url=_next_url(request, listing.next_cursor),
                  total=total, days=[{"day": d, "count": n} for d, n in day_rows],
                  days_max=max((n for _, n in day_rows), default=1))


@cached
async def author(request: Request) -> Response:
    name = request.path_params["name"]
    return _listing(request, kicker="Author", heading=name, feed_base=f"/feeds{author_url(name)}", days=False,
                    filters=SearchFilters(author=name))


@cached
async def site(request: Request) -> Response:
    host = request.path_params["site"]
    label = queries.site_name(_reader(request).conn, host) or host
    return _listing(request, kicker="Site", heading=label, feed_base=f"/feeds{site_url(host)}", days=True,
                    filters=SearchFilters(site=host))


@cached
async def sites(request: Request) -> Response:
    reader = _reader(request)
    rows = [{"url": site_url(h), "label": n, "count": c}
            for h, n, c in reader.memo(("sites",), lambda: queries.sites(reader.conn))]
    return render(request, "index.html", nav="sites", heading="Sites", rows=rows, next_url=None)


@cached
async def authors(request: Request) -> Response:
    reader = _reader(request)
    rows = [{"url": author_url(n), "label": n, "count": c}
            for n, c in reader.memo(("authors",), lambda: queries.authors(reader.conn))]
    return render(request, "index.html", nav="authors", heading="Authors", rows=rows, next_url=None)


@cached
async def search(request: Request) -> Response:
    reader = _reader(request)
    params = request.query_params
    found = run_search(reader, params)
    feed_query = urlencode({k: v for k, v in params.items() if k not in ("cursor", "offset", "limit")})
    return render(request, "search.html", nav="search", query=found.query, filters=filters_from(params),
                  sort=found.sort, total=found.total, error=None, feed_query=feed_query,
                  entries=[hit_entry(h) for h in found.hits],
                  next_url=_next_url(request, found.next_cursor), facets=found.facet_links(request),
                  facet_names=FACET_LABELS)


@cached
async def story(request: Request) -> Response:
    reader = _reader(request)
    story_id = path_id(request, "story")
    copies = queries.story(reader.conn, story_id)
    if not copies:
        raise HTTPException(404, f"no story with id {story_id}; story ids are listed in /api/articles")
    views = [{"view": entry(c), "body": body_markup(c)} for c in copies]
    return render(request, "story.html", heading=entry(copies[0]).title, copies=views)


def page_routes() -> list[Route]:
    return [
        Route("/", home, name="home"),
        Route("/articles/{id}", article, name="article"),
        Route("/authors", authors, name="authors"),
        Route("/authors/{name:path}", author, name="author"),
        Route("/sites", sites, name="sites"),
        Route("/sites/{site:path}", site, name="site"),
        Route("/search", search, name="search"),
        Route("/stories/{id}", story, name="story"),
    ]
