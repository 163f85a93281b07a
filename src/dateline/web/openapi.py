"""The OpenAPI 3.1 document of the JSON API and feeds, served at /api/openapi.json."""

from __future__ import annotations

from typing import Any

__all__ = ["openapi_document"]

_ERROR = {"$ref": "#/components/responses/Error"}


def _q(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def _path(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": schema or {"type": "string"}}


_FILTERS = [
    _q("site", "Site host (example.com) or site name"),
    _q("author", "Author name, case-insensitive"),
    _q("language", "ISO 639-1 language code"),
    _q("section", "Section, case-insensitive"),
    _q("tag", "Tag, case-insensitive"),
    _q("since", "First day, inclusive (YYYY-MM-DD)", {"type": "string", "format": "date"}),
    _q("until", "Last day, inclusive (YYYY-MM-DD)", {"type": "string", "format": "date"}),
]
_LIMIT = _q("limit", "Items per page", {"type": "integer", "minimum": 1, "maximum": 100})
_OFFSET = _q("offset", "Items to skip", {"type": "integer", "minimum": 0, "maximum": 100000})
_CURSOR = _q("cursor", "The `next` value of the previous page")


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ok(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": ["ok"], "properties": {"ok": {"const": True}, **properties}}


def _get(summary: str, params: list[dict[str, Any]], schema: dict[str, Any], op: str) -> dict[str, Any]:
    return {"get": {"summary": summary, "operationId": op, "parameters": params,
                    "responses": {"200": _json(schema), "400": _ERROR, "404": _ERROR}}}


def _feed(summary: str, params: list[dict[str, Any]], op: str) -> dict[str, Any]:
    content: dict[str, Any] = {t: {"schema": {"type": "string"}} for t in ("application/atom+xml", "application/rss+xml")}
    content["application/feed+json"] = {"schema": {
        "type": "object", "required": ["version", "title", "items"],
        "properties": {"version": {"type": "string"}, "title": {"type": "string"}, "items": {"type": "array"}}}}
    return {"get": {"summary": summary, "operationId": op, "parameters": params,
                    "responses": {"200": {"description": "The feed", "content": content},
                                  "400": _ERROR, "404": _ERROR}}}


_FMT = _path("fmt", "Feed format", {"type": "string", "enum": ["atom", "rss", "json"]})


def _schemas() -> dict[str, Any]:
    nullable_str = {"type": ["string", "null"]}
    article = {"type": "object", "properties": {
        "url": nullable_str, "canonical_url": nullable_str, "title": nullable_str,
        "authors": {"type": "array", "items": {"type": "string"}}, "published": nullable_str,
        "modified": nullable_str, "page_date": nullable_str, "site_name": nullable_str, "language": nullable_str,
        "description": nullable_str, "section": nullable_str, "tags": {"type": "array", "items": {"type": "string"}},
        "image": nullable_str, "body": {"type": "string"}, "body_html": {"type": "string"},
        "source_kind": {"type": "string", "enum": ["html", "text", "warc"]},
    }}
    stored = {"type": "object", "required": ["id", "article", "links"], "properties": {
        "id": {"type": "integer"}, "story_id": {"type": ["integer", "null"]}, "site": nullable_str,
        "links": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
        "article": {"$ref": "#/components/schemas/Article"},
    }}
    hit = {"type": "object", "properties": {
        "id": {"type": "integer"}, "title": nullable_str, "url": nullable_str, "site": nullable_str,
        "site_name": nullable_str, "authors": {"type": "array", "items": {"type": "string"}},
        "published": nullable_str, "language": nullable_str, "section": nullable_str,
        "description": nullable_str, "story_id": {"type": ["integer", "null"]},
        "snippet": {"type": "string", "description": "HTML-escaped text with matches in <mark>"},
        "score": {"type": "number"},
    }}
    error = {"type": "object", "required": ["ok", "error", "status"], "properties": {
        "ok": {"const": False}, "error": {"type": "string"}, "status": {"type": "integer"}}}
    return {"Article": article, "StoredArticle": stored, "SearchHit": hit, "Error": error}


def _paths(writable: bool) -> dict[str, Any]:
    stored = {"$ref": "#/components/schemas/StoredArticle"}
    count = {"type": "object", "properties": {"value": {"type": "string"}, "count": {"type": "integer"}}}
    paths: dict[str, Any] = {
        "/api/articles": _get("Articles, newest first, with filters and cursor pagination",
                              [*_FILTERS, _LIMIT, _CURSOR],
                              _ok({"items": {"type": "array", "items": stored}, "next": {"type": ["string", "null"]},
                                   "total": {"type": "integer"}}), "listArticles"),
        "/api/articles/{id}": _get("One article", [_path("id", "Article id", {"type": "integer"})],
                                   _ok({"item": stored}), "getArticle"),
        "/api/authors": _get("Authors, most articles first", [_q("site", "Only this site"), _LIMIT, _OFFSET],
                             _ok({"items": {"type": "array", "items": {"type": "object"}}}), "listAuthors"),
        "/api/sites": _get("Sites, most articles first", [_LIMIT, _OFFSET],
                           _ok({"items": {"type": "array", "items": {"type": "object"}}}), "listSites"),
        "/api/stories/{id}": _get("The copies of one story", [_path("id", "Story id", {"type": "integer"})],
                                  _ok({"id": {"type": "integer"}, "items": {"type": "array", "items": stored}}),
                                  "getStory"),
        "/api/search": _get("Full-text search (SQLite FTS5 syntax) with filters and facets",
                            [_q("q", "Query"), *_FILTERS,
                             _q("sort", "Order", {"type": "string", "enum": ["relevance", "date"]}), _LIMIT, _CURSOR],
                            _ok({"query": {"type": ["string", "null"]}, "total": {"type": "integer"},
                                 "next": {"type": ["string", "null"]},
                                 "items": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
                                 "facets": {"type": "object", "additionalProperties": {"type": "array", "items": count}}}),
                            "search"),
        "/api/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                      "responses": {"200": _json({"type": "object"})}}},
        "/feeds/latest.{fmt}": _feed("Latest articles", [_FMT], "feedLatest"),
        "/feeds/search.{fmt}": _feed("A search as a feed", [_FMT, _q("q", "Query"), *_FILTERS], "feedSearch"),
        "/feeds/sites/{feed}": _feed("One site's articles", [_path("feed", "`<site>.<atom|rss|json>`")], "feedSite"),
        "/feeds/authors/{feed}": _feed("One author's articles", [_path("feed", "`<name>.<atom|rss|json>`")],
                                       "feedAuthor"),
    }
    if writable:
        body = {"type": "object", "properties": {"html": {"type": "string"}, "text": {"type": "string"},
                                                 "url": {"type": "string", "format": "uri"}}}
        paths["/api/ingest"] = {"post": {
            "summary": "Extract and store one page (HTML, text, or a URL to fetch)", "operationId": "ingest",
            "security": [{"bearer": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": body},
                                                          "text/html": {"schema": {"type": "string"}},
                                                          "text/plain": {"schema": {"type": "string"}}}},
            "responses": {"201": _json(_ok({"id": {"type": "integer"}}), "Stored"),
                          "200": _json(_ok({"id": {"type": "integer"}}), "Already stored"),
                          "400": _ERROR, "401": _ERROR, "413": _ERROR, "422": _ERROR}}}
    return paths


def openapi_document(*, writable: bool = False) -> dict[str, Any]:
    """The OpenAPI document; `writable` adds `POST /api/ingest` (the app was started with a token)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "dateline reader API", "version": "1",
                 "description": "Read the dateline archive: articles, authors, sites, stories, search, feeds. "
                                "Errors are {\"ok\": false, \"error\": message, \"status\": code}."},
        "paths": _paths(writable),
        "components": {
            "schemas": _schemas(),
            "responses": {"Error": _json({"$ref": "#/components/schemas/Error"}, "Error envelope")},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
