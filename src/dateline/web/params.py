"""Query-string parameters shared by pages, API and feeds, checked with messages that say the fix."""

from __future__ import annotations

from datetime import date
from typing import Literal

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request

from ..archive.search import SearchFilters

__all__ = [
    "FILTER_NAMES", "filters_from", "is_whole_number", "limit_from", "offset_from", "path_id", "sort_from",
    "text_param",
]

FILTER_NAMES = ("site", "author", "language", "section", "tag", "since", "until")
_MAX_TEXT = 500


def text_param(params: QueryParams, name: str) -> str | None:
    value = (params.get(name) or "").strip()
    if len(value) > _MAX_TEXT:
        raise HTTPException(400, f"parameter {name!r} is longer than {_MAX_TEXT} characters; shorten it")
    return value or None


def _day(params: QueryParams, name: str) -> date | None:
    value = text_param(params, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"parameter {name!r} must be a day as YYYY-MM-DD, not {value[:40]!r}") from None


def filters_from(params: QueryParams) -> SearchFilters:
    """The listing filters in a query string (`site`, `author`, `language`, `section`, `tag`, `since`, `until`)."""
    return SearchFilters(
        site=text_param(params, "site"),
        author=text_param(params, "author"),
        language=text_param(params, "language"),
        section=text_param(params, "section"),
        tag=text_param(params, "tag"),
        since=_day(params, "since"),
        until=_day(params, "until"),
    )


def is_whole_number(raw: str) -> bool:
    """Whether `raw` is a whole number `int` reads and SQLite holds: ASCII digits only (`str.isdigit`
    also takes '²', which `int` refuses) and at most 18 of them (`int` refuses over 4300)."""
    return raw.isascii() and raw.isdigit() and len(raw) <= 18


def limit_from(params: QueryParams, *, default: int, maximum: int) -> int:
    raw = params.get("limit")
    if raw is None or raw == "":
        return default
    if not is_whole_number(raw) or not 1 <= int(raw) <= maximum:
        raise HTTPException(400, f"parameter 'limit' must be a whole number from 1 to {maximum}, not {raw[:20]!r}")
    return int(raw)


def offset_from(params: QueryParams) -> int:
    raw = params.get("offset") or "0"
    if not is_whole_number(raw) or int(raw) > 100_000:
        raise HTTPException(400, f"parameter 'offset' must be a whole number from 0 to 100000, not {raw[:20]!r}")
    return int(raw)


def sort_from(params: QueryParams, *, has_query: bool) -> Literal["relevance", "date"]:
    raw = params.get("sort") or ("relevance" if has_query else "date")
    if raw not in ("relevance", "date"):
        raise HTTPException(400, f"parameter 'sort' must be 'relevance' or 'date', not {raw[:20]!r}")
    return "relevance" if raw == "relevance" else "date"


def path_id(request: Request, what: str) -> int:
    """The `{id}` path parameter as an int; 404 with the fix when it is not a whole number that
    SQLite can hold (ASCII digits only: `str.isdigit` also takes '²', which `int` refuses)."""
    raw = request.path_params["id"]
    if not is_whole_number(raw):
        raise HTTPException(404, f"no {what} with id {raw[:40]!r}; {what} ids are whole numbers")
    return int(raw)
