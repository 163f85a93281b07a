"""Search for pages, API and feeds: `Archive.search` with the query string's filters, offset cursors
and facet links (a facet value links to the same search with that filter added, or removed)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlencode

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request

from ..archive.search import SearchFilters, SearchHit
from ..errors import QueryError
from .params import filters_from, is_whole_number, limit_from, sort_from, text_param
from .state import Reader

__all__ = ["FACET_LABELS", "FacetLink", "Found", "run_search"]

FACET_LABELS = (("site", "Site"), ("author", "Author"), ("language", "Language"), ("month", "Month"))
_MAX_OFFSET = 10_000


@dataclass(frozen=True, slots=True)
class FacetLink:
    value: str
    label: str
    count: int
    url: str
    active: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    query: str | None
    sort: Literal["relevance", "date"]
    hits: tuple[SearchHit, ...]
    total: int
    offset: int
    next_cursor: str | None
    facets: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)

    def facet_links(self, request: Request) -> dict[str, list[FacetLink]]:
        return {name: [self._link(request, name, v, n) for v, n in values] for name, values in self.facets.items()}

    def _link(self, request: Request, name: str, value: str, count: int) -> FacetLink:
        params = {k: v for k, v in self.params.items() if k not in ("cursor", name)}
        if name == "month":
            year, month = (int(p) for p in value.split("-"))
            last = calendar.monthrange(year, month)[1]
            span = {"since": f"{value}-01", "until": f"{value}-{last:02d}"}
            active = all(self.params.get(k) == v for k, v in span.items())
            params = {k: v for k, v in params.items() if k not in span}
            if not active:
                params.update(span)
            label = f"{calendar.month_name[month]} {year}"
        else:
            active = self.params.get(name) == value
            if not active:
                params[name] = value
            label = value
        return FacetLink(value, label, count, f"{request.url.path}?{urlencode(params)}", active)


def _offset(params: QueryParams) -> int:
    raw = params.get("cursor") or params.get("offset") or "0"
    if not is_whole_number(raw) or int(raw) > _MAX_OFFSET:
        raise HTTPException(400, f"search cursor (or offset) must be a whole number up to {_MAX_OFFSET}, "
                                 f"not {raw[:20]!r}; use the `next` value of a result page, or narrow the search")
    return int(raw)


def run_search(reader: Reader, params: QueryParams, *, strict: bool = False, facets: bool = True) -> Found:
    """Search with the query string `q`, filters, `sort`, `limit` and `cursor`.

    Pages (strict=False) fall back to plain words when `q` is not valid FTS5 syntax; the API
    (strict=True) answers 400 with the reason instead.
    """
    query = text_param(params, "q")
    sort = sort_from(params, has_query=bool(query))
    limit = limit_from(params, default=reader.options.page_size, maximum=reader.options.max_page_size)
    offset = _offset(params)
    filters = filters_from(params)
    # facets over the whole archive cost seconds at 100,000 articles: only for a query or a filter
    facets = facets and (query is not None or filters != SearchFilters())
    try:
        result = reader.archive.search(query, filters=filters, sort=sort, limit=limit, offset=offset, facets=facets)
    except QueryError:
        if strict or not query:
            raise
        result = reader.archive.search(query, filters=filters, sort=sort, limit=limit, offset=offset,
                                       facets=facets, syntax="plain")
    more = offset + len(result.hits) < result.total and offset + limit <= _MAX_OFFSET
    return Found(
        query=query, sort=sort, hits=result.hits, total=result.total, offset=offset,
        next_cursor=str(offset + limit) if more and result.hits else None, facets=dict(result.facets),
        params={k: v for k, v in params.items() if v},
    )
