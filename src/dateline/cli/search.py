"""`dateline search`: full-text search of the archive from the command line."""

from __future__ import annotations

import functools
import html
import json
import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..archive import Archive, SearchFilters
from ..errors import DatelineError
from .ingest import db_option

__all__ = ["filter_options", "filters_from", "render_snippet", "search_command"]

F = TypeVar("F", bound=Callable[..., Any])
_MARK = re.compile(r"</?mark>")


def filter_options(fn: F) -> F:
    """The filter options shared by search and export."""
    options = (
        click.option("--site", help="Only this site (host such as example.com, or site name)."),
        click.option("--author", help="Only articles by this person."),
        click.option("--language", help="Only this language (ISO 639-1, e.g. en)."),
        click.option("--since", help="Published on or after (YYYY-MM-DD or ISO 8601)."),
        click.option("--until", help="Published on or before (YYYY-MM-DD or ISO 8601)."),
        click.option("--section", help="Only this section."),
        click.option("--tag", help="Only articles with this tag."),
    )
    return functools.reduce(lambda f, opt: opt(f), reversed(options), fn)


def filters_from(kwargs: dict[str, Any]) -> SearchFilters:
    names = ("site", "author", "language", "since", "until", "section", "tag")
    return SearchFilters(**{k: kwargs.pop(k) for k in names})


def render_snippet(snippet: str, *, color: bool) -> str:
    """A snippet for a terminal: matches in bold when `color`, HTML entities decoded."""
    on, off = ("\x1b[1m", "\x1b[0m") if color else ("", "")
    text = _MARK.sub(lambda m: on if m.group() == "<mark>" else off, snippet)
    return html.unescape(" ".join(text.split()))


@click.command("search")
@click.argument("query", required=False, default="")
@filter_options
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--plain", is_flag=True, help="Treat QUERY as plain words, not FTS5 syntax.")
@click.option("--json", "as_json", is_flag=True, help="Print the result (hits, total, facets) as JSON.")
@db_option
def search_command(query: str, sort: str, limit: int, offset: int, plain: bool, as_json: bool, db: str | None,
                   **kwargs: Any) -> None:
    """Search the archive. QUERY uses SQLite FTS5 syntax: words (all must match), "a phrase",
    OR, NOT, prefix*, title:word. Without QUERY, lists the newest articles.

    Example: dateline search "interest rates" --site example.com --since 2024-01-01
    """
    filters = filters_from(kwargs)
    try:
        with Archive(db, readonly=True) as archive:
            result = archive.search(query or None, filters=filters, sort="date" if sort == "date" else "relevance",
                                    limit=limit, offset=offset, facets=as_json,
                                    syntax="plain" if plain else "fts")
    except DatelineError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    color = sys.stdout.isatty()
    click.echo(f"{result.total} results" + (f" (showing {offset + 1}-{offset + len(result.hits)})"
                                            if result.hits else ""))
    for hit in result.hits:
        date = (hit.published or "")[:10] or "----------"
        click.echo(f"[{hit.id}] {date}  {hit.site or '-'}  {hit.title or '(no title)'}")
        click.echo(f"      {render_snippet(hit.snippet, color=color)}")
