"""`dateline extract`: one page to a record, or many pages to JSON Lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..errors import DatelineError, NotAnArticle
from ..extract import extract
from ..fetch import fetch
from ..models import Article
from ..render import to_markdown

__all__ = ["extract_command"]

_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".text", ".jsonl", ".gz")


def _expand(paths: tuple[str, ...]) -> Iterator[str]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.name.lower().endswith(_SUFFIXES):
                    yield str(child)
        else:
            yield p


def _records(source: str, url: str | None) -> Iterator[tuple[str, bytes | str, str | None, str | None]]:
    """(label, content, url, content_type) for each page in one input."""
    if source == "-":
        yield "<stdin>", sys.stdin.buffer.read(), url, None
    elif source.startswith(("http://", "https://")):
        page = fetch(source)
        yield source, page.content, page.url, page.content_type
    elif source.lower().endswith(".jsonl"):
        with open(source, encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                obj = json.loads(line)
                label = str(obj.get("id") or f"{source}:{n}")
                if obj.get("html"):
                    yield label, obj["html"], obj.get("url"), "text/html"
                else:
                    yield label, obj.get("text") or "", obj.get("url"), "text/plain"
    else:
        yield source, Path(source).read_bytes(), url, None


def _emit(article: Article, fmt: str, label: str | None) -> str:
    if fmt == "markdown":
        return to_markdown(article)
    if fmt == "text":
        return (f"{article.title}\n\n" if article.title else "") + article.body + "\n"
    data: dict[str, Any] = article.to_dict()
    if label is not None:
        data = {"id": label, **data}
    return json.dumps(data, ensure_ascii=False)


@click.command("extract")
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "text"]), default="json",
              show_default=True, help="Output format (many inputs give JSON Lines).")
@click.option("--url", default=None, help="The page's URL, for resolving links (single input).")
def extract_command(sources: tuple[str, ...], fmt: str, url: str | None) -> None:
    """Extract articles from files, directories, URLs, JSON Lines dumps or - (stdin).

    Exit status: 0 when every input gave an article, 1 when some failed.
    """
    inputs = list(_expand(sources))
    batch = len(inputs) > 1 or any(s.lower().endswith(".jsonl") for s in inputs)
    ok = failed = 0
    for source in inputs:
        try:
            records = list(_records(source, url))
        except (OSError, ValueError, DatelineError) as exc:
            failed += 1
            click.echo(f"error: {source}: {exc}", err=True)
            continue
        for label, content, page_url, ctype in records:
            try:
                article = extract(content, url=page_url, content_type=ctype)
            except NotAnArticle as exc:
                failed += 1
                click.echo(f"skipped: {label}: {exc}", err=True)
                continue
            except DatelineError as exc:
                failed += 1
                click.echo(f"error: {label}: {exc}", err=True)
                continue
            ok += 1
            if batch:
                click.echo(_emit(article, "json", label))
            else:
                click.echo(_emit(article, fmt, None) if fmt != "json" else article.to_json(indent=2))
    if batch:
        click.echo(f"{ok} extracted, {failed} failed", err=True)
    if failed:
        sys.exit(1)
