"""Gzipped JSON Lines dumps in ingest: listed at any compression ratio, streamed in bounded memory,
and a dump cut short keeps every whole line before the cut."""

from __future__ import annotations

import gzip
import hashlib
import json
import tracemalloc
import zlib
from pathlib import Path

import pytest

from dateline import Archive
from dateline.archive.inputs import discover, iter_pages
from dateline.errors import InputError

PROSE = "The council approved the new budget on Tuesday, after a long debate about schools and roads. "


def _rows(n: int, *, varied: bool = False) -> bytes:
    def text(i: int) -> str:
        tag = hashlib.sha256(b"%d" % i).hexdigest() if varied else "Budget"
        return f"{tag}\n\n{PROSE * 3}"

    return b"".join(json.dumps({"id": i, "text": text(i)}).encode() + b"\n" for i in range(n))


def test_a_dump_that_compresses_well_is_read(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl.gz"
    dump.write_bytes(gzip.compress(_rows(20_000)))  # 6 MB of repetitive rows in ~70 KB: over 64 KiB inflates past 1 MiB
    assert sum(1 for page in iter_pages(dump) if page.problem is None) == 20_000


def test_a_directory_with_a_well_compressed_file_without_suffix_is_listed(tmp_path: Path) -> None:
    (tmp_path / "dump").write_bytes(gzip.compress(_rows(20_000)))
    assert [p.name for p in discover([tmp_path])] == ["dump"]


def test_a_gzipped_dump_is_read_a_line_at_a_time(tmp_path: Path) -> None:
    rows = _rows(16_000, varied=True)
    dump = tmp_path / "dump.jsonl.gz"
    dump.write_bytes(gzip.compress(rows))
    tracemalloc.start()
    try:
        pages = sum(1 for _ in iter_pages(dump, max_bytes=1 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert pages == 16_000 and peak < len(rows) // 3  # 6 MB inflated; inflated whole, it peaked at 3.5 x that


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_cut_gzipped_dump_keeps_the_lines_before_the_cut(tmp_path: Path, cut: float) -> None:
    packed = gzip.compress(_rows(300, varied=True))
    dump = tmp_path / "cut.jsonl.gz"
    dump.write_bytes(packed[: int(len(packed) * cut)])
    whole = zlib.decompressobj(31).decompress(dump.read_bytes()).count(b"\n")
    seen: list[str] = []
    with pytest.raises(InputError, match="cut off"):
        seen.extend(page.label for page in iter_pages(dump))
    assert seen == [f"{dump}:{n + 1} ({n})" for n in range(whole)]
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([dump])
    assert report.stored + report.duplicate == whole and report.errors == {"input-error": 1}


@pytest.mark.parametrize("name", ["dump.jsonl.gz", "dump.json.gz"])
def test_every_member_of_a_concatenated_gzip_file_is_read(tmp_path: Path, name: str) -> None:
    rows = _rows(10, varied=True)
    first = rows[: len(rows) // 2].rpartition(b"\n")[0] + b"\n"
    second = rows[len(first):]
    if name == "dump.json.gz":  # one JSON array split across the members
        first, second = b"[" + first.replace(b"\n", b","), second.rstrip(b"\n").replace(b"\n", b",") + b"]"
    dump = tmp_path / name
    dump.write_bytes(gzip.compress(first) + gzip.compress(second))  # `cat a.gz b.gz`, or pigz/bgzip output
    assert sum(1 for page in iter_pages(dump) if page.problem is None) == 10


def test_a_dump_of_many_bad_lines_keeps_a_bounded_report(tmp_path: Path) -> None:
    import sqlite3

    from dateline.archive import IngestReport

    dump = tmp_path / "bad.jsonl.gz"
    dump.write_bytes(gzip.compress(b"{}\n" * 30_000))  # 2 KB: each line a failure
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([dump])
    assert sum(report.errors.values()) == 30_000 and report.stored == 0
    assert len(report.failures) == IngestReport.MAX_FAILURES and report.failures_omitted == 30_000 - len(report.failures)
    assert report.to_dict()["failures_omitted"] == report.failures_omitted
    with sqlite3.connect(tmp_path / "a.db") as conn:  # every failure is in the table
        assert conn.execute("SELECT count(*) FROM ingest_failures").fetchone() == (30_000,)
