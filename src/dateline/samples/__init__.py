"""dateline's own sample pages: synthetic news articles written for the project (no third-party text).

    html/   HTML pages in several languages and layouts (JSON-LD, Open Graph, microdata, bylines)
    text/   scraped-text renderings of pages, chrome included
    warc/   samples.warc.gz, a WARC of HTTP responses built from some of the pages
    dumps/  samples.jsonl, a web-corpus style dump (`url`, `text` or `html` per line)

`dateline ingest --samples` ingests all of them (`sample_inputs()`); `build.py` rebuilds them.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["sample_inputs", "samples_dir"]


def samples_dir() -> Path:
    """The folder holding the sample pages (inside the installed package)."""
    return Path(str(files(__name__)))


def sample_inputs() -> list[Path]:
    """The sample folders to ingest: html/, text/, warc/ and dumps/."""
    root = samples_dir()
    return [root / name for name in ("html", "text", "warc", "dumps")]
