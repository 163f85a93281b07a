"""Reading WARC files with FastWARC: one `WarcRecord` per HTTP response (or resource) record.

    >>> for record in iter_warc("crawl.warc.gz"):
    ...     if record.problem:
    ...         print("damaged:", record.problem)
    ...     else:
    ...         article = dateline.extract(record.payload, url=record.url, content_type=record.content_type)

Damage does not stop the reader: a record cut short (a truncated file, a gzip member that ends
early) is yielded with `problem` set and whatever payload could be read, and the records before it
are read as usual. Where FastWARC gives up on the data (a wrong Content-Length, garbage between
records, a header over its size limit, a corrupt gzip member), a record with `problem` set says so
and reading goes on at the next record start found after the damage (`WARC/1.` at the start of a
line, or the next gzip member), when the stream can seek. A payload over `max_payload` is reported,
not read. Plain and gzip-compressed WARCs are both read (the compression is detected).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO, cast

from fastwarc.warc import ArchiveIterator, WarcRecordType

__all__ = ["MAX_PAYLOAD", "WarcRecord", "iter_warc"]

log = logging.getLogger(__name__)
_CHUNK = 1 << 20
#: Payloads larger than this are reported and skipped (extract refuses over 50 MiB anyway).
MAX_PAYLOAD = 64 << 20
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/1."


@dataclass(frozen=True, slots=True, kw_only=True)
class WarcRecord:
    """One response/resource record: the page's bytes and how it was fetched.

    `headers` are the HTTP response headers (lower-case names); `status` the HTTP status (None for
    resource records); `offset` the record's position in the (compressed) file; `problem` says why
    the record is damaged (None when it was read completely).
    """

    url: str | None
    payload: bytes
    fetched_at: datetime | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    record_id: str | None = None
    offset: int = 0
    problem: str | None = None

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def _open(source: str | os.PathLike[str] | BinaryIO) -> tuple[BinaryIO, bool]:
    """(a seekable stream, whether iter_warc must close it)."""
    if isinstance(source, str | os.PathLike):
        return open(source, "rb"), True  # closed by iter_warc
    try:
        seekable = source.seekable()
    except (OSError, ValueError):
        seekable = False
    if seekable:
        return source, False
    # FastWARC seeks, and panics (a BaseException) on a pipe: spool it (memory up to 64 MiB, then disk)
    spool = tempfile.SpooledTemporaryFile(max_size=64 << 20)  # noqa: SIM115 (closed by iter_warc)
    shutil.copyfileobj(source, spool, _CHUNK)
    spool.seek(0)
    return cast(BinaryIO, spool), True


def iter_warc(source: str | os.PathLike[str] | BinaryIO, *, max_payload: int = MAX_PAYLOAD) -> Iterator[WarcRecord]:
    """Yield the response and resource records of a WARC file (a path or a binary stream)."""
    stream, own = _open(source)
    try:
        yield from _resyncing(stream, max_payload)
    finally:
        if own:
            stream.close()


def _resyncing(stream: BinaryIO, max_payload: int) -> Iterator[WarcRecord]:
    """`_records`, started again after the damage wherever FastWARC gives up (raises OSError)."""
    gzipped = _starts_gzipped(stream)
    last: list[int] = [-1]  # the offset of the last record read (or resumed at), kept by `_records`
    while True:
        try:
            yield from _records(stream, max_payload, last)
            return
        except OSError as exc:
            damaged = last[0]  # the damage lies after the last record read
            resume = _next_record(stream, damaged + 1, gzipped) if gzipped is not None else None
            where = "reading goes on at the next record" if resume is not None else "the rest cannot be read"
            problem = f"damaged WARC data: after offset {max(damaged, 0)} ({exc}); {where}"
            log.warning("WARC: %s", problem)
            yield WarcRecord(url=None, payload=b"", offset=max(damaged, 0), problem=problem)
            if resume is None:
                return
            stream.seek(resume)
            last[0] = resume


def _starts_gzipped(stream: BinaryIO) -> bool | None:
    """Whether a seekable stream holds gzip members (None: it cannot seek, so no resync)."""
    try:
        if not stream.seekable():
            return None
        here = stream.tell()
        head = stream.read(2)
        stream.seek(here)
    except (OSError, ValueError):
        return None
    return head == _GZIP_MEMBER[:2]


def _next_record(stream: BinaryIO, after: int, gzipped: bool) -> int | None:
    """The first record start at or after `after`: a gzip member's magic bytes, or `WARC/1.`
    at the start of a line."""
    marker = _GZIP_MEMBER if gzipped else _WARC_LINE
    skip = 0 if gzipped else 1  # the newline before `WARC/1.` is the end of the previous record
    try:
        stream.seek(max(after - skip, 0))
        pos = stream.tell()
        carry = b""
        while chunk := stream.read(_CHUNK):
            window = carry + chunk
            found = window.find(marker)
            if found >= 0:
                return pos - len(carry) + found + skip
            carry = window[-(len(marker) - 1):]
            pos += len(chunk)
    except (OSError, ValueError):
        return None
    return None


def _records(stream: BinaryIO, max_payload: int, last: list[int]) -> Iterator[WarcRecord]:
    types = WarcRecordType.response | WarcRecordType.resource
    last_offset = last[0]
    last_ok = True
    for rec in ArchiveIterator(stream, record_types=types, parse_http=True):
        last_offset = last[0] = rec.stream_pos
        url = rec.headers.get("WARC-Target-URI")
        expected = rec.content_length
        payload = rec.reader.read(max_payload + 1)
        problem = None
        if not url:
            problem = "truncated or malformed record: no WARC-Target-URI header"
        elif len(payload) > max_payload:
            payload = b""
            problem = f"the payload is over max_payload={max_payload} bytes; skipped (raise max_payload to read it)"
        elif len(payload) < expected:
            problem = f"truncated record: {len(payload)} of {expected} payload bytes"
        http = rec.http_headers if rec.is_http else None
        headers = {k.lower(): v for k, v in http.items()} if http is not None else {}
        if rec.record_type == WarcRecordType.resource and "content-type" not in headers:
            ctype = rec.headers.get("Content-Type")
            if ctype:
                headers["content-type"] = ctype
        if http is None and rec.record_type == WarcRecordType.response and problem is None:
            problem = "truncated or malformed record: no HTTP response head"
        date = rec.record_date
        if date is not None and date.tzinfo is None:
            date = date.replace(tzinfo=UTC)
        last_ok = problem is None
        if problem:
            log.warning("WARC record at offset %s (%s): %s", rec.stream_pos, url, problem)
        yield WarcRecord(
            url=url or None,
            payload=payload,
            fetched_at=date,
            status=http.status_code if http is not None else None,
            headers=headers,
            record_id=rec.record_id or None,
            offset=rec.stream_pos,
            problem=problem,
        )
    tail = _gzip_tail_problem(stream, max(last_offset, 0)) if last_ok else None
    if tail is not None:
        log.warning("WARC at offset %s: %s", tail[0], tail[1])
        yield WarcRecord(url=None, payload=b"", offset=tail[0], problem=tail[1])


def _gzip_tail_problem(stream: BinaryIO, start: int) -> tuple[int, str] | None:
    """For a seekable gzip WARC, check the members from the last record read to the end.

    FastWARC stops silently at a gzip member cut short; decompressing only the tail (the last
    record read and anything after it) finds that case cheaply.
    """
    try:
        if not stream.seekable():
            return None
        stream.seek(start)
        buf = stream.read()
    except (OSError, ValueError):
        return None
    off = 0
    while buf[off : off + 2] == b"\x1f\x8b":
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pos = off
        try:
            while not d.eof and pos < len(buf):
                data = buf[pos : pos + _CHUNK]
                pos += len(data)
                while data and not d.eof:
                    d.decompress(data, 1 << 24)
                    data = d.unconsumed_tail
        except zlib.error as exc:
            return start + off, f"corrupt gzip member: {exc}"
        if not d.eof:
            return start + off, "truncated record: the gzip member ends early"
        off = pos - len(d.unused_data)
    return None
