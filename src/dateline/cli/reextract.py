"""`dateline reextract`: run the current extractor again over every stored raw page."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.progress import Progress

from ..archive import Archive
from ..errors import DatelineError
from .ingest import db_option

__all__ = ["reextract_command"]


@click.command("reextract")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def reextract_command(db: str | None, as_json: bool) -> None:
    """Re-extract every article from its stored raw page, after the extractor has improved.

    Articles keep their ids and stories; pages the extractor now rejects are kept as they were.
    """
    console = Console(stderr=True)
    try:
        with Archive(db) as archive:
            if console.is_terminal:
                with Progress(console=console, transient=True) as bar:
                    task = bar.add_task("reextract", total=None)
                    report = archive.reextract(progress=lambda done, total: bar.update(task, completed=done,
                                                                                        total=total))
            else:
                report = archive.reextract()
    except DatelineError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.to_dict()))
    else:
        kept = ", ".join(f"{k} {v}" for k, v in sorted(report.kept.items())) or "none"
        click.echo(f"{report.updated} updated, {report.unchanged} unchanged, kept as they were: {kept}")
