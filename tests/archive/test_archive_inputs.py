from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.archive.inputs import discover, input_kind, iter_pages
from dateline.errors import InputError
from dateline.samples.build import warc_record
from dateline.warc import iter_warc

texts = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=200).filter(str.strip)
records = st.lists(st.fixed_dictionaries({"url": st.from_regex(r"https://[a-z]{1,8}\.example/[a-z0-9]{0,8}",
                                                                 fullmatch=True), "text": texts}),
                   min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(records, st.booleans())
def test_jsonl_dumps_round_trip(rows: list[dict[str, str]], packed: bool) -> None:
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("dump.jsonl.gz" if packed else "dump.jsonl")
        path.write_bytes(gzip.compress(data) if packed else data)
        pages = list(iter_pages(path))
    assert [(p.url, p.content) for p in pages] == [(r["url"], r["text"]) for r in rows]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=3000), min_size=1, max_size=5))
def test_warc_payloads_round_trip(payloads: list[bytes]) -> None:
    data = b"".join(warc_record(f"https://w.example/{i}", p, date="2026-01-01T00:00:00Z")
                    for i, p in enumerate(payloads))
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.warc.gz").write_bytes(data)
        got = [(r.url, r.payload, r.problem) for r in iter_warc(Path(tmp) / "a.warc.gz")]
    assert got == [(f"https://w.example/{i}", p, None) for i, p in enumerate(payloads)]


def test_kinds_by_content(tmp_path: Path) -> None:
    cases = {"a.json": b'[{"text": "x"}]', "b.data": b'{"text": "one"}\n{"text": "two"}\n',
             "c.txt": b"<!DOCTYPE html><html><body><p>x</p></body></html>", "d": b"plain words only",
             "e.bin": b"\x89PNG\r\n\x1a\n\x00\x00", "f.gz": gzip.compress(b"<html><body>hi</body></html>")}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    kinds = {name: input_kind(tmp_path / name) for name in cases}
    assert kinds == {"a.json": "json", "b.data": "jsonl", "c.txt": "html", "d": "text", "e.bin": "binary",
                     "f.gz": "gz"}
    assert sorted(p.name for p in discover([tmp_path])) == ["a.json", "c.txt", "f.gz"]  # suffix-less text skipped
    with pytest.raises(InputError, match="no such file"):
        list(discover([tmp_path / "missing"]))


def test_a_whole_file_page_can_be_read_again_until_the_file_changes(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text("<html><body><p>" + "river " * 20000 + "</p></body></html>", encoding="utf-8")
    packed = tmp_path / "b.html.gz"
    packed.write_bytes(gzip.compress(page.read_bytes()))
    [whole] = iter_pages(page)
    [unpacked] = iter_pages(packed)
    assert whole.file is not None and whole.file.read() == whole.content
    assert unpacked.file is None  # its bytes are not the file's
    page.write_text("<html><body><p>harbour</p></body></html>", encoding="utf-8")
    assert whole.file.read() is None
    page.unlink()
    assert whole.file.read() is None
