from __future__ import annotations

import sqlite3
from pathlib import Path

from dateline.web.cache import VersionedCache


def test_entries_and_bytes_are_bounded_and_a_commit_empties_it(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    writer = sqlite3.connect(path)
    writer.execute("CREATE TABLE t (x)")
    writer.commit()
    cache = VersionedCache(sqlite3.connect(path), size=3, max_bytes=100)
    for n in range(4):
        cache.put(n, f"v{n}", size=10)
    assert cache.get(0) is None and cache.get(3) == "v3" and len(cache) == 3
    cache.get(1)  # used: now the most recent
    cache.put("big", "b", size=85)
    assert cache.get(1) == "v1" and cache.get(2) is None and cache.get("big") == "b"
    writer.execute("INSERT INTO t VALUES (1)")
    writer.commit()
    assert cache.get(1) is None and len(cache) == 0


def test_a_value_computed_across_a_commit_is_not_kept_as_new(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    writer = sqlite3.connect(path)
    writer.execute("CREATE TABLE t (x)")
    writer.commit()
    cache = VersionedCache(sqlite3.connect(path), size=3)
    assert cache.get("k") is None  # a miss: the caller computes the value from the archive as it is
    writer.execute("INSERT INTO t VALUES (1)")  # another connection commits meanwhile
    writer.commit()
    cache.put("k", "computed before the commit")
    assert cache.get("k") is None
