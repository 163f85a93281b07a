from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from crawlsite import NewsSite

from dateline import Archive, CrawlOptions
from dateline.cli import main
from dateline.cli.crawl import _run


def test_crawl_command_summarises(site: NewsSite, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    args = ["crawl", site.base + "/", "--db", str(db), "--allow-private", "--rate", "0", "--max-pages", "3"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "3 articles stored" in result.stderr and "article/stored" in result.stderr
    assert db.exists()


def test_private_site_needs_the_flag(site: NewsSite, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["crawl", site.base + "/", "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 1
    assert "robots/failed:private-address" in result.stderr and not site.log


def test_bad_seed_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["crawl", "ftp://example.com/", "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 1 and "not an http(s) URL" in result.stderr


def test_progress_display_runs(site: NewsSite, tmp_path: Path) -> None:
    options = CrawlOptions(rate=None, allow_private=True, max_pages=2, timeout=2.0)
    with Archive(tmp_path / "news.db") as archive:
        report = _run(archive, [site.base + "/"], options, show_progress=True)
    assert report.stored == 2
