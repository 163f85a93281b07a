"""Every benchmark, one after the other: `make bench` (or `python -m bench.run`).

    python -m bench.run [--only body,metadata,textmode,archive,web,crawl,hostile]

Each benchmark prints its own Markdown table and writes its figures under bench/out/.
They need the development sets (`make data`) and the peers (`pip install -e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys

BENCHMARKS = ("body", "metadata", "textmode", "archive", "web", "crawl", "hostile")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated benchmark names")
    args = ap.parse_args()
    failed = []
    for name in args.only.split(","):
        print(f"\n## bench.{name}\n", flush=True)
        if subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False).returncode:
            failed.append(name)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
