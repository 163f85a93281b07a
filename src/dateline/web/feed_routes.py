"""Feed endpoints: /feeds/latest, /feeds/sites/{site}, /feeds/authors/{name} and /feeds/search,
each as `.atom`, `.rss` or `.json` (JSON Feed)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..archive.records import StoredArticle
from ..archive.search import SearchFilters
from . import queries
from .cache import cached
from .feeds import FEED_TYPES, FeedFormat, FeedInfo, FeedItem, render_feed
from .search import run_search
from .state import Reader

__all__ = ["feed_routes"]

_SIZE = 30


def _format(raw: str) -> FeedFormat:
    if raw == "atom":
        return "atom"
    if raw == "rss":
        return "rss"
    if raw == "json":
        return "json"
    raise HTTPException(404, f"no feed format {raw[:20]!r}; use .atom, .rss or .json")


def _split(request: Request, name: str) -> tuple[str, FeedFormat]:
    value: str = request.path_params[name]
    stem, dot, ext = value.rpartition(".")
    if not dot or not stem:
        raise HTTPException(404, f"feed {value[:60]!r} has no format; end it in .atom, .rss or .json")
    return stem, _format(ext)


def _answer(request: Request, fmt: FeedFormat, title: str, home: str, rows: list[StoredArticle]) -> Response:
    base = str(request.base_url).rstrip("/")
    info = FeedInfo(title=f"{title} · dateline", self_url=str(request.url), home_url=base + home)
    items = [FeedItem(page_url=f"{base}/articles/{r.id}", article=r.article) for r in rows]
    return Response(render_feed(fmt, info, items), media_type=FEED_TYPES[fmt])


def _rows(request: Request, filters: SearchFilters) -> list[StoredArticle]:
    reader: Reader = request.app.state.reader
    return list(queries.latest(reader.conn, filters=filters, limit=_SIZE, full=True).rows)


@cached
async def latest(request: Request) -> Response:
    return _answer(request, _format(request.path_params["fmt"]), "Latest", "/", _rows(request, SearchFilters()))


@cached
async def site(request: Request) -> Response:
    host, fmt = _split(request, "site")
    rows = _rows(request, SearchFilters(site=host))
    if not rows:
        raise HTTPException(404, f"no articles from site {host[:80]!r}; list sites at /api/sites")
    return _answer(request, fmt, rows[0].article.site_name or host, f"/sites/{host}", rows)


@cached
async def author(request: Request) -> Response:
    name, fmt = _split(request, "name")
    rows = _rows(request, SearchFilters(author=name))
    if not rows:
        raise HTTPException(404, f"no articles by {name[:80]!r}; list authors at /api/authors")
    return _answer(request, fmt, name, f"/authors/{name}", rows)


@cached
async def search(request: Request) -> Response:
    fmt = _format(request.path_params["fmt"])
    reader: Reader = request.app.state.reader
    found = run_search(reader, request.query_params, facets=False)
    rows = [r for r in (queries.get(reader.conn, h.id) for h in found.hits) if r is not None]
    title = f"Search: {found.query}" if found.query else "Search"
    return _answer(request, fmt, title, f"/search?{request.url.query}", rows)


def feed_routes() -> list[Route]:
    return [
        Route("/feeds/latest.{fmt}", latest, name="feed_latest"),
        Route("/feeds/search.{fmt}", search, name="feed_search"),
        Route("/feeds/sites/{site:path}", site, name="feed_site"),
        Route("/feeds/authors/{name:path}", author, name="feed_author"),
    ]
