from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dateline import Archive, extract
from dateline.archive.dedup import (
    _PRIME,
    _mix,
    body_hash,
    minhash,
    normalise_body,
    signature,
    token_hashes,
)
from dateline.samples.build import ARTICLES, render_html


def _sample(slug: str) -> bytes:
    return render_html(next(a for a in ARTICLES if a.slug == slug)).encode()


def test_syndicated_pair_is_one_story_and_same_topic_stays_apart(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        wire = archive.add(extract(_sample("central-bank-holds-rates")))
        copy = archive.add(extract(_sample("rates-unchanged-again")))  # other site, headline, chrome, one line more
        other = archive.add(extract(_sample("economists-split-on-rate-cuts")))  # same topic, different story
        story = archive.story(wire.story_id or 0)
    assert copy.outcome == "stored" and copy.story_id == wire.story_id
    assert other.story_id != wire.story_id
    assert [a.id for a in story.articles] == [wire.id, copy.id] and story.canonical_id == wire.id


def test_stories_persist_across_runs(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        first = archive.add(extract(_sample("central-bank-holds-rates")))
    with Archive(tmp_path / "a.db") as archive:
        assert archive.add(extract(_sample("rates-unchanged-again"))).story_id == first.story_id


def test_syndicated_copy_and_other_story_measured_similarity() -> None:
    # exact Jaccard of the shingle sets: 0.958 (copy) and 0.0 (other story); estimated 0.953 and 0.0
    wire, copy, other = (extract(_sample(s)).body for s in (
        "central-bank-holds-rates", "rates-unchanged-again", "economists-split-on-rate-cuts"))
    assert signature(wire).jaccard(signature(copy)) > 0.9
    assert signature(wire).jaccard(signature(other)) < 0.1


def _sets(size: int, jaccard: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    shared = round(2 * size * jaccard / (1 + jaccard))  # |A & B| for |A| = |B| = size
    items = rng.integers(0, 2**63, 3 * size, dtype=np.uint64)
    a = items[:size]
    return a, np.concatenate([a[:shared], items[size : 2 * size - shared]])


@pytest.mark.parametrize("size", [6, 40, 300, 5000])  # the smaller sets leave most bins empty (densification)
@pytest.mark.parametrize("jaccard", [0.1, 0.5, 0.9])
def test_one_permutation_minhash_estimates_jaccard(size: int, jaccard: float) -> None:
    errors = []
    for seed in range(20):
        a, b = _sets(size, jaccard, seed)
        truth = len(set(a.tolist()) & set(b.tolist())) / len(set(a.tolist()) | set(b.tolist()))
        errors.append(float(np.mean(minhash(_mix(a.copy())) == minhash(_mix(b.copy())))) - truth)
    assert abs(np.mean(errors)) < 0.04 and max(map(abs, errors)) < 0.25


def test_minhash_of_nothing_is_empty() -> None:
    assert signature("").empty and not signature("one two three").empty
    assert (minhash(np.zeros(0, dtype=np.uint64)) == 0xFFFFFFFF).all()


def _polynomial(word: str) -> int:
    return sum(ord(c) * pow(_PRIME, i, 1 << 64) for i, c in enumerate(word)) % (1 << 64)


@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=200))
def test_token_hashes_hash_the_regex_words(text: str) -> None:
    words = np.array([_polynomial(w) for w in re.findall(r"\w+", text)], dtype=np.uint64)
    assert np.array_equal(token_hashes(text), _mix(words))


@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=200))
def test_normalise_body_is_nfkc_casefold_with_spaces_collapsed(text: str) -> None:
    assert normalise_body(text) == " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def test_every_white_space_but_the_space_is_unprintable() -> None:
    # normalise_body's shortcut relies on it: printable text holds no white space other than U+0020
    assert [c for c in map(chr, range(0x110000)) if c.isspace() and c.isprintable()] == [" "]


def test_cjk_text_is_shingled_by_characters() -> None:
    a = "港町の中心部に三日、新しい市立図書館が開館した。旧倉庫を改装した建物で、蔵書はおよそ十万冊。" * 2
    assert signature(a).jaccard(signature(a + "館長は話した。")) > 0.6
    assert signature(a).jaccard(signature("山の上の村で祭りが開かれ、多くの人が集まった。天気にも恵まれた。")) < 0.2


@given(st.text(min_size=1, max_size=300), st.sampled_from([" ", "\n\n", "\t"]))
def test_body_hash_ignores_case_and_spacing(text: str, sep: str) -> None:
    assume(text.upper().casefold() == text.casefold())  # upper() loses information for a few letters (ı)
    assert body_hash(text) == body_hash(sep.join(text.upper().split()) + "  ")


@given(st.text(max_size=400))
def test_signature_of_itself_is_identical(text: str) -> None:
    sig = signature(text)
    assert sig.jaccard(signature(text)) == 1.0 and len(sig.bands) == 32


def test_bodies_without_words_never_form_a_story(tmp_path: Path) -> None:
    from dateline.models import Article

    with Archive(tmp_path / "a.db") as archive:
        first = archive.add(Article(body="— — — ! ? …"))
        second = archive.add(Article(body="… ! — ? —"))
    assert signature("— — —").empty and first.story_id != second.story_id
