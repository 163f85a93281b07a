from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from dateline import Archive, extract
from dateline.archive.dedup import body_hash, minhash, shingle_hashes, signature, word_tokens
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


def test_matches_datasketch() -> None:
    from datasketch import MinHash

    hashes = shingle_hashes("Harbour council approves a tidal energy pilot off the point, said the mayor. " * 5)
    reference = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=int)
    reference.update_batch([int(h) for h in hashes])
    assert len(hashes) > 50 and np.array_equal(minhash(hashes), reference.hashvalues)


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


@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=200))
def test_word_tokens_are_the_regex_words(text: str) -> None:
    assert word_tokens(text) == [w.encode("utf-8") for w in re.findall(r"\w+", text)]


def test_word_tokens_split_on_ascii_and_other_punctuation() -> None:
    assert word_tokens("l’État, «vite»—déjà_vu 3.5 東京") == [
        b"l", "État".encode(), b"vite", "déjà_vu".encode(), b"3", b"5", "東京".encode()
    ]
