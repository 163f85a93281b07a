"""Metadata benchmark: dateline vs trafilatura vs newspaper4k on the sets with metadata gold.

    python -m bench.metadata [--datasets fundus,postlight] [--tools dateline,trafilatura,newspaper4k]
                             [--limit N] [--reuse] [--split] [--misses FIELD]
    python -m bench.metadata --stages [--limit 400]     # ms/page of parse, body and metadata

Each tool reads the original page bytes of every record. dateline runs its metadata stage
(decode, parse, `extract_metadata`), so pages whose body is too short still count;
trafilatura runs `bare_extraction(html, url=url, with_metadata=True)` with default settings;
newspaper4k runs `Article(url).download(input_html=html); parse()` (no network: images are not
fetched). Quality is scored with ../shared/bench/score.py: title exact match, authors F1, date
to the day and, where the gold has a time and offset, the same instant. dateline's metadata
stage is also timed alone (ms/page, parse excluded). `--split` adds the figures on the in-sample
pages, on the held-out fifth, and on the "unshared" held-out pages (those whose HTML is not also
an in-sample page of another dataset). Writes bench/out/meta-*.jsonl and
bench/out/metadata.json, prints a Markdown table. `--reuse` keeps earlier peer predictions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .common import OUT, manifest, median, page_bytes, records, score_predicted, scorer

DATASETS = ("fundus", "postlight", "trafilatura-eval", "htmldate-eval", "wcxb-dev")
TOOLS = ("dateline", "trafilatura", "newspaper4k")
FIELDS = ("title", "authors", "published", "instant")

Predictor = Callable[[bytes, str | None], dict[str, Any]]


def _dateline() -> tuple[Predictor, list[float]]:
    from selectolax.lexbor import LexborHTMLParser

    from dateline.errors import DatelineError
    from dateline.extract import to_text
    from dateline.language import detect_language
    from dateline.metadata import extract_metadata
    from dateline.models import format_when
    from dateline.options import ExtractOptions

    opts = ExtractOptions()
    timings: list[float] = []
    detect_language("warm up: load the language model before timing")

    def run(content: bytes, url: str | None) -> dict[str, Any]:
        try:
            text, _ = to_text(content, options=opts)
        except DatelineError:
            return {}
        tree = LexborHTMLParser(text)
        start = time.perf_counter()
        meta = extract_metadata(tree, url=url, options=opts)
        timings.append(time.perf_counter() - start)
        return {"title": meta.title, "authors": list(meta.authors), "published": format_when(meta.published),
                "provenance": meta.provenance}

    return run, timings


def _trafilatura() -> tuple[Predictor, list[float]]:
    import trafilatura

    def run(content: bytes, url: str | None) -> dict[str, Any]:
        doc = trafilatura.bare_extraction(content, url=url, with_metadata=True)
        if doc is None:
            return {}
        authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
        return {"title": doc.title, "authors": authors, "published": doc.date}

    return run, []


def _newspaper() -> tuple[Predictor, list[float]]:
    import newspaper

    config = newspaper.Config()
    config.fetch_images = False

    def run(content: bytes, url: str | None) -> dict[str, Any]:
        from dateline.extract import to_text

        try:
            html, _ = to_text(content)
            article = newspaper.Article(url or "http://localhost/", config=config)
            article.download(input_html=html)
            article.parse()
        except Exception as exc:  # a peer's failure is a miss, not a crash of the benchmark
            return {"error": type(exc).__name__}
        when = article.publish_date
        return {"title": article.title or None, "authors": list(article.authors or []),
                "published": when.isoformat() if when else None}

    return run, []


MAKERS: dict[str, Callable[[], tuple[Predictor, list[float]]]] = {
    "dateline": _dateline, "trafilatura": _trafilatura, "newspaper4k": _newspaper,
}


def predict(tool: str, dataset: str, *, limit: int | None, reuse: bool) -> tuple[Path, dict[str, Any]]:
    pred = OUT / f"meta-{tool}-{dataset}{'-' + str(limit) if limit else ''}.jsonl"
    if reuse and tool != "dateline" and pred.exists():
        return pred, {}
    run, timings = MAKERS[tool]()
    recs = records(dataset, limit=limit)
    start = time.perf_counter()
    with pred.open("w", encoding="utf-8") as out:
        for rec in recs:
            result = run(page_bytes(rec), rec.get("url"))
            out.write(json.dumps({"id": rec["id"], **result}, ensure_ascii=False, default=str) + "\n")
    info: dict[str, Any] = {"pages": len(recs), "seconds": time.perf_counter() - start}
    if timings:
        info["metadata_ms_mean"] = 1000 * sum(timings) / len(timings)
        info["metadata_ms_median"] = 1000 * median(timings)
    return pred, info


def held_out(record_id: str) -> bool:
    """The project's held-out split: one page in five, by a hash of its id (never tuned on)."""
    return int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % 5 == 0


def shared_held_out() -> set[str]:
    """Held-out pages whose HTML is byte-identical to an in-sample page of another dataset (560
    pages are in both trafilatura-eval and htmldate-eval, split by different ids): rules read on
    the in-sample copy were tuned on them, so they are not independent evidence."""
    by_hash: dict[str, list[str]] = {}
    for dataset in DATASETS:
        for rec in records(dataset):
            digest = (rec.get("extra") or {}).get("sha256")
            if digest:
                by_hash.setdefault(digest, []).append(rec["id"])
    return {rid for ids in by_hash.values() for rid in ids
            if held_out(rid) and any(not held_out(other) for other in ids if other != rid)}


def split_scores(dataset: str, pred: Path, shared: set[str]) -> dict[str, dict[str, Any]]:
    """Scores of `pred` on the in-sample pages, the held-out pages, and the held-out pages not
    shared with another dataset's in-sample pages ("unshared")."""
    s = scorer()
    preds = s.load_preds(str(pred))
    gold = [r for r in s.load_gold(str(manifest(dataset))) if r["id"] in preds]
    return {
        "in-sample": s.score([r for r in gold if not held_out(r["id"])], preds),
        "held-out": s.score([r for r in gold if held_out(r["id"])], preds),
        "unshared": s.score([r for r in gold if held_out(r["id"]) and r["id"] not in shared], preds),
    }


def _figures(scores: dict[str, Any]) -> dict[str, float | None]:
    pub = scores.get("published", {})
    return {
        "title": scores.get("title", {}).get("exact"),
        "authors": scores.get("authors", {}).get("f1"),
        "published": pub.get("day"),
        "instant": pub.get("instant"),
    }


def table(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    tools = [t for t in TOOLS if any(t in r for r in results.values())]
    head = "| dataset | field | n | " + " | ".join(tools) + " | dateline - best peer |"
    rows = [head, "|" + "---|" * (len(tools) + 4)]
    for dataset, by_tool in results.items():
        sample = next(iter(by_tool.values()))["scores"]
        counts = {"title": sample.get("title", {}).get("n"), "authors": sample.get("authors", {}).get("n"),
                  "published": sample.get("published", {}).get("n"),
                  "instant": sample.get("published", {}).get("n_timed")}
        for field in FIELDS:
            values = {t: _figures(by_tool[t]["scores"])[field] for t in tools if t in by_tool}
            if all(v is None for v in values.values()):
                continue
            cells = " | ".join("-" if values.get(t) is None else f"{values[t]:.3f}" for t in tools)
            peers = [v for t, v in values.items() if t != "dateline" and v is not None]
            mine = values.get("dateline")
            delta = f"{mine - max(peers):+.3f}" if peers and mine is not None else "-"
            rows.append(f"| {dataset} | {field} | {counts[field]} | {cells} | {delta} |")
    return "\n".join(rows)


def misses(dataset: str, pred: Path, field: str, *, limit: int = 40) -> None:
    """Print the records where dateline's `field` disagrees with the gold (for reading); in-sample
    pages only: the held-out fifth is for measuring, not for reading."""
    s = scorer()
    preds = s.load_preds(str(pred))
    for rec in s.load_gold(str(manifest(dataset))):
        p = preds.get(rec["id"])
        if p is None or held_out(rec["id"]) or not rec.get("published" if field == "instant" else field):
            continue
        one = s.score([rec], {rec["id"]: p})
        key = {"title": ("title", "exact"), "authors": ("authors", "f1"), "published": ("published", "day"),
               "instant": ("published", "instant")}[field]
        value = one.get(key[0], {}).get(key[1])
        if value is not None and value < 1:
            print(json.dumps({"id": rec["id"], "gold": rec.get(field if field != "instant" else "published"),
                              "pred": p.get(field if field != "instant" else "published"),
                              "prov": p.get("provenance", {}).get(field if field != "instant" else "published"),
                              "url": rec.get("url")}, ensure_ascii=False))
            limit -= 1
            if limit <= 0:
                return


def stage_times(dataset: str, *, limit: int | None) -> dict[str, float]:
    """Mean ms/page of parsing, the body stage and the metadata stage on the same decoded pages."""
    from selectolax.lexbor import LexborHTMLParser

    from dateline.body import extract_body
    from dateline.errors import DatelineError
    from dateline.extract import to_text
    from dateline.language import detect_language
    from dateline.metadata import extract_metadata
    from dateline.options import ExtractOptions

    opts = ExtractOptions()
    detect_language("warm up: load anything the identifier loads lazily")
    texts: list[tuple[str, str | None]] = []
    for rec in records(dataset, limit=limit):
        try:
            texts.append((to_text(page_bytes(rec), options=opts)[0], rec.get("url")))
        except DatelineError:
            continue
    totals = {"parse": 0.0, "body": 0.0, "metadata": 0.0}
    for text, url in texts:
        t0 = time.perf_counter()
        tree = LexborHTMLParser(text)
        t1 = time.perf_counter()
        extract_metadata(tree, url=url, options=opts)
        t2 = time.perf_counter()
        extract_body(tree, options=opts)
        t3 = time.perf_counter()
        totals["parse"] += t1 - t0
        totals["metadata"] += t2 - t1
        totals["body"] += t3 - t2
    return {k: 1000 * v / max(1, len(texts)) for k, v in totals.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", default=",".join(DATASETS))
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--reuse", action="store_true", help="reuse earlier peer predictions when present")
    ap.add_argument("--misses", default=None, help="print dateline's misses on this field")
    ap.add_argument("--split", action="store_true", help="also print in-sample and held-out figures")
    ap.add_argument("--stages", action="store_true", help="only time parse / body / metadata (ms/page)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.stages:
        for dataset in args.datasets.split(","):
            times = stage_times(dataset, limit=args.limit)
            print(f"| {dataset} | " + " | ".join(f"{times[k]:.2f}" for k in ("parse", "body", "metadata")) + " |")
        return
    results: dict[str, dict[str, dict[str, Any]]] = {}
    shared = shared_held_out() if args.split else set()
    for dataset in args.datasets.split(","):
        results[dataset] = {}
        for tool in args.tools.split(","):
            pred, info = predict(tool, dataset, limit=args.limit, reuse=args.reuse)
            info["scores"] = score_predicted(dataset, pred)
            results[dataset][tool] = info
            fig = _figures(info["scores"])
            extra = f"  metadata {info['metadata_ms_mean']:.2f} ms/page" if "metadata_ms_mean" in info else ""
            print(f"{dataset:18} {tool:12} " + "  ".join(
                f"{k} {v:.3f}" for k, v in fig.items() if v is not None) + extra, file=sys.stderr)
            if args.split:
                for part, scores in split_scores(dataset, pred, shared).items():
                    info[part] = scores
                    print(f"{'':18} {tool:12} {part:9} " + "  ".join(
                        f"{k} {v:.3f}" for k, v in _figures(scores).items() if v is not None), file=sys.stderr)
            if args.misses and tool == "dateline":
                misses(dataset, pred, args.misses)
    name = "metadata.json" if not args.limit else f"metadata-{args.limit}.json"
    (OUT / name).write_text(json.dumps(results, indent=2))
    print(table(results))


if __name__ == "__main__":
    main()
