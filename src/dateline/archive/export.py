"""Export stored articles: JSON Lines, CSV, Parquet (pyarrow) or Markdown.

Every format carries the same fields (`EXPORT_FIELDS`). The Parquet schema is stable
(`PARQUET_SCHEMA`): strings are UTF-8, `authors`/`tags`/`warnings` are lists of strings, dates
are ISO 8601 strings exactly as precise as the page gave them, plus `published_utc`, a UTC
timestamp (a bare date as its midnight) for sorting and range queries. In CSV the lists are
joined with "; ", and every value is written exactly as stored: CSV is data interchange (pandas,
databases, other tools read it), and a title such as `-5 °C in Oslo` or `+1 for the plan` must come
back as it was. A CSV meant for a spreadsheet takes `spreadsheet_safe=True`: a text cell starting with
`=`, `+`, `-`, `@`, a tab or a carriage return, which Excel, LibreOffice and Google Sheets would run
as a formula (`=HYPERLINK(...)` in a scraped title: CSV injection), gets a leading `'`, which they
show as text. Markdown gives one document per article (YAML front matter, then the body),
in one file separated by blank lines, or one `<id>.md` file each when `out` is a directory.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

from ..errors import ArchiveError
from ..render import to_markdown
from .records import StoredArticle, sort_key

__all__ = ["EXPORT_FIELDS", "FORMATS", "ExportFormat", "export_articles", "export_row", "parquet_schema"]

ExportFormat = Literal["jsonl", "csv", "parquet", "markdown"]
FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv", "parquet", "markdown")
_LISTS = ("authors", "tags", "warnings")

#: (name, Arrow type) of each exported field, in order; see `parquet_schema()`.
_FIELDS: tuple[tuple[str, str], ...] = (
    ("id", "int64"), ("story_id", "int64"), ("site", "string"), ("url", "string"),
    ("canonical_url", "string"), ("title", "string"), ("authors", "list<string>"), ("published", "string"),
    ("published_utc", "timestamp[ms, UTC]"), ("modified", "string"), ("page_date", "string"),
    ("site_name", "string"), ("language", "string"), ("description", "string"), ("section", "string"),
    ("tags", "list<string>"), ("image", "string"), ("body", "string"), ("body_html", "string"),
    ("source_kind", "string"), ("warnings", "list<string>"), ("ingested_at", "timestamp[us, UTC]"),
)
EXPORT_FIELDS: tuple[str, ...] = tuple(name for name, _ in _FIELDS)


def parquet_schema() -> Any:
    """The stable Arrow schema of Parquet exports (pyarrow is imported only when needed)."""
    import pyarrow as pa

    types = {
        "int64": pa.int64(), "string": pa.string(), "list<string>": pa.list_(pa.field("element", pa.string())),
        "timestamp[ms, UTC]": pa.timestamp("ms", tz="UTC"), "timestamp[us, UTC]": pa.timestamp("us", tz="UTC"),
    }
    return pa.schema([(name, types[kind]) for name, kind in _FIELDS])


_BATCH = 2000


def export_row(item: StoredArticle) -> dict[str, Any]:
    """One article as a flat dict with `EXPORT_FIELDS` keys (dates as ISO strings)."""
    data = item.article.to_dict()
    key = sort_key(item.article.published)
    row: dict[str, Any] = {name: data.get(name) for name in EXPORT_FIELDS}
    row.update(
        id=item.id, story_id=item.story_id, site=item.site,
        published_utc=f"{key}+00:00" if key else None,
        ingested_at=item.ingested_at.astimezone(UTC).isoformat(),
    )
    return row


def export_articles(
    items: Iterable[StoredArticle], out: str | os.PathLike[str] | IO[bytes], *, format: ExportFormat,
    spreadsheet_safe: bool = False,
) -> int:
    """Write articles to a path or binary stream; returns how many were written. `spreadsheet_safe`
    (CSV only) quotes cells a spreadsheet would run as formulas (see the module docstring)."""
    if format not in FORMATS:
        raise ArchiveError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    if spreadsheet_safe and format != "csv":
        raise ArchiveError(f"spreadsheet_safe applies to csv only, not {format}")
    if not isinstance(out, str | os.PathLike):
        return _write(items, out, format, spreadsheet_safe)
    try:
        if format == "markdown" and Path(out).is_dir():
            return _markdown_dir(items, Path(out))
        with open(out, "wb") as fh:
            return _write(items, fh, format, spreadsheet_safe)
    except OSError as exc:  # a directory where a file is expected, a file where a folder is, no permission
        raise ArchiveError(f"cannot write the export there: {exc.strerror or exc}", path=os.fspath(out)) from exc


def _write(items: Iterable[StoredArticle], fh: IO[bytes], fmt: ExportFormat, safe: bool) -> int:
    if fmt == "parquet":
        return _parquet(items, fh)
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
    try:
        if fmt == "jsonl":
            n = _jsonl(items, text)
        elif fmt == "csv":
            n = _csv(items, text, safe=safe)
        else:
            n = _markdown(items, text)
        text.flush()
    finally:
        text.detach()
    return n


def _jsonl(items: Iterable[StoredArticle], fh: IO[str]) -> int:
    n = 0
    for n, item in enumerate(items, 1):  # noqa: B007 - n is the count
        fh.write(json.dumps(export_row(item), ensure_ascii=False) + "\n")
    return n


def _csv(items: Iterable[StoredArticle], fh: IO[str], *, safe: bool) -> int:
    writer = csv.DictWriter(fh, fieldnames=list(EXPORT_FIELDS))
    writer.writeheader()
    n = 0
    for n, item in enumerate(items, 1):  # noqa: B007
        row = export_row(item)
        for key in _LISTS:
            row[key] = "; ".join(row[key] or [])
        if safe:
            row = {key: _as_text(value) for key, value in row.items()}
        writer.writerow(row)
    return n


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula, with a leading `'` (shown as text)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def _markdown(items: Iterable[StoredArticle], fh: IO[str]) -> int:
    n = 0
    for n, item in enumerate(items, 1):
        if n > 1:
            fh.write("\n\n")
        fh.write(to_markdown(item.article))
    return n


def _markdown_dir(items: Iterable[StoredArticle], folder: Path) -> int:
    n = 0
    for n, item in enumerate(items, 1):  # noqa: B007
        (folder / f"{item.id}.md").write_text(to_markdown(item.article), encoding="utf-8")
    return n


def _batches(items: Iterable[StoredArticle]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        row = export_row(item)
        for key in ("published_utc", "ingested_at"):
            row[key] = datetime.fromisoformat(row[key]) if row[key] else None
        batch.append(row)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _parquet(items: Iterable[StoredArticle], fh: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(fh, schema, compression="zstd") as writer:
        for batch in _batches(items):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
