"""Bytes to text: BOM, then valid UTF-8, then the HTTP header, then `<meta charset>`, then detection.

A declared charset is only trusted when the bytes decode under it *and* the result does not read
as mojibake: latin-1 labelled as UTF-8 is common on the web, and so are Windows code pages
labelled as ISO-8859-x, or a Cyrillic page left with a `latin-1` label by its template.
Detection (charset-normalizer) only chooses among the encodings browsers support (WHATWG), so
short samples are never read as DOS or EBCDIC code pages.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from .sniff import utf16_without_bom

__all__ = [
    "CP1252_C1", "WEB_ENCODINGS", "charset_from_content_type", "declared_charset", "decode", "decode_page", "exact_utf8",
    "windows_1252", "without_surrogates",
]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
_UTF8_CHUNK = 1 << 16
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]{2,40})""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""<\?xml[^>]{0,100}encoding\s*=\s*["']([a-zA-Z0-9_\-.]{2,40})""", re.IGNORECASE)
_CT_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_\-:.]{2,40})""", re.IGNORECASE)

# WHATWG: labels that browsers map to a superset.
_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "x-user-defined": "cp1252",
    "unicode": "utf-8",
    "utf8": "utf-8",
}


#: The legacy encodings of the WHATWG Encoding Standard, as Python codec names (supersets where
#: browsers use them).
WEB_ENCODINGS: tuple[str, ...] = (
    "utf_8", "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "cp874", "cp866", "koi8_r", "koi8_u", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6",
    "iso8859_7", "iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "mac_roman", "mac_cyrillic", "gb18030", "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949",
    "utf_16_le", "utf_16_be",
)
#: Latin-script single-byte encodings (normalised names): a windows-1252 label is never traded for
#: one of these, since the mess measure cannot tell them apart reliably (a correct `£4` read as `Ł4`).
_LATIN = frozenset(
    "cp1250 cp1252 cp1254 cp1257 cp1258 iso8859-2 iso8859-3 iso8859-4 iso8859-9 iso8859-10 iso8859-13 "
    "iso8859-14 iso8859-15 iso8859-16 mac-roman".split()
)
#: Rare on the web; detection picked them for 10 of 6693 development pages, mostly cp1252 pages with
#: a byte Python's cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) or double-encoded UTF-8.
_RARE_LATIN = frozenset("iso8859-3 iso8859-4 iso8859-10 iso8859-14 iso8859-16 mac-roman".split())
#: WHATWG windows-1252: latin-1 with 0x80-0x9F mapped as cp1252 (its 5 undefined bytes stay C1).
#: The byte (or C1 code point) to its windows-1252 character, for the 27 that code page defines.
CP1252_C1 = {
    b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_WHATWG_1252 = str.maketrans({chr(b): c for b, c in CP1252_C1.items()})

# (valid UTF-8 run)(stray bytes): every byte of the input lands in exactly one of the two groups.
_UTF8_RUN = re.compile(
    rb"((?:[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2})*+)([\x80-\xff]?)"
)

#: Above this mess ratio (charset-normalizer's mojibake measure, 0 for clean text) a declared
#: charset is doubted. Measured: clean French/German/Russian 0.0; UTF-8 read as cp1252 0.6,
#: cp1251 read as cp1252 1.3, KOI8-R or GBK read as cp1252 about 3.
_MESS_DOUBT = 0.3


def _normalise(label: str | None) -> str | None:
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, normalised, or None."""
    if not content_type:
        return None
    m = _CT_CHARSET.search(content_type)
    return _normalise(m.group(1)) if m else None


def declared_charset(data: bytes) -> str | None:
    """The charset the document declares in its first 16 KiB (`<meta>` or the XML declaration)."""
    head = data[:16384]
    m = _META_CHARSET.search(head) or _XML_DECL.search(head)
    if not m:
        return None
    label = _normalise(m.group(1).decode("ascii", "replace"))
    # A document that decodes as bytes cannot really be UTF-16 (the meta tag itself is ASCII).
    if label and label.startswith("utf-16"):
        return "utf-8"
    return label


def _try(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _cut_utf8(data: bytes, exc: UnicodeDecodeError) -> str | None:
    """UTF-8 whose strict decoding failed with `exc`, when only one multi-byte character is cut off
    at the very end (kept as U+FFFD) and the part before it already holds valid multi-byte UTF-8
    (else the lone byte decides)."""
    head = data[: exc.start]
    if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3 and not head.isascii():
        return head.decode("utf-8") + "\ufffd"
    return None


def decode(data: bytes, *, content_type: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns (text, encoding used). Never raises on bad bytes.

    Valid UTF-8 with non-ASCII bytes wins over any label: no real text in a legacy code page
    is also valid UTF-8, while pages that were converted to UTF-8 but kept their old `<meta>`
    label are common.
    """
    text, encoding, _ = decode_page(data, content_type=content_type)
    return text, encoding


def decode_page(data: bytes, *, content_type: str | None = None) -> tuple[str, str, bool]:
    """`decode`, and whether the text is exactly `data` read as strict UTF-8 (no BOM, nothing
    repaired): then a consumer that reads UTF-8, such as the lexbor parser, can take the bytes
    themselves instead of re-encoding the text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name, False
    utf16 = utf16_without_bom(data[:4096])
    if utf16 is not None:
        return data.decode(utf16, errors="replace"), utf16, False
    if not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8", True
        except UnicodeDecodeError as exc:
            cut = _cut_utf8(data, exc)
        if cut is not None:
            return cut, "utf-8", False
    if data.isascii() and b"\x1b" not in data:  # ESC: ISO-2022-JP is 7-bit
        return data.decode("ascii"), "ascii", True
    return (*_decode_legacy(data, content_type=content_type), False)


def exact_utf8(data: bytes) -> bool:
    """Whether `decode_page` reads `data` as exactly its strict UTF-8 (or ASCII) decoding, decided
    without making the text: the bytes are validated 64 KiB at a time (inside a full extraction
    this costs half of decoding the page into one page-sized string)."""
    if data.startswith(_BOM_PREFIXES) or utf16_without_bom(data[:4096]) is not None:
        return False
    if data.isascii():
        return b"\x1b" not in data
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), _UTF8_CHUNK):
            decoder.decode(view[start : start + _UTF8_CHUNK])
        decoder.decode(b"", True)
    except UnicodeDecodeError:
        return False
    return True


def _decode_legacy(data: bytes, *, content_type: str | None) -> tuple[str, str]:
    """Bytes that are neither ASCII nor valid UTF-8: mostly UTF-8, a trusted label, or detection."""
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed, "utf-8"
    doubted: tuple[str, str] | None = None
    for candidate in (charset_from_content_type(content_type), declared_charset(data)):
        text = _try(data, candidate)
        if text is not None and candidate:
            # windows-1252 (what latin-1 and ascii labels mean) is the default label of servers
            # and templates, so it is the one label checked for mojibake.
            if candidate != "cp1252" or _mess(text) <= _MESS_DOUBT:
                return text, candidate
            doubted = doubted or (text, candidate)
    detected = _detect(data)
    if doubted is not None and (
        detected is None or detected[1] in _LATIN or _mess(detected[0]) >= _mess(doubted[0])
    ):
        return doubted
    return detected or (windows_1252(data), "cp1252")


def windows_1252(data: bytes) -> str:
    """Decode as browsers decode windows-1252 (never fails: undefined bytes become C1 controls)."""
    return data.decode("latin-1").translate(_WHATWG_1252)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray windows-1252 bytes (a latin-1 `für` pasted into a UTF-8 page):
    valid sequences decoded as UTF-8, the stray bytes as windows-1252. None unless valid multi-byte
    characters outnumber stray bytes 4 to 1 (legacy text read as UTF-8 is nearly all errors)."""
    sample = data[:200_000].decode("utf-8", errors="replace")
    bad = sample.count("\ufffd")
    good = len(sample) - len(sample.encode("ascii", errors="ignore").decode("ascii")) - bad
    if good < 8 or good < 4 * bad:
        return None
    pieces: list[str] = []
    for m in _UTF8_RUN.finditer(data):
        if m.group(1):
            pieces.append(m.group(1).decode("utf-8"))
        if m.group(2):
            pieces.append(windows_1252(m.group(2)))
    return "".join(pieces)


def _mess(text: str) -> float:
    """charset-normalizer's mojibake ratio over the words that hold non-ASCII characters."""
    words: list[str] = []
    size = 0
    for word in text[:300_000].split():  # str.split and isascii run in C: no regex backtracking
        if not word.isascii():
            words.append(word)
            size += len(word) + 1
            if size >= 20_000:
                break
    sample = " ".join(words)[:20_000]
    return float(mess_ratio(sample, 1.0)) if sample else 0.0


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess; on a tie windows-1252 wins (the browsers' default), since
    markup-heavy pages leave French or Spanish tied between cp1250 and cp1252."""
    matches = list(from_bytes(data[:200_000], cp_isolation=list(WEB_ENCODINGS)))
    if not matches or not matches[0].encoding:
        return None
    best = matches[0]
    name = best.encoding
    for m in matches:
        tied = m.chaos <= best.chaos and m.coherence >= best.coherence
        if tied and (m.encoding == "cp1252" or "cp1252" in m.could_be_from_charset):
            name = "cp1252"
            break
    name = _normalise(name) or name
    text = data.decode(name, errors="replace")
    if name in _RARE_LATIN:
        fallback = windows_1252(data)
        if _mess(fallback) <= _mess(text) + 0.05:
            return fallback, "cp1252"
    return text, name


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate (U+D800-U+DFFF: a JSON `"\\ud800"` escape decodes to one, and
    no UTF-8 output can hold it) replaced by U+FFFD; a pair written as two characters is joined into
    the one character it encodes. ASCII text is returned at once (`isascii` is a flag of the string)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")  # ~1 ms a MB, for strings only (pages given as bytes never get here)
    except UnicodeEncodeError:
        joined = text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
        return _SURROGATE.sub("\ufffd", joined)
    return text
