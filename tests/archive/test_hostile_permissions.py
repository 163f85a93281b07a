"""Archives a user may read but not write, paths of the wrong kind, and paths that look like SQLite
URIs: each a clear `ArchiveError` naming the path, never a raw sqlite3 error or advice to delete.

Permission checks run in a child process as an unprivileged user (`nobody`) when the tests run as
root (root ignores file modes), so they test what a real user meets."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline import Archive, Article
from dateline.errors import ArchiveError

BODY = "The council approved the new budget on Tuesday, after a long debate about schools and roads. " * 3

CHILD = """
import os, sys
from dateline import Archive, Article
from dateline.errors import ArchiveError
import dateline.archive.ingest, dateline.archive.writer, dateline.archive.search  # before dropping root
if os.geteuid() == 0:
    os.setgid(65534)
    os.setuid(65534)
path, readonly = sys.argv[1], sys.argv[2] == "ro"
try:
    with Archive(path, readonly=readonly) as archive:
        if readonly:
            print("read", len(archive.latest()))
        else:
            archive.add(Article(url="https://a.example/2", title="Two", body=sys.argv[3]))
            print("wrote")
except ArchiveError as exc:
    print("ArchiveError", exc)
"""


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder others may enter (pytest's own are private to their owner) holding one archive."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        folder.chmod(0o755)
        with Archive(folder / "a.db") as archive:
            archive.add(Article(url="https://a.example/1", title="One", body=BODY))
        yield folder


def _as_user(path: Path, mode: str) -> str:
    if os.geteuid() == 0 and not Path("/etc/passwd").read_text().count(":65534:"):
        pytest.skip("needs the unprivileged user 65534 to drop root")
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), mode, BODY], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_writing_an_archive_the_user_cannot_write_says_so(shared: Path) -> None:
    (shared / "a.db").chmod(0o444)
    said = _as_user(shared / "a.db", "rw")
    assert said.startswith(f"ArchiveError {shared / 'a.db'}: ") and "cannot be written" in said
    assert "remove" not in said and "damaged" not in said  # it was: "check the path or remove a damaged file"


def test_reading_an_archive_in_a_folder_the_user_cannot_write_says_why(shared: Path) -> None:
    (shared / "a.db").chmod(0o444)
    shared.chmod(0o555)
    try:
        said = _as_user(shared / "a.db", "ro")
    finally:
        shared.chmod(0o755)
    assert said.startswith(f"ArchiveError {shared / 'a.db'}: ") and "-shm" in said and "this user may not" in said
    assert "not a dateline archive" not in said  # it was, with "create one with `dateline ingest`"


def test_a_path_that_looks_like_a_sqlite_uri_is_a_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with Archive(tmp_path / "real.db") as archive:
        archive.add(Article(url="https://a.example/1", title="One", body=BODY))
    with Archive("file:real.db?mode=ro") as archive:  # the writer opened real.db read-only, the readers another file
        archive.add(Article(url="https://a.example/2", title="Two", body=BODY + " Again."))
        assert [s.article.title for s in archive.latest()] == ["Two"]
    assert (tmp_path / "file:real.db?mode=ro").is_file()


@pytest.mark.parametrize("kind", ["directory", "under-a-file"])
def test_an_archive_path_of_the_wrong_kind_names_it(tmp_path: Path, kind: str) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    path = tmp_path / ("file/a.db" if kind == "under-a-file" else "")
    for readonly in (False, True):
        with pytest.raises(ArchiveError, match=str(path)):
            Archive(path, readonly=readonly)


def test_export_to_a_path_of_the_wrong_kind_is_an_archive_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with Archive(tmp_path / "a.db") as archive:
        archive.add(Article(url="https://a.example/1", title="One", body=BODY))
        for out in (tmp_path, tmp_path / "file" / "o.csv"):
            with pytest.raises(ArchiveError, match=str(out)):
                archive.export(out, format="csv")


def test_the_crawl_state_opens_the_same_file_as_the_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.crawl.frontier import Frontier

    monkeypatch.chdir(tmp_path)
    Archive("file:a.db?mode=ro").close()
    Frontier("file:a.db?mode=ro").close()  # it opened a.db read-only: "unable to open database file"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["file:a.db?mode=ro"]
