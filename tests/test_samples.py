from __future__ import annotations

from pathlib import Path

from dateline.samples import sample_inputs, samples_dir
from dateline.samples.build import ARTICLES, build


def test_shipped_samples_match_the_builder(tmp_path: Path) -> None:
    written = build(tmp_path)
    for path in written:
        shipped = samples_dir() / path.relative_to(tmp_path)
        assert shipped.read_bytes() == path.read_bytes(), f"{shipped} is stale: run python -m dateline.samples.build"


def test_samples_cover_kinds_and_languages() -> None:
    assert all(p.is_dir() for p in sample_inputs())
    assert len({a.lang for a in ARTICLES}) >= 6 and {a.home for a in ARTICLES} == {"html", "warc", "text", "jsonl"}
    assert len(ARTICLES) >= 15 and all(".example" in a.url for a in ARTICLES)
