"""`dateline extract`: one page to a record, or many pages (files, directories, JSON Lines dumps) to
JSON Lines.

A JSON Lines input holds one page per line, as web-corpus dumps ship them: `{"id": ..., "text": ...}`
(scraped text) or `{"id": ..., "html": ...}`, with an optional `url`. Each input line gives one
output line carrying the same `id` (`FILE:LINE` when there is none): the article, or
`{"id": ..., "error": {"type": ..., "reason": ..., "message": ...}}` when it has none.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from ..archive.inputs import dump_lines
from ..errors import DatelineError, InputError, InputTooLarge, NotAnArticle
from ..extract import extract
from ..fetch import fetch
from ..models import Article
from ..options import ExtractOptions
from ..render import to_markdown

__all__ = ["extract_command"]

_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".text", ".jsonl", ".gz")


class _Record:
    """One page of one input: its id (as given), its content, or the error that stands for it."""

    __slots__ = ("content", "content_type", "error", "label", "url")

    def __init__(
        self, label: Any, content: bytes | str = b"", url: str | None = None,
        content_type: str | None = None, error: DatelineError | None = None,
    ) -> None:
        self.label = label
        self.content = content
        self.url = url
        self.content_type = content_type
        self.error = error


def _expand(paths: tuple[str, ...]) -> Iterator[str]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = [str(c) for c in sorted(path.rglob("*")) if c.is_file() and c.name.lower().endswith(_SUFFIXES)]
            yield from found or [p]  # a directory without pages stands for itself: `_records` says so
        else:
            yield p


def _is_jsonl(source: str) -> bool:
    return source.lower().endswith((".jsonl", ".jsonl.gz", ".ndjson"))


def _open_binary(source: str) -> io.BufferedIOBase:
    if source.lower().endswith(".gz"):
        return gzip.GzipFile(source, "rb")
    return open(source, "rb")


def _jsonl_records(source: str) -> Iterator[_Record]:
    """The pages of a JSON Lines dump, streamed; a malformed line becomes an error record, and so
    does a line over 4 x `max_bytes` (a page JSON-escaped at most doubles), skipped unread."""
    limit = 4 * ExtractOptions().max_bytes
    with _open_binary(source) as fh:
        for n, line in enumerate(dump_lines(fh, max_line=limit, source=source), 1):
            where = f"{source}:{n}"
            if line is None:
                yield _Record(where, error=InputTooLarge(
                    f"the line is too long: over {limit} bytes (4 x max_bytes); skipped unread", source=where
                ))
                continue
            if line.strip():
                yield _jsonl_record(line, where)


def _jsonl_record(line: str, where: str) -> _Record:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return _Record(where, error=InputError(f"the line is not JSON ({exc})", source=where))
    if not isinstance(obj, dict):
        return _Record(where, error=InputError("the line is not a JSON object", source=where))
    label = obj.get("id", where)
    if isinstance(label, float) and not math.isfinite(label):  # 1e400: JSON has no Infinity
        label = where
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    if isinstance(obj.get("html"), str) and obj["html"]:
        return _Record(label, obj["html"], url, "text/html")
    if isinstance(obj.get("text"), str):
        return _Record(label, obj["text"], url, "text/plain")
    return _Record(label, error=InputError(
        "the line has no `text` or `html` string field; give the page in one of them", source=where
    ))


def _records(source: str, url: str | None) -> Iterator[_Record]:
    """The pages of one input."""
    if source == "-":
        yield _Record("<stdin>", _read_capped(sys.stdin.buffer, "<stdin>"), url)
    elif source.startswith(("http://", "https://")):
        page = fetch(source)
        yield _Record(source, page.content, page.url, page.content_type)
    elif _is_jsonl(source):
        yield from _jsonl_records(source)
    elif Path(source).is_dir():
        raise InputError(f"the directory holds no pages (files ending {', '.join(_SUFFIXES)})", source=source)
    else:
        with open(source, "rb") as fh:
            yield _Record(source, _read_capped(fh, source), url)


def _read_capped(stream: IO[bytes], source: str) -> bytes:
    """The stream's bytes; `InputTooLarge` past `max_bytes` (read no further: /dev/zero, a pipe that
    never ends, a 10 GB file would otherwise be read whole before extract refused it)."""
    limit = ExtractOptions().max_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"the input is over max_bytes={limit} bytes; one page is far smaller", source=source)
    return data


def _emit(article: Article, fmt: str, label: Any) -> str:
    if fmt == "markdown":
        return to_markdown(article)
    if fmt == "text":
        return (f"{article.title}\n\n" if article.title else "") + article.body + "\n"
    data: dict[str, Any] = article.to_dict()
    if label is not None:
        data = {"id": label, **data}
    return _json_line(data)


def _json_line(data: dict[str, Any]) -> str:
    """One JSON line; escaped to ASCII when it holds a lone surrogate (a dump's `"\\ud800"` id or
    field), which the UTF-8 output cannot write as a character."""
    line = json.dumps(data, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data)
    return line


def _error_line(label: Any, exc: DatelineError) -> str:
    reason = exc.reason if isinstance(exc, NotAnArticle) else None
    error = {"type": type(exc).__name__, "reason": reason, "message": str(exc)}
    return _json_line({"id": label, "error": error})


def _extract_one(record: _Record) -> Article:
    if record.error is not None:
        raise record.error
    return extract(record.content, url=record.url, content_type=record.content_type)


@click.command("extract")
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "text"]), default="json",
              show_default=True, help="Output format (many inputs give JSON Lines).")
@click.option("--url", default=None, help="The page's URL, for resolving links (single input).")
def extract_command(sources: tuple[str, ...], fmt: str, url: str | None) -> None:
    """Extract articles from files, directories, URLs, JSON Lines dumps or - (stdin).

    A .jsonl (or .jsonl.gz) input holds one page per line: {"id": ..., "text": ...} for scraped
    text or {"id": ..., "html": ...}, with an optional "url". The output is JSON Lines with the same
    ids, one line per input line (an "error" object where a line gave no article).

    Exit status: 0 when every input gave an article, 1 when some failed.
    """
    inputs = list(_expand(sources))
    batch = len(inputs) > 1 or any(_is_jsonl(s) for s in inputs)
    ok = failed = 0
    for source in inputs:
        try:
            for record in _records(source, url):
                try:
                    article = _extract_one(record)
                except DatelineError as exc:
                    failed += 1
                    kind = "skipped" if isinstance(exc, NotAnArticle) else "error"
                    # An input error of a dump's line already names its file and line.
                    named = isinstance(exc, InputError) and exc.source is not None
                    click.echo(f"{kind}: {exc}" if named else f"{kind}: {record.label}: {exc}", err=True)
                    if batch and _is_jsonl(source):
                        click.echo(_error_line(record.label, exc))
                    continue
                ok += 1
                if batch:
                    click.echo(_emit(article, "json", record.label))
                else:
                    click.echo(_emit(article, fmt, None) if fmt != "json" else article.to_json(indent=2))
        except (OSError, DatelineError) as exc:
            failed += 1
            named = isinstance(exc, InputError) and exc.source is not None
            click.echo(f"error: {exc}" if named else f"error: {source}: {exc}", err=True)
    if batch:
        click.echo(f"{ok} extracted, {failed} failed", err=True)
    if failed:
        sys.exit(1)
