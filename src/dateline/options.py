"""Options for extraction, in one frozen, keyword-only object (change with `dataclasses.replace`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["ExtractOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractOptions:
    """How `dateline.extract` treats a page.

    max_bytes: larger content raises `InputTooLarge` (default 50 MiB).
    min_body_chars: a body shorter than this (in characters, not words, so CJK counts fairly)
        makes the page `NotAnArticle("too-short")`.
    include_tables: keep data tables (in `body_html` as tables, in `body` as "a | b" rows).
    include_images: keep figures (their captions) in `body_html`; captions never go to `body`.
    fetch_time: when the page was fetched; dates after it are rejected (default: now).
    metadata: run the metadata stage (title, authors, dates...).
    """

    max_bytes: int = 50 * 1024 * 1024
    min_body_chars: int = 30
    include_tables: bool = True
    include_images: bool = True
    fetch_time: datetime | None = None
    metadata: bool = True
