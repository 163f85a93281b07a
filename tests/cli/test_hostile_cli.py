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


def _dump_with_a_huge_line(path: Path, huge: int) -> None:
    """A dump of three lines, the second `huge` bytes long (a hole in a sparse file: no disk)."""
    good = '{"id": "%s", "text": "Budget\\n\\n%s"}\n'
    with open(path, "wb") as fh:
        fh.write((good % ("a", PROSE * 3)).encode())
        fh.seek(huge, 1)
        fh.write(b"\n" + (good % ("b", PROSE * 3)).encode())


def test_an_endless_json_line_is_reported_and_the_lines_after_it_are_read(tmp_path: Path) -> None:
    import tracemalloc

    from dateline.options import ExtractOptions

    dump = tmp_path / "dump.jsonl"
    limit = 4 * ExtractOptions().max_bytes  # the longest line read
    _dump_with_a_huge_line(dump, 2 * limit)
    tracemalloc.start()
    try:
        done = CliRunner().invoke(main, ["extract", str(dump)], catch_exceptions=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", f"{dump}:2", "b"]
    assert lines[1]["error"]["type"] == "InputTooLarge" and "too long" in lines[1]["error"]["message"]
    assert done.exit_code == 1 and "2 extracted, 1 failed" in done.stderr
    assert peak < 2 * limit + (64 << 20)  # the capped line (joined from its chunks), never the whole line


def test_a_cut_gzipped_dump_keeps_its_lines_and_the_batch_goes_on(tmp_path: Path) -> None:
    import gzip
    import hashlib
    import zlib

    rows = b"".join(b'{"id": %d, "text": "%s\\n\\n%s"}\n' % (i, hashlib.sha256(b"%d" % i).hexdigest().encode(),
                                                         (PROSE * 3).encode()) for i in range(200))
    packed = gzip.compress(rows)
    dump = tmp_path / "cut.jsonl.gz"
    dump.write_bytes(packed[: len(packed) // 2])
    whole_lines = zlib.decompressobj(31).decompress(packed[: len(packed) // 2]).count(b"\n")
    page = tmp_path / "page.txt"
    page.write_text(f"Budget\n\n{PROSE * 3}", encoding="utf-8")
    done = CliRunner().invoke(main, ["extract", str(dump), str(page)], catch_exceptions=False)
    assert done.exit_code == 1 and "Aborted" not in done.stderr
    assert f"error: {dump}: the gzip data is corrupt or cut off" in done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines[:-1]] == list(range(whole_lines))  # every whole line before the cut
    assert "approved the new budget" in lines[-1]["body"] and whole_lines > 50
