"""The extraction pipeline: content in, `Article` out.

    bytes/str ─ sniff ─ decode ─┬─ HTML ─ parse ─ metadata ─ body ──┐
                                └─ text ─ textmode (lines → header + body) ─┴─ Article
"""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser

from .body import extract_body
from .defuse import defuse_markup, needs_defusing
from .encoding import decode_page, exact_utf8, without_surrogates
from .errors import InputError, InputTooLarge, require_body
from .metadata import extract_metadata
from .models import Article
from .options import ExtractOptions
from .sniff import check_not_empty, gunzip, is_warc, looks_like_html, looks_like_html_utf8
from .textmode import extract_from_lines, raw_lines

__all__ = ["MAX_TEXT_LINES", "extract", "extract_html", "to_text"]

_DEFAULT = ExtractOptions()
#: No DOM mutation events: the tree is read, never changed, and the events' one effect on parsing
#: (`<selectedcontent>` mirroring the chosen `<option>`) is inside `<select>`, which holds no content.
#: Parsing is ~9% cheaper (fundus 0.70 -> 0.64 ms a page).
_PARSE_OPTIONS = LexborDocumentOptions.WO_EVENTS.value


def to_text(
    content: bytes | str, *, content_type: str | None = None, options: ExtractOptions = _DEFAULT,
    source: str | None = None,
) -> tuple[str, list[str]]:
    """Decode content to text (gunzipping first where needed); returns (text, warnings)."""
    page, warnings = _decoded(content, content_type=content_type, options=options, source=source)
    return _text(page), warnings


def _text(page: str | bytes) -> str:
    return page.decode("utf-8") if isinstance(page, bytes) else page


def _decoded(
    content: bytes | str, *, content_type: str | None, options: ExtractOptions, source: str | None,
) -> tuple[str | bytes, list[str]]:
    """(the text, or the bytes when the text is exactly their UTF-8 reading, warnings): see `to_text`.

    The bytes are not decoded then: the HTML path parses them as they are, and the page-sized
    string costs twice the validation (`encoding.exact_utf8`).
    """
    warnings: list[str] = []
    if not isinstance(content, bytes | str):
        content = _as_bytes(content)
    if isinstance(content, str):
        if len(content) > options.max_bytes:
            raise InputTooLarge(
                f"{len(content)} characters is over max_bytes={options.max_bytes}; raise it in ExtractOptions",
                source=source,
            )
        check_not_empty(content, source=source)
        return without_surrogates(content).replace("\x00", ""), warnings
    if len(content) > options.max_bytes:
        raise InputTooLarge(
            f"{len(content)} bytes is over max_bytes={options.max_bytes}; raise it in ExtractOptions",
            source=source,
        )
    if content[:2] == b"\x1f\x8b":
        content, complete = gunzip(content, max_bytes=options.max_bytes)
        if not content:
            raise InputError("the gzip data is corrupt and holds nothing readable", source=source)
        if not complete:
            warnings.append("truncated-gzip")
    check_not_empty(content, source=source)
    if is_warc(content):
        raise InputError(
            "this is a WARC file, which holds many pages; use `dateline ingest` or dateline.warc.iter_warc()",
            source=source,
        )
    if exact_utf8(content):
        # the text holds U+0000 only where the bytes hold a NUL byte
        return (content.decode("utf-8").replace("\x00", ""), warnings) if b"\x00" in content else (content, warnings)
    text, _, _ = decode_page(content, content_type=content_type)
    return text.replace("\x00", "") if "\x00" in text else text, warnings


def _as_bytes(content: object) -> bytes:
    if isinstance(content, bytearray | memoryview):
        return bytes(content)
    raise TypeError(f"content must be bytes or str (the page's bytes or its text), not {type(content).__name__}")


#: Scraped text with more lines than this is not one article; the text path costs ~0.1 ms a line
#: (1M short lines took 96 s), so the cap also bounds its time.
MAX_TEXT_LINES = 50_000


def _check_text_lines(text: str, raw: list[str], *, source: str | None) -> None:
    """`raw`: the text's `raw_lines` (one more than its "\\n" unless a "\\r" ends lines too)."""
    lines = len(raw) if "\r" not in text else text.count("\n") + 1
    if lines > MAX_TEXT_LINES:
        raise InputTooLarge(
            f"the text has {lines} lines (limit {MAX_TEXT_LINES}); one article is far shorter, split the input",
            source=source,
        )


def _is_text_type(content_type: str | None) -> bool | None:
    if not content_type:
        return None
    main = content_type.split(";", 1)[0].strip().lower()
    if main in ("text/plain", "text/markdown"):
        return True
    if main in ("text/html", "application/xhtml+xml", "application/xml", "text/xml"):
        return False
    return None


def _check_url(url: str) -> None:
    try:
        urlsplit(url)
        url.encode("utf-8")  # a lone surrogate (UnicodeEncodeError is a ValueError)
    except ValueError as exc:
        raise InputError(
            f"url={url!r} is not a valid URL ({exc}); pass the page's absolute URL, or None", source=url,
        ) from None


def extract(
    content: bytes | str,
    *,
    url: str | None = None,
    content_type: str | None = None,
    options: ExtractOptions | None = None,
) -> Article:
    """Extract one article from a page's HTML (or scraped text).

    `content` is the raw bytes (the encoding is detected) or decoded text. `content_type` is the
    HTTP header when known: `text/plain` forces the scraped-text path, `text/html` the HTML path;
    otherwise the content decides. Raises `NotAnArticle` (with `.reason`) for a readable page
    without an article, and another `DatelineError` for content that cannot be read.
    """
    opts = options or _DEFAULT
    if url:
        _check_url(url)
    page, warnings = _decoded(content, content_type=content_type, options=opts, source=url)
    is_text = _is_text_type(content_type)
    if is_text is None:
        is_text = not (looks_like_html_utf8(page) if isinstance(page, bytes) else looks_like_html(page))
    if is_text:
        text = _text(page)
        raw = raw_lines(text)  # `_decoded` removed any NUL
        _check_text_lines(text, raw, source=url)
        article = extract_from_lines(raw, url=url, options=opts)
    else:
        article = _extract_html(page, url=url, options=opts)
    if warnings:
        article = article.replace(warnings=(*article.warnings, *warnings))
    return article


def extract_html(
    html: str, *, url: str | None = None, options: ExtractOptions = _DEFAULT, utf8: bytes | None = None,
) -> Article:
    """The HTML path of `extract`, for text already decoded.

    `utf8` is the page's bytes when `html` is exactly their UTF-8 reading: lexbor then parses
    them as they are (encoding the text again for the parser costs as much as the parse's third).
    """
    return _extract_html(html if utf8 is None else utf8, url=url, options=options)


def _extract_html(page: str | bytes, *, url: str | None, options: ExtractOptions) -> Article:
    """`extract_html` of a page's text, or of its bytes when the text is exactly their UTF-8 reading
    (decoded only if `defuse_markup` must look at it)."""
    defused: tuple[str, ...] = ()
    if isinstance(page, str) or needs_defusing(page):
        checked, defused = defuse_markup(_text(page), flagged=isinstance(page, bytes))
        if defused:  # rewritten (most pages sent here are left as they are, and their bytes are parsed)
            page = checked
    tree = LexborHTMLParser(page, options=_PARSE_OPTIONS)
    meta = extract_metadata(tree, url=url, options=options) if options.metadata else None
    body = extract_body(tree, options=options, title=meta.title if meta else None)
    require_body(body.text, min_chars=options.min_body_chars, source=url)
    warnings = (*defused, *body.warnings)
    fields: dict[str, Any] = {}
    if meta is not None:  # Metadata's fields are a subset of Article's, under the same names
        fields = {f.name: getattr(meta, f.name) for f in dataclasses.fields(meta)}
        fields["provenance"] = dict(meta.provenance)
    return Article(url=url, body=body.text, body_html=body.html, source_kind="html", warnings=warnings, **fields)
