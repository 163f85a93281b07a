"""Archive benchmark: ingest throughput and the store's overhead, and search latency at 100k articles.

    python -m bench.archive [--pages 400] [--articles 100000] [--queries 300] [--workers 0] [--repeats 5]
                            [--skip-ingest] [--skip-search] [--pool-only] [--headline] [--grouping]

Headline (issue 5's figure, printed first; --headline runs only it): the same pages extracted
in-process (what `dateline extract` does) and ingested by both paths `dateline ingest` chooses
from: one worker process (its own pool started and stopped by each run; the default from 2 CPUs)
and one process (`--workers 0`; the default on one CPU), alternating, --repeats times each:
median pages/s, the store's overhead in wall time and in CPU time of all processes (this one and
the pool's workers), and how many pages the writer extracted itself.

Ingest (the headline's `--workers 0` runs, not measured again): the same pages are (1) extracted
alone, in-process, and (2) ingested into a fresh archive (inline backend: reading, hashing,
extraction, MinHash, SQLite writes with FTS indexing), --repeats times each, alternating, after a
warm-up of both. The store's overhead is (ingest - extraction) / extraction, of the medians, in
CPU time of the process (the figure that holds on a loaded machine) and in wall time. HTML pages
come from the fundus, wcxb-dev and trafilatura-eval development sets, text pages from text-dev.

With --workers N (the throughput reading): one process pool of N workers runs extraction alone
(this process reads the pages, the workers extract) and `ingest` (this process reads, hashes and
writes; the workers extract and prepare rows, fingerprints and compressed captures), --repeats
times each, alternating; the store's overhead is the ratio of the median wall times, what a user
of `dateline ingest --workers N` sees against extraction alone. --pool-only skips the rest.

Search: an archive of --articles synthetic articles is built by bulk insert from development
pages (bodies are random runs of their paragraphs; titles, sites, authors, languages and dates
are varied), then --queries random two-word queries are run with a filter (site, language or
since), with and without facets, and a few other shapes. Reports p50/p95 in milliseconds, of wall
clock time and of the thread's CPU time (the latter stays meaningful on a loaded machine).

Grouping (--grouping, nothing else): each development body against a random re-published
variant of it, the signature's estimated Jaccard similarity against the exact one of the shingle
sets, in-sample and held out (sha1 split); see `bench_grouping`.

Writes bench/out/archive.json (not with --grouping) and prints Markdown tables.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import statistics
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from dateline import Archive, extract
from dateline.archive import IngestOptions, IngestReport, SearchFilters
from dateline.archive.cjk import grams
from dateline.archive.dedup import body_hash, fingerprint, raw_hash
from dateline.archive.writer import CaptureIn, compress, store_article
from dateline.cli.ingest import default_workers
from dateline.errors import DatelineError
from dateline.models import Article

from .common import DATA, OUT, records

HTML_SETS = ("fundus", "wcxb-dev", "trafilatura-eval")


def _pages(kind: str, n: int) -> list[Path]:
    paths: list[Path] = []
    sets = HTML_SETS if kind == "html" else ("text-dev",)
    per = -(-n // len(sets))
    for ds in sets:
        for rec in records(ds, limit=per, kind=kind):
            paths.append(DATA / ds / rec[kind])
    return paths[:n]


def _stage(paths: list[Path], folder: Path) -> None:
    folder.mkdir(parents=True)
    for i, p in enumerate(paths):
        os.symlink(p, folder / f"{i:05d}{p.suffix}")


def _extract_only(paths: list[Path]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) to extract every page."""
    start, cpu = time.perf_counter(), time.process_time()
    for p in paths:
        with contextlib.suppress(DatelineError):
            extract(p.read_bytes())
    return time.perf_counter() - start, time.process_time() - cpu


def ingest_figures(headline: dict[str, Any]) -> dict[str, Any]:
    """The in-process ingest table (the store's overhead in CPU time of the process, wall time, and
    within each run) from the headline's `--workers 0` runs: the same pages, extraction and ingest
    alternating after a warm-up of both, so they are not measured a second time.

    Inline, every thread of the run is this process's (the writer thread included), so the CPU of
    all processes is what the store costs whatever else runs on the machine.
    """
    n, x, one = headline["pages"], headline["extract"], headline["one_process"]
    return {
        "kind": headline["kind"], "pages": n, "stored": one["stored"], "counts": one["counts"],
        "repeats": headline["repeats"], "extract_s": x["wall_s"], "ingest_s": one["wall_s"],
        "extract_pages_per_s": headline["extract_pages_per_s"], "ingest_pages_per_s": one["pages_per_s"],
        "articles_per_s": round(one["stored"] / one["wall_s"], 1),
        "store_overhead": one["overhead_wall"], "extract_cpu_s": x["cpu_s"], "ingest_cpu_s": one["cpu_s"],
        "store_overhead_cpu": one["overhead_cpu"], "extract_cpu_ms_per_page": headline["extract_cpu_ms_per_page"],
        "store_cpu_ms_per_page": round((one["cpu_s"] - x["cpu_s"]) / n * 1000, 2),
        "store_overhead_in_run": one["overhead_in_run"],
    }


def _all_cpu() -> float:
    """CPU seconds of this process and of its children that have ended (a run's own pool)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _ingest_run(folder: Path, db: Path, options: IngestOptions) -> tuple[float, float, IngestReport]:
    """(wall seconds, CPU seconds of all processes, report) of one `Archive.ingest` into a fresh archive."""
    with Archive(db) as archive:
        start, cpu = time.perf_counter(), _all_cpu()
        report = archive.ingest([folder], options=options)
        return time.perf_counter() - start, _all_cpu() - cpu, report


def bench_headline(kind: str, n: int, tmp: Path, repeats: int = 5) -> dict[str, Any]:
    """Issue 5's figure as a user meets it: in-process extraction against `dateline ingest` with
    its default path, and against `--workers 0` (one process), alternating; medians of wall time
    and of CPU time of all processes (the default path's pool is started and stopped inside each
    run, as the command does, so its workers' CPU is counted when they end)."""
    paths = _pages(kind, n)
    folder = tmp / f"head-{kind}"
    _stage(paths, folder)
    workers = default_workers()  # what the command picks (one worker from 2 CPUs)
    pooled = IngestOptions(backend="process", workers=1)
    one = IngestOptions(backend="inline")
    _extract_only(paths[:20])
    _ingest_run(folder, tmp / f"head-{kind}-warm.db", one)
    _ingest_run(folder, tmp / f"head-{kind}-warm1.db", pooled)
    runs: dict[str, list[tuple[float, float, IngestReport | None]]] = {"extract": [], "one_worker": [], "one_process": []}
    for i in range(repeats):
        start, cpu = time.perf_counter(), _all_cpu()
        _extract_only(paths)
        runs["extract"].append((time.perf_counter() - start, _all_cpu() - cpu, None))
        runs["one_worker"].append(_ingest_run(folder, tmp / f"head-{kind}-d{i}.db", pooled))
        runs["one_process"].append(_ingest_run(folder, tmp / f"head-{kind}-o{i}.db", one))
    med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v)) for k, v in runs.items()}
    (x_wall, x_cpu) = med["extract"]
    out: dict[str, Any] = {"kind": kind, "pages": len(paths), "repeats": repeats, "default_workers": workers,
                           "extract_pages_per_s": round(len(paths) / x_wall, 1),
                           "extract_cpu_ms_per_page": round(x_cpu / len(paths) * 1000, 2),
                           "extract": {"wall_s": round(x_wall, 3), "cpu_s": round(x_cpu, 3)}}
    for name in ("one_worker", "one_process"):
        wall, cpu = med[name]
        reports = [r[2] for r in runs[name] if r[2] is not None]
        out[name] = {"pages_per_s": round(len(paths) / wall, 1), "cpu_ms_per_page": round(cpu / len(paths) * 1000, 2),
                     "overhead_wall": round(wall / x_wall - 1, 3), "overhead_cpu": round(cpu / x_cpu - 1, 3),
                     "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                     "stored": reports[0].stored, "counts": reports[0].counts(),
                     "extracted_here": statistics.median(r.extracted_here for r in reports),
                     "idle_s": round(statistics.median(r.idle_seconds for r in reports), 3),
                     # within one run: its wall time against the time spent inside extract()
                     "overhead_in_run": round(statistics.median((r.seconds - r.extract_seconds) / r.extract_seconds
                                                                for r in reports), 3),
                     "runs_s": [round(r[0], 3) for r in runs[name]]}
    out["extract_runs_s"] = [round(r[0], 3) for r in runs["extract"]]
    return out


def _extract_chunk(pages: list[bytes]) -> list[Article | None]:
    """Extraction alone, in a pool worker (the articles travel back, as any consumer needs them)."""
    out: list[Article | None] = []
    for raw in pages:
        try:
            out.append(extract(raw))
        except DatelineError:
            out.append(None)
    return out


def _pool_cpu(pool: ProcessPoolExecutor) -> float:
    """CPU seconds the pool's worker processes have run (Linux `/proc/PID/schedstat`; 0.0 elsewhere)."""
    total = 0
    for pid in list(getattr(pool, "_processes", None) or {}):
        with contextlib.suppress(OSError, ValueError):
            total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    return total / 1e9


def _extract_pool(paths: list[Path], pool: ProcessPoolExecutor, chunk: int = 8) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of this process, of the workers) to extract every page in `pool`:
    this process reads the files and hands chunks of 8 pages to the workers (as ingest does)."""
    start, cpu, wcpu = time.perf_counter(), time.process_time(), _pool_cpu(pool)
    futures = [pool.submit(_extract_chunk, [p.read_bytes() for p in paths[i : i + chunk]])
               for i in range(0, len(paths), chunk)]
    for f in futures:
        f.result()
    return time.perf_counter() - start, time.process_time() - cpu, _pool_cpu(pool) - wcpu


def bench_pool(kind: str, n: int, workers: int, tmp: Path, repeats: int = 5) -> dict[str, Any]:
    """The throughput reading of the target: with one process pool of `workers`, extraction alone
    (this process reads, the workers extract) against `ingest --workers N` (this process reads,
    hashes and writes; the workers extract and prepare), alternating, medians of wall time.

    Also CPU time per page on each side, of this (the writer's) process and of the workers (from
    /proc): with a free core per process, ingest runs at the pace of the slower of the writer
    (its CPU per page) and the workers (theirs divided by N), which gives the projected overhead
    for a machine whose cores are not shared (this development machine's are).
    """
    paths = _pages(kind, n)
    folder = tmp / f"pool-{kind}"
    _stage(paths, folder)
    opts = IngestOptions(backend="process", workers=workers)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        _extract_pool(paths[: 4 * workers], pool)
        with Archive(tmp / f"pool-{kind}-warm.db") as archive:
            archive.ingest([folder], options=opts, executor=pool)
        extracts, runs = [], []
        for i in range(repeats):
            extracts.append(_extract_pool(paths, pool))
            with Archive(tmp / f"pool-{kind}-{i}.db") as archive:
                start, cpu, wcpu = time.perf_counter(), time.process_time(), _pool_cpu(pool)
                report = archive.ingest([folder], options=opts, executor=pool)
                runs.append((time.perf_counter() - start, time.process_time() - cpu, _pool_cpu(pool) - wcpu, report))
    med = statistics.median
    extract_s, ingest_s = med(e[0] for e in extracts), med(r[0] for r in runs)
    main_x, main_i = med(e[1] for e in extracts), med(r[1] for r in runs)
    work_x, work_i = med(e[2] for e in extracts), med(r[2] for r in runs)
    pace_x, pace_i = max(main_x, work_x / workers), max(main_i, work_i / workers)
    return {
        "kind": kind, "pages": len(paths), "workers": workers, "stored": runs[0][3].stored, "repeats": repeats,
        "extract_pages_per_s": round(len(paths) / extract_s, 1), "ingest_pages_per_s": round(len(paths) / ingest_s, 1),
        "store_overhead_wall": round((ingest_s - extract_s) / extract_s, 3),
        "extract_main_cpu_ms_per_page": round(main_x / len(paths) * 1000, 2),
        "ingest_main_cpu_ms_per_page": round(main_i / len(paths) * 1000, 2),
        "extract_workers_cpu_ms_per_page": round(work_x / len(paths) * 1000, 2),
        "ingest_workers_cpu_ms_per_page": round(work_i / len(paths) * 1000, 2),
        "store_overhead_total_cpu": round((main_i + work_i - main_x - work_x) / (main_x + work_x), 3),
        "store_overhead_projected": round((pace_i - pace_x) / pace_x, 3) if pace_x else None,
        "extract_runs_s": [round(e[0], 3) for e in extracts], "ingest_runs_s": [round(r[0], 3) for r in runs],
    }


def bench_steps(kind: str, n: int, tmp: Path, repeats: int = 3) -> dict[str, float]:
    """CPU milliseconds per page of each step the store adds, timed alone over the same pages
    (medians of `repeats`): what to work on when the store's overhead is too high.

    `sqlite` is `writer.store_article` without a raw capture (lookups, the article row with its
    FTS5 indexing at commit, authors, story, LSH bands); `sqlite without FTS` the same with the
    writer's note of new articles dropped (nothing is indexed); `capture row` what storing the compressed capture adds on top of `zstd`.
    """
    pages = [p.read_bytes() for p in _pages(kind, n)]
    done: list[tuple[bytes, Article]] = []
    for raw in pages:
        with contextlib.suppress(DatelineError):
            done.append((raw, extract(raw)))
    raws, bodies = [r for r, _ in done], [a.body for _, a in done]
    fps = [fingerprint(b) for b in bodies]
    shas = [raw_hash(r) for r in raws]

    def per_page(run: Any, items: list[Any]) -> float:
        times = []
        for _ in range(repeats):
            cpu = time.process_time()
            for item in items:
                run(item)
            times.append(time.process_time() - cpu)
        return round(statistics.median(times) / len(items) * 1000, 3)

    def store(name: str, *, raw: bool, fts: bool) -> float:
        times = []
        for i in range(repeats):
            with Archive(tmp / f"steps-{kind}-{name}-{i}.db") as archive:
                if not fts:
                    with archive.transaction() as conn:
                        conn.execute("DROP TRIGGER temp.note_new_article")  # nothing to index at commit
                cpu = time.process_time()
                for j in range(0, len(done), 64):
                    with archive.transaction() as conn:
                        for (page, art), (bsha, sig), sha in zip(done[j : j + 64], fps[j : j + 64],
                                                                 shas[j : j + 64], strict=True):
                            store_article(conn, art, capture=CaptureIn(raw=page if raw else None), sig=sig,
                                          body_sha=bsha, raw_sha=sha, threshold=archive.story_threshold)
                times.append(time.process_time() - cpu)
        return round(statistics.median(times) / len(done) * 1000, 3)

    with_raw, without_raw = store("raw", raw=True, fts=True), store("plain", raw=False, fts=True)
    zstd = per_page(compress, raws)
    return {
        "pages": len(done), "extract": per_page(lambda r: extract(r), raws),
        "raw sha256": per_page(raw_hash, raws), "zstd": zstd,
        "fingerprint (body hash + MinHash)": per_page(fingerprint, bodies),
        "CJK grams": per_page(grams, bodies),
        "sqlite": without_raw, "sqlite without FTS": store("nofts", raw=False, fts=False),
        "capture row": round(with_raw - without_raw - zstd, 3),
    }


# -- near-duplicate grouping ---------------------------------------------------------------------

GROUPING_SETS = (("fundus", "html"), ("wcxb-dev", "html"), ("trafilatura-eval", "html"), ("wceb-dev", "html"),
                 ("text-dev", "text"))


def _variant(body: str, rng: random.Random) -> str:
    """A re-published copy: some paragraphs (or sentences) dropped, a wire line added, upper-cased at times."""
    sep = "\n\n" if body.count("\n\n") >= 4 else ". "
    parts = body.split(sep)
    keep = rng.uniform(0.3, 1.0)
    out = [p for p in parts if rng.random() < keep] or parts[:1]
    if rng.random() < 0.5:
        out.insert(0, "Reuters reported on Monday that the following applies.")
    text = sep.join(out)
    return text.upper() if rng.random() < 0.3 else text


def bench_grouping(per_set: int = 250, seed: int = 5) -> dict[str, Any]:
    """The signature's estimate against the exact Jaccard similarity of the shingle sets, for each
    development body and a random variant of it, in-sample and held out (sha1 split): mean and
    p95 absolute error, and how many pairs on each side of the story threshold (0.5) would be
    grouped (an LSH band in common and an estimate at or over 0.5). Also pairs of distinct pages
    that would be grouped."""
    import hashlib
    import itertools

    from dateline.archive.dedup import shingle_hashes, signature

    rng = random.Random(seed)
    docs: list[tuple[bool, str]] = []
    for ds, kind in GROUPING_SETS:
        for rec in records(ds, limit=per_set, kind=kind):
            with contextlib.suppress(DatelineError):
                body = extract((DATA / ds / rec[kind]).read_bytes()).body
                if len(body) >= 200:
                    docs.append((int(hashlib.sha1(rec["id"].encode()).hexdigest(), 16) % 5 == 0, body))

    def exact(a: str, b: str) -> float:
        sa, sb = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
        return len(sa & sb) / max(1, len(sa | sb))

    def grouped(a: Any, b: Any) -> bool:
        return any(x == y for x, y in zip(a.bands, b.bands, strict=True)) and a.jaccard(b) >= 0.5

    out: dict[str, Any] = {}
    for held in (False, True):
        bodies = [b for h, b in docs if h == held]
        errors, counts = [], Counter()
        for body in bodies:
            copy = _variant(body, rng)
            truth, a, b = exact(body, copy), signature(body), signature(copy)
            errors.append(abs(a.jaccard(b) - truth))
            counts[("similar" if truth >= 0.5 else "apart", grouped(a, b))] += 1
        sigs = [signature(b) for b in bodies]
        buckets: dict[tuple[int, int], list[int]] = {}
        for i, sig in enumerate(sigs):
            for band in ([] if sig.empty else enumerate(sig.bands)):
                buckets.setdefault(band, []).append(i)
        pairs = {p for ids in buckets.values() for p in itertools.combinations(ids, 2)}
        together = [(i, j) for i, j in pairs if sigs[i].jaccard(sigs[j]) >= 0.5]
        errors.sort()
        out["held out" if held else "in-sample"] = {
            "bodies": len(bodies), "mean_abs_error": round(statistics.mean(errors), 4),
            "p95_abs_error": round(errors[int(0.95 * (len(errors) - 1))], 4),
            "similar_grouped": f"{counts['similar', True]}/{counts['similar', True] + counts['similar', False]}",
            "apart_grouped": f"{counts['apart', True]}/{counts['apart', True] + counts['apart', False]}",
            "distinct_pages_grouped": len(together),
            "distinct_pages_grouped_exact_over_half": sum(exact(bodies[i], bodies[j]) >= 0.5 for i, j in together),
        }
    return out


# -- the 100k archive ---------------------------------------------------------------------------

def _base_articles(n: int) -> list[Article]:
    base: list[Article] = []
    for ds in ("fundus", "wcxb-dev", "trafilatura-eval"):
        for rec in records(ds, limit=n, kind="html"):
            try:
                art = extract((DATA / ds / rec["html"]).read_bytes(), url=rec.get("url"))
            except DatelineError:
                continue
            if len(art.body) > 400:
                base.append(art)
    return base


def build_archive(db: Path, n: int, seed: int = 7) -> dict[str, Any]:
    """Bulk-insert `n` varied articles (sites, authors, dates, titles) straight into the schema."""
    rng = random.Random(seed)
    base = _base_articles(150)
    paragraphs = [[p for p in a.body.split("\n\n") if len(p) > 40] for a in base]
    vocab = [w for a in base for w in (a.title or "").split() if w.isalpha() and len(w) > 3]
    sites = [f"site{i:03d}.example" for i in range(200)]
    people = [f"{rng.choice(['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Gus', 'Hana'])} "
              f"{rng.choice(['Lima', 'Okafor', 'Novak', 'Sato', 'Berg', 'Costa', 'Moreau', 'Ivanov'])}{i}"
              for i in range(400)]
    start = time.perf_counter()
    with Archive(db) as archive, archive.transaction() as conn:
        conn.executemany("INSERT INTO sites (id, host, name) VALUES (?, ?, ?)",
                         [(i + 1, s, s.split(".")[0].title()) for i, s in enumerate(sites)])
        conn.executemany("INSERT INTO stories (id, canonical_article_id, created_at) VALUES (?, ?, ?)",
                         [(i, i, "2026-01-01T00:00:00+00:00") for i in range(1, n + 1)])
        author_rows: dict[tuple[int, str], int] = {}
        rows, links = [], []
        t0 = datetime(2021, 1, 1, tzinfo=UTC)
        for i in range(1, n + 1):
            k = rng.randrange(len(base))
            src, paras = base[k], paragraphs[k] or [base[k].body]
            j = rng.randrange(len(paras))
            body = "\n\n".join(paras[j : j + rng.randint(2, 5)]) + f"\n\nRef {i}."
            site_id = rng.randrange(len(sites)) + 1
            when = t0 + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
            names = rng.sample(people, rng.randint(0, 2))
            title = " ".join(rng.sample(vocab, 6)) if vocab else f"Article {i}"
            rows.append((i, body_hash(body), site_id, i, f"https://{sites[site_id - 1]}/a/{i}", title,
                         json.dumps(names), when.isoformat(), when.strftime("%Y-%m-%dT%H:%M:%S"),
                         src.language or "en", body, "html", "; ".join(names), sites[site_id - 1],
                         "2026-01-01T00:00:00+00:00"))
            for pos, name in enumerate(names):
                key = (site_id, name.casefold())
                if key not in author_rows:
                    author_rows[key] = len(author_rows) + 1
                    conn.execute("INSERT INTO authors (id, site_id, name, key) VALUES (?, ?, ?, ?)",
                                 (author_rows[key], site_id, name, name.casefold()))
                links.append((i, author_rows[key], pos))
        conn.executemany(
            "INSERT INTO articles (id, body_sha256, site_id, story_id, url, title, authors, published, "
            "published_key, language, body, source_kind, authors_text, site_text, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO article_authors (article_id, author_id, position) VALUES (?, ?, ?)", links)
    with Archive(db) as archive, archive.transaction() as conn:
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
    conn2 = Archive(db)
    conn2._write_conn().execute("ANALYZE")
    conn2.close()
    return {"articles": n, "base_pages": len(base), "build_s": round(time.perf_counter() - start, 1),
            "db_mib": round(db.stat().st_size / 2**20, 1)}


def _terms(db: Path, rng: random.Random, n: int) -> list[str]:
    """Two-word queries from words of middling frequency (each in 0.2%-5% of articles)."""
    with Archive(db, readonly=True) as archive:
        sample = [s.article.body for s in archive.latest(limit=400)]
        total = archive.count()
        counts = Counter(w.lower() for body in sample for w in set(body.split()) if w.isalpha() and len(w) > 3)
        words = [w for w, _ in counts.most_common(400)]
        good = []
        for w in words:
            hits = archive.search(w, facets=False, limit=1).total
            if 0.002 * total <= hits <= 0.05 * total:
                good.append(w)
            if len(good) >= 60:
                break
    return [f"{rng.choice(good)} {rng.choice(good)}" for _ in range(n)]


def _pct(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {"p50_ms": round(statistics.median(values) * 1000, 2),
            "p95_ms": round(values[int(0.95 * (len(values) - 1))] * 1000, 2),
            "max_ms": round(values[-1] * 1000, 2)}


def bench_search(db: Path, n_queries: int) -> dict[str, Any]:
    rng = random.Random(11)
    queries = _terms(db, rng, n_queries)
    filters = [SearchFilters(site=f"site{rng.randrange(200):03d}.example"), SearchFilters(language="en"),
               SearchFilters(since="2025-01-01")]
    shapes: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    totals: list[int] = []
    with Archive(db, readonly=True) as archive:
        archive.search(queries[0])  # warm the page cache
        for q in queries:
            f = rng.choice(filters)
            for name, kwargs in (
                ("two words + filter", {"filters": f, "facets": False}),
                ("two words + filter + facets", {"filters": f, "facets": True}),
                ("two words, no filter", {"facets": False}),
                ("two words + filter, by date", {"filters": f, "facets": False, "sort": "date"}),
            ):
                start, cpu = time.perf_counter(), time.thread_time()
                result = archive.search(q, **kwargs)
                shapes.setdefault(name, []).append(time.perf_counter() - start)
                cpus.setdefault(name, []).append(time.thread_time() - cpu)
                if name == "two words, no filter":
                    totals.append(result.total)
        for _ in range(50):
            start, cpu = time.perf_counter(), time.thread_time()
            archive.latest(limit=20, filters=SearchFilters(site=f"site{rng.randrange(200):03d}.example"))
            shapes.setdefault("latest by site", []).append(time.perf_counter() - start)
            cpus.setdefault("latest by site", []).append(time.thread_time() - cpu)
    return {"queries": len(queries), "median_matches": statistics.median(totals),
            "shapes": {k: _pct(v) for k, v in shapes.items()}, "cpu": {k: _pct(v) for k, v in cpus.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=5, help="alternating extraction/ingest runs (medians)")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--pool-only", action="store_true", help="with --workers: only the process-pool comparison")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--headline", action="store_true",
                        help="only the headline: in-process extraction vs the default ingest and --workers 0")
    parser.add_argument("--grouping", action="store_true",
                        help="only the near-duplicate signature's accuracy against exact Jaccard similarity")
    parser.add_argument("--db", type=Path, default=OUT / "archive-100k.db",
                        help="where the synthetic archive is built (reused when it exists with enough articles)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"cpu_count": os.cpu_count(), "load_average": os.getloadavg()}
    if args.grouping:
        result["grouping"] = bench_grouping()
        print(json.dumps(result["grouping"], indent=2))
        return
    if not args.skip_ingest:
        tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
        try:
            if not args.pool_only:
                result["headline"] = [bench_headline(k, args.pages, tmp, args.repeats) for k in ("html", "text")]
            if not args.pool_only and not args.headline:
                result["ingest"] = [ingest_figures(h) for h in result["headline"]]
                result["steps"] = {k: bench_steps(k, args.pages, tmp) for k in ("html", "text")}
            if args.workers:
                result["pool"] = [bench_pool(k, args.pages, args.workers, tmp, args.repeats) for k in ("html", "text")]
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if not args.skip_search and not args.headline:
        db: Path = args.db
        have = 0
        if db.exists():
            with Archive(db, readonly=True) as archive:
                have = archive.count()
        if have < args.articles:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            result["build"] = build_archive(db, args.articles)
        result["search"] = bench_search(db, args.queries)
    (OUT / "archive.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(report(result))


def report(result: dict[str, Any]) -> str:
    lines = []
    if "headline" in result:
        load = result["load_average"]
        lines += [f"Issue 5: `dateline ingest` against in-process extraction of the same pages (medians of "
                  f"{result['headline'][0]['repeats']} alternating runs; {result['cpu_count']} CPUs, load average "
                  f"{load[0]:.1f} / {load[1]:.1f} at the start; target: the store adds at most 20%)\n",
                  "| input | pages | extraction pages/s | path | ingest pages/s | overhead (wall) | CPU ms/page, all "
                  "processes (extraction / ingest) | overhead (CPU) | pages extracted by the writer, its idle s |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for r in result["headline"]:
            picks = {"one_worker": r["default_workers"] == 1, "one_process": r["default_workers"] == 0}
            for name, label in (("one_worker", "--workers 1"), ("one_process", "--workers 0")):
                label += " (the default now)" if picks[name] else ""
                h = r[name]
                writer = f"{h['extracted_here']:g} of {r['pages']}, {h['idle_s']} s" if name == "one_worker" else "-"
                lines.append(f"| {r['kind']} | {r['pages']} | {r['extract_pages_per_s']} | {label} | {h['pages_per_s']} | "
                             f"**{h['overhead_wall']:+.1%}** | {r['extract_cpu_ms_per_page']} / {h['cpu_ms_per_page']} | "
                             f"{h['overhead_cpu']:+.1%} | {writer} |")
        lines.append("")
    if "ingest" in result:
        lines += ["| input | pages | stored | extraction CPU ms/page | store CPU ms/page | store overhead (CPU time) "
                  "| extraction pages/s | ingest pages/s | articles/s stored | store overhead (wall) "
                  "| store overhead (in run, wall) |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in result["ingest"]:
            lines.append(f"| {r['kind']} | {r['pages']} | {r['stored']} | {r['extract_cpu_ms_per_page']} | "
                         f"{r['store_cpu_ms_per_page']} | {r['store_overhead_cpu']:+.1%} | {r['extract_pages_per_s']} | "
                         f"{r['ingest_pages_per_s']} | {r['articles_per_s']} | {r['store_overhead']:+.1%} | "
                         f"{r['store_overhead_in_run']:+.1%} |")
        lines.append(f"\n(medians of {result['ingest'][0]['repeats']} alternating runs)")
    if "pool" in result:
        lines += ["\nOne process pool, extraction alone vs ingest (wall-clock throughput, medians):\n",
                  "| input | pages | workers | extraction pages/s | ingest pages/s | store overhead (wall) "
                  "| main CPU ms/page (extraction / ingest) | workers CPU ms/page (extraction / ingest) "
                  "| store overhead (all CPU) | projected overhead, a free core per process |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        lines += [f"| {r['kind']} | {r['pages']} | {r['workers']} | {r['extract_pages_per_s']} | "
                  f"{r['ingest_pages_per_s']} | {r['store_overhead_wall']:+.1%} | "
                  f"{r['extract_main_cpu_ms_per_page']} / {r['ingest_main_cpu_ms_per_page']} | "
                  f"{r['extract_workers_cpu_ms_per_page']} / {r['ingest_workers_cpu_ms_per_page']} | "
                  f"{r['store_overhead_total_cpu']:+.1%} | {r['store_overhead_projected']:+.1%} |"
                  for r in result["pool"]]
    if "steps" in result:
        steps = result["steps"]
        names = [k for k in steps["html"] if k != "pages"]
        lines += ["\nCPU ms per page of each step, timed alone:\n", "| step | " + " | ".join(steps) + " |",
                  "|---|" + "---|" * len(steps)]
        lines += [f"| {name} | " + " | ".join(str(steps[k][name]) for k in steps) + " |" for name in names]
    if "search" in result:
        s = result["search"]
        if "build" in result:
            b = result["build"]
            lines.append(f"\narchive: {b['articles']} articles from {b['base_pages']} pages, built in "
                         f"{b['build_s']} s, {b['db_mib']} MiB")
        lines += [f"\n{s['queries']} queries, median {s['median_matches']} matches without filter "
                  f"(load average at start {result['load_average'][0]:.1f} on {result['cpu_count']} CPUs)\n",
                  "| query | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms |", "|---|---|---|---|---|---|"]
        for name, v in s["shapes"].items():
            c = s["cpu"][name]
            lines.append(f"| {name} | {v['p50_ms']} | {v['p95_ms']} | {v['max_ms']} | {c['p50_ms']} | {c['p95_ms']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
