"""`dateline ingest`: files, directories, WARCs and dumps into the archive, with a summary of outcomes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..archive import Archive, IngestOptions, IngestProgress, IngestReport
from ..errors import DatelineError
from ..samples import sample_inputs

__all__ = ["db_option", "ingest_command"]

db_option = click.option(
    "--db", type=click.Path(dir_okay=False), default=None, envvar="DATELINE_DB", show_envvar=True,
    help="The archive file (default: ./dateline.db).",
)


@contextmanager
def _progress(console: Console, enabled: bool) -> Iterator[Callable[[IngestProgress], None] | None]:
    if not enabled:
        yield None
        return
    columns = (TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(p: IngestProgress) -> None:
            bar.update(task, total=p.inputs_total, completed=p.inputs_done,
                       description=f"{p.pages} pages, {p.stored} stored, {p.duplicate} duplicate")

        yield update


def _summary(report: IngestReport, console: Console) -> None:
    console.print(f"ingest run {report.run_id}: {report.inputs} inputs, {report.pages} pages "
                  f"in {report.seconds:.1f} s", highlight=False)
    table = Table()
    table.add_column("outcome")
    table.add_column("reason")
    table.add_column("pages", justify="right")
    table.add_row("stored", "", str(report.stored))
    table.add_row("duplicate", "", str(report.duplicate))
    for reason, n in sorted(report.not_an_article.items()):
        table.add_row("not an article", reason, str(n))
    for reason, n in sorted(report.errors.items()):
        table.add_row("error", reason, str(n))
    console.print(table)
    errors = [f for f in report.failures if f.outcome == "error"]
    for failure in errors[:20]:
        name, detail = failure.item or failure.input, failure.detail or failure.reason
        where = detail if detail.startswith(f"{name}: ") else f"{name}: {detail}"  # named once
        console.print(f"error: {where}", markup=False, highlight=False, soft_wrap=True)  # one line each
    more = sum(report.errors.values()) - min(len(errors), 20)  # `failures` keeps the first ones only
    if more > 0:
        console.print(f"... and {more} more errors (see the ingest_failures table)")


def default_workers(*, cpus: int | None = None) -> int:
    """Worker processes for `ingest` without --workers: one on a machine with 2+ CPUs (`cpus`,
    default `os.cpu_count()`), else none (extraction in this process).

    With one worker, the main process stores (hashing, compression, SQLite with FTS5: about 40% of
    extraction's CPU) and extracts pages no worker has started whenever it has nothing to write, so
    both processes stay busy. On an idle 2-core machine that ingested 200 pages 4-6% faster than
    in-process extraction alone, where one process took 41-61% longer; with one and with two CPU-bound
    processes of others running, one worker still beat one process (+27% against +40%, +14-17%
    against +19-36%: two processes get two shares of a busy machine), so the default no longer looks
    at the load average (docs/archive.md). More workers are faster where there are cores for them,
    until the single writer sets the pace (`--workers N` to choose).
    """
    cpus = cpus if cpus is not None else os.cpu_count() or 1
    return 1 if cpus >= 2 else 0


@click.command("ingest")
@click.argument("paths", nargs=-1, type=click.Path(exists=False))
@db_option
@click.option("--samples", is_flag=True, help="Also ingest the sample pages bundled with dateline.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Extract in this many worker processes (this process stores, and extracts too while it has "
                   "nothing to write); 0: in this process only. Default: 1 on a machine with 2+ CPUs, else 0.")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True,
              help="Pages per write transaction.")
@click.option("--no-raw", is_flag=True, help="Do not keep the raw pages (reextract will not be possible).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
def ingest_command(
    paths: tuple[str, ...], db: str | None, samples: bool, workers: int | None, batch_size: int, no_raw: bool,
    as_json: bool,
) -> None:
    """Ingest PATHS (files or directories: HTML, text, JSON/JSONL dumps, WARC, gzip) into the archive.

    Ingesting the same input again stores nothing new; an interrupted run is finished by running
    the same command again. Exit status: 0 when every input was read, 1 when any page or input
    had an error (pages that are not articles are counted, not errors).

    Example: dateline ingest --samples   (the bundled sample pages into ./dateline.db)
    """
    inputs = [*paths, *([str(p) for p in sample_inputs()] if samples else [])]
    if not inputs:
        raise click.UsageError("give files or directories to ingest, or --samples")
    console = Console(stderr=True)
    if workers is None:
        workers = default_workers()
    options = IngestOptions(backend="process" if workers else "inline", workers=workers or None,
                            batch_size=batch_size, keep_raw=not no_raw)
    try:
        with Archive(db) as archive, _progress(console, console.is_terminal) as progress:
            report = archive.ingest(inputs, options=options, progress=progress)
    except DatelineError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    _summary(report, console)
    if report.failed:
        sys.exit(1)
