from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from archive_pages import article

from dateline import Archive
from dateline.archive import EXPORT_FIELDS, SearchFilters


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    a = Archive(tmp_path / "a.db")
    a.add(article(1, authors=("Ana Lima", "Bo Chen"), language="en", published=datetime(2026, 1, 2, 3, tzinfo=UTC)))
    a.add(article(2, title="Zweiter, mit \"Komma\"", language="de", tags=("Kultur",)))
    return a


def test_jsonl(tmp_path: Path, archive: Archive) -> None:
    assert archive.export(tmp_path / "o.jsonl", format="jsonl") == 2
    rows = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert list(rows[0]) == list(EXPORT_FIELDS)
    assert {r["title"] for r in rows} == {"Story 1", 'Zweiter, mit "Komma"'}
    dated = next(r for r in rows if r["published"])
    assert dated["authors"] == ["Ana Lima", "Bo Chen"] and dated["published_utc"] == "2026-01-02T03:00:00+00:00"


def test_csv(tmp_path: Path, archive: Archive) -> None:
    archive.export(tmp_path / "o.csv", format="csv")
    with (tmp_path / "o.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2 and rows[0]["authors"] == "Ana Lima; Bo Chen"
    assert rows[1]["title"] == 'Zweiter, mit "Komma"' and rows[1]["body"].count("\n\n") == 3


def test_parquet(tmp_path: Path, archive: Archive) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from dateline.archive import parquet_schema

    archive.export(tmp_path / "o.parquet", format="parquet", filters=SearchFilters(language="en"))
    table = pq.read_table(tmp_path / "o.parquet")
    assert table.schema.equals(parquet_schema()) and table.num_rows == 1
    row = table.to_pylist()[0]
    assert row["authors"] == ["Ana Lima", "Bo Chen"] and row["published_utc"] == datetime(2026, 1, 2, 3, tzinfo=UTC)


def test_markdown_file_and_folder(tmp_path: Path, archive: Archive) -> None:
    archive.export(tmp_path / "o.md", format="markdown")
    text = (tmp_path / "o.md").read_text(encoding="utf-8")
    assert text.startswith("---\n") and text.count("\n# ") == 2
    (tmp_path / "md").mkdir()
    assert archive.export(tmp_path / "md", format="markdown") == 2
    assert sorted(p.name for p in (tmp_path / "md").iterdir()) == ["1.md", "2.md"]
