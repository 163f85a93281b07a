"""`Archive` given what SQLite cannot take (numbers past 64 bits, lone surrogates, negative page
sizes) or an archive it does not know (a newer schema): an `ArchiveError` that says so, never a bare
OverflowError, UnicodeEncodeError or a misleading "cannot parse the query"."""

from __future__ import annotations

import json
import math
import sqlite3
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dateline
from dateline import (
    Archive,
    ArchiveError,
    Article,
    ConfigError,
    ExtractOptions,
    InputTooLarge,
    QueryError,
    SearchFilters,
)
from dateline.archive.ingest import IngestOptions
from dateline.archive.inputs import _jsonl_file_pages, _jsonl_pages, iter_pages

PROSE = "The council approved the new budget on Tuesday, after a long debate about schools and roads. "


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    path = tmp_path_factory.mktemp("hostile") / "a.db"
    with Archive(path) as writer:
        writer.add(Article(title="Budget", body=PROSE * 3, url="https://example.com/budget",
                           published=datetime(2024, 5, 1, 9, tzinfo=UTC)))
    with Archive(path, readonly=True) as reader:
        yield reader


HUGE = 2**64
CALLS: dict[str, Callable[[Archive], Any]] = {
    "search limit": lambda a: a.search("budget", limit=HUGE),
    "search offset": lambda a: a.search("budget", offset=HUGE),
    "story filter": lambda a: a.search("budget", filters=SearchFilters(story=HUGE)),
    "latest limit": lambda a: a.latest(limit=HUGE),
    "get": lambda a: a.get(HUGE),
    "raw": lambda a: a.raw(HUGE),
    "story": lambda a: a.story(-HUGE),
    "sites": lambda a: a.sites(offset=HUGE),
    "query": lambda a: a.search("budget \ud800"),
    "site filter": lambda a: a.search("budget", filters=SearchFilters(site="\udfff")),
    "author filter": lambda a: a.search(None, filters=SearchFilters(author="Jo \ud800")),
    "authors site": lambda a: a.authors(site="\ud800"),
    "export filter": lambda a: list(a.iter_articles(filters=SearchFilters(tag="\ud800"))),
    "latest negative limit": lambda a: a.latest(limit=-1),
    "sites negative offset": lambda a: a.sites(offset=-5),
    "authors negative limit": lambda a: a.authors(limit=-1),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_values_sqlite_cannot_bind_are_archive_errors(archive: Archive, call: Callable[[Archive], Any]) -> None:
    with pytest.raises(ArchiveError) as caught:
        call(archive)
    assert "no article" in str(caught.value) or isinstance(caught.value, QueryError)


def test_adding_an_article_with_a_lone_surrogate_is_an_archive_error(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        with pytest.raises(ArchiveError, match="surrogate"):
            archive.add(Article(title="Budget \ud800", body=PROSE * 3))
        assert archive.add(Article(title="Budget", body=PROSE * 3)).outcome == "stored"


def test_an_archive_from_a_newer_dateline_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    Archive(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES ('archive-9999-future', '2030-01-01')")
    for readonly in (False, True):
        with pytest.raises(ArchiveError, match=r"newer dateline.*archive-9999-future.*upgrade"):
            Archive(path, readonly=readonly)


EAST_OF_YEAR_1 = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))
WEST_OF_9999 = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))


@pytest.mark.parametrize("when", [EAST_OF_YEAR_1, WEST_OF_9999], ids=["year-1-east", "year-9999-west"])
def test_times_utc_cannot_hold_are_stored_and_sorted(when: datetime) -> None:
    with Archive(":memory:") as archive:
        added = archive.add(Article(title="Budget", body=PROSE * 3, published=when), fetched_at=when)
        assert archive.get(added.id).article.published == when
        assert [s.id for s in archive.latest()] == [added.id]


@pytest.mark.parametrize("until", ["9999-12-31", "9999-12-31T23:00:00-05:00"])
def test_a_filter_at_the_end_of_time_matches_everything(archive: Archive, until: str) -> None:
    assert archive.search("budget", filters=SearchFilters(until=until)).total == 1


def test_ingest_keeps_a_record_whose_fetch_time_utc_cannot_hold(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"html": f"<article><p>{PROSE * 3}</p></article>",
                                "fetched_at": "0001-01-01T00:00:00+01:00"}) + "\n", encoding="utf-8")
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([dump])
    assert (report.stored, report.failures) == (1, [])


def test_a_page_file_over_max_bytes_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(b"<html><body><article><p>" + PROSE.encode() * 40)
    with pytest.raises(InputTooLarge, match="max_bytes=1000"):
        list(iter_pages(big, max_bytes=1000))
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([big], options=IngestOptions(extract=ExtractOptions(max_bytes=1000)))
    assert report.stored == 0 and "max_bytes=1000" in report.failures[0].detail


_FRAGMENTS = [b'{"text": "a\\u2028b"}', b'{"html": "<p>x</p>", "id": 1}', b"not json", b"", b"\r", b"\xef\xbb\xbf",
              b"\xff\xfe", b'{"text": "caf\xc3', b"\xa9\"}", b'  {"text": "\xe2\x80\xa8 raw separator"}  ', b"[1]"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_FRAGMENTS), max_size=3).map(b"".join), max_size=8), st.booleans())
def test_a_dump_read_line_by_line_gives_the_pages_read_whole(lines: list[bytes], final_newline: bool) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline else b"")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.jsonl"
        path.write_bytes(data)
        assert list(_jsonl_file_pages(path, "d")) == list(_jsonl_pages(data, "d"))


def test_a_large_dump_is_streamed_not_read_whole(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    row = json.dumps({"text": "Budget\n\n" + PROSE * 100}).encode() + b"\n"  # ~10 KB
    dump.write_bytes(row * 3000)  # ~30 MB: read whole and decoded, it took over 60 MB
    tracemalloc.start()
    try:
        assert sum(1 for _ in iter_pages(dump)) == 3000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


@pytest.mark.parametrize("damage", [
    "UPDATE captures SET data = x'00112233' WHERE id = 2",
    "UPDATE captures SET codec = 'bogus' WHERE id = 2",
    "UPDATE captures SET size = 99999999999 WHERE id = 2",
    "UPDATE captures SET fetched_at = 'yesterday' WHERE id = 2",
], ids=["corrupt-data", "unknown-codec", "absurd-size", "bad-fetch-time"])
def test_reextract_counts_a_damaged_capture_and_goes_on(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "a.db"
    with Archive(path) as archive:
        for n in range(3):
            page = f"<html><head><title>Story {n}</title></head><body><article><p>{PROSE * 3} {n}</p></article></body></html>"
            archive.add(dateline.extract(page), raw=page.encode())
    with sqlite3.connect(path) as conn:
        conn.execute(damage)
    with Archive(path) as archive:
        report = archive.reextract()
        assert report.unchanged + report.updated == 2 and sum(report.kept.values()) == 1
        assert list(report.kept) == ["error:damaged-capture"]
        if "fetched_at" not in damage:  # the raw bytes themselves are damaged
            with pytest.raises(ArchiveError, match="damaged"):
                archive.raw(2)


@pytest.mark.parametrize("values", [
    {"query_time_limit": -1.0}, {"query_time_limit": math.nan}, {"story_threshold": 5.0},
    {"story_threshold": -0.1}, {"story_threshold": math.nan},
], ids=["negative-time", "nan-time", "threshold-5", "negative-threshold", "nan-threshold"])
def test_settings_that_cannot_be_used_are_config_errors(values: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        Archive(":memory:", **values)  # type: ignore[arg-type]


def test_a_path_with_a_nul_is_an_archive_error(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="cannot create or open"):
        Archive(tmp_path / "a\x00b.db")


def test_a_dump_line_over_the_cap_is_reported_and_the_next_lines_read(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    rows = [{"text": "Budget\n\n" + PROSE * 3}, {"text": "x" * 5000}, {"text": "Roads\n\n" + PROSE * 3}]
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    pages = list(iter_pages(dump, max_bytes=1000))
    assert [p.problem is None for p in pages] == [True, False, True]
    assert pages[1].label.endswith(":2") and "line too long" in (pages[1].problem or "")
    assert pages[2].label.endswith(":3")
