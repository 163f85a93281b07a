"""The crawler: keep an archive of news sites up to date, politely and durably.

    >>> from dateline import Archive
    >>> from dateline.crawl import CrawlOptions, crawl
    >>> with Archive("news.db") as archive:
    ...     report = crawl(archive, ["https://example.com/"], options=CrawlOptions(contact="me@example.org"))
    >>> print(report.summary())

Modules, one per stage: `urls` (normal form, URL shape), `robots` (robots.txt), `discover` (feeds,
sitemaps, links), `politeness` (per-host rate and concurrency), `fetcher` (safe async HTTP),
`frontier` (durable state in the archive file), `crawler` (the loop), `migrations` (the tables).
"""

from __future__ import annotations

from .crawler import ArchiveLike, CrawlEvent, CrawlOptions, CrawlReport, crawl, crawl_async
from .urls import classify_url, normalize_url

__all__ = [
    "ArchiveLike",
    "CrawlEvent",
    "CrawlOptions",
    "CrawlReport",
    "classify_url",
    "crawl",
    "crawl_async",
    "normalize_url",
]
