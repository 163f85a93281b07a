"""Damaged WARC files: a record whose header FastWARC refuses (a wrong Content-Length, garbage between
records, a header over its limit, a corrupt gzip member) is reported and the records after it are
still read; a payload over `max_payload` is reported, not read into memory."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from dateline import Archive
from dateline.warc import iter_warc

PAGE = b"<html><body><article><p>" + b"The council approved the new budget on Tuesday. " * 5 + b"</p></article></body></html>"


def http(body: bytes, extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + extra + b"Content-Length: %d\r\n\r\n" % len(body) + body


def record(n: int, block: bytes | None = None, *, length: int | None = None, extra: bytes = b"") -> bytes:
    block = http(PAGE) if block is None else block
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://e.example/%d\r\n" % n
            + b"WARC-Date: 2024-01-01T00:00:00Z\r\n" + extra
            + b"Content-Type: application/http; msgtype=response\r\n"
            + b"Content-Length: %d\r\n\r\n" % (len(block) if length is None else length) + block + b"\r\n\r\n")


DAMAGED = {
    "length too long": record(1, length=len(http(PAGE)) + 40),
    "length too short": record(1, length=30),
    "length not a number": record(1).replace(b"Content-Length: %d" % len(http(PAGE)), b"Content-Length: x"),
    "garbage": b"not a warc record\r\n" * 20,
    "huge WARC header": record(1, extra=b"X-Big: " + b"a" * 2_000_000 + b"\r\n"),
    "huge HTTP header": record(1, http(PAGE, b"X-Big: " + b"a" * 2_000_000 + b"\r\n")),
}


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("damage", DAMAGED.values(), ids=DAMAGED.keys())
def test_records_after_a_damaged_one_are_read(damage: bytes, gzipped: bool) -> None:
    parts = [record(0), damage, record(2), record(3)]
    data = b"".join(gzip.compress(p) for p in parts) if gzipped else b"".join(parts)
    records = list(iter_warc(io.BytesIO(data)))
    good = [r.url for r in records if r.problem is None and r.payload == PAGE]
    assert good[0] == "https://e.example/0" and good[-2:] == ["https://e.example/2", "https://e.example/3"]
    assert any(r.problem and "damaged" in r.problem for r in records)


def test_a_corrupt_gzip_member_is_skipped() -> None:
    members = [gzip.compress(record(n)) for n in range(4)]
    members[1] = members[1][:20] + bytes(40) + members[1][60:]
    records = list(iter_warc(io.BytesIO(b"".join(members))))
    assert [r.url for r in records if r.problem is None] == ["https://e.example/0", "https://e.example/2",
                                                             "https://e.example/3"]


def test_a_stream_that_cannot_seek_is_read_whole() -> None:  # FastWARC seeks: it panicked on a pipe
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    records = list(iter_warc(Pipe(record(0) + DAMAGED["garbage"] + record(2))))  # type: ignore[arg-type]
    assert [r.url for r in records if r.problem is None] == ["https://e.example/0", "https://e.example/2"]
    assert any(r.problem and "damaged" in r.problem for r in records)


def test_a_payload_over_max_payload_is_reported_not_read() -> None:
    big = record(1, http(PAGE * 2000))
    records = list(iter_warc(io.BytesIO(record(0) + big + record(2)), max_payload=100_000))
    assert [(r.url, r.payload == PAGE) for r in records] == [
        ("https://e.example/0", True), ("https://e.example/1", False), ("https://e.example/2", True)]
    assert records[1].payload == b"" and records[1].problem and "max_payload" in records[1].problem


def test_ingest_stores_the_records_around_the_damage(tmp_path: Path) -> None:
    (tmp_path / "a.warc").write_bytes(record(0) + DAMAGED["garbage"] + record(2))
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([tmp_path / "a.warc"])
    assert report.stored + report.duplicate == 2
    assert [f.reason for f in report.failures] == ["damaged-warc-data"]
