"""`dateline export`: archive articles to JSON Lines, CSV, Parquet or Markdown."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..archive import Archive
from ..archive.export import FORMATS
from ..errors import DatelineError
from .ingest import db_option
from .search import filter_options, filters_from

__all__ = ["export_command"]


@click.command("export")
@click.argument("out", type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option("--spreadsheet-safe", is_flag=True,
              help="CSV for a spreadsheet: a cell starting with = + - @, tab or CR gets a leading ' so it is "
                   "not run as a formula (values are otherwise exact).")
@filter_options
@db_option
def export_command(out: str, fmt: str, spreadsheet_safe: bool, db: str | None, **kwargs: Any) -> None:
    """Write the archive's articles (or those matching the filters) to OUT ("-" for stdout).

    Markdown into an existing directory writes one <id>.md file per article. CSV values are exact;
    add --spreadsheet-safe when the file will be opened in Excel, LibreOffice or Google Sheets.

    Example: dateline export --format parquet articles.parquet --language en --since 2024-01-01
    """
    if spreadsheet_safe and fmt != "csv":
        raise click.UsageError(f"--spreadsheet-safe applies to --format csv only, not {fmt}")
    filters = filters_from(kwargs)
    fmt_name = next(f for f in FORMATS if f == fmt)
    try:
        with Archive(db, readonly=True) as archive:
            target: Any = sys.stdout.buffer if out == "-" else out
            n = archive.export(target, format=fmt_name, filters=filters, spreadsheet_safe=spreadsheet_safe)
    except (DatelineError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"exported {n} articles to {out}", err=True)
