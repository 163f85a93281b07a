"""Articles from scraped text: text that still carries its page chrome (web-corpus dumps, copy-paste).

Minimal first version: paragraphs of prose are kept, short chrome lines dropped; the header
(headline, dateline, byline, masthead) is recovered on top of this interface.
"""

from __future__ import annotations

import re

from .errors import NotAnArticle
from .models import Article
from .options import ExtractOptions

__all__ = ["extract_from_text"]

_SENTENCE_END = re.compile(r"[.!?…。！？\"”»']\s*$")


def extract_from_text(text: str, *, url: str | None = None, options: ExtractOptions) -> Article:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    kept = [ln for ln in lines if len(ln) >= 60 or (len(ln) >= 25 and _SENTENCE_END.search(ln))]
    body = "\n\n".join(kept)
    if len(body) < options.min_body_chars:
        raise NotAnArticle("too-short", f"{len(body)} characters of prose", source=url)
    return Article(url=url, body=body, source_kind="text")
