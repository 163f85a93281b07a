from __future__ import annotations

import sqlite3
from pathlib import Path

from archive_pages import page_html

from dateline import Archive


def test_reextract_restores_fields_from_the_raw_capture(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.html").write_text(page_html(i), encoding="utf-8")
    with Archive(tmp_path / "a.db") as archive:
        archive.ingest([folder])
    with sqlite3.connect(tmp_path / "a.db") as conn:  # an older extractor's output, say
        conn.execute("UPDATE articles SET title = 'stale', body = body || ' stale tail' WHERE id = 2")
    with Archive(tmp_path / "a.db") as archive:
        report = archive.reextract()
        assert archive.get(2).article.title == "Story number 1"
        assert archive.search("stale").total == 0
    assert (report.updated, report.unchanged) == (1, 2)
