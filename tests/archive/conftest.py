"""Fixtures for the archive tests: synthetic pages written to real files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from archive_pages import page_html


@pytest.fixture
def make_pages(tmp_path: Path) -> Callable[..., Path]:
    """Write `n` distinct article pages into a new folder and return it."""

    def make(n: int, *, name: str = "pages", seed: int = 0) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for i in range(n):
            (folder / f"page-{i:04d}.html").write_text(page_html(i, seed=seed), encoding="utf-8")
        return folder

    return make
