"""Re-extraction: run the current extractor over every stored raw capture and update the articles.

Articles keep their id and story; their fields, authors, tags, FTS entry and MinHash are replaced.
A capture the extractor now rejects leaves its article as it was and is counted, never deleted.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..errors import ArchiveError
from ..options import ExtractOptions
from .ingest import extract_job
from .records import ARTICLE_COLUMNS, article_from_row
from .writer import decompress, update_article

if TYPE_CHECKING:
    from .store import Archive

__all__ = ["ReextractReport", "run_reextract"]

log = logging.getLogger(__name__)
_BATCH = 100


@dataclass(slots=True, kw_only=True)
class ReextractReport:
    """Counts of a re-extraction: `updated` (fields changed), `unchanged`, and `kept` per reason
    (the new extractor rejected the page or its body now duplicates another article)."""

    updated: int = 0
    unchanged: int = 0
    kept: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {"updated": self.updated, "unchanged": self.unchanged, "kept": dict(self.kept)}


def _rows(archive: Archive, after: int) -> list[tuple[Any, ...]]:
    with archive._query(limit=600.0) as conn:
        return conn.execute(
            "SELECT a.id, c.codec, c.data, c.size, c.url, c.content_type, c.fetched_at FROM articles a "
            "JOIN captures c ON c.id = a.capture_id WHERE a.id > ? ORDER BY a.id LIMIT ?",
            (after, _BATCH),
        ).fetchall()


def run_reextract(
    archive: Archive, *, options: ExtractOptions | None = None, progress: Callable[[int, int], None] | None = None
) -> ReextractReport:
    """Re-extract every article that has a raw capture (see the module docstring)."""
    opts = options or ExtractOptions()
    report = ReextractReport()
    total = archive.count()
    done = 0
    last = 0
    while rows := _rows(archive, last):
        results = []
        for aid, codec, data, size, url, ctype, fetched in rows:
            try:
                page_opts = opts
                if fetched and opts.fetch_time is None:
                    page_opts = dataclasses.replace(opts, fetch_time=datetime.fromisoformat(fetched))
                raw = decompress(codec, data, size)
            except (ArchiveError, ValueError) as exc:  # one damaged capture must not stop the run
                log.warning("reextract: article %s kept as it is: %s", aid, exc)
                report.kept["error:damaged-capture"] += 1
                continue
            results.append((aid, extract_job(raw, url, ctype, page_opts)))
        with archive.transaction() as conn:
            for aid, (kind, a, b, _) in results:
                if kind != "ok":
                    report.kept[f"{kind}:{a}"] += 1
                    continue
                row = conn.execute(
                    f"SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN sites s ON s.id = a.site_id WHERE a.id = ?",
                    (aid,),
                ).fetchone()
                if article_from_row(row).article == a:
                    report.unchanged += 1
                elif update_article(conn, aid, a, b):  # the row values and fingerprint extract_job prepared
                    report.updated += 1
                else:
                    report.kept["duplicate-body"] += 1
        last = rows[-1][0]
        done += len(rows)
        if progress is not None:
            progress(done, total)
    log.info("reextract: %s", report.to_dict())
    return report

