"""`dateline crawl`: keep an archive of news sites up to date (a thin layer over dateline.crawl)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..archive import Archive, default_path
from ..crawl import CrawlEvent, CrawlOptions, CrawlReport, crawl
from ..errors import DatelineError

__all__ = ["crawl_command"]


def _summary(report: CrawlReport) -> None:
    click.echo(report.summary(), err=True)


def _run(archive: Archive, seeds: list[str], options: CrawlOptions, *, show_progress: bool) -> CrawlReport:
    if not show_progress:
        return crawl(archive, seeds, options=options)
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def progress(event: CrawlEvent) -> None:
            bar.update(task, description=(
                f"{event.requests} requests, {event.stored} stored, {event.queued} queued  "
                f"[dim]{event.outcome}: {event.url[-60:]}"
            ))

        return crawl(archive, seeds, options=options, progress=progress)


@click.command("crawl")
@click.argument("urls", nargs=-1, required=True)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Archive file (default: $DATELINE_DB, else ./dateline.db).")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Article pages to fetch this run.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), default=None,
              help="Skip articles published before this date.")
@click.option("--rate", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Requests per second per host (0: no limit; only for your own servers).")
@click.option("--concurrency", type=click.IntRange(min=1), default=2, show_default=True,
              help="Requests in flight per host.")
@click.option("--allow-private", is_flag=True, help="Allow hosts on private, loopback and link-local addresses.")
@click.option("--contact", default=None, envvar="DATELINE_CONTACT",
              help="An email or URL added to the User-Agent for site owners (env DATELINE_CONTACT).")
@click.option("--timeout", type=click.FloatRange(min=0.01), default=15.0, show_default=True,
              help="Seconds per request phase.")
@click.option("--max-depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Listing-page hops from each seed (1: home page and its sections).")
def crawl_command(
    urls: tuple[str, ...], db: Path | None, max_pages: int | None, since: datetime | None, rate: float,
    concurrency: int, allow_private: bool, contact: str | None, timeout: float, max_depth: int,
) -> None:
    """Crawl news sites into the archive: new articles from feeds, sitemaps and section pages.

    Obeys robots.txt, spaces requests per host, and keeps its state in the archive, so an
    interrupted crawl resumes and a later crawl only fetches what is new. Exit status: 0 when the
    crawl ran, 1 when no request got an HTTP answer (sites unreachable, or refused as private),
    130 when interrupted (run it again to resume).
    """
    options = CrawlOptions(
        max_pages=max_pages, since=since, rate=rate or None, concurrency=concurrency,
        allow_private=allow_private, contact=contact, timeout=timeout, max_depth=max_depth,
    )
    try:
        with Archive(db if db is not None else default_path()) as archive:
            report = _run(archive, list(urls), options, show_progress=sys.stderr.isatty())
    except DatelineError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("interrupted: the crawl state is saved; run the same command again to resume", err=True)
        sys.exit(130)
    _summary(report)
    if not report.responses:
        sys.exit(1)
