"""The issue's seed page: scraped text with its chrome gives exactly the gold record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline import extract
from dateline.cli import main

SEED = "seeds/000_470fcd4a740a0a54"


@pytest.fixture(scope="module")
def seed(shared: Path) -> tuple[Path, dict[str, object]]:
    page = shared / f"{SEED}.txt"
    if not page.exists():
        pytest.skip(f"{page} is missing")
    gold = json.loads((shared / f"{SEED}.expected.json").read_text(encoding="utf-8"))
    return page, gold


def test_seed_from_the_cli(seed: tuple[Path, dict[str, object]]) -> None:
    page, gold = seed
    result = CliRunner().invoke(main, ["extract", str(page), "--format", "json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    for key in ("title", "authors", "published", "language", "page_date", "body"):
        assert got[key] == gold[key], key
    assert "azernews" in got["site_name"].casefold()
    assert got["source_kind"] == "text"


def test_seed_body_has_no_chrome(seed: tuple[Path, dict[str, object]]) -> None:
    page, gold = seed
    article = extract(page.read_bytes())
    not_in_body = gold["not_in_body"]
    assert isinstance(not_in_body, list)
    for snippet in not_in_body:
        assert snippet not in article.body, snippet
    assert article.published is not None and article.published.isoformat() == gold["published"]
