from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest

from dateline.warc import iter_warc

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402


def write_warc(path: Path, pages: list[tuple[str, bytes, str]], *, gzip: bool, request: bool = True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for url, body, status in pages:
        head = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=head))
    if request:
        writer.write_record(writer.create_warc_record("https://e.example/", "request", payload=io.BytesIO(b"GET /")))
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


PAGES = [(f"https://e.example/{i}", f"<html><body><p>page {i}</p></body></html>".encode(), "200 OK") for i in range(3)]


@pytest.mark.parametrize("gzip", [True, False])
def test_reads_warcio_files(tmp_path: Path, gzip: bool) -> None:
    write_warc(tmp_path / "a.warc", [*PAGES, ("https://e.example/404", b"gone", "404 Not Found")], gzip=gzip)
    records = list(iter_warc(tmp_path / "a.warc"))
    assert [r.url for r in records] == [*(p[0] for p in PAGES), "https://e.example/404"]
    assert records[1].payload == PAGES[1][1] and records[1].status == 200 and records[3].status == 404
    assert records[0].content_type == "text/html; charset=utf-8"
    assert isinstance(records[0].fetched_at, datetime) and records[0].fetched_at.tzinfo is not None
    assert all(r.problem is None for r in records)


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_record_is_reported_and_earlier_ones_read(tmp_path: Path, gzip: bool) -> None:
    big = [(u, b.replace(b"</p>", b"x" * 3000 + b"</p>"), s) for u, b, s in PAGES]
    two = write_warc(tmp_path / "a.warc", big[:2], gzip=gzip, request=False)
    three = write_warc(tmp_path / "b.warc", big, gzip=gzip, request=False)
    (tmp_path / "cut.warc").write_bytes(three[: len(two) + (len(three) - len(two)) // 2])
    records = list(iter_warc(tmp_path / "cut.warc"))
    assert [r.payload for r in records[:2]] == [big[0][1], big[1][1]]
    assert len(records) == 3 and records[2].problem and "truncated" in records[2].problem


def test_reads_a_stream(tmp_path: Path) -> None:
    data = write_warc(tmp_path / "a.warc.gz", PAGES, gzip=True)
    assert len(list(iter_warc(io.BytesIO(data)))) == 3
