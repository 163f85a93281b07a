"""The records dateline produces. `Article` is the one schema for HTML, WARC and scraped text."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

__all__ = ["Article", "SourceKind", "When", "format_when", "parse_when"]

SourceKind = Literal["html", "text", "warc"]

#: A point in time as precise as the page gives it: an aware datetime, or a bare date.
When = datetime | date


def format_when(value: When | None) -> str | None:
    """ISO 8601: `2024-08-31T19:19:00+04:00` for a datetime, `2024-08-31` for a date."""
    if value is None:
        return None
    return value.isoformat()


def parse_when(value: str | None) -> When | None:
    """The inverse of `format_when` (accepts `Z`); None for None or an empty string."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text)


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news article. Fields are None (or empty) where the page does not say: never guessed.

    `published`/`modified` are timezone-aware datetimes when the page gives a time and an offset,
    a `date` when it gives only the day. `body` is plain text with paragraphs separated by a blank
    line; `body_html` is a sanitised rendering of the same structure. `provenance` maps a field name
    to the source it was taken from (`{"published": "json-ld"}`).
    """

    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: When | None = None
    modified: When | None = None
    page_date: date | None = None
    site_name: str | None = None
    language: str | None = None
    description: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None
    body: str = ""
    body_html: str = ""
    source_kind: SourceKind = "html"
    warnings: tuple[str, ...] = ()
    provenance: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: dates as ISO 8601 strings, tuples as lists."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, date):
                value = format_when(value)
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            out[f.name] = value
        return out

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an Article from `to_dict()` output; unknown keys are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {k: v for k, v in data.items() if k in names}
        for key in ("published", "modified"):
            if isinstance(kwargs.get(key), str):
                kwargs[key] = parse_when(kwargs[key])
        if isinstance(kwargs.get("page_date"), str):
            kwargs["page_date"] = date.fromisoformat(kwargs["page_date"])
        for key in ("authors", "tags", "warnings"):
            if key in kwargs:
                kwargs[key] = tuple(kwargs[key] or ())
        kwargs["provenance"] = dict(kwargs.get("provenance") or {})
        return cls(**kwargs)

    def replace(self, **changes: Any) -> Article:
        return dataclasses.replace(self, **changes)
