"""One extractor over one dataset in its own process: predictions, pages/s (median of passes), peak RSS.

    python -m bench.worker --tool dateline --dataset wcxb-dev --out bench/out/x.jsonl [--passes 3]

Prints one JSON line with the timings. Extraction only: pages are read into memory first.
Speed is pages per CPU second of this process (pinned to one core), so that other load on a
shared machine does not skew the ratio; wall-clock figures are reported beside it.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import time
from collections.abc import Callable
from typing import Any

from .common import median, page_bytes, peak_rss_mib, records

Extractor = Callable[[bytes, str | None], dict[str, Any]]


def _dateline() -> Extractor:
    import dateline
    from dateline.models import format_when

    def run(content: bytes, url: str | None) -> dict[str, Any]:
        try:
            a = dateline.extract(content, url=url)
        except dateline.DatelineError:
            return {"body": ""}
        return {"body": a.body, "title": a.title, "authors": list(a.authors),
                "published": format_when(a.published)}

    return run


def _trafilatura() -> Extractor:
    import trafilatura

    def run(content: bytes, url: str | None) -> dict[str, Any]:
        doc = trafilatura.bare_extraction(content, url=url, with_metadata=True)
        if doc is None:
            return {"body": ""}
        authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
        return {"body": doc.text or "", "title": doc.title, "authors": authors, "published": doc.date}

    return run


def _trafilatura_text() -> Extractor:
    """trafilatura.extract() with default settings: what a user gets (the body benchmark)."""
    import trafilatura

    def run(content: bytes, url: str | None) -> dict[str, Any]:
        return {"body": trafilatura.extract(content, url=url) or ""}

    return run


def _trafilatura_no_comments() -> Extractor:
    """trafilatura.extract() without comments: the same task as dateline (comments are boilerplate)."""
    import trafilatura

    def run(content: bytes, url: str | None) -> dict[str, Any]:
        return {"body": trafilatura.extract(content, url=url, include_comments=False) or ""}

    return run


TOOLS: dict[str, Callable[[], Extractor]] = {
    "dateline": _dateline,
    "trafilatura": _trafilatura_text,
    "trafilatura-nocomments": _trafilatura_no_comments,
    "trafilatura-meta": _trafilatura,
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True, choices=sorted(TOOLS))
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    recs = records(args.dataset, limit=args.limit)
    pages = [(r["id"], page_bytes(r), r.get("url")) for r in recs]
    rss_before = peak_rss_mib()
    run = TOOLS[args.tool]()
    for _, content, url in pages[:3]:  # warm up: lazy models and caches load outside the timing
        run(content, url)
    times: list[float] = []  # CPU seconds of this process: robust to other load on the machine
    walls: list[float] = []
    with open(args.out, "w", encoding="utf-8") as out:
        for n in range(max(1, args.passes)):
            gc.collect()
            start, cpu = time.perf_counter(), time.process_time()
            preds = [(pid, run(content, url)) for pid, content, url in pages]
            walls.append(time.perf_counter() - start)
            times.append(time.process_time() - cpu)
            if n == 0:
                for pid, pred in preds:
                    out.write(json.dumps({"id": pid, **pred}, ensure_ascii=False) + "\n")
            del preds
    print(json.dumps({
        "tool": args.tool, "dataset": args.dataset, "pages": len(pages),
        "cpu_seconds": times, "wall_seconds": walls, "pages_per_s": len(pages) / median(times),
        "pages_per_wall_s": len(pages) / median(walls),
        "peak_rss_mib": peak_rss_mib(), "rss_pages_loaded_mib": rss_before,
    }))


if __name__ == "__main__":
    main()
