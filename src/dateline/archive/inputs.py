"""Input discovery for ingest: which files to read, what each holds, and the pages inside.

Kinds are decided by content (the first bytes), the suffix only breaking ties:

    html   one HTML page                 text   one scraped-text page
    json   a JSON object or array        jsonl  one JSON object per line (web-corpus dumps)
    warc   a WARC file (plain or gzip)   gz     a gzip file of html/text/json/jsonl

JSON records give the page in an `html` or `text` field (`raw_content`/`content` are read as text
too), with optional `url`, `id` and `fetched_at`/`date_download`.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

from ..encoding import without_surrogates
from ..errors import BinaryInput, EmptyInput, InputError, InputTooLarge
from ..sniff import gunzip, sniff_bytes
from ..warc import iter_warc

__all__ = ["FileRef", "InputKind", "Page", "discover", "dump_lines", "input_kind", "iter_pages"]

log = logging.getLogger(__name__)

InputKind = Literal["html", "text", "json", "jsonl", "warc", "gz", "binary", "empty"]

_KNOWN_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".text", ".json", ".jsonl", ".ndjson", ".warc", ".gz")
_MAX_GZIP = 1 << 30


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file that is one page, as it was when read: a worker process reads it again from here
    (from the page cache) instead of receiving its bytes through a pipe."""

    path: str
    size: int
    mtime_ns: int

    def read(self) -> bytes | None:
        """The file's bytes, or None when it is no longer the file that was read (its size or
        modification time changed, or it is gone)."""
        try:
            with open(self.path, "rb") as fh:
                st = os.fstat(fh.fileno())
                if (st.st_size, st.st_mtime_ns) != (self.size, self.mtime_ns):
                    return None
                data = fh.read()
        except OSError:
            return None
        return data if len(data) == self.size else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One page found in an input, ready for extraction.

    `label` names it in reports (`file`, `file:line`, `file@offset`); `problem` is set when the
    item is damaged (a truncated WARC record, a bad JSON line) and `skip` when it is readable but
    not a page to extract (an HTTP 404 in a WARC: `skip="http-404"`). `file` is set when the page
    is a whole file (its bytes can be read again from it).
    """

    label: str
    content: bytes | str = b""
    url: str | None = None
    content_type: str | None = None
    fetched_at: datetime | None = None
    headers: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    skip: str | None = None
    file: FileRef | None = None

    @property
    def raw(self) -> bytes:
        return self.content.encode("utf-8") if isinstance(self.content, str) else self.content


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files to ingest: each file given, and every file under each directory (recursive, sorted).

    In directories, hidden files are skipped, and so are files without a known suffix unless their
    content is HTML, WARC or gzip. Missing paths raise `InputError`.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in rel) and _wanted(child):
                    yield child
        elif path.exists():
            yield path
        else:
            raise InputError("no such file or directory; check the path", source=str(path))


def _wanted(path: Path) -> bool:
    """Known suffixes always; other files only when their content is markup, WARC or gzip (code,
    stylesheets and notes beside the pages are plain text that is not meant as pages)."""
    if path.name.lower().endswith(_KNOWN_SUFFIXES):
        return True
    return input_kind(path) in ("html", "warc", "gz")


_HEAD = 65536
_CHUNK_LINE = 1 << 20


def _head(path: Path, size: int = _HEAD) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def input_kind(path: str | os.PathLike[str]) -> InputKind:
    """What a file holds, from its first bytes (and its suffix only to tell json from jsonl)."""
    p = Path(path)
    return _kind(_head(p), p.name)


def _kind(head: bytes, name: str) -> InputKind:
    kind = sniff_bytes(head)
    if kind == "gzip":
        if _inflated_head(head).lstrip().startswith(b"WARC/"):
            return "warc"
        return "gz"
    if kind == "json":
        return _json_kind(head, name)
    return kind


def _inflated_head(head: bytes) -> bytes:
    """The first inflated bytes (1 MiB at most) of a gzip file's first bytes. Never raises: a dump of
    repetitive rows inflates 64 KiB past 1 MiB, which `gunzip` refused (`InputTooLarge`), so ingest
    refused the whole file and directory listing failed on it; corrupt data gives b""."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 1 << 20)
    except zlib.error:
        return b""


def _packed_lines(head: bytes, name: str) -> bool:
    """Whether a gzip file holds JSON Lines (then read a line at a time, not inflated whole)."""
    inner = _inflated_head(head)
    return sniff_bytes(inner) == "json" and _json_kind(inner, name.lower().removesuffix(".gz")) == "jsonl"


def _json_kind(head: bytes, name: str) -> InputKind:
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return "jsonl"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] == b"[":
        return "json"
    first, sep, _ = stripped.partition(b"\n")
    if sep:
        try:
            json.loads(first)
        except ValueError:
            return "json"
        return "jsonl"
    return "json"


def iter_pages(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Iterator[Page]:
    """The pages in one input file. Raises `InputError` when the file as a whole cannot be read, and
    `InputTooLarge` for a one-page file (HTML or text) over `max_bytes`, which is then not read."""
    p = Path(path)
    label = str(p)
    packed = False
    with p.open("rb") as fh:  # opened once: the head decides the kind, the rest is read when needed
        head = fh.read(_HEAD)
        kind = _kind(head, p.name)
        if kind == "gz" and _packed_lines(head, p.name):
            kind = "jsonl"
            packed = True
        st = os.fstat(fh.fileno())
        if max_bytes is not None and kind in ("html", "text") and st.st_size > max_bytes:
            raise InputTooLarge(f"the file is {st.st_size} bytes, over max_bytes={max_bytes}; one page is far "
                                "smaller (raise ExtractOptions.max_bytes to read it)", source=label)
        whole = head
        if len(head) == _HEAD and kind not in ("warc", "binary", "empty", "jsonl"):
            fh.seek(0)
            whole = fh.read()  # read again from the start: cheaper than joining the head and the rest
    if kind == "jsonl":
        # a line holds one page, JSON-escaped (non-ASCII text as \\uXXXX at most doubles it)
        yield from _jsonl_file_pages(p, label, max_line=None if max_bytes is None else 4 * max_bytes, packed=packed)
    elif kind == "warc":
        yield from _warc_pages(p)
    elif kind == "gz":
        data, complete = gunzip(whole, max_bytes=_MAX_GZIP)
        if not complete:
            raise InputError("the gzip data is corrupt or truncated; re-download or re-compress it", source=label)
        yield from _pages_from_bytes(data, label, p.name.lower().removesuffix(".gz"))
    elif kind == "binary":
        raise BinaryInput("the file is binary data, not a page, WARC or JSON dump", source=label)
    elif kind == "empty":
        raise EmptyInput("the file is empty", source=label)
    elif kind in ("html", "text"):
        file = FileRef(str(p), st.st_size, st.st_mtime_ns) if st.st_size == len(whole) else None
        yield Page(label=label, content=whole, file=file)
    else:
        yield from _pages_from_bytes(whole, label, p.name.lower())


def _pages_from_bytes(data: bytes, label: str, name: str) -> Iterator[Page]:
    kind = sniff_bytes(data)
    if kind == "json":
        lines = _json_kind(data[:65536], name) == "jsonl"
        yield from (_jsonl_pages(data, label) if lines else _json_pages(data, label))
    elif kind in ("html", "text"):
        yield Page(label=label, content=data)
    elif kind == "warc":
        yield from _warc_pages(data, label=label)
    else:
        raise InputError(f"the content is {kind}, not a page, WARC or JSON dump", source=label)


def _warc_pages(source: Path | bytes, *, label: str | None = None) -> Iterator[Page]:
    name = label or str(source)
    stream = iter_warc(io.BytesIO(source)) if isinstance(source, bytes) else iter_warc(source)
    for rec in stream:
        item = f"{name}@{rec.offset}"
        if rec.problem:
            yield Page(label=item, url=rec.url, problem=rec.problem)
            continue
        skip = f"http-{rec.status}" if rec.status is not None and not 200 <= rec.status < 300 else None
        yield Page(
            label=item, content=rec.payload, url=rec.url, content_type=rec.content_type,
            fetched_at=rec.fetched_at, headers=rec.headers, skip=skip,
        )


def _json_pages(data: bytes, label: str) -> Iterator[Page]:
    try:
        obj = json.loads(data.decode("utf-8-sig", errors="replace"))
    except ValueError as exc:
        raise InputError(f"invalid JSON ({exc}); give one object, an array, or JSON Lines", source=label) from exc
    items = obj if isinstance(obj, list) else [obj]
    for n, item in enumerate(items):
        yield _record_page(item, f"{label}[{n}]")


def _jsonl_pages(data: bytes, label: str) -> Iterator[Page]:
    # JSON Lines are split on "\n" only: str.splitlines() would also split inside a record's text
    # on \x85, \u2028 and other line separators that JSON leaves unescaped.
    for n, line in enumerate(data.decode("utf-8-sig", errors="replace").split("\n"), 1):
        yield from _jsonl_line(line, n, label)


def _jsonl_file_pages(path: Path, label: str, *, max_line: int | None = None, packed: bool = False) -> Iterator[Page]:
    """`_jsonl_pages` of a file (gzipped when `packed`), read a line at a time: a dump may be far
    larger than memory (it was read whole, and decoded whole: a 5 GB dump took over 10 GB; a gzipped
    one was inflated whole, up to 1 GiB). A line longer than `max_line` bytes is reported and skipped
    unread (one endless line would otherwise be unbounded)."""
    with gzip.GzipFile(path, "rb") if packed else path.open("rb") as fh:
        for n, line in enumerate(dump_lines(fh, max_line=max_line, source=label), 1):
            if line is None:
                yield Page(label=f"{label}:{n}", problem=f"line too long: over {max_line} bytes; skipped "
                                                         "(raise ExtractOptions.max_bytes to read it)")
                continue
            yield from _jsonl_line(line, n, label)


def dump_lines(
    fh: IO[bytes] | io.BufferedIOBase, *, max_line: int | None = None, source: str | None = None
) -> Iterator[str | None]:
    """The lines of a JSON Lines stream without their b"\\n", one at a time, decoded as UTF-8 (a bad
    byte becomes U+FFFD; the first line loses a byte order mark). They are split on b"\\n" only:
    JSON leaves \\x85 and \\u2028 unescaped inside strings. A line longer than `max_line` bytes
    gives None and is skipped to its end in bounded memory. A gzip stream (`gzip.open`) that is
    corrupt or cut off raises `InputError` naming `source` after the lines read before the damage
    (it raised EOFError, which click reads as Ctrl-D: the whole batch stopped as "Aborted!")."""
    first = True
    try:
        while raw := fh.readline(-1 if max_line is None else max_line + 1):
            if max_line is not None and len(raw) > max_line and not raw.endswith(b"\n"):
                del raw  # before reading on: the skipped line is not held twice
                while (rest := fh.readline(_CHUNK_LINE)) and not rest.endswith(b"\n"):
                    pass
                yield None
            else:
                line = raw.removesuffix(b"\n").decode("utf-8", errors="replace")
                yield line.removeprefix("\ufeff") if first else line
            first = False
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(f"the gzip data is corrupt or cut off ({exc}); the lines before the damage were "
                         "read; re-download or re-compress it", source=source) from exc


def _jsonl_line(line: str, n: int, label: str) -> Iterator[Page]:
    if not line.strip():
        return
    try:
        item = json.loads(line)
    except ValueError as exc:
        yield Page(label=f"{label}:{n}", problem=f"invalid JSON line: {exc}")
        return
    yield _record_page(item, f"{label}:{n}")


def _record_page(item: Any, where: str) -> Page:
    """The page of one JSON record. Its strings lose any lone surrogate (a `"\\ud800"` escape), which
    SQLite and every UTF-8 output refuse (the page would have stopped the whole batch)."""
    if not isinstance(item, dict):
        return Page(label=where, problem="a JSON record must be an object with an `html` or `text` field")
    label = without_surrogates(f"{where} ({item['id']})") if isinstance(item.get("id"), str | int) else where
    url = without_surrogates(item["url"]) if isinstance(item.get("url"), str) else None
    fetched = _when(item.get("fetched_at") or item.get("date_download"))
    html = item.get("html")
    if isinstance(html, str) and html.strip():
        return Page(label=label, content=without_surrogates(html), url=url, content_type="text/html",
                    fetched_at=fetched)
    for key in ("text", "raw_content", "content"):
        text = item.get(key)
        if isinstance(text, str) and text.strip():
            return Page(label=label, content=without_surrogates(text), url=url, content_type="text/plain",
                        fetched_at=fetched)
    return Page(label=label, url=url, problem="the JSON record has no `html` or `text` field with content")


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
