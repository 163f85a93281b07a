"""The archive: dateline's SQLite store of articles, with ingest, dedup, search and export.

    store.py       Archive: connections, add/get/latest/story/sites/authors
    migrations.py  named, ordered schema migrations (extensible by other areas)
    inputs.py      input discovery and kind detection (html, text, json(l), warc, gz)
    ingest.py      the ingest run: batches, outcomes, crash-safe writes
    executors.py   where extraction runs (inline, process pool, Ray)
    writer.py      storing one article with its capture, site, authors, story
    dedup.py       content hashes and MinHash LSH stories
    search.py      FTS5 search, filters, snippets, facets
    export.py      jsonl / csv / parquet / markdown
    reextract.py   re-running the extractor over stored captures
"""

from __future__ import annotations

from .executors import Backend, InlineExecutor, RayExecutor, make_executor
from .export import EXPORT_FIELDS, ExportFormat, parquet_schema
from .ingest import Failure, IngestOptions, IngestProgress, IngestReport
from .migrations import MIGRATIONS, Migration
from .records import AddResult, AuthorSummary, SiteSummary, StoredArticle, Story
from .reextract import ReextractReport
from .search import SearchFilters, SearchHit, SearchResult
from .store import Archive, default_path

__all__ = [
    "EXPORT_FIELDS",
    "MIGRATIONS",
    "AddResult",
    "Archive",
    "AuthorSummary",
    "Backend",
    "ExportFormat",
    "Failure",
    "IngestOptions",
    "IngestProgress",
    "IngestReport",
    "InlineExecutor",
    "Migration",
    "RayExecutor",
    "ReextractReport",
    "SearchFilters",
    "SearchHit",
    "SearchResult",
    "SiteSummary",
    "StoredArticle",
    "Story",
    "default_path",
    "make_executor",
    "parquet_schema",
]
