"""The `dateline` command: a thin click layer over the library. Logging is configured here only."""

from __future__ import annotations

import logging

import click

from .crawl import crawl_command
from .export import export_command
from .extract import extract_command
from .ingest import ingest_command
from .reextract import reextract_command
from .search import search_command
from .serve import serve_command

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dateline")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def main(verbose: int) -> None:
    """dateline: news pages in, clean article records and a searchable archive out."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


main.add_command(extract_command)
main.add_command(ingest_command)
main.add_command(search_command)
main.add_command(export_command)
main.add_command(reextract_command)
main.add_command(crawl_command)
main.add_command(serve_command)
