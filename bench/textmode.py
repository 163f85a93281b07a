"""Scraped-text mode benchmark: quality on text-dev and turkunlp-lines, the HTML path on the same
pages for comparison, and speed of the text path.

    python -m bench.textmode [--passes 3] [--no-html]

- text-dev: body F1, snippets, title, authors, date of `dateline.extract(text, content_type="text/plain")`
  scored with ../shared/bench/score.py, per converter;
- the same gold fields for `dateline.extract(html)` on each record's source page (extra.source_id);
- turkunlp-lines: line F1 (a line is kept when it is in the extracted body);
- speed: pages per CPU-second of the text path (one process, one thread: pages/s per core, robust to
  other load on the machine), median of the passes.

Writes bench/out/textmode.json and the predictions under bench/out/, prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from dateline import extract
from dateline.errors import DatelineError
from dateline.options import ExtractOptions

from .common import DATA, OUT, ROOT, iter_jsonl, manifest, median, scorer

_OPTS = ExtractOptions()
SEED = ROOT.parent / "shared" / "seeds" / "000_470fcd4a740a0a54.txt"


def _predict(rec_id: str, content: bytes | str, *, url: str | None, content_type: str) -> dict[str, Any]:
    try:
        article = extract(content, url=url, content_type=content_type, options=_OPTS)
    except DatelineError:
        return {"id": rec_id}
    return {"id": rec_id, **article.to_dict()}


def _write(path: Path, preds: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for p in preds:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")


def _score(gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    s = scorer()
    result: dict[str, Any] = s.score(gold, {p["id"]: p for p in preds})
    return result


def text_quality(gold: list[dict[str, Any]], texts: dict[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    preds = [_predict(r["id"], texts[r["id"]], url=r.get("url"), content_type="text/plain") for r in gold]
    _write(OUT / "textmode-text-dev.jsonl", preds)
    out = {"all": _score(gold, preds)}
    for conv in sorted({r["converter"] for r in gold}):
        ids = {r["id"] for r in gold if r["converter"] == conv}
        out[conv] = _score([r for r in gold if r["id"] in ids], [p for p in preds if p["id"] in ids])
    return out, preds


def html_quality(gold: list[dict[str, Any]]) -> dict[str, Any]:
    """The HTML path on each text-dev record's source page, scored against the same gold."""
    sources: dict[str, dict[str, Any]] = {}
    for name in {r["extra"]["source_id"].split("/")[0] for r in gold}:
        for rec in iter_jsonl(manifest(name)):
            sources[rec["id"]] = rec
    preds = []
    for r in gold:
        src = sources.get(r["extra"]["source_id"])
        if src is None or not src.get("html"):
            continue
        page = (DATA / src["dataset"] / src["html"]).read_bytes()
        preds.append(_predict(r["id"], page, url=src.get("url"), content_type="text/html"))
    _write(OUT / "textmode-html-path.jsonl", preds)
    return _score(gold, preds)


def line_quality() -> dict[str, Any]:
    s = scorer()
    gold = s.load_gold(str(manifest("turkunlp-lines")))
    preds = [_predict(r["id"], "\n".join(r["_lines_text"]), url=None, content_type="text/plain") for r in gold]
    result: dict[str, Any] = s.score(gold, {p["id"]: p for p in preds})
    return result


def _reference_ms() -> float:
    """CPU milliseconds of a fixed pure-Python loop: about 25 ms on an idle modern core. On a
    loaded or throttled machine it grows, and pages/s falls in proportion."""
    start = time.process_time()
    sum(i * i for i in range(500_000))
    return (time.process_time() - start) * 1000


def speed(texts: list[str], passes: int) -> dict[str, float]:
    for t in texts[:20]:  # warm up: model and language identifier loading is not per-page cost
        _predict("warm", t, url=None, content_type="text/plain")
    rates = []
    reference = _reference_ms()
    for _ in range(passes):
        start = time.process_time()
        for t in texts:
            _predict("x", t, url=None, content_type="text/plain")
        rates.append(len(texts) / (time.process_time() - start))
    seed_rate = float("nan")
    if SEED.exists():
        seed = SEED.read_text(encoding="utf-8")
        start = time.process_time()
        for _ in range(500):
            _predict("seed", seed, url=None, content_type="text/plain")
        seed_rate = 500 / (time.process_time() - start)
    return {"pages": len(texts), "pages_per_s": median(rates), "passes": passes, "seed_pages_per_s": seed_rate,
            "reference_ms": (reference + _reference_ms()) / 2,
            "mean_kib": sum(len(t.encode()) for t in texts) / len(texts) / 1024}


def _row(name: str, res: dict[str, Any]) -> str:
    body = res.get("body", {})
    return (f"| {name} | {body.get('f1', float('nan')):.3f} | {res.get('snippets', {}).get('f1', float('nan')):.3f} | "
            f"{res.get('title', {}).get('exact', float('nan')):.3f} | {res.get('authors', {}).get('f1', float('nan')):.3f} | "
            f"{res.get('published', {}).get('day', float('nan')):.3f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--no-html", action="store_true", help="skip the HTML-path comparison")
    args = ap.parse_args()
    gold = scorer().load_gold(str(manifest("text-dev")))
    texts = {r["id"]: (DATA / "text-dev" / r["text"]).read_text(encoding="utf-8") for r in gold}
    result: dict[str, Any] = {}
    result["text-dev"], _ = text_quality(gold, texts)
    if not args.no_html:
        result["html-path"] = html_quality(gold)
    result["turkunlp-lines"] = line_quality()
    result["speed"] = speed(list(texts.values()), args.passes)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "textmode.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print("| input | body F1 | snippets F1 | title exact | authors F1 | date (day) |")
    print("|---|---|---|---|---|---|")
    for conv, res in result["text-dev"].items():
        print(_row(f"text-dev text path ({conv})", res))
    if "html-path" in result:
        print(_row("same pages, HTML path", result["html-path"]))
    lines = result["turkunlp-lines"].get("lines", {})
    print(f"\nturkunlp-lines line F1 {lines.get('f1', float('nan')):.3f} "
          f"(P {lines.get('precision', float('nan')):.3f} R {lines.get('recall', float('nan')):.3f})")
    sp = result["speed"]
    print(f"text path: {sp['pages_per_s']:.0f} pages/s on one core (median of {sp['passes']} passes, "
          f"{sp['pages']} pages, mean {sp['mean_kib']:.1f} KiB; reference loop {sp['reference_ms']:.0f} ms); "
          f"the seed page (2 KiB): {sp['seed_pages_per_s']:.0f} pages/s")


if __name__ == "__main__":
    main()
