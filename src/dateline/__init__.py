"""dateline: news pages (HTML, WARC, scraped text) in, clean article records and an archive out.

    >>> import dateline
    >>> article = dateline.extract(html_bytes, url="https://example.com/news/1")
    >>> article.title, article.published, article.body
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from .errors import (
    ArchiveError,
    BinaryInput,
    ConfigError,
    DatelineError,
    EmptyInput,
    FetchError,
    InputError,
    InputTooLarge,
    NotAnArticle,
    QueryError,
)
from .extract import extract
from .models import Article
from .options import ExtractOptions

if TYPE_CHECKING:
    from .archive import Archive, SearchFilters
    from .crawl import CrawlOptions, CrawlReport

__version__ = "0.1.0"

# The archive and the crawler pull in SQLite helpers, numpy, httpx and friends: they are loaded on
# first use, so that `import dateline` for extraction stays light (time and memory).
_LAZY = {
    "Archive": ".archive",
    "SearchFilters": ".archive",
    "CrawlOptions": ".crawl",
    "CrawlReport": ".crawl",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")

__all__ = [
    "Archive",
    "ArchiveError",
    "Article",
    "BinaryInput",
    "ConfigError",
    "CrawlOptions",
    "CrawlReport",
    "DatelineError",
    "EmptyInput",
    "ExtractOptions",
    "FetchError",
    "InputError",
    "InputTooLarge",
    "NotAnArticle",
    "QueryError",
    "SearchFilters",
    "__version__",
    "extract",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
