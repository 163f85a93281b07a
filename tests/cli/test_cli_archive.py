"""The archive commands end to end through click, over real files and a real archive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dateline.cli import main


def dateline(*args: str, db: Path) -> Result:
    return CliRunner().invoke(main, list(args), env={"DATELINE_DB": str(db)}, catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "samples.db"
    done = dateline("ingest", "--samples", "--json", db=path)
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["counts"]["stored"] >= 15 and report["counts"]["error"] == 0
    assert "stored" in done.stderr  # the summary table
    return path


def test_ingest_twice_stores_nothing_new(db: Path) -> None:
    again = dateline("ingest", "--samples", "--json", db=db)
    counts = json.loads(again.stdout)["counts"]
    assert again.exit_code == 0 and counts["stored"] == 0 and counts["duplicate"] >= 15


def test_ingest_exits_1_when_an_input_fails(db: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.html.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    (tmp_path / "empty.txt").write_bytes(b"")
    done = dateline("ingest", str(tmp_path), db=db)
    assert done.exit_code == 1 and "bad.html.gz" in done.stderr
    empty = [line for line in done.stderr.splitlines() if line.startswith("error:") and "empty.txt" in line]
    assert len(empty) == 1 and empty[0].count("empty.txt") == 1  # each failed input named once


def test_ingest_needs_inputs(db: Path) -> None:
    assert dateline("ingest", db=db).exit_code == 2


def test_search_text_and_json(db: Path) -> None:
    text = dateline("search", "interest rates", "--site", "meridianpost.example", db=db)
    assert text.exit_code == 0 and "Economists split" in text.stdout and "\x1b[" not in text.stdout
    data = json.loads(dateline("search", "passerelle", "--json", "--language", "fr", db=db).stdout)
    assert data["total"] == 1 and "<mark>" in data["hits"][0]["snippet"] and data["facets"]["language"]


def test_search_malformed_query_is_a_clear_error(db: Path) -> None:
    done = dateline("search", '"unclosed', db=db)
    assert done.exit_code == 1 and "cannot parse the search query" in done.stderr


def test_export_and_reextract(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "de.jsonl"
    assert dateline("export", "--format", "jsonl", str(out), "--language", "de", db=db).exit_code == 0
    assert {json.loads(line)["language"] for line in out.read_text(encoding="utf-8").splitlines()} == {"de"}
    done = dateline("reextract", "--json", db=db)
    assert done.exit_code == 0 and json.loads(done.stdout)["updated"] == 0


def test_search_without_an_archive(tmp_path: Path) -> None:
    done = dateline("search", "x", db=tmp_path / "none.db")
    assert done.exit_code == 1 and "dateline ingest" in done.stderr


def test_ingest_default_and_in_process_store_the_same(db: Path, tmp_path: Path) -> None:
    import sqlite3

    from dateline.cli.ingest import default_workers

    assert default_workers() in (0, 1)
    assert default_workers(cpus=2) == 1  # extraction in one worker, and in this process when it is idle
    assert default_workers(cpus=1) == 0
    assert default_workers(cpus=8) == 1
    inline = tmp_path / "inline.db"
    assert dateline("ingest", "--samples", "--workers", "0", db=inline).exit_code == 0

    def rows(path: Path) -> list[tuple[object, ...]]:
        with sqlite3.connect(path) as conn:
            return conn.execute("SELECT id, story_id, title, body_sha256 FROM articles ORDER BY id").fetchall()

    assert rows(inline) == rows(db)  # `db` was ingested with the default
