"""Crawler benchmark against a generated local news site (tests/crawl/crawlsite.py).

    python -m bench.crawl [--articles 1000] [--rates 2,5] [--rate-requests 30]

1. Throughput with politeness off (rate=None, 8 in flight): requests/s and articles stored/s for a
   full crawl (discovery, fetch, extraction, archive writes), and the re-crawl (all 304s); then
   the same crawl into an archive stand-in that stores nothing, to separate the archive's cost.
2. Politeness on: for each rate, the request arrivals the server saw, checked against the limit
   (a ceiling): the fastest rate over any 10 consecutive intervals must be within 10% of the
   setting, and no single gap under 81% of 1/rate (arrivals jitter by milliseconds). The average
   achieved rate is reported too; it falls below the setting when the crawler is CPU-bound.

3. `--urls`: how `classify_url` labels the page URLs of the development sets in .data (nearly
   all articles, so the `article` share is the URL-shape recall).

The site runs in a child process so it does not compete with the crawler for the GIL. Writes
bench/out/crawl.json and prints a summary.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing as mp
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from multiprocessing.connection import Connection
from pathlib import Path
from types import ModuleType
from typing import Any

from dateline import Archive, Article
from dateline.crawl import CrawlOptions, classify_url, crawl, normalize_url

from .common import OUT, ROOT

__all__ = ["main", "rate_check", "throughput", "url_recall", "without_store"]


def _site_module() -> ModuleType:
    """tests/crawl/crawlsite.py, the generated site the tests use."""
    spec = importlib.util.spec_from_file_location("crawlsite", ROOT / "tests" / "crawl" / "crawlsite.py")
    if spec is None or spec.loader is None:
        raise SystemExit("tests/crawl/crawlsite.py is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules["crawlsite"] = module
    spec.loader.exec_module(module)
    return module


def _serve(conn: Connection, n_articles: int) -> None:
    sitegen = _site_module()
    for site in sitegen.serve_site(sitegen.NewsSite(n_articles=n_articles, traps=False)):
        conn.send(site.base)
        conn.recv()  # wait for "stop"
        conn.send([(h.path, h.status, h.at) for h in site.log])


class Site:
    """The site in a child process; `log()` returns (path, status, arrival time) of every request."""

    def __init__(self, n_articles: int) -> None:
        self._conn, child = mp.Pipe()
        self._proc = mp.get_context("fork").Process(target=_serve, args=(child, n_articles), daemon=True)
        self._proc.start()
        self.base: str = self._conn.recv()

    def log(self) -> list[tuple[str, int, float]]:
        self._conn.send("stop")
        hits: list[tuple[str, int, float]] = self._conn.recv()
        self._proc.join(5)
        return hits


@dataclass(frozen=True)
class _Added:
    id: int
    outcome: str


class DiscardArchive:
    """Keeps only the crawl state: `add` stores nothing, to time the crawler without the archive."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0

    def add(self, article: Article, *, raw: bytes | None = None, url: str | None = None,
            fetched_at: datetime | None = None, headers: Mapping[str, str] | None = None) -> _Added:
        self.count += 1
        return _Added(self.count, "stored")


def without_store(n_articles: int) -> dict[str, Any]:
    site = Site(n_articles)
    options = CrawlOptions(rate=None, concurrency=8, allow_private=True)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = crawl(DiscardArchive(Path(tmp) / "state.db"), [site.base + "/"], options=options)
        elapsed = time.perf_counter() - start
    site.log()
    return {"requests": report.requests, "seconds": round(elapsed, 2),
            "requests_per_s": round(report.requests / elapsed, 1)}


def throughput(n_articles: int) -> dict[str, Any]:
    site = Site(n_articles)
    options = CrawlOptions(rate=None, concurrency=8, allow_private=True)
    with tempfile.TemporaryDirectory() as tmp, Archive(Path(tmp) / "bench.db") as archive:
        start = time.perf_counter()
        first = crawl(archive, [site.base + "/"], options=options)
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        again = crawl(archive, [site.base + "/"], options=options)
        recrawl = time.perf_counter() - start
    hits = site.log()
    return {
        "articles": n_articles, "requests": first.requests, "stored": first.stored,
        "seconds": round(elapsed, 2), "requests_per_s": round(first.requests / elapsed, 1),
        "stored_per_s": round(first.stored / elapsed, 1),
        "recrawl_requests": again.requests, "recrawl_seconds": round(recrawl, 2),
        "recrawl_statuses": sorted({s for _, s, at in hits if at >= hits[-1][2] - recrawl - 1} - {200}) or [304],
        "outcomes": first.outcomes,
    }


def rate_check(rate: float, n_requests: int) -> dict[str, Any]:
    site = Site(200)
    options = CrawlOptions(rate=rate, concurrency=2, allow_private=True, max_pages=max(1, n_requests - 10))
    with tempfile.TemporaryDirectory() as tmp, Archive(Path(tmp) / "bench.db") as archive:
        crawl(archive, [site.base + "/"], options=options)
    starts = sorted(at for _, _, at in site.log())
    gaps = [b - a for a, b in pairwise(starts)]
    achieved = (len(starts) - 1) / (starts[-1] - starts[0])
    window = 10  # the fastest any 10 consecutive intervals ran
    fastest = max(window / (starts[i + window] - starts[i]) for i in range(len(starts) - window))
    return {
        "rate": rate, "requests": len(starts), "achieved_rate": round(achieved, 3),
        "error_pct": round(100 * (achieved - rate) / rate, 1), "min_gap_s": round(min(gaps), 3),
        "fastest_10_rate": round(fastest, 3),
        "holds": fastest <= 1.1 * rate and min(gaps) >= 0.9 / rate * 0.9,
    }


def url_recall() -> dict[str, dict[str, float]]:
    """Share of the development sets' page URLs (nearly all articles) per `classify_url` kind."""
    out: dict[str, dict[str, float]] = {}
    for path in sorted((ROOT / ".data").glob("*/manifest.jsonl")):
        kinds: Counter[str] = Counter()
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                raw = json.loads(line).get("url")
                url = normalize_url(raw) if raw else None
                if url:
                    kinds[classify_url(url)] += 1
        total = sum(kinds.values())
        if total:
            out[path.parent.name] = {"urls": total, **{k: round(n / total, 3) for k, n in sorted(kinds.items())}}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rates", default="2,5", help="Comma-separated requests/s to check.")
    parser.add_argument("--rate-requests", type=int, default=30, help="Requests per rate check.")
    parser.add_argument("--urls", action="store_true", help="Only classify the development sets' URLs.")
    args = parser.parse_args()
    if args.urls:
        recall = url_recall()
        if not recall:
            raise SystemExit(".data is missing: unpack the development sets first")
        for name, shares in recall.items():
            print(f"{name:<20} {shares}")
        return
    result: dict[str, Any] = {"throughput": throughput(args.articles),
                              "without_store": without_store(args.articles),
              "rate_limit": [rate_check(float(r), args.rate_requests) for r in args.rates.split(",")]}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "crawl.json").write_text(json.dumps(result, indent=2))
    t = result["throughput"]
    print(f"politeness off: {t['requests']} requests, {t['stored']} stored in {t['seconds']} s "
          f"= {t['requests_per_s']} requests/s, {t['stored_per_s']} articles/s; "
          f"re-crawl {t['recrawl_requests']} requests in {t['recrawl_seconds']} s")
    w = result["without_store"]
    print(f"politeness off, extraction but no archive writes: {w['requests']} requests in {w['seconds']} s "
          f"= {w['requests_per_s']} requests/s")
    for r in result["rate_limit"]:
        print(f"rate {r['rate']}/s: {r['requests']} requests at {r['achieved_rate']}/s ({r['error_pct']:+}%), "
              f"fastest 10 intervals {r['fastest_10_rate']}/s, min gap {r['min_gap_s']} s: "
              f"{'holds' if r['holds'] else 'DOES NOT HOLD'}")


if __name__ == "__main__":
    main()
