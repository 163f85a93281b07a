"""Ingest: inputs in, articles stored, every page's outcome counted.

    files ─ discover ─ iter_pages ─┬─ raw sha256 already stored? ─ duplicate
                                   └─ executor: extract + MinHash ─ writer (one transaction per batch)

Outcomes per page: `stored`, `duplicate` (same raw bytes or same normalised body), `not-an-article`
(with the extractor's reason) and `error` (with a reason such as `binary-input`, `truncated-record`).
One bad page never stops a run. Each batch of pages is written in one transaction together with
the run's counters, so a killed run leaves a consistent database; running the same command again
skips what was stored (by raw hash, before extraction) and finishes the job.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import json
import logging
import os
import re
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from selectolax.lexbor import LexborHTMLParser

from ..authors import squash
from ..encoding import decode_page
from ..errors import DatelineError, InputError, NotAnArticle
from ..extract import extract
from ..options import ExtractOptions
from . import dedup
from .executors import Backend, InlineExecutor, make_executor, pool_size
from .inputs import FileRef, Page, discover, iter_pages
from .writer import CaptureIn, compress, prepare, store_article

if TYPE_CHECKING:
    from .store import Archive

__all__ = ["Failure", "IngestOptions", "IngestProgress", "IngestReport", "extract_job", "listing_items", "run_ingest"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """How `Archive.ingest` works.

    extract: options for `dateline.extract` (a WARC record's fetch time is filled in per page).
    backend: where extraction runs: "inline" (this process), "process" (a process pool) or "ray".
    workers: pool size for "process" (default: the number of CPUs); with an executor passed to
        `Archive.ingest`, say its size here (ingest places work by the CPU share of each worker).
    batch_size: pages per write transaction (smaller loses less work to a crash, larger is faster).
    keep_raw: store each page's raw bytes (compressed) so `reextract` can run later.
    """

    extract: ExtractOptions = field(default_factory=ExtractOptions)
    backend: Backend = "inline"
    workers: int | None = None
    batch_size: int = 64
    keep_raw: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """A page (or a whole input) that was not stored: outcome `not-an-article` or `error`."""

    input: str
    item: str | None
    outcome: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestProgress:
    """Passed to the `progress` callback after every batch is written (from the writer thread)."""

    inputs_done: int
    inputs_total: int
    pages: int
    stored: int
    duplicate: int
    current: str | None


@dataclass(slots=True, kw_only=True)
class IngestReport:
    """What one `Archive.ingest` run did. `failed` is True when any input or page had an error.

    `seconds` is the run's wall time; `extract_seconds` the time spent inside `dateline.extract`
    (summed over workers), so `seconds - extract_seconds` is the store's share with one worker.
    With a pool, `extracted_here` pages were extracted in this process (by the writer, while it
    had nothing to write), and `idle_seconds` is the time the writer waited with nothing to do.
    """

    #: failures kept in `failures` (the first ones); all are in the `ingest_failures` table, and the
    #: counters count all. A 2 KB gzipped dump of 30,000 lines `{}` is 30,000 failures; unbounded,
    #: a small file could fill memory with them.
    MAX_FAILURES: ClassVar[int] = 1000

    run_id: int
    inputs: int = 0
    stored: int = 0
    duplicate: int = 0
    not_an_article: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    failures_omitted: int = 0
    seconds: float = 0.0
    extract_seconds: float = 0.0
    extracted_here: int = 0
    idle_seconds: float = 0.0

    @property
    def pages(self) -> int:
        return self.stored + self.duplicate + sum(self.not_an_article.values()) + sum(self.errors.values())

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def counts(self) -> dict[str, int]:
        """Flat counters: stored, duplicate, not-an-article, error, and `<outcome>:<reason>` each."""
        out = {
            "stored": self.stored, "duplicate": self.duplicate,
            "not-an-article": sum(self.not_an_article.values()), "error": sum(self.errors.values()),
        }
        out.update({f"not-an-article:{k}": v for k, v in sorted(self.not_an_article.items())})
        out.update({f"error:{k}": v for k, v in sorted(self.errors.items())})
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "inputs": self.inputs, "pages": self.pages, "seconds": round(self.seconds, 3),
            "extract_seconds": round(self.extract_seconds, 3), "extracted_here": self.extracted_here,
            "idle_seconds": round(self.idle_seconds, 3),
            "counts": self.counts(), "failures": [dataclasses.asdict(f) for f in self.failures],
            "failures_omitted": self.failures_omitted,
        }

    def _fail(self, failure: Failure) -> None:
        bucket = self.errors if failure.outcome == "error" else self.not_an_article
        bucket[failure.reason] += 1
        if len(self.failures) < self.MAX_FAILURES:
            self.failures.append(failure)
        else:
            self.failures_omitted += 1


# -- extraction jobs (run in workers: top-level and picklable) -------------------------------------

JobResult = tuple[str, Any, Any, float]


def _reason(exc: BaseException) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", type(exc).__name__).lower()


def extract_job(
    content: bytes | str | FileRef, url: str | None, content_type: str | None, options: ExtractOptions, pack: bool = False,
    sign: bool = True,
) -> JobResult:
    """Extract one page and prepare it for storing: ("ok", Article, `Prepared`, s) or
    (outcome, reason, detail, s), where s is the seconds `extract` took (summed into
    `IngestReport.extract_seconds`).

    Everything the store needs that does not touch the database is done here, in the worker: the
    row values, with `sign` the body hash and MinHash signature, with `pack` the raw page
    compressed (a process pool then leaves only SQL to the writer). A `FileRef` is read here (a
    file changed since it was hashed is an error, `changed-during-ingest`).
    """
    return extract_many([(content, url, content_type, options, pack, sign)])[0]


def _extract_one(
    content: bytes | str, url: str | None, content_type: str | None, options: ExtractOptions,
) -> tuple[JobResult, float]:
    """(result, CPU seconds) of extracting one page: ("ok", Article, None, s) when it is to be
    prepared, otherwise the page's final outcome."""
    start, cpu = time.perf_counter(), time.thread_time()
    try:
        article = extract(content, url=url, content_type=content_type, options=options)
    except NotAnArticle as exc:
        return ("not-an-article", exc.reason, exc.detail, time.perf_counter() - start), 0.0
    except DatelineError as exc:
        return ("error", _reason(exc), str(exc), time.perf_counter() - start), 0.0
    except Exception as exc:  # a bug in an extractor stage must not stop the batch
        log.exception("extractor crashed on %s", url)
        return ("error", f"crash-{_reason(exc)}", f"{type(exc).__name__}: {exc}", time.perf_counter() - start), 0.0
    took = time.perf_counter() - start
    if "listing" in article.warnings:
        items = listing_items(content, article.body, content_type=content_type)
        return ("not-an-article", "listing-page", f"listing page (links to {items} items, no story)", took), 0.0
    if url and not article.url:
        article = article.replace(url=url)
    return ("ok", article, None, took), time.thread_time() - cpu


#: A linked line this long is an item's headline (as the extractor's listing pass counts them).
_ITEM_HEADLINE_CHARS = 25


def listing_items(content: bytes | str, body: str, *, content_type: str | None = None) -> int:
    """How many items a listing page links to: the distinct targets of the page's links of 25+
    characters that hold one of the listing's lines (`body`: the extractor's item list) or are
    part of one: an item's headline (a link wrapping a whole card, headline and summary, counts
    once; so does a headline linked twice)."""
    lines = [line for line in map(squash, body.split("\n\n")) if len(line) >= _ITEM_HEADLINE_CHARS]
    text = decode_page(content, content_type=content_type)[0] if isinstance(content, bytes) else content
    root = LexborHTMLParser(text).body
    if root is None or not lines:
        return 0
    targets: set[str] = set()
    for link in root.css("a"):
        words = squash(link.text(deep=True, separator=" "))
        if len(words) >= _ITEM_HEADLINE_CHARS and any(line in words or words in line for line in lines):
            targets.add(link.attributes.get("href") or words)
    return len(targets)


Job = tuple[bytes | str | FileRef, str | None, str | None, ExtractOptions, bool, bool]


def _read(content: bytes | str | FileRef) -> bytes | str | None:
    return content.read() if isinstance(content, FileRef) else content


def extract_many(jobs: list[Job]) -> list[JobResult]:
    """`extract_job` for each job: every page is extracted first, then the articles are prepared
    together. Preparing (hashing, MinHash, zstd) right after each page's extraction ran at half
    speed (its numpy and hashing code and data fell out of the CPU caches during the extraction,
    and the extraction's in turn): 0.76-0.83 ms a text page against 0.46-0.51 in a batch of 64."""
    contents = [_read(job[0]) for job in jobs]
    extracted = [_extract_one(content, *job[1:4]) if content is not None else (_changed(job[0]), 0.0)
                 for content, job in zip(contents, jobs, strict=True)]
    results: list[JobResult] = []
    for content, (_, _, _, _, pack, sign), (result, extract_cpu) in zip(contents, jobs, extracted, strict=True):
        if result[0] != "ok" or content is None:
            results.append(result)
            continue
        cpu = time.thread_time()
        raw = (content.encode("utf-8") if isinstance(content, str) else content) if pack else None
        prepared = prepare(result[1], raw=raw, sign=sign)
        cpu_seconds = extract_cpu + time.thread_time() - cpu
        results.append(("ok", result[1], dataclasses.replace(prepared, cpu_seconds=cpu_seconds), result[3]))
    return results


def _changed(ref: bytes | str | FileRef) -> JobResult:
    where = ref.path if isinstance(ref, FileRef) else "the file"
    return "error", "changed-during-ingest", f"{where} changed while it was being ingested; ingest it again", 0.0


# -- the run -----------------------------------------------------------------------------------

@dataclass(slots=True, eq=False)
class _Job:
    """One call of `extract_many` handed to the executor (up to 8 pages with a pool) and the pages'
    bytes. When this process runs it itself (`_Run._steal`), `future` becomes the finished future
    of that run."""

    pages: list[Job]
    future: Future[list[JobResult]]
    contents: list[bytes | str]


@dataclass(slots=True)
class _Item:
    input: str
    page: Page
    sha: str
    job: _Job | None = None
    index: int = 0


class _Run:
    def __init__(self, archive: Archive, opts: IngestOptions, executor: Executor,
                 progress: Callable[[IngestProgress], None] | None, report: IngestReport) -> None:
        self.archive = archive
        self.opts = opts
        self.executor = executor
        self.progress = progress
        self.report = report
        self.pending: deque[list[_Item]] = deque()
        self.writes: deque[Future[None]] = deque()
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dateline-writer")
        self.lock = threading.Lock()  # guards report, _new_failures and inflight across the two threads
        self._new_failures: list[Failure] = []
        self.inflight: set[str] = set()
        self.inputs_total = 0
        self.current: str | None = None
        self.inline = isinstance(executor, InlineExecutor)
        self.workers = 1 if self.inline else pool_size(opts.workers)  # as make_executor sizes the pool
        # batches fed before the first is handed to the writer, and written or waiting for it at
        # most: inline, writing batch N overlaps extracting N + 1; with a pool the writer takes
        # each batch at once (it waits for the workers, and runs jobs itself meanwhile)
        self.depth, self.ahead = (1, 2) if self.inline else (0, 4 + self.workers // 2)
        self.chunk, self.last_chunk = 8, 2  # pages per pool job, and in the input's last batch
        self.cpu_start = time.process_time()
        self.worker_cpu = 0.0  # CPU seconds the workers spent on the pages stored so far
        self.prepared = 0
        # jobs no worker may have started yet, oldest first (the writer thread runs them itself
        # while it waits); `queued_signal` is set when one is added
        self.stealing = isinstance(executor, ProcessPoolExecutor | ThreadPoolExecutor)
        self.queued: deque[_Job] = deque()
        self.queued_signal: Future[None] = Future()
        self.stolen_cpu = 0.0  # CPU seconds this process spent on the jobs it ran itself

    def feed(self, items: list[tuple[str, Page]], *, last: bool = False) -> None:
        """Sort a batch of pages into outcomes known now, and extraction jobs.

        With a pool, each chunk of pages goes to the workers as soon as it is hashed and looked up
        (not after the whole batch), so the first worker starts after 8 pages are read, not 64.
        The input's `last` batch goes in jobs of 2 pages: at the end, the writer can only wait
        for the jobs the pool has handed to a worker already (the one running and the one queued
        behind it), and smaller jobs leave less to wait for.
        """
        batch: list[_Item] = []
        pack, sign = self._placement()
        step = len(items) if self.inline else self.last_chunk if last else self.chunk
        for start in range(0, len(items), step):
            part = items[start : start + step]
            shas = [dedup.raw_hash(p.raw) for _, p in part]
            known = self._known(shas)
            todo: list[_Item] = []
            jobs: list[Job] = []
            for (name, page), sha in zip(part, shas, strict=True):
                if page.problem:
                    self._record(Failure(input=name, item=page.label, outcome="error",
                                         reason=_problem_reason(page.problem), detail=page.problem))
                elif page.skip:
                    self._record(Failure(input=name, item=page.label, outcome="not-an-article", reason=page.skip))
                elif self._seen(sha, known):
                    with self.lock:
                        self.report.duplicate += 1
                else:
                    opts = self.opts.extract
                    if page.fetched_at is not None and opts.fetch_time is None:
                        opts = dataclasses.replace(opts, fetch_time=page.fetched_at)
                    todo.append(_Item(name, page, sha, index=len(jobs)))
                    # a whole file goes to a worker as where to read it (0.38 ms a HTML page less
                    # than its bytes through the pipe, both processes together)
                    content = page.file if page.file is not None and not self.inline else page.content
                    jobs.append((content, page.url, page.content_type, opts, pack, sign))
            if jobs:
                job = _Job(jobs, self.executor.submit(extract_many, jobs), [item.page.content for item in todo])
                for item in todo:
                    item.job = job
                batch.extend(todo)
                if self.stealing:
                    self._queue(job)
        self.pending.append(batch)
        while len(self.pending) > self.depth:
            self._submit_write(self.pending.popleft())

    def _placement(self) -> tuple[bool, bool]:
        """(pack, sign): whether the workers compress the raw pages of the next batch, and whether
        they compute the body hashes and MinHash signatures (else the writer thread does).

        Inline, the job runs in this process: it signs, and the writer thread compresses
        (overlapping the next extraction). With a pool, each goes where the spare CPU is, judged
        by this process's CPU per page (less the jobs it ran itself, see `_steal`) against each
        worker's share (the CPU per page of extraction and preparing / workers):
        compression goes to the workers while this process spends more (the single writer limits
        the pace); signing stays with them unless this process spends under half (one worker with a
        core for each process: the worker sets the pace and the writer idles).

        Until 16 pages are stored (the first batches are handed out before any comes back), the
        measured costs decide: the writer spends about 1.8 ms a page, plus 0.5 ms compressing and
        0.3 ms signing; a worker about 6 ms (HTML). So the workers compress from three workers up,
        and the writer signs for a single worker.
        """
        if self.inline:
            return False, True
        with self.lock:
            done, worker_cpu, stolen_cpu = self.prepared, self.worker_cpu, self.stolen_cpu
        if done < 16:
            return self.opts.keep_raw and self.workers >= 3, self.workers >= 2
        main = (time.process_time() - self.cpu_start - stolen_cpu) / done  # the store's CPU, not extraction's
        share = worker_cpu / done / self.workers
        return self.opts.keep_raw and main > share, main >= 0.5 * share

    def _seen(self, sha: str, known: set[str]) -> bool:
        """True for a raw hash already stored or on its way; otherwise mark it on its way."""
        with self.lock:
            if sha in known or sha in self.inflight:
                return True
            self.inflight.add(sha)
            return False

    def _submit_write(self, batch: list[_Item]) -> None:
        """Hand a batch to the writer thread (SQLite, zstd and hashing release the GIL, so writing
        overlaps the next batch's extraction); at most `ahead` batches are with it."""
        while len(self.writes) >= self.ahead:
            self.writes.popleft().result()
        self.writes.append(self.writer.submit(self.write, batch))

    def _queue(self, job: _Job) -> None:
        with self.lock:
            self.queued.append(job)
            if not self.queued_signal.done():
                self.queued_signal.set_result(None)

    def _await(self, job: _Job) -> None:
        """Until `job` has finished (failed or not). Meanwhile this thread (the writer) runs jobs
        no worker has started, itself, the oldest first: with one worker the writer needs about
        half the CPU a page that the worker does, and instead of waiting for it (at the start,
        between jobs, for the last pages) this process extracts too. The oldest, not the newest:
        a job this thread runs is written in its turn, so what it takes now is written soon; taken
        from the end of the queue, every page it extracted would wait to be written until the
        workers had run out of jobs, and the worker would then idle while the writer caught up."""
        while not job.future.done():
            signal = self._steal()
            if signal is not None:
                start = time.perf_counter()
                either: list[Future[Any]] = [job.future, signal]
                concurrent.futures.wait(either, return_when=concurrent.futures.FIRST_COMPLETED)
                with self.lock:
                    self.report.idle_seconds += time.perf_counter() - start

    def _steal(self) -> Future[None] | None:
        """Run the oldest job no worker has started in this thread and return None; when there is
        none, return a future that is set when the next job is queued.

        A job is taken only if `Future.cancel()` succeeds: the pool's workers then never start it
        (a job that has started cannot be cancelled, and leaves the queue). The job's items read
        their results from the finished future of this run.
        """
        with self.lock:
            while self.queued:
                job = self.queued.popleft()
                if job.future.cancel():
                    break
            else:
                if self.queued_signal.done():
                    self.queued_signal = Future()
                return self.queued_signal
        cpu = time.thread_time()
        # from the bytes read already, and signed right after the extraction, as inline (cheaper
        # than in a separate pass)
        pages: list[Job] = [(content, *page[1:5], True) for content, page in zip(job.contents, job.pages, strict=True)]
        job.future = InlineExecutor().submit(extract_many, pages)
        with self.lock:
            self.report.extracted_here += len(job.pages)
            self.stolen_cpu += time.thread_time() - cpu
        return None

    def _known(self, shas: list[str]) -> set[str]:
        if not shas:
            return set()
        with self.archive._query(limit=600.0) as conn:
            marks = ",".join("?" * len(shas))
            rows = conn.execute(f"SELECT sha256 FROM captures WHERE sha256 IN ({marks})", shas).fetchall()
        return {r[0] for r in rows}

    def _record(self, failure: Failure) -> None:
        with self.lock:
            self.report._fail(failure)
            self._new_failures.append(failure)

    def write(self, batch: list[_Item]) -> None:
        """Store one batch in one transaction, with the run's counters (runs in the writer thread).

        The batch is written job by job as each comes back from the workers (the transaction opens
        when the first has), so that when the last page is extracted only its own job is left to
        write: written whole after the batch's last job, the last batch's writing (64 pages of SQL,
        hashing and compression) came after all extraction had finished.
        """
        groups: list[list[_Item]] = []
        for item in batch:
            if groups and groups[-1][0].job is item.job:
                groups[-1].append(item)
            else:
                groups.append([item])
        if groups:
            self._await(_job(groups[0][0]))
        with self.archive.transaction() as conn:
            for group in groups:
                self._write_group(conn, group)
            self.flush(conn)
        self.tick()

    def _write_group(self, conn: Any, group: list[_Item]) -> None:
        """Store the pages of one extraction job (inside the batch's transaction)."""
        report = self.report
        self._await(_job(group[0]))
        results = self._finish_preparing(conn, [(item, _result(item)) for item in group])
        for item, (kind, a, b, took) in results:
            with self.lock:
                report.extract_seconds += took
            if kind == "ok":
                with self.lock:
                    self.worker_cpu += b.cpu_seconds
                    self.prepared += 1
                page = item.page
                capture = CaptureIn(
                    raw=page.raw if self.opts.keep_raw else None, url=page.url, fetched_at=page.fetched_at,
                    headers=page.headers, content_type=page.content_type, source=page.label, packed=b.packed,
                )
                body_sha, sig = b.fingerprint
                added = store_article(conn, a, capture=capture, sig=sig, body_sha=body_sha, values=b.values,
                                      threshold=self.archive.story_threshold, run_id=report.run_id,
                                      raw_sha=item.sha)
                with self.lock:
                    if added.outcome == "stored":
                        report.stored += 1
                    else:
                        report.duplicate += 1
            else:
                self._record(Failure(input=item.input, item=item.page.label, outcome=kind, reason=a, detail=b))
            with self.lock:
                self.inflight.discard(item.sha)

    def _finish_preparing(self, conn: Any, results: list[tuple[_Item, JobResult]]) -> list[tuple[_Item, JobResult]]:
        """One job's results with the fingerprints and compressed pages the workers left to the
        writer, all computed before the job's SQL (as `extract_many` does: done one page at a
        time between statements, hashing and zstd ran slower). A page whose body is already
        stored (by this transaction's earlier jobs too), or came earlier in the job, is not
        compressed (it will not be stored)."""
        done: list[tuple[_Item, JobResult]] = []
        for item, result in results:
            if result[0] == "ok" and result[2].fingerprint is None:
                result = (*result[:2], dataclasses.replace(result[2], fingerprint=dedup.fingerprint(result[1].body)),
                          result[3])
            done.append((item, result))
        if not self.opts.keep_raw:
            return done
        todo = [(n, r[2]) for n, (_, r) in enumerate(done) if r[0] == "ok" and r[2].packed is None]
        shas = [prepared.fingerprint[0] for _, prepared in todo]
        marks = ",".join("?" * len(shas))
        seen = {row[0] for row in conn.execute(f"SELECT body_sha256 FROM articles WHERE body_sha256 IN ({marks})",
                                               shas)} if shas else set()
        for n, prepared in todo:
            if prepared.fingerprint[0] not in seen:
                seen.add(prepared.fingerprint[0])
                item, result = done[n]
                done[n] = (item, (*result[:2], dataclasses.replace(prepared, packed=compress(item.page.raw)),
                                  result[3]))
        return done

    def flush(self, conn: Any) -> None:
        with self.lock:
            failures, self._new_failures = self._new_failures, []
            counts = json.dumps(self.report.counts())
        conn.executemany(
            "INSERT INTO ingest_failures (run_id, input, item, outcome, reason, detail) VALUES (?, ?, ?, ?, ?, ?)",
            [(self.report.run_id, f.input, f.item, f.outcome, f.reason, f.detail[:2000]) for f in failures],
        )
        conn.execute("UPDATE ingest_runs SET counts = ? WHERE id = ?", (counts, self.report.run_id))

    def tick(self) -> None:
        if self.progress is not None:
            with self.lock:
                r = self.report
                state = IngestProgress(inputs_done=r.inputs, inputs_total=self.inputs_total, pages=r.pages,
                                       stored=r.stored, duplicate=r.duplicate, current=self.current)
            self.progress(state)

    def drain(self) -> None:
        while self.pending:
            self._submit_write(self.pending.popleft())
        while self.writes:
            self.writes.popleft().result()
        if self._new_failures:
            with self.archive.transaction() as conn:
                self.flush(conn)

    def close(self, *, wait: bool) -> None:
        """Stop the writer thread; a batch being written finishes its transaction."""
        self.writer.shutdown(wait=True, cancel_futures=not wait)


def _problem_reason(problem: str) -> str:
    head = problem.split(":", 1)[0].strip().lower()
    return re.sub(r"[^a-z0-9]+", "-", head).strip("-") or "damaged"


def _job(item: _Item) -> _Job:
    assert item.job is not None
    return item.job


def _result(item: _Item) -> JobResult:
    try:
        return _job(item).future.result()[item.index]
    except Exception as exc:  # a worker died (or Ray failed): record it, go on
        return "error", f"worker-{_reason(exc)}", str(exc), 0.0


def _pages(run: _Run, files: list[Path]) -> Iterator[tuple[str, Page]]:
    for path in files:
        name = str(path)
        run.current = name
        try:
            yield from ((name, page) for page in iter_pages(path, max_bytes=run.opts.extract.max_bytes))
        except (InputError, OSError) as exc:
            reason = _reason(exc) if isinstance(exc, DatelineError) else "unreadable"
            run._record(Failure(input=name, item=None, outcome="error", reason=reason, detail=str(exc)))
        with run.lock:
            run.report.inputs += 1


def _chunks(items: Iterable[tuple[str, Page]], size: int) -> Iterator[tuple[list[tuple[str, Page]], bool]]:
    """Batches of `size` items, each with whether it is the last (a full batch is given once the
    next item has been read)."""
    batch: list[tuple[str, Page]] = []
    for item in items:
        if len(batch) >= size:
            yield batch, False
            batch = []
        batch.append(item)
    if batch:
        yield batch, True


def _expand(run: _Run, paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        try:
            files.extend(discover([p]))
        except InputError as exc:
            run._record(Failure(input=str(p), item=None, outcome="error", reason="missing-input", detail=str(exc)))
    return files


def _mark_interrupted(conn: Any) -> None:
    """Runs left `running` by a process of this host that no longer exists become `interrupted`."""
    host = socket.gethostname()
    for run_id, pid in conn.execute(
        "SELECT id, pid FROM ingest_runs WHERE status = 'running' AND host = ?", (host,)
    ).fetchall():
        if pid is not None and not _alive(pid):
            conn.execute("UPDATE ingest_runs SET status = 'interrupted' WHERE id = ?", (run_id,))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_ingest(
    archive: Archive,
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    options: IngestOptions | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    executor: Executor | None = None,
) -> IngestReport:
    """Ingest files and directories into `archive` (see the module docstring); returns the report."""
    opts = options or IngestOptions()
    started = time.perf_counter()
    inputs = [str(paths)] if isinstance(paths, str | os.PathLike) else [str(p) for p in paths]
    with archive.transaction() as conn:
        _mark_interrupted(conn)
        run_id = int(conn.execute(
            "INSERT INTO ingest_runs (started_at, status, inputs, host, pid) VALUES (?, 'running', ?, ?, ?)",
            (datetime.now(UTC).isoformat(timespec="seconds"), json.dumps(inputs, ensure_ascii=False),
             socket.gethostname(), os.getpid()),
        ).lastrowid or 0)
    report = IngestReport(run_id=run_id)
    own = executor is None
    pool = executor or make_executor(opts.backend, workers=opts.workers)
    run = _Run(archive, opts, pool, progress, report)
    status = "failed"
    try:
        files = _expand(run, inputs)
        run.inputs_total = len(files)
        for batch, last in _chunks(_pages(run, files), max(1, opts.batch_size)):
            run.feed(batch, last=last)
        run.drain()
        status = "done"
    finally:
        run.close(wait=status == "done")
        if own:
            pool.shutdown(wait=status == "done", cancel_futures=True)
        report.seconds = time.perf_counter() - started
        with archive.transaction() as conn:
            conn.execute(
                "UPDATE ingest_runs SET status = ?, finished_at = ?, counts = ? WHERE id = ?",
                (status, datetime.now(UTC).isoformat(timespec="seconds"), json.dumps(report.counts()), run_id),
            )
        run.tick()
    log.info("ingest run %s: %s", run_id, report.counts())
    log.debug("ingest run %s: %d pages extracted in the writer thread (%.3f s of CPU), %.3f s idle", run_id,
              report.extracted_here, run.stolen_cpu, report.idle_seconds)
    return report
