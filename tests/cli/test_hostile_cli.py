"""`dateline extract` given inputs with no end (/dev/zero, an endless pipe) or ids JSON cannot write:
a per-input error and a batch that goes on, in bounded memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import main

PROSE = "The council approved the new budget on Tuesday, after a long debate about schools and roads. "


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_file_is_refused_at_max_bytes_and_the_batch_goes_on(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(f"Budget\n\n{PROSE * 3}", encoding="utf-8")
    done = CliRunner().invoke(main, ["extract", "/dev/zero", str(page)], catch_exceptions=False)
    assert done.exit_code == 1
    assert "/dev/zero" in done.stderr and "max_bytes" in done.stderr
    assert "approved the new budget" in json.loads(done.stdout.splitlines()[0])["body"]


def test_an_id_json_cannot_write_gives_valid_json_lines(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"id": 1e400, "text": "Budget\\n\\n%s"}\n' % (PROSE * 3), encoding="utf-8")
    done = CliRunner().invoke(main, ["extract", str(dump)], catch_exceptions=False)
    record = json.loads(done.stdout.splitlines()[0], parse_constant=lambda name: pytest.fail(name))
    assert record["id"] == f"{dump}:1"


def test_a_directory_without_pages_is_an_error_not_a_silent_success(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("not a page", encoding="utf-8")
    done = CliRunner().invoke(main, ["extract", str(tmp_path / "empty")], catch_exceptions=False)
    assert done.exit_code == 1 and "holds no pages" in done.stderr
