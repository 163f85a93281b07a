"""Reader throughput: requests/s and latency percentiles at N concurrent clients on 127.0.0.1.

    .venv/bin/python -m bench.web                     # 100,000 articles, 50 clients, 15 s per target
    .venv/bin/python -m bench.web --articles 20000 --duration 5 --workers 2

Builds (once, then reuses) a synthetic archive of `--articles` articles under bench/out/ through
the archive's own writer (`store_article`: sites, authors, FTS index, stories), starts
`uvicorn --factory dateline.web.asgi:from_env` in a subprocess, and drives it with `wrk` (Debian's
package) when installed, else with a bounded asyncio/httpx client. Each target is requested
with random article ids. Printed per target: req/s, p50/p95/p99, the server's CPU ms per answer
(all workers, from /proc) and the 1-minute load average at the start and end of the run, since
other processes on the machine change latency far more than CPU per answer. Results go to
bench/out/web-<articles>-w<workers>-<http>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from dateline.archive import dedup
from dateline.archive.store import Archive
from dateline.archive.writer import CaptureIn, store_article
from dateline.models import Article

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
_VOCAB_SEED = 7


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(30_000)]


def query_words(count: int = 100) -> list[str]:
    """Search words drawn from the archive's vocabulary (each is in about 1% of the articles)."""
    words = _vocabulary(random.Random(_VOCAB_SEED))
    return random.Random(3).sample([w for w in words if len(w) >= 4], count)


def build_archive(path: Path, count: int) -> None:
    """A synthetic archive: 200 sites, 5,000 authors, ~2 KB bodies, one story of two copies in 20."""
    rng = random.Random(_VOCAB_SEED)
    words = _vocabulary(rng)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    with Archive(tmp) as archive:
        sig = dedup.Signature.from_blob(rng.randbytes(dedup.NUM_PERM * 8))
        for first in range(0, count, 5000):
            with archive.transaction() as conn:
                for n in range(first, min(count, first + 5000)):
                    paragraphs = [" ".join(rng.choices(words, k=rng.randint(30, 80))) + "." for _ in range(5)]
                    body = "\n\n".join(p.capitalize() for p in paragraphs)
                    article = Article(
                        url=f"https://site{n % 200}.example/news/{n}", title=" ".join(rng.choices(words, k=8)).title(),
                        authors=(f"Author {n % 5000}",), site_name=f"Site {n % 200}", language="en",
                        published=start + timedelta(minutes=5 * n + rng.randint(0, 4)),
                        description=paragraphs[0][:200], section=rng.choice(["World", "Politics", "Sport"]),
                        body=body, body_html="\n".join(f"<p>{p}</p>" for p in body.split("\n\n")),
                    )
                    if n % 20 != 1:  # every 20th article is a near copy of the one before: a story
                        sig = dedup.Signature.from_blob(rng.randbytes(dedup.NUM_PERM * 8))
                    store_article(conn, article, capture=CaptureIn(), sig=sig, threshold=0.5)
            print(f"  {min(count, first + 5000):,} articles", file=sys.stderr)
    tmp.rename(path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(db: Path, port: int, workers: int, http: str = "auto") -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATELINE_DB": str(db)}
    env.pop("DATELINE_TOKEN", None)
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "dateline.web.asgi:from_env", "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log", "--http", http,
           "--loop", "asyncio" if http == "h11" else "auto"]
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/sites?limit=1", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("uvicorn did not start within 30 s")


_LUA = """
math.randomseed(%(seed)d)
words = {%(words)s}
request = function()
  local path = string.gsub("%(path)s", "{id}", tostring(math.random(1, %(max_id)d)))
  path = string.gsub(path, "{word}", words[math.random(1, #words)])
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%f %%f %%f %%f\\n", summary.requests, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children (uvicorn's workers) from Linux
    /proc; 0.0 where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(_cpu_seconds(int(child)) for child in children)


def run_wrk(base: str, path: str, *, max_id: int, clients: int, duration: float) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        words = ", ".join(f'"{w}"' for w in query_words())
        fh.write(_LUA % {"seed": 1, "path": path, "max_id": max_id, "words": words})
        script = fh.name
    try:
        out = subprocess.run(
            ["wrk", "-t", "1", "-c", str(clients), "-d", f"{duration:g}s", "--timeout", "10s", "-s", script, base],
            check=True, capture_output=True, text=True,
        ).stdout
    finally:
        os.unlink(script)
    line = next(ln for ln in out.splitlines() if ln.startswith("RESULT "))
    requests, micros, errors, p50, p95, p99, worst = (float(x) for x in line.split()[1:])
    return {"requests": requests, "rps": requests / (micros / 1e6), "errors": errors,
            "p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "max_ms": worst}


async def _python_load(base: str, path: str, *, max_id: int, clients: int, duration: float) -> dict[str, float]:
    rng = random.Random(1)
    words = query_words()
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                url = path.replace("{id}", str(rng.randint(1, max_id))).replace("{word}", rng.choice(words))
                response = await client.get(url)
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += response.status_code >= 400

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors,
            "p50_ms": cuts[49], "p95_ms": cuts[94], "p99_ms": cuts[98], "max_ms": max(latencies)}


#: Random ids make article requests mostly cache misses; `r={id}` (ignored by the app) makes every
#: listing URL new, so the "uncached" rows measure the full work of a listing.
TARGETS = {
    "article page": "/articles/{id}",
    "api article": "/api/articles/{id}",
    "home page (cached)": "/",
    "home page (uncached)": "/?r={id}",
    "api latest 20 (uncached)": "/api/articles?limit=20&r={id}",
    "search page (uncached)": "/search?q={word}&r={id}",
    "api search (uncached)": "/api/search?q={word}&r={id}",
}


async def _asgi_get(app: Any, url: str) -> int:
    path, _, query = url.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
             "headers": [(b"host", b"bench")], "client": ("127.0.0.1", 1), "server": ("bench", 80)}
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _cpu_per_request(app: Any, urls: list[str]) -> float:
    await _asgi_get(app, urls[0] + "&warm=1")  # templates compiled, connections opened
    began = time.process_time()
    for url in urls:
        if await _asgi_get(app, url) != 200:
            raise SystemExit(f"{url} did not answer 200")
    return (time.process_time() - began) / len(urls) * 1000


def service_times(db: Path, *, max_id: int, n: int = 300) -> dict[str, float]:
    """CPU milliseconds per request inside the app (no HTTP, no client): the work a core does for
    one answer, little affected by other processes. Every URL is new, so nothing is cached."""
    from dateline.web import create_app

    app = create_app(db)
    rng = random.Random(2)
    words = query_words()
    out: dict[str, float] = {}
    try:
        for name, path in TARGETS.items():
            if "(cached)" in name:
                continue
            urls = [path.replace("{id}", str(rng.randint(1, max_id))).replace("{word}", rng.choice(words))
                    for _ in range(n)]
            urls = [u if "r=" in u else u + "?r=" + str(i) for i, u in enumerate(urls)]
            out[name] = asyncio.run(_cpu_per_request(app, urls))
    finally:
        app.state.reader.close()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per target")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--http", choices=["auto", "h11", "httptools"], default="auto",
                        help="uvicorn's HTTP parser (auto: httptools and uvloop when installed)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"web-{args.articles}.db"
    if not db.exists():
        print(f"building {db} ({args.articles:,} articles, once)...", file=sys.stderr)
        t0 = time.perf_counter()
        build_archive(db, args.articles)
        print(f"built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    cpu = service_times(db, max_id=args.articles)
    for name, ms in cpu.items():
        print(f"{name:26} {ms:6.2f} ms CPU per request in-process (at most {1000 / ms:,.0f} req/s per core)")
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk") is not None)
    port = _free_port()
    server = _start_server(db, port, args.workers, args.http)
    base = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {"articles": args.articles, "clients": args.clients, "duration_s": args.duration,
                               "workers": args.workers, "http": args.http, "client": "wrk" if use_wrk else "python-httpx",
                               "cpus": os.cpu_count(), "load_before": os.getloadavg()[0],
                               "cpu_ms_per_request": cpu, "targets": {}}
    try:
        for name, path in TARGETS.items():
            warm = path.replace("{id}", "1").replace("{word}", query_words()[0])
            httpx.get(base + warm, timeout=10).raise_for_status()
            cpu_before, load_start = _cpu_seconds(server.pid), os.getloadavg()[0]
            if use_wrk:
                stats = run_wrk(base, path, max_id=args.articles, clients=args.clients, duration=args.duration)
            else:
                stats = asyncio.run(_python_load(base, path, max_id=args.articles, clients=args.clients,
                                                 duration=args.duration))
            # the server's own CPU per answer (all workers, HTTP included): what a core spends on one
            # answer, which other processes on the machine hardly change, unlike req/s and latency
            stats["server_cpu_ms"] = (_cpu_seconds(server.pid) - cpu_before) * 1000 / max(stats["requests"], 1)
            stats["load_1min"] = [load_start, os.getloadavg()[0]]
            results["targets"][name] = stats
            print(f"{name:26} {stats['rps']:8.0f} req/s  p50 {stats['p50_ms']:6.1f} ms  "
                  f"p95 {stats['p95_ms']:6.1f} ms  p99 {stats['p99_ms']:6.1f} ms  errors {stats['errors']:.0f}  "
                  f"server CPU {stats['server_cpu_ms']:.2f} ms/req  load {load_start:.1f}-{os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    results["load_after"] = os.getloadavg()[0]
    print(f"load average (1 min) before {results['load_before']:.1f}, after {results['load_after']:.1f}: "
          "other processes share these cores", file=sys.stderr)
    out = OUT / f"web-{args.articles}-w{args.workers}-{args.http}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
