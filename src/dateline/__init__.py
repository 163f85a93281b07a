"""dateline: news pages (HTML, WARC, scraped text) in, clean article records and an archive out.

    >>> import dateline
    >>> article = dateline.extract(html_bytes, url="https://example.com/news/1")
    >>> article.title, article.published, article.body
"""

from __future__ import annotations

import logging

from .archive import Archive, SearchFilters
from .crawl import CrawlOptions, CrawlReport
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

__version__ = "0.1.0"

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
