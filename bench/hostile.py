"""Hostile input: time, peak RSS and outcome of `dateline.extract` per case, each in a fresh process.

    .venv/bin/python -m bench.hostile            # table on stdout, bench/out/hostile.md

Peak RSS is the process's ru_maxrss (it includes the interpreter and imports, ~60 MiB).
"""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = ["CASES", "main"]

_P = "<p>This is a sentence of article prose, long enough to count as a real paragraph of text.</p>"


def _page(n: int) -> str:
    return "<html><body><article>" + _P * n + "</article></body></html>"


def _varied_page() -> str:
    rng = random.Random(3)
    words = ["harbour", "council", "budget", "school", "river", "market", "station", "winter"]
    paras = ("<p>" + " ".join(rng.choice(words) for _ in range(40)) + ", said the mayor.</p>" for _ in range(500))
    return "<html><body><article>" + "".join(paras) + "</article></body></html>"


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


CASES: dict[str, Callable[[], bytes | str]] = {
    "empty bytes": lambda: b"",
    "whitespace only": lambda: " \n\t \r\n ",
    "51 MiB of HTML (over max_bytes)": lambda: _page(51 * 2**20 // len(_P)).encode(),
    "45 MiB of HTML (under max_bytes)": lambda: _page(45 * 2**20 // len(_P)).encode(),
    "100k nested divs": lambda: "<html><body>" + "<div>" * 100_000 + _P * 5 + "</div>" * 100_000,
    "100k unclosed divs": lambda: "<html><body>" + "<div>" * 100_000 + _P * 5,
    "20k nested tables": lambda: "<html><body>" + "<table><tr><td>" * 20_000 + _P * 5,
    "1 MiB random bytes": lambda: random.Random(1).randbytes(2**20),
    "PNG magic": lambda: b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(10_000),
    "truncated gzip (half)": lambda: _half(gzip.compress(_varied_page().encode())),
    "gzip bomb (60 MB inflated)": lambda: gzip.compress(b"<p>" + b"a" * 60_000_000),
    "NUL bytes in HTML": lambda: _page(5).replace("prose", "pr\x00ose").encode(),
    "invalid UTF-8": lambda: _page(5).encode() + b"\xff\xfe\xc3\x28" * 1000,
    "20 MB single line": lambda: "<html><body><p>" + "word, " * 3_500_000 + "</p></body></html>",
    "1M attributes on one tag": lambda: "<html><body><div "
    + " ".join(f"a{i}=x" for i in range(1_000_000))
    + ">"
    + _P * 5
    + "</div>",
    "20 MB attribute value": lambda: '<html><body><div title="' + "x" * 20_000_000 + '">' + _P * 5 + "</div>",
    "unclosed comment": lambda: "<html><body><!-- " + _P * 10_000,
    "unclosed script": lambda: "<html><body><script>" + _P * 10_000,
    "4M tags": lambda: "<html><body><p>" + "<b>w</b> " * 2_000_000,
    "plain text, 99k lines (50 MB)": lambda: ("Word " * 100 + ".\n") * 99_000,
    "plain text, 45k lines (23 MB)": lambda: ("Word " * 100 + ".\n") * 45_000,
    "noscript holding 50k nested divs": lambda: "<html><body><noscript>" + "<div>" * 50_000 + "</noscript>short",
}

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from bench.hostile import CASES
import dateline
data = CASES[{name!r}]()
start = time.perf_counter()
try:
    article = dateline.extract(data)
    outcome = f"Article ({{len(article.body)}} chars" + (f", warnings {{', '.join(article.warnings)}}" if article.warnings else "") + ")"
except dateline.DatelineError as exc:
    outcome = f"{{type(exc).__name__}}: {{str(exc)[:80]}}"
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "input_mib": len(data) / 2**20, "outcome": outcome}}))
"""


def _run(name: str) -> dict[str, object]:
    root = str(Path(__file__).resolve().parent.parent)
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD.format(root=root, name=name)], capture_output=True, text=True, timeout=300
    )
    if proc.returncode != 0:
        return {"seconds": float("nan"), "peak_mib": float("nan"), "input_mib": 0.0, "outcome": proc.stderr[-200:]}
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def main() -> None:
    lines = [
        "| case | input MiB | seconds | peak RSS MiB | outcome |",
        "|---|---:|---:|---:|---|",
    ]
    for name in CASES:
        r = _run(name)
        lines.append(f"| {name} | {r['input_mib']:.1f} | {r['seconds']:.2f} | {r['peak_mib']:.0f} | {r['outcome']} |")
        print(lines[-1], flush=True)
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "hostile.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
