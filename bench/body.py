"""Body extraction benchmark: dateline vs trafilatura on the development sets, in the same run.

    python -m bench.body [--datasets wceb-dev,trafilatura-eval,wcxb-dev] [--limit N] [--passes 3]

For each dataset and tool a worker process (pinned to one core) extracts every page; quality is
scored with ../shared/bench/score.py, speed is pages/s (median of the passes, extraction only),
memory the worker's peak RSS. Writes bench/out/body.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from typing import Any

from .common import OUT, manifest, score_file, score_predicted

DATASETS = ("wceb-dev", "trafilatura-eval", "wcxb-dev", "fundus")
TOOLS = ("dateline", "trafilatura", "trafilatura-nocomments")
#: Tools scored for quality only (one pass): a variant of a peer, not a speed contender.
QUALITY_ONLY = ("trafilatura-nocomments",)


def run_worker(tool: str, dataset: str, *, limit: int | None, passes: int) -> dict[str, Any]:
    pred = OUT / f"body-{tool}-{dataset}.jsonl"
    cmd = [sys.executable, "-m", "bench.worker", "--tool", tool, "--dataset", dataset,
           "--out", str(pred), "--passes", str(passes)]
    if limit:
        cmd += ["--limit", str(limit)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    timing: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    timing["scores"] = score_file(manifest(dataset), pred) if not limit else score_predicted(dataset, pred)
    return timing


def _quality(scores: dict[str, Any]) -> tuple[str, float]:
    if "body" in scores:
        return "body", scores["body"]["f1"]
    return "snippets", scores.get("snippets", {}).get("f1", float("nan"))


def table(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    rows = ["| dataset | metric | dateline F1 (P/R) | trafilatura F1 (P/R) | Δ F1 | trafilatura, no comments F1 | "
            "dateline pages/s | trafilatura pages/s | speed ratio | dateline peak RSS MiB | "
            "trafilatura peak RSS MiB |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for dataset, by_tool in results.items():
        d, t = by_tool.get("dateline"), by_tool.get("trafilatura")
        nc = by_tool.get("trafilatura-nocomments")
        if not d or not t:
            continue
        metrics = ["body", "snippets"] if "body" in d["scores"] and "snippets" in d["scores"] else [
            _quality(d["scores"])[0]]
        for metric in metrics:
            ds, ts = d["scores"][metric], t["scores"][metric]
            ncf = f"{nc['scores'][metric]['f1']:.3f}" if nc else "-"
            rows.append(
                f"| {dataset} | {metric} | {ds['f1']:.3f} ({ds['precision']:.3f}/{ds['recall']:.3f}) | "
                f"{ts['f1']:.3f} ({ts['precision']:.3f}/{ts['recall']:.3f}) | {ds['f1'] - ts['f1']:+.3f} | {ncf} | "
                f"{d['pages_per_s']:.0f} | {t['pages_per_s']:.0f} | {d['pages_per_s'] / t['pages_per_s']:.1f}x | "
                f"{d['peak_rss_mib']:.0f} | {t['peak_rss_mib']:.0f} |"
            )
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", default=",".join(DATASETS))
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--reuse", action="store_true",
                    help="keep the previous bench/out/body.json figures of the tools not run now")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    previous = OUT / "body.json"
    results: dict[str, dict[str, dict[str, Any]]] = (
        json.loads(previous.read_text()) if args.reuse and previous.exists() else {}
    )
    for dataset in args.datasets.split(","):
        results.setdefault(dataset, {})
        for tool in args.tools.split(","):
            passes = 1 if tool in QUALITY_ONLY else args.passes
            res = run_worker(tool, dataset, limit=args.limit, passes=passes)
            results[dataset][tool] = res
            metric, f1 = _quality(res["scores"])
            print(f"{dataset:18} {tool:12} {metric} F1 {f1:.3f}  {res['pages_per_s']:.0f} pages/s  "
                  f"peak RSS {res['peak_rss_mib']:.0f} MiB", file=sys.stderr)
    (OUT / "body.json").write_text(json.dumps(results, indent=2))
    print(table(results))


if __name__ == "__main__":
    main()
