"""Shared helpers for the benchmarks: datasets, the shared scorer, timing and memory."""

from __future__ import annotations

import importlib.util
import json
import resource
import statistics
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
OUT = ROOT / "bench" / "out"
SCORER = ROOT.parent / "shared" / "bench" / "score.py"


def scorer() -> ModuleType:
    """The shared scorer, imported from ../shared/bench/score.py."""
    spec = importlib.util.spec_from_file_location("dateline_bench_score", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def manifest(dataset: str) -> Path:
    path = DATA / dataset / "manifest.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} is missing: run `make data` (../shared/datasets/unpack .data)")
    return path


def records(dataset: str, *, limit: int | None = None, kind: str = "html") -> list[dict[str, Any]]:
    """Manifest records that have a page of `kind` (html or text), first `limit` of them."""
    out = []
    with manifest(dataset).open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get(kind):
                out.append(rec)
                if limit and len(out) >= limit:
                    break
    return out


def page_bytes(rec: dict[str, Any]) -> bytes:
    rel = rec.get("html") or rec.get("text")
    return (DATA / rec["dataset"] / rel).read_bytes()


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def score_file(gold: Path, pred: Path) -> dict[str, Any]:
    s = scorer()
    result: dict[str, Any] = s.score(s.load_gold(str(gold)), s.load_preds(str(pred)))
    return result


def score_predicted(dataset: str, pred: Path) -> dict[str, Any]:
    """Score only the gold records that have a prediction in `pred` (runs over a subset)."""
    s = scorer()
    preds = s.load_preds(str(pred))
    gold = [r for r in s.load_gold(str(manifest(dataset))) if r["id"] in preds]
    result: dict[str, Any] = s.score(gold, preds)
    return result


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
