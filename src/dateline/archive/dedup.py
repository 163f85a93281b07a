"""Duplicate detection: exact (content hashes) and near (MinHash LSH stories, state kept in SQLite).

Exact duplicates: the sha256 of the raw capture (the same file ingested twice) and of the
normalised body (the same text under different chrome). Near duplicates (a syndicated wire copy
with another headline, a re-published story) are grouped into a *story*: each article's body is
shingled into word 5-grams (character 5-grams for text without spaces, such as Chinese or
Japanese), hashed into a MinHash signature (datasketch's affine32 scheme, see `minhash`), and split into `BANDS` bands of `ROWS` values. Band
digests live in the `lsh_bands` table, so candidates are found across runs with one indexed query;
a candidate joins the story only when its estimated Jaccard similarity reaches `threshold`.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "BANDS",
    "NUM_PERM",
    "ROWS",
    "Signature",
    "body_hash",
    "find_story_match",
    "fingerprint",
    "minhash",
    "normalise_body",
    "raw_hash",
    "shingle_hashes",
    "signature",
    "store_signature",
    "word_tokens",
]

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
_SEED = 1
_WORD = re.compile(r"\w+", re.UNICODE)
_SHINGLE = 5
_MAX_SHINGLES = 5000


_MAX_HASH = np.uint32(0xFFFFFFFF)
_FNV_PRIME = np.uint32(0x01000193)
_CHUNK = 256
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) parameters of the `NUM_PERM` affine permutations, drawn as datasketch draws them."""
    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def minhash(hashes: np.ndarray) -> np.ndarray:
    """MinHash values of a set of 32-bit shingle hashes, equal to datasketch's
    `MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=int)` after
    `update_batch(hashes)`, computed here in a few numpy steps.

    datasketch itself is not imported at run time: its package import pulls in scipy, which costs
    0.5 to 2 s in every process (each ingest worker included); a test checks the values match.
    32-bit affine permutations (no 64-bit modulo) keep a signature near 1 ms.
    """
    if not len(hashes):
        return np.full(NUM_PERM, _MAX_HASH, dtype=np.uint32)
    a, b = _permutations()
    hv = np.asarray(hashes, dtype=np.uint32)
    s1, m1, s2, m2, s3 = _FMIX
    out = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint32)
    with np.errstate(over="ignore"):
        hv = hv ^ (hv >> s1)
        hv = hv * m1
        hv = hv ^ (hv >> s2)
        hv = hv * m2
        hv = hv ^ (hv >> s3)
        for i in range(0, len(hv), _CHUNK):  # blocks that stay in cache: about 3x faster than one step
            phv = np.multiply.outer(hv[i : i + _CHUNK], a)
            phv += b
            np.minimum(out, phv.min(axis=0), out=out)
    return out


def raw_hash(data: bytes) -> str:
    """Hex sha256 of the raw bytes."""
    return hashlib.sha256(data).hexdigest()


def normalise_body(body: str) -> str:
    """The body with case, accents-as-composed-forms and white space normalised."""
    text = unicodedata.normalize("NFKC", body).casefold()
    return " ".join(text.split())


def body_hash(body: str) -> str:
    """Hex sha256 of the normalised body: equal for the same text under different markup."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()


#: ASCII bytes that are not word characters become spaces; bytes of other characters are kept.
_ASCII_BREAKS = bytes(b if b >= 0x80 or b == 0x5F or chr(b).isalnum() else 0x20 for b in range(256))


def word_tokens(text: str) -> list[bytes]:
    """The UTF-8 bytes of `re.findall(r"\\w+", text)`, found faster (the same tokens, in order).

    ASCII punctuation and spaces are turned into spaces by one `bytes.translate` and the result is
    split; only pieces holding non-ASCII bytes that are not one alphanumeric word (a word glued
    to a curly quote or a dash) go through the regular expression. Half the time of `findall`
    plus encoding each token on development bodies (0.12 -> 0.10 ms with the alphanumeric check).
    """
    pieces = text.encode("utf-8", "surrogatepass").translate(_ASCII_BREAKS).split()
    if text.isascii():
        return pieces
    out: list[bytes] = []
    for piece in pieces:
        if piece.isascii():
            out.append(piece)
            continue
        word = piece.decode("utf-8", "surrogatepass")
        if word.isalnum():  # `\w` is alphanumeric or `_`: the piece is one word (most accented words)
            out.append(piece)
        else:
            out.extend(w.encode("utf-8") for w in _WORD.findall(word))
    return out


def shingle_hashes(body: str, *, normalised: bool = False) -> np.ndarray:
    """32-bit hashes of the body's shingles (word 5-grams, or character 5-grams for scripts
    written without spaces), at most `_MAX_SHINGLES` of them.

    Each token is hashed once (CRC-32) and the 5 hashes of a window are combined in numpy
    (h = h * FNV_PRIME + t, modulo 2**32): no per-shingle string is built.
    """
    text = body if normalised else normalise_body(body)
    tokens = word_tokens(text)
    if len(tokens) < max(8, len(text) // 40):  # Chinese, Japanese, Thai...: character shingles
        tokens = [c.encode("utf-8") for c in b"".join(tokens).decode("utf-8")]
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    th = np.fromiter(map(zlib.crc32, tokens), dtype=np.uint32, count=len(tokens))
    n = max(1, len(th) - _SHINGLE + 1)
    h = np.zeros(n, dtype=np.uint32)
    with np.errstate(over="ignore"):
        for j in range(min(_SHINGLE, len(th))):
            h = h * _FNV_PRIME + th[j : j + n]
    return h[:_MAX_SHINGLES]


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash signature (`NUM_PERM` values) and its LSH band digests."""

    values: np.ndarray
    bands: tuple[int, ...]

    def to_blob(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    @staticmethod
    def from_blob(blob: bytes) -> Signature:
        values = np.frombuffer(blob, dtype="<u4").astype(np.uint32)
        return Signature(values, _bands(values))

    @property
    def empty(self) -> bool:
        """True for the signature of a body without any token (it is never matched)."""
        return bool((self.values == _MAX_HASH).all())

    def jaccard(self, other: Signature) -> float:
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)


def _bands(values: np.ndarray) -> tuple[int, ...]:
    raw = values.astype("<u4").tobytes()
    width = ROWS * 4
    return tuple(
        int.from_bytes(hashlib.blake2b(raw[i * width : (i + 1) * width], digest_size=8).digest(), "little", signed=True)
        for i in range(BANDS)
    )


def signature(body: str) -> Signature:
    """The MinHash signature of a body's shingles."""
    values = minhash(shingle_hashes(body))
    return Signature(values, _bands(values))


def fingerprint(body: str) -> tuple[str, Signature]:
    """(`body_hash(body)`, `signature(body)`), normalising the body once for both."""
    text = normalise_body(body)
    values = minhash(shingle_hashes(text, normalised=True))
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), Signature(values, _bands(values))


def find_story_match(
    conn: sqlite3.Connection, sig: Signature, *, threshold: float
) -> tuple[int, int, float] | None:
    """(article_id, story_id, similarity) of the most similar stored article at or over `threshold`."""
    if sig.empty:
        return None
    clauses = " OR ".join("(band = ? AND hash = ?)" for _ in sig.bands)
    params: list[int] = []
    for i, h in enumerate(sig.bands):
        params += [i, h]
    rows = conn.execute(
        f"SELECT m.article_id, a.story_id, m.signature FROM minhashes m JOIN articles a ON a.id = m.article_id "
        f"WHERE m.article_id IN (SELECT DISTINCT article_id FROM lsh_bands WHERE {clauses}) LIMIT 200",
        params,
    ).fetchall()
    best: tuple[int, int, float] | None = None
    for article_id, story_id, blob in rows:
        sim = sig.jaccard(Signature.from_blob(blob))
        if sim >= threshold and story_id is not None and (best is None or sim > best[2]):
            best = (article_id, story_id, sim)
    return best


def store_signature(conn: sqlite3.Connection, article_id: int, sig: Signature, *, new: bool = False) -> None:
    """Persist a signature and its band digests (inside the caller's transaction); `new`: the
    article has none stored yet (no old bands to delete)."""
    conn.execute("INSERT OR REPLACE INTO minhashes (article_id, signature) VALUES (?, ?)", (article_id, sig.to_blob()))
    if not new:
        conn.execute("DELETE FROM lsh_bands WHERE article_id = ?", (article_id,))
    if sig.empty:
        return
    conn.executemany(
        "INSERT OR IGNORE INTO lsh_bands (band, hash, article_id) VALUES (?, ?, ?)",
        [(i, h, article_id) for i, h in enumerate(sig.bands)],
    )
