"""Articles from scraped text: text that still carries its page chrome (web-corpus dumps, copy-paste).

    text ─ lines ─ textlines (content score per line) ─┬─ body (kept lines → paragraphs)
                                                       └─ textheader (headline, dateline, byline,
                                                          masthead, page date) ─┴─ Article

The same `Article` record as the HTML path, with `source_kind="text"`.
"""

from __future__ import annotations

import html
import logging
from itertools import compress

import numpy as np

from .errors import require_body
from .language import detect_language
from .models import Article
from .options import ExtractOptions
from .textheader import read_header
from .textlines import load_model, page_threshold, scores_and_words

__all__ = ["extract_from_lines", "extract_from_text", "raw_lines", "split_lines"]

logger = logging.getLogger(__name__)

_SENTENCE_END = frozenset(".!?…。！？\"'”»:;")
#: A kept line at least this long opens the body (shorter kept lines above it are header candidates).
_BODY_OPENER = 60
#: Between the body's paragraphs.
_BREAK = "\n\n"
#: Between a paragraph's lines (a line that runs on into the next).
_LINE = "\n"
#: Characters of the body given to the language identifier (more costs time, not accuracy).
_LANGUAGE_SAMPLE = 600


def raw_lines(text: str) -> list[str]:
    """The lines of a text that holds no NUL, split at any line ending (\\r\\n, \\r, \\n), not stripped."""
    if "\r" in text:  # searched for in ~5 us on an 18 KiB page; replacing "\r\n" costs ~28 us
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def _raw_lines(text: str) -> list[str]:
    return raw_lines(text.replace("\x00", ""))


def split_lines(text: str) -> list[str]:
    """The page's lines, stripped, with any line ending (\\r\\n, \\r, \\n) and NUL bytes removed."""
    return [ln.strip() for ln in _raw_lines(text)]


def _paragraphs(lines: list[str], keep: list[int]) -> list[str]:
    """Kept lines as paragraphs: a line that runs on (no sentence end, next line in lower case,
    nothing between them) continues its paragraph after a single line break, as the page wrote it
    (joined with a space, a short wrapped line was no longer a line of the body)."""
    paras: list[str] = []
    prev = -2
    for i in keep:
        text = lines[i]
        if paras and i == prev + 1 and paras[-1][-1] not in _SENTENCE_END and text[0].islower():
            paras[-1] = f"{paras[-1]}{_LINE}{text}"
        else:
            paras.append(text)
        prev = i
    return paras


def _over(threshold: float, probs: np.ndarray, lines: list[str]) -> list[int]:
    """The indexes of the non-blank lines scored over `threshold` (blank lines score 0.0: they are
    only looked at when the threshold is below it)."""
    over: list[int] = np.flatnonzero(probs > threshold).tolist()
    return over if threshold >= 0.0 else [i for i in over if lines[i]]


def _kept(threshold: float, fallback: float, probs: np.ndarray, lines: list[str], min_chars: int) -> list[int]:
    """The lines over `threshold`; when they hold fewer than `min_chars` characters, nothing is sure:
    the lines over `fallback`, a lower threshold (short pages, odd layouts)."""
    keep = _over(threshold, probs, lines)
    if sum(map(len, map(lines.__getitem__, keep))) < min_chars:
        keep = _over(fallback, probs, lines)
    return keep


def extract_from_text(text: str, *, url: str | None = None, options: ExtractOptions) -> Article:
    """Extract the article from scraped page text (raises `NotAnArticle` when no body is found)."""
    return extract_from_lines(_raw_lines(text), url=url, options=options)


def extract_from_lines(raw: list[str], *, url: str | None = None, options: ExtractOptions) -> Article:
    """`extract_from_text` of a text's `raw_lines` (the text without NUL)."""
    lines = list(map(str.strip, raw))
    # the non-blank lines, read by the classifier and the header reader
    nonblank = list(compress(range(len(lines)), lines)), list(filter(None, lines))
    model = load_model()
    probs, words = scores_and_words(raw, model=model, stripped=lines, nonblank=nonblank)
    # the body keeps the lines over the page's own threshold; the header is read above the first
    # long line over the model's (a lower page threshold would move that anchor up into the chrome)
    low = model.threshold / 2
    anchor = _kept(model.threshold, low, probs, lines, options.min_body_chars)
    keep = _kept(page_threshold(lines, probs, words), low, probs, lines, options.min_body_chars)
    start = next((i for i in anchor if len(lines[i]) >= _BODY_OPENER), anchor[0] if anchor else len(lines))
    header = (
        read_header(lines, start, url=url, fetch_time=options.fetch_time, nonblank=nonblank)
        if options.metadata else None
    )
    if header is not None and header.lines:
        keep = [i for i in keep if i not in header.lines or i > start]
    paras = _paragraphs(lines, keep)
    body = _BREAK.join(paras)
    require_body(body, min_chars=options.min_body_chars, source=url)
    # escape the body once: its paragraph breaks become tags, a line break inside a paragraph <br>
    body_html = f"<p>{html.escape(body).replace(_BREAK, '</p><p>').replace(_LINE, '<br>')}</p>" if paras else ""
    if header is None:
        return Article(url=url, body=body, body_html=body_html, source_kind="text")
    logger.debug("text page %s: %d of %d lines kept", url or "-", len(keep), len(lines))
    return Article(
        url=url,
        title=header.title,
        authors=header.authors,
        published=header.published,
        page_date=header.page_date,
        site_name=header.site_name,
        language=detect_language(body[:_LANGUAGE_SAMPLE]),
        body=body,
        body_html=body_html,
        source_kind="text",
        provenance={**header.provenance, "body": "text-lines"},
    )
