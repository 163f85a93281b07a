"""Lone surrogates (U+D800-U+DFFF), which JSON escapes (`"\\ud800"`) and Python strings carry but UTF-8
cannot: extract replaces them, and a batch never dies on them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dateline
from dateline import InputError

PROSE = "The council approved the new budget on Tuesday, after a long debate about schools and roads. "


@pytest.mark.parametrize("content_type", ["text/html", "text/plain"])
def test_lone_surrogates_in_text_become_replacement_characters(content_type: str) -> None:
    text = f"Budget\ud800 vote\n\n{PROSE * 3}end \udfff here"
    content = f"<title>Budget\ud800 vote</title><article><p>{PROSE * 3}end \udfff here</p></article>"
    article = dateline.extract(text if content_type == "text/plain" else content, content_type=content_type)
    assert "approved the new budget" in article.body
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")  # no surrogate left anywhere


def test_a_surrogate_pair_written_as_two_characters_is_kept_whole() -> None:
    article = dateline.extract(f"Title\n\n{PROSE * 3} smile \ud83d\ude00", content_type="text/plain")
    assert "smile \U0001f600" in article.body


def test_a_url_with_a_lone_surrogate_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not a valid URL"):
        dateline.extract(f"<article><p>{PROSE * 3}</p></article>", url="https://example.com/\ud800")


def test_cli_extract_goes_on_past_a_record_with_lone_surrogates(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    rows = [
        '{"id": "a", "text": "Budget\\n\\n%s\\udfff"}' % (PROSE * 3),
        '{"id": "b", "html": "<article><p>%s</p></article>", "url": "https://example.com/\\ud800"}' % (PROSE * 3),
        '{"id": "c", "text": "Roads\\n\\n%s"}' % (PROSE * 3),
    ]
    dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-c", "from dateline.cli import main; main()", "extract", str(dump)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert "Traceback" not in done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in records if "body" in r] == ["a", "c"]
    assert done.returncode == 1 and "not a valid URL" in done.stdout + done.stderr


def test_ingest_stores_the_records_of_a_dump_with_lone_surrogates(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    rows = [
        '{"id": "a\\ud800", "html": "<title>Budget\\udfff</title><article><p>%s</p></article>"}' % (PROSE * 3),
        '{"id": "b", "text": "Roads\\n\\n%s \\ud800", "url": "https://example.com/\\ud800"}' % (PROSE * 3 + "again"),
    ]
    dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with dateline.Archive(tmp_path / "a.db") as archive:
        report = archive.ingest([dump])
        assert (report.stored, report.failures) == (2, [])
        titles = {hit.article.title for hit in archive.latest()}
    assert "Budget\ufffd" in titles
