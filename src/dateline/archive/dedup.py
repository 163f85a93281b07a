"""Duplicate detection: exact (content hashes) and near (MinHash LSH stories, state kept in SQLite).

Exact duplicates: the sha256 of the raw capture (the same file ingested twice) and of the
normalised body (the same text under different chrome). Near duplicates (a syndicated wire copy
with another headline, a re-published story) are grouped into a *story*: each article's body is
shingled into word 5-grams (character 5-grams for text without spaces, such as Chinese or
Japanese), hashed to 64 bits, summarised by a one-permutation MinHash signature with densification
(`minhash`), and split into `BANDS` bands of `ROWS` values. Band digests live in the `lsh_bands`
table, so candidates are found across runs with one indexed query; a candidate joins the story
only when its estimated Jaccard similarity reaches `threshold`.
"""

from __future__ import annotations

import hashlib
import sqlite3
import unicodedata
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
    "store_signatures",
    "token_hashes",
]

NUM_PERM = 128  # signature values (bins of the one-permutation MinHash)
BANDS = 32
ROWS = NUM_PERM // BANDS
_SEED = 1
_SHINGLE = 5
_MAX_SHINGLES = 5000

_EMPTY = np.uint32(0xFFFFFFFF)
_BIN_SHIFT = np.uint64(64 - (NUM_PERM - 1).bit_length())  # the top 7 bits choose the bin
_LOW32 = np.uint64(0xFFFFFFFF)
_PRIME = 0x100000001B3  # FNV-1 64-bit prime: odd, so invertible modulo 2**64
_MIX = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
_WINDOW = np.uint64(0x9E3779B97F4A7C15)  # combines the token hashes of a shingle


def raw_hash(data: bytes) -> str:
    """Hex sha256 of the raw bytes."""
    return hashlib.sha256(data).hexdigest()


def normalise_body(body: str) -> str:
    """The body with case, accents-as-composed-forms and white space normalised:
    `" ".join(NFKC(body).casefold().split())`, with the split and join (a third of the cost)
    skipped when newlines are the only white space to collapse."""
    text = unicodedata.normalize("NFKC", body).casefold().replace("\n\n", " ").replace("\n", " ")
    if text.isprintable() and "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        return text  # U+0020 is the only printable white space: nothing left to collapse
    return " ".join(text.split())


def body_hash(body: str) -> str:
    """Hex sha256 of the normalised body: equal for the same text under different markup."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()


#: ASCII bytes that are not word characters become spaces; bytes of other characters are kept.
_ASCII_BREAKS = bytes(b if b >= 0x80 or b == 0x5F or chr(b).isalnum() else 0x20 for b in range(256))


def _mix(h: np.ndarray) -> np.ndarray:
    """murmur3's 64-bit finaliser, in place: every output bit depends on every input bit."""
    shift, m1, m2 = _MIX
    with np.errstate(over="ignore"):
        h ^= h >> shift
        h *= m1
        h ^= h >> shift
        h *= m2
        h ^= h >> shift
    return h


@lru_cache(maxsize=8)
def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """(P**i, P**-i) modulo 2**64 for i < size."""
    with np.errstate(over="ignore"):
        up = np.cumprod(np.full(size, _PRIME, dtype=np.uint64))
        down = np.cumprod(np.full(size, pow(_PRIME, -1, 1 << 64), dtype=np.uint64))
    up[1:], down[1:] = up[:-1].copy(), down[:-1].copy()
    up[0] = down[0] = 1
    return up, down


def _code_points(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The code points of `text` and a mask of its word characters (those of `\\w`).

    ASCII punctuation becomes spaces by one `bytes.translate`; other characters that are not word
    characters are found among the text's distinct non-ASCII code points (a few dozen at most).
    """
    ascii_broken = text.encode("utf-8", "surrogatepass").translate(_ASCII_BREAKS).decode("utf-8", "surrogatepass")
    cp = np.frombuffer(ascii_broken.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    word = cp != 0x20
    if not text.isascii():
        high = np.flatnonzero(cp >= 0x80)
        distinct, where = np.unique(cp[high], return_inverse=True)
        breaks = np.array([not chr(c).isalnum() for c in distinct.tolist()], dtype=bool)
        if breaks.any():
            word[high[breaks[where]]] = False
    return cp, word


def _token_hashes(cp: np.ndarray, word: np.ndarray) -> np.ndarray:
    """64-bit hashes of the runs of word characters: each run's code points as a polynomial
    (sum of c_i * P**i over the run, modulo 2**64, from one prefix sum over the text), mixed."""
    padded = np.zeros(len(word) + 2, dtype=bool)
    padded[1:-1] = word
    edges = np.flatnonzero(padded[1:] != padded[:-1])  # where runs of word characters start and end
    starts, ends = edges[0::2], edges[1::2]
    if not len(starts):
        return np.zeros(0, dtype=np.uint64)
    up, down = _powers(1 << max(12, len(cp).bit_length()))
    prefix = np.zeros(len(cp) + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        np.cumsum(cp * up[: len(cp)], out=prefix[1:])
        return _mix((prefix[ends] - prefix[starts]) * down[starts])


def token_hashes(text: str) -> np.ndarray:
    """64-bit hashes of the words of `text` (the tokens of `re.findall(r"\\w+", text)`), in order,
    computed in numpy without a Python object per word."""
    return _token_hashes(*_code_points(text))


def shingle_hashes(body: str, *, normalised: bool = False) -> np.ndarray:
    """64-bit hashes of the body's shingles (word 5-grams, or character 5-grams for scripts
    written without spaces), at most `_MAX_SHINGLES` of them.

    A shingle's hash combines its tokens' hashes (`token_hashes`) in numpy, weighted by powers of
    an odd constant, then mixed: no per-shingle string is built.
    """
    text = body if normalised else normalise_body(body)
    cp, word = _code_points(text)
    th = _token_hashes(cp, word)
    if len(th) < max(8, len(text) // 40):  # Chinese, Japanese, Thai...: character shingles
        with np.errstate(over="ignore"):
            th = _mix(cp[word].astype(np.uint64) * _WINDOW)
    if not len(th):
        return np.zeros(0, dtype=np.uint64)
    n = max(1, len(th) - _SHINGLE + 1)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(min(_SHINGLE, len(th))):
            h = h * _WINDOW + th[j : j + n]
    return _mix(h[:_MAX_SHINGLES])


@lru_cache(maxsize=1)
def _probes() -> np.ndarray:
    """For each bin, the order in which an empty bin looks at the others (fixed random permutations)."""
    gen = np.random.RandomState(_SEED)
    return np.stack([gen.permutation(NUM_PERM) for _ in range(NUM_PERM)])


def minhash(hashes: np.ndarray) -> np.ndarray:
    """The one-permutation MinHash of a set of 64-bit shingle hashes: `NUM_PERM` uint32 values.

    The top 7 bits of a (mixed) hash choose its bin and each bin keeps the least of its hashes'
    low 32 bits, in one pass (Li, Owen and Zhang 2012), instead of 128 permutations of every
    shingle. An empty bin (short bodies) takes the value of the first occupied bin in its own
    fixed random order of the others ("optimal densification", Shrivastava 2017), so two bodies
    still agree on a bin with a probability equal to their Jaccard similarity. A body without any
    shingle has every value at 0xFFFFFFFF (`Signature.empty`).
    """
    out = np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    if not len(hashes):
        return out
    h = np.asarray(hashes, dtype=np.uint64)
    bins = (h >> _BIN_SHIFT).astype(np.intp)
    np.minimum.at(out, bins, (h & _LOW32).astype(np.uint32))
    occupied = np.bincount(bins, minlength=NUM_PERM) > 0
    if not occupied.all():
        empty = np.flatnonzero(~occupied)
        probes = _probes()[empty]
        out[empty] = out[probes[np.arange(len(empty)), occupied[probes].argmax(axis=1)]]
    return out


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
        return bool((self.values == _EMPTY).all())

    def jaccard(self, other: Signature) -> float:
        return _agreement(self.values, other.values)


def _agreement(a: np.ndarray, b: np.ndarray) -> float:
    """The share of positions where two signatures agree: the estimated Jaccard similarity."""
    return float(np.count_nonzero(a == b)) / len(a)


def _bands(values: np.ndarray) -> tuple[int, ...]:
    """One signed 64-bit digest per band of `ROWS` values (two mixed 64-bit words each)."""
    words = np.ascontiguousarray(values[: BANDS * ROWS], dtype="<u4").view("<u8").reshape(BANDS, ROWS // 2)
    with np.errstate(over="ignore"):
        h = _mix(words[:, 0].astype(np.uint64))
        for k in range(1, ROWS // 2):
            h = _mix(h * _WINDOW + words[:, k])
    return tuple(h.view(np.int64).tolist())


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
        sim = _agreement(sig.values, np.frombuffer(blob, dtype="<u4"))
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


def store_signatures(conn: sqlite3.Connection, signed: list[tuple[int, Signature]]) -> None:
    """Persist the signatures of articles that have neither a signature nor bands stored (inside
    the caller's transaction): one statement per table, the band rows sorted by key so that the index pages
    are filled in order (migration 0006 re-signs a whole archive with it: half the time of one
    `store_signature` each)."""
    conn.executemany("INSERT INTO minhashes (article_id, signature) VALUES (?, ?)",
                     [(aid, sig.to_blob()) for aid, sig in signed])
    conn.executemany(
        "INSERT OR IGNORE INTO lsh_bands (band, hash, article_id) VALUES (?, ?, ?)",
        sorted((i, h, aid) for aid, sig in signed if not sig.empty for i, h in enumerate(sig.bands)),
    )
