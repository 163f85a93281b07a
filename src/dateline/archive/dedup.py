"""Duplicate detection: exact (content hashes) and near (MinHash LSH stories, state kept in SQLite).

Exact duplicates: the sha256 of the raw capture (the same file ingested twice) and of the
normalised body (the same text under different chrome). Near duplicates (a syndicated wire copy
with another headline, a re-published story) are grouped into a *story*: each article's body is
shingled into word 5-grams (character 5-grams for text without spaces, such as Chinese or
Japanese), hashed into a MinHash signature (datasketch's legacy scheme, see `minhash`), and split into `BANDS` bands of `ROWS` values. Band
digests live in the `lsh_bands` table, so candidates are found across runs with one indexed query;
a candidate joins the story only when its estimated Jaccard similarity reaches `threshold`.
"""

from __future__ import annotations

import hashlib
import re
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
    "minhash",
    "normalise_body",
    "raw_hash",
    "signature",
    "store_signature",
]

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
_SEED = 1
_WORD = re.compile(r"\w+", re.UNICODE)
_SHINGLE = 5
_MAX_SHINGLES = 5000


_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) parameters of the `NUM_PERM` hash permutations, as datasketch draws them."""
    gen = np.random.RandomState(_SEED)
    pairs = np.array(
        [(gen.randint(1, _PRIME, dtype=np.uint64), gen.randint(0, _PRIME, dtype=np.uint64)) for _ in range(NUM_PERM)],
        dtype=np.uint64,
    ).T
    return pairs[0], pairs[1]


def minhash(shingles: list[bytes]) -> np.ndarray:
    """MinHash values of a set of shingles: datasketch's `MinHash(num_perm=128, seed=1,
    scheme="legacy").update_batch(shingles).hashvalues`, computed here in one numpy step.

    datasketch itself is not imported at run time: its package import pulls in scipy, which costs
    0.5 to 2 s in every process (each ingest worker included); a test checks the values match.
    """
    if not shingles:
        return np.full(NUM_PERM, _MAX_HASH, dtype=np.uint64)
    a, b = _permutations()
    hv = np.array([int.from_bytes(hashlib.sha1(s).digest()[:4], "little") for s in shingles], dtype=np.uint64)
    with np.errstate(over="ignore"):
        phv = np.bitwise_and((hv[:, None] * a + b) % _PRIME, _MAX_HASH)
    return np.asarray(np.minimum(phv.min(axis=0), _MAX_HASH), dtype=np.uint64)


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


def _shingles(body: str) -> list[bytes]:
    text = normalise_body(body)
    words = _WORD.findall(text)
    if len(words) < max(8, len(text) // 40):  # scripts without spaces: character shingles
        chars = "".join(words)
        grams = [chars[i : i + _SHINGLE] for i in range(max(1, len(chars) - _SHINGLE + 1))]
    else:
        grams = [" ".join(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))]
    return [g.encode("utf-8") for g in grams[:_MAX_SHINGLES]]


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash signature (`NUM_PERM` values) and its LSH band digests."""

    values: np.ndarray
    bands: tuple[int, ...]

    def to_blob(self) -> bytes:
        return self.values.astype("<u8").tobytes()

    @staticmethod
    def from_blob(blob: bytes) -> Signature:
        values = np.frombuffer(blob, dtype="<u8").astype(np.uint64)
        return Signature(values, _bands(values))

    def jaccard(self, other: Signature) -> float:
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)


def _bands(values: np.ndarray) -> tuple[int, ...]:
    raw = values.astype("<u8").tobytes()
    width = ROWS * 8
    return tuple(
        int.from_bytes(hashlib.blake2b(raw[i * width : (i + 1) * width], digest_size=8).digest(), "little", signed=True)
        for i in range(BANDS)
    )


def signature(body: str) -> Signature:
    """The MinHash signature of a body's shingles."""
    values = minhash(_shingles(body))
    return Signature(values, _bands(values))


def find_story_match(
    conn: sqlite3.Connection, sig: Signature, *, threshold: float
) -> tuple[int, int, float] | None:
    """(article_id, story_id, similarity) of the most similar stored article at or over `threshold`."""
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


def store_signature(conn: sqlite3.Connection, article_id: int, sig: Signature) -> None:
    """Persist a signature and its band digests (inside the caller's transaction)."""
    conn.execute("INSERT OR REPLACE INTO minhashes (article_id, signature) VALUES (?, ?)", (article_id, sig.to_blob()))
    conn.execute("DELETE FROM lsh_bands WHERE article_id = ?", (article_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO lsh_bands (band, hash, article_id) VALUES (?, ?, ?)",
        [(i, h, article_id) for i, h in enumerate(sig.bands)],
    )
