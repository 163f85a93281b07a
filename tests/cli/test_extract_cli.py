"""`dateline extract` through click: single pages, directories and JSON Lines dumps."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner, Result

from dateline.cli import main

PROSE = (
    "The council voted on Tuesday to extend the harbour wall by two hundred metres, a project that "
    "engineers say will protect the old town from winter storms for another fifty years."
)
PAGE = f"Harbour News\n\nCouncil backs harbour wall\n\n{PROSE}\n\n{PROSE.replace('Tuesday', 'Monday')}\n\nShare\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["extract", *args], catch_exceptions=False)


def test_a_text_file_gives_one_json_record(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    done = run(str(page))
    assert done.exit_code == 0, done.output
    record = json.loads(done.stdout)
    assert record["source_kind"] == "text" and "harbour wall by two hundred" in record["body"]
    assert "Share" not in record["body"]


def test_jsonl_keeps_ids_and_order(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    rows = [
        {"id": 7, "text": PAGE, "url": "https://example.org/news/harbour-wall"},
        {"id": "b", "html": f"<html><body><article><h1>Wall</h1><p>{PROSE}</p></article></body></html>"},
        {"id": "c", "text": "Home\nLogin"},
    ]
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n\nnot json\n", encoding="utf-8")
    done = run(str(dump))
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == [7, "b", "c", f"{dump}:5"]
    assert out[0]["source_kind"] == "text" and out[0]["url"] == "https://example.org/news/harbour-wall"
    assert out[1]["source_kind"] == "html" and "harbour wall" in out[1]["body"]
    assert out[2]["error"]["type"] == "NotAnArticle" and out[2]["error"]["reason"]
    assert out[3]["error"]["type"] == "InputError"
    assert f"error: {dump}:5: the line is not JSON" in done.stderr
    assert done.stderr.count(f"{dump}:5") == 1  # the file and line are named once
    assert done.exit_code == 1 and "2 extracted, 2 failed" in done.stderr


def test_gzipped_jsonl_is_read(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "x", "text": PAGE}) + "\n")
    done = run(str(dump))
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["id"] == "x"


def test_text_format_prints_title_and_body(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    done = run(str(page), "--format", "text")
    assert done.exit_code == 0
    assert PROSE in done.stdout
