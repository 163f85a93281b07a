from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlsite import NewsSite, serve_site

from dateline import Archive


@pytest.fixture
def site() -> Iterator[NewsSite]:
    yield from serve_site(NewsSite(slow_seconds=3.5))


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive(tmp_path / "news.db") as store:
        yield store
