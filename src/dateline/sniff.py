"""What a piece of content is: gzip, WARC, HTML, plain text or binary. Decided by content, not by name."""

from __future__ import annotations

import re
import zlib
from typing import Literal

from .errors import BinaryInput, EmptyInput, InputTooLarge

__all__ = [
    "ContentKind", "check_not_empty", "gunzip", "is_binary", "is_warc", "looks_like_html", "looks_like_html_utf8",
    "sniff_bytes", "utf16_without_bom",
]

ContentKind = Literal["html", "text", "warc", "gzip", "json", "binary", "empty"]

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"OggS", "an Ogg file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
)
_HTML_HINT = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|span|a|br|table|h[1-6])[\s>/]",
    re.IGNORECASE,
)
_CONTROL_BYTES = bytes([*range(9), *range(14, 27), *range(28, 32), 127])  # ESC is ISO-2022-JP
_TAG = re.compile(r"<[a-zA-Z!/][^<>]{0,200}>")


_GZIP_CHUNK = 1 << 16


def gunzip(data: bytes, *, max_bytes: int) -> tuple[bytes, bool]:
    """Decompress gzip data; returns (bytes, complete). A truncated stream yields what could be read.

    Every member is read: `cat a.gz b.gz` (and pigz or bgzip output) is one gzip file (RFC 1952 2.2),
    of which only the first member was read, the rest dropped without a word. Bytes after the last
    member that do not start another (zero padding, trailing garbage) are ignored, as gzip(1) does.
    Members after the first are fed in chunks, so each one's end hands back at most a chunk
    (`unused_data` is a copy: the whole rest each time made a file of many tiny members quadratic)."""
    view = memoryview(data)
    parts: list[bytes] = []
    size = pos = 0
    step = len(view) or 1  # the first member in one call, as before: the usual file has one
    while True:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        while not d.eof:
            if pos >= len(view):
                return b"".join(parts), False
            chunk = view[pos : pos + step]
            pos += len(chunk)
            try:
                out = d.decompress(chunk, max_bytes - size + 1)
            except zlib.error:
                return b"".join(parts), False
            parts.append(out)
            size += len(out)
            if size > max_bytes:  # also where `max_length` stopped it short of the chunk's end
                raise InputTooLarge(f"gzip content inflates to more than {max_bytes} bytes; raise max_bytes to read it")
        pos -= len(d.unused_data)
        step = _GZIP_CHUNK
        if data[pos : pos + 2] != b"\x1f\x8b":
            return b"".join(parts), True


def is_binary(head: bytes) -> str | None:
    """A description of the binary format when `head` (the first bytes) is not text, else None."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a BOM: text
    sample = head[:4096]
    if not sample:
        return None
    if _looks_utf16(sample):
        return None  # UTF-16 without a BOM: text
    if sample.count(0) > len(sample) // 10:
        return "binary data (many NUL bytes)"
    # Text in any web encoding has (almost) no C0 control bytes; random or compressed data has ~9%.
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(sample) // 50):
        return "binary data (control bytes)"
    return None


def utf16_without_bom(sample: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when `sample` reads as UTF-16 without a BOM (NULs on one side), else None."""
    if len(sample) < 16:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # ASCII (markup) puts a NUL in every other byte, on one side only
    if max(even, odd) <= len(sample) // 20 or min(even, odd) * 20 >= max(even, odd):
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def _looks_utf16(sample: bytes) -> bool:
    return utf16_without_bom(sample) is not None


_LEADING = b"\xef\xbb\xbf \t\r\n\x00"


def is_warc(data: bytes) -> bool:
    """True when the bytes are a WARC file (what `sniff_bytes` calls "warc", without its other checks)."""
    return data[:8192].lstrip(_LEADING).startswith(b"WARC/")


def sniff_bytes(data: bytes) -> ContentKind:
    """Classify raw bytes by their content."""
    head = data[:8192].lstrip(_LEADING)
    if not head:
        return "empty"
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if head.startswith(b"WARC/"):
        return "warc"
    if is_binary(data[:8192]) is not None:
        return "binary"
    if head[:1] in (b"{", b"["):
        return "json"
    return "html" if _HTML_HINT.search(data[:65536]) else "text"


_DOCUMENT_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when decoded text is markup rather than plain (scraped) text.

    A document element anywhere in the head of the text (after comments, conditional comments
    or a preamble) decides; otherwise markup must make up a fair share of the text.
    """
    head = text[:65536]
    if _DOCUMENT_HINT.search(head):
        return True
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped[:1] == "<" and _HTML_HINT.match(stripped.encode("utf-8", "replace")[:300]):
        return True
    tags = len(_TAG.findall(head))
    return tags >= 3 and tags * 40 > len(head) / 10


def looks_like_html_utf8(data: bytes) -> bool:
    """`looks_like_html` of the text that valid UTF-8 `data` decodes to, decoding only its head:
    the first 4 KB, where the document element nearly always is, else what holds the first 65,536
    characters (at most 4 bytes each; a character cut at the end of a slice is dropped)."""
    if _DOCUMENT_HINT.search(data[:4096].decode("utf-8", "ignore")):
        return True
    return looks_like_html(data[: 4 * 65536].decode("utf-8", "ignore"))


_NOT_BLANK = re.compile(rb"[^ \t\r\n\x00\x0b\x0c]")


def check_not_empty(data: bytes | str, *, source: str | None = None) -> None:
    """Raise EmptyInput / BinaryInput for content that cannot be a page."""
    if isinstance(data, bytes):
        if _NOT_BLANK.search(data) is None:  # finds the first byte: no copy of the page as strip() makes
            raise EmptyInput("the content is empty; give the page's HTML or text", source=source)
        what = is_binary(data[:8192])
        if what:
            raise BinaryInput(f"the content is {what}, not HTML or text", source=source)
    elif not data.strip(" \t\r\n\x00\x0b\x0c\ufeff"):
        raise EmptyInput("the content is empty; give the page's HTML or text", source=source)
