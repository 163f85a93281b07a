from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from archive_pages import SECTION_FRONT, page_html

from dateline import Archive, extract
from dateline.archive import IngestOptions, IngestProgress, IngestReport
from dateline.archive.ingest import Job, extract_job, extract_many, listing_items
from dateline.archive.inputs import iter_pages
from dateline.options import ExtractOptions
from dateline.samples.build import warc_record

SCRIPT = """
import sys
from dateline import Archive, extract
from dateline.archive import IngestOptions
with Archive(sys.argv[1]) as archive:
    report = archive.ingest([sys.argv[2]], options=IngestOptions(batch_size=int(sys.argv[3])))
print(report.stored, report.duplicate)
"""


def ingest_subprocess(db: Path, folder: Path, batch: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", SCRIPT, str(db), str(folder), str(batch)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_double_ingest_stores_nothing_new(tmp_path: Path, make_pages: Callable[..., Path]) -> None:
    pages = make_pages(12)
    with Archive(tmp_path / "a.db") as archive:
        first = archive.ingest([pages])
        second = archive.ingest(pages)  # one path is fine too
        runs = archive.runs()
        assert archive.count() == 12
    assert (first.stored, first.duplicate) == (12, 0)
    assert (second.stored, second.duplicate, second.failed) == (0, 12, False)
    assert [r["status"] for r in runs] == ["done", "done"] and runs[0]["counts"]["duplicate"] == 12


def test_a_section_front_is_not_stored_as_an_article(tmp_path: Path, make_pages: Callable[..., Path]) -> None:
    pages = make_pages(2)
    (pages / "harbour.html").write_text(SECTION_FRONT, encoding="utf-8")
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([pages])
        assert archive.count() == 2
        assert [s.article.title for s in archive.iter_articles()] == ["Story number 0", "Story number 1"]
    assert (report.stored, dict(report.not_an_article), report.failed) == (2, {"listing-page": 1}, False)
    [failure] = report.failures
    assert failure.detail == "listing page (links to 6 items, no story)"
    assert failure.item is not None and failure.item.endswith("harbour.html")


def test_extract_still_returns_a_section_fronts_list() -> None:
    article = extract(SECTION_FRONT.encode(), url="https://courier.example/harbour/")
    assert article.warnings == ("listing",)
    assert "Storm damage closes the old pier until spring" in article.body


def test_listing_items_counts_each_linked_item_once() -> None:
    body = extract(SECTION_FRONT.encode()).body
    assert listing_items(SECTION_FRONT.encode(), body) == 6
    twice = SECTION_FRONT.replace('<li><h2><a href="/harbour/crane">',
                                  '<li><a href="/harbour/crane">New container crane arrives at the north quay '
                                  'photo</a><h2><a href="/harbour/crane">')
    assert listing_items(twice, body) == 6  # the same item linked twice (picture and headline)
    assert listing_items(SECTION_FRONT, "Harbour news\n\nAbout us") == 0  # no line of 25+ characters


def test_one_bad_input_never_stops_the_batch(tmp_path: Path, make_pages: Callable[..., Path]) -> None:
    pages = make_pages(3)
    packed = gzip.compress(page_html(50).encode())
    (pages / "corrupt.html.gz").write_bytes(packed[: len(packed) // 2])
    records = b"".join(warc_record(f"https://w.example/{i}", page_html(100 + i).encode(), date="2026-01-01T00:00:00Z")
                       for i in range(3))
    (pages / "cut.warc.gz").write_bytes(records[: len(records) - 100])
    (pages / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (pages / "dump.jsonl").write_text(json.dumps({"url": "https://j.example/1", "html": page_html(200)})
                                      + "\n{not json\n", encoding="utf-8")
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([pages])
    assert report.stored == 3 + 2 + 1
    assert report.failed and sum(report.errors.values()) == 4
    assert set(report.errors) == {"input-error", "truncated-record", "binary-input", "invalid-json-line"}
    assert {f.input for f in report.failures} >= {str(pages / "corrupt.html.gz"), str(pages / "cut.warc.gz")}


def test_kind_is_detected_by_content(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.txt").write_text(page_html(1), encoding="utf-8")  # HTML with a .txt name
    (folder / "noext").write_bytes(warc_record("https://w.example/", page_html(2).encode(), date="2026-01-01T00:00:00Z"))
    (folder / "dump.gz").write_bytes(gzip.compress(json.dumps({"text": "A line of prose. " * 20}).encode()))
    (folder / "notes.md").write_text("not a page", encoding="utf-8")  # unknown suffix, plain text: skipped
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([folder])
        kinds = sorted(s.article.source_kind for s in archive.latest())
    assert (report.inputs, report.stored, report.failed) == (3, 3, False)
    assert kinds == ["html", "html", "text"]


def test_missing_path_is_an_error_not_a_crash(tmp_path: Path, make_pages: Callable[..., Path]) -> None:
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([tmp_path / "nope", make_pages(2)])
    assert report.stored == 2 and report.errors == {"missing-input": 1}


def test_progress_and_process_backend(tmp_path: Path, make_pages: Callable[..., Path]) -> None:
    seen: list[IngestProgress] = []
    with Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([make_pages(10)], options=IngestOptions(backend="process", workers=2, batch_size=3),
                                progress=seen.append)
    assert report.stored == 10
    assert seen[-1].inputs_done == seen[-1].inputs_total == 10 and seen[-1].stored == 10


def test_sigkill_then_rerun_completes_without_loss(tmp_path: Path, make_pages: Callable[..., Path]) -> None:
    pages = make_pages(200)
    db = tmp_path / "a.db"
    proc = ingest_subprocess(db, pages, batch=5)
    deadline = time.monotonic() + 60
    while stored(db) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = stored(db)
    assert 0 < before < 200, "the writer should be killed mid-run"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        assert conn.execute("SELECT count(*) FROM captures").fetchone()[0] == before
    with Archive(db) as archive:
        report = archive.ingest([pages])
        assert archive.count() == 200
        statuses = [r["status"] for r in archive.runs()]
    assert report.stored == 200 - before and report.duplicate == before
    assert statuses == ["done", "interrupted"]


def test_readers_while_a_writer_ingests(tmp_path: Path, make_pages: Callable[..., Path]) -> None:
    pages = make_pages(60)
    db = tmp_path / "a.db"
    Archive(db).close()
    proc = ingest_subprocess(db, pages, batch=4)
    errors: list[BaseException] = []
    counts: list[int] = []

    def read() -> None:
        try:
            with Archive(db, readonly=True) as archive:
                while proc.poll() is None:
                    counts.append(archive.search("river OR harbour", limit=5).total)
                    archive.latest(limit=5)
                    time.sleep(0.01)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    out, err = proc.communicate(timeout=120)
    for t in threads:
        t.join()
    assert proc.returncode == 0, err.decode()
    assert not errors and len(counts) > 3
    assert out.split() == [b"60", b"0"] and stored(db) == 60


def _snapshot(archive: Archive) -> dict[str | None, tuple[object, ...]]:
    """Each article by title: its fields, raw bytes, the titles of its story, its site."""
    out: dict[str | None, tuple[object, ...]] = {}
    for s in archive.iter_articles():
        raw = archive.raw(s.id)
        story = sorted(str(a.article.title) for a in archive.story(s.story_id or 0).articles)
        out[s.article.title] = (s.article, raw[0] if raw else None, story, s.site)
    return out


def test_process_pool_stores_what_inline_stores(tmp_path: Path, make_pages: Callable[..., Path]) -> None:
    pages = make_pages(40)
    wire = (pages / "page-0003.html").read_text(encoding="utf-8")
    copy = wire.replace("Story number 3", "Wire copy of story 3").replace("</h1>", "</h1><p>From the copy desk.</p>")
    (pages / "page-9999.html").write_text(copy, encoding="utf-8")
    snapshots = []
    # one worker: the writer thread signs the bodies and compresses the captures; two: the
    # workers sign; three: the workers also compress
    for opts in (IngestOptions(), IngestOptions(backend="process", workers=1, batch_size=8),
                 IngestOptions(backend="process", workers=2, batch_size=8),
                 IngestOptions(backend="process", workers=3, batch_size=8)):
        with Archive(tmp_path / f"{opts.backend}-{opts.workers}.db") as archive:
            report = archive.ingest([pages], options=opts)
            assert report.stored + report.duplicate == 41 and not report.failed
            snapshots.append(_snapshot(archive))
    assert snapshots[0] == snapshots[1] == snapshots[2] == snapshots[3]
    assert len(snapshots[0]) == 41 and all(raw is not None for _, raw, _, _ in snapshots[0].values())
    assert snapshots[0]["Wire copy of story 3"][2] == ["Story number 3", "Wire copy of story 3"]


def test_the_writer_extracts_the_jobs_no_worker_has_started(tmp_path: Path, make_pages: Callable[..., Path]) -> None:
    pages = make_pages(20)
    (pages / "harbour.html").write_text(SECTION_FRONT, encoding="utf-8")
    with Archive(tmp_path / "inline.db") as archive:
        inline = archive.ingest([pages])
        expected = _snapshot(archive)
    release = threading.Event()
    pool = ThreadPoolExecutor(max_workers=1)
    pool.submit(release.wait)  # the pool's only worker is busy until the ingest is over
    done: list[IngestReport] = []
    with Archive(tmp_path / "pool.db") as archive:
        run = threading.Thread(target=lambda: done.append(archive.ingest(
            [pages], options=IngestOptions(backend="process", workers=1, batch_size=8), executor=pool)))
        run.start()
        run.join(timeout=30)
        finished = not run.is_alive()
        release.set()
        pool.shutdown()
        run.join()
        assert finished, "the ingest waited for a worker instead of extracting the pages itself"
        assert _snapshot(archive) == expected
    assert done[0].counts() == inline.counts() == {"stored": 20, "duplicate": 0, "not-an-article": 1, "error": 0,
                                                   "not-an-article:listing-page": 1}
    assert done[0].failures == inline.failures
    assert (done[0].extracted_here, inline.extracted_here) == (21, 0)


class SizedPool(ThreadPoolExecutor):
    """A thread pool that notes how many pages each extraction job holds."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.sizes: list[int] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.sizes.append(len(args[0]))
        return super().submit(fn, *args, **kwargs)


def test_the_last_batch_goes_to_the_workers_in_small_jobs(tmp_path: Path, make_pages: Callable[..., Path]) -> None:
    with Archive(tmp_path / "a.db") as archive, SizedPool() as pool:
        report = archive.ingest([make_pages(40)], options=IngestOptions(backend="process", workers=1, batch_size=16),
                                executor=pool)
    assert report.stored == 40
    assert pool.sizes == [8, 8, 8, 8, 2, 2, 2, 2]  # batches of 16, 16 and the last 8


def test_extract_many_gives_each_jobs_own_result_in_order() -> None:
    opts = ExtractOptions()
    jobs: list[Job] = [(page_html(1), None, None, opts, True, True), (b"", None, None, opts, True, True),
                       (page_html(2), "https://news.example/2", None, opts, False, False)]
    many = extract_many(jobs)
    assert [r[0] for r in many] == [extract_job(*job)[0] for job in jobs] == ["ok", "error", "ok"]
    assert many[0][1].title == "Story number 1" and many[2][1].url == "https://news.example/2"
    assert many[0][2].packed is not None and many[0][2].fingerprint is not None
    assert many[2][2].packed is None and many[2][2].fingerprint is None


def test_a_file_changed_after_it_was_hashed_is_an_error_not_another_page(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(page_html(1), encoding="utf-8")
    [page] = iter_pages(path)
    assert page.file is not None
    opts = ExtractOptions()
    assert extract_many([(page.file, None, None, opts, True, True)])[0][1].title == "Story number 1"
    path.write_text(page_html(2), encoding="utf-8")
    [(outcome, reason, detail, _)] = extract_many([(page.file, None, None, opts, True, True)])
    assert (outcome, reason) == ("error", "changed-during-ingest") and str(path) in detail


def test_same_body_twice_in_a_batch_stores_one_capture(tmp_path: Path, make_pages: Callable[..., Path]) -> None:
    pages = make_pages(4)
    first = (pages / "page-0001.html").read_text(encoding="utf-8")
    (pages / "page-0001-copy.html").write_text(first.replace("</head>", "<!-- mirror --></head>"), encoding="utf-8")
    for opts in (IngestOptions(), IngestOptions(backend="process", workers=1)):
        with Archive(tmp_path / f"{opts.backend}.db") as archive:
            report = archive.ingest([pages], options=opts)
            assert (report.stored, report.duplicate) == (4, 1)
            assert archive.ingest([pages], options=opts).duplicate == 5
            raws = {archive.raw(s.id)[0] for s in archive.iter_articles()}  # type: ignore[index]
            # the copy sorts first ("-" before "."), so its bytes are the capture kept
            assert raws == {(pages / name).read_bytes() for name in
                            ("page-0000.html", "page-0001-copy.html", "page-0002.html", "page-0003.html")}
