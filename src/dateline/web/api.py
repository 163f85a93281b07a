"""The JSON API under /api/: articles, article, authors, sites, stories, search, and ingest.

Success bodies carry `"ok": true`; every failure is the envelope of `envelope.error_response`.
Writing (`POST /api/ingest`) exists only when the app has a token, and needs `Authorization: Bearer`.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ..archive.store import Archive
from ..encoding import without_surrogates
from ..extract import extract
from ..fetch import fetch
from ..models import Article
from . import queries
from .cache import cached
from .openapi import openapi_document
from .params import filters_from, limit_from, offset_from, path_id, text_param
from .search import run_search
from .state import Reader
from .views import article_json, author_url, site_url

__all__ = ["api_routes"]


def _reader(request: Request) -> Reader:
    reader: Reader = request.app.state.reader
    return reader


def ok(data: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse({"ok": True, **data}, status_code=status)


@cached
async def articles(request: Request) -> JSONResponse:
    reader = _reader(request)
    params = request.query_params
    filters = filters_from(params)
    limit = limit_from(params, default=reader.options.page_size, maximum=reader.options.max_page_size)
    listing = queries.latest(reader.conn, filters=filters, cursor=text_param(params, "cursor"), limit=limit)
    return ok({"items": [article_json(r, full=False) for r in listing.rows], "next": listing.next_cursor,
               "total": reader.memo(("count", filters), lambda: queries.count(reader.conn, filters=filters))})


@cached
async def article(request: Request) -> JSONResponse:
    article_id = path_id(request, "article")
    row = queries.get(_reader(request).conn, article_id)
    if row is None:
        raise HTTPException(404, f"no article with id {article_id}; list ids with /api/articles")
    return ok({"item": article_json(row)})


@cached
async def authors(request: Request) -> JSONResponse:
    reader = _reader(request)
    params = request.query_params
    limit = limit_from(params, default=100, maximum=1000)
    rows = queries.authors(reader.conn, site=text_param(params, "site"), limit=limit, offset=offset_from(params))
    items = [{"name": n, "articles": c, "links": {"html": author_url(n), "feed": f"/feeds{author_url(n)}.atom"}}
             for n, c in rows]
    return ok({"items": items})


@cached
async def sites(request: Request) -> JSONResponse:
    reader = _reader(request)
    params = request.query_params
    limit = limit_from(params, default=100, maximum=1000)
    rows = queries.sites(reader.conn, limit=limit, offset=offset_from(params))
    items = [{"site": h, "name": n, "articles": c, "links": {"html": site_url(h), "feed": f"/feeds{site_url(h)}.atom"}}
             for h, n, c in rows]
    return ok({"items": items})


@cached
async def story(request: Request) -> JSONResponse:
    story_id = path_id(request, "story")
    rows = queries.story(_reader(request).conn, story_id)
    if not rows:
        raise HTTPException(404, f"no story with id {story_id}; story ids are in /api/articles items")
    return ok({"id": story_id, "items": [article_json(r) for r in rows]})


@cached
async def search(request: Request) -> JSONResponse:
    found = run_search(_reader(request), request.query_params, strict=True)
    return ok({"query": found.query, "total": found.total, "next": found.next_cursor,
               "items": [h.to_dict() for h in found.hits],
               "facets": {k: [{"value": v, "count": n} for v, n in vals] for k, vals in found.facets.items()}})


@cached
async def openapi(request: Request) -> JSONResponse:
    return JSONResponse(openapi_document(writable=_reader(request).token is not None))


def _authorize(request: Request, token: str | None) -> None:
    if token is None:
        raise HTTPException(405, "this reader is read-only; start it with --token (or DATELINE_TOKEN) to ingest")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "missing or wrong bearer token; send `Authorization: Bearer <token>`")


async def _payload(request: Request) -> dict[str, Any]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if ctype in ("text/html", "text/plain"):
        return {("html" if ctype == "text/html" else "text"): body, "url": request.query_params.get("url")}
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "the body is not JSON; send {\"html\"|\"text\"|\"url\": ...}") from None
    if not isinstance(data, dict) or not any(isinstance(data.get(k), str) for k in ("html", "text", "url")):
        raise HTTPException(400, 'send a JSON object with "html", "text" or "url" (a string), '
                                 'or a text/html or text/plain body')
    for key in ("html", "text", "url"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise HTTPException(400, f'"{key}" must be a string, not {type(data[key]).__name__}')
    return data


def _store(reader: Reader, data: dict[str, Any]) -> tuple[Article, dict[str, Any]]:
    url = data.get("url") if isinstance(data.get("url"), str) else None
    raw: bytes | str
    if data.get("html") is not None:
        raw, ctype = data["html"], "text/html"
    elif data.get("text") is not None:
        raw, ctype = data["text"], "text/plain"
    else:
        assert url is not None
        page = fetch(url)
        raw, ctype, url = page.content, page.content_type or "", page.url
    if isinstance(raw, str):
        raw = without_surrogates(raw)  # a JSON "\ud800" escape: the raw page is stored as UTF-8
    article = extract(raw, url=url, content_type=ctype)
    content = raw.encode("utf-8") if isinstance(raw, str) else raw
    with Archive(reader.path) as archive:
        added = archive.add(article, raw=content, url=url)
    return article, {"id": added.id, "outcome": added.outcome, "story_id": added.story_id,
                     "links": {"html": f"/articles/{added.id}", "json": f"/api/articles/{added.id}"}}


async def ingest(request: Request) -> JSONResponse:
    reader = _reader(request)
    _authorize(request, reader.token)
    data = await _payload(request)
    article, result = await run_in_threadpool(_store, reader, data)
    return ok({**result, "title": article.title}, status=201 if result["outcome"] == "stored" else 200)


def api_routes() -> list[Route]:
    return [
        Route("/api/articles", articles, name="api_articles"),
        Route("/api/articles/{id}", article, name="api_article"),
        Route("/api/authors", authors, name="api_authors"),
        Route("/api/sites", sites, name="api_sites"),
        Route("/api/stories/{id}", story, name="api_story"),
        Route("/api/search", search, name="api_search"),
        Route("/api/openapi.json", openapi, name="api_openapi"),
        Route("/api/ingest", ingest, methods=["POST"], name="api_ingest"),
    ]
